/* SPDX-License-Identifier: MIT */
/*
 * VMX instructions. Each reports the SDM's three outcomes (Vol. 3C, 31.2
 * "Conventions"): VMsucceed (CF = ZF = 0), VMfailInvalid (CF = 1: no
 * current VMCS to hold an error number) and VMfailValid (ZF = 1: the error
 * number is in the VM-instruction error field).
 */
#ifndef ARCH_X86_VMX_OPS_H
#define ARCH_X86_VMX_OPS_H

#include <stdint.h>

enum vmx_result {
	VMX_SUCCEED = 0,
	VMX_FAIL_INVALID = 1,
	VMX_FAIL_VALID = 2,
};

#define VMX_RESULT(insn, operand_constraint, operand)			\
	({								\
		uint8_t cf_, zf_;					\
		__asm__ volatile(insn " %2\n\t"				\
				 "setc %0\n\t"				\
				 "setz %1"				\
				 : "=qm"(cf_), "=qm"(zf_)		\
				 : operand_constraint(operand)		\
				 : "cc", "memory");			\
		cf_ ? VMX_FAIL_INVALID : zf_ ? VMX_FAIL_VALID : VMX_SUCCEED; \
	})

static inline enum vmx_result vmxon(uint64_t vmxon_region_phys)
{
	return VMX_RESULT("vmxon", "m", vmxon_region_phys);
}

static inline enum vmx_result vmclear(uint64_t vmcs_phys)
{
	return VMX_RESULT("vmclear", "m", vmcs_phys);
}

static inline enum vmx_result vmptrld(uint64_t vmcs_phys)
{
	return VMX_RESULT("vmptrld", "m", vmcs_phys);
}

static inline enum vmx_result vmxoff(void)
{
	uint8_t cf, zf;

	__asm__ volatile("vmxoff\n\tsetc %0\n\tsetz %1"
			 : "=qm"(cf), "=qm"(zf) : : "cc", "memory");
	return cf ? VMX_FAIL_INVALID : zf ? VMX_FAIL_VALID : VMX_SUCCEED;
}

static inline uint64_t vmptrst(void)
{
	uint64_t phys;

	__asm__ volatile("vmptrst %0" : "=m"(phys) : : "memory");
	return phys;
}

#endif
