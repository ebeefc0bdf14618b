/* SPDX-License-Identifier: MIT */
/*
 * Choosing VMX control values and CR0/CR4 values the CPU accepts, from
 * the capability MSRs (SDM Vol. 3D, Appendix A.3, A.7, A.8).
 */
#ifndef ARCH_X86_VMX_CONTROLS_H
#define ARCH_X86_VMX_CONTROLS_H

#include <stdint.h>

/*
 * A control value for one control field from its capability MSR
 * (IA32_VMX_[TRUE_]PINBASED_CTLS, ..., Appendix A.3): bits 31:0 are the
 * allowed-0 settings (a 1 there means the control must be 1), bits 63:32
 * the allowed-1 settings (a 0 there means the control must be 0).
 *
 * *@out gets every control the CPU forces to 1, plus the @required and
 * @optional ones it allows. Returns 0, or -1 when some @required control
 * is not allowed: then *@missing (if not NULL) holds those bits, and
 * *@out the value without them.
 *
 *	if (vmx_adjust_controls(CPU_BASED_HLT_EXITING | ...,
 *				CPU_BASED_USE_TSC_OFFSETTING,
 *				caps->procbased, &ctl, &missing))
 *		printk("vmx: the CPU cannot set 0x%x\n", missing);
 */
int vmx_adjust_controls(uint32_t required, uint32_t optional, uint64_t cap_msr,
			uint32_t *out, uint32_t *missing);

/*
 * For CR0 only: with the "unrestricted guest" control, a guest's CR0.PE
 * and CR0.PG may be 0 whatever IA32_VMX_CR0_FIXED0 says (SDM 26.8,
 * 27.3.1.1).
 */
#define VMX_FIXED_CR0_UNRESTRICTED_GUEST	(1u << 0)

/*
 * @value with the bits IA32_VMX_CRn_FIXED0 fixes to 1 set and the bits
 * IA32_VMX_CRn_FIXED1 fixes to 0 cleared (Appendix A.7 for CR0, A.8 for
 * CR4): a value VMXON and VM entry accept.
 *
 *	cr0 = vmx_fixed_cr(X86_CR0_PE | X86_CR0_ET, caps->cr0_fixed0,
 *			   caps->cr0_fixed1, VMX_FIXED_CR0_UNRESTRICTED_GUEST);
 */
uint64_t vmx_fixed_cr(uint64_t value, uint64_t fixed0, uint64_t fixed1,
		      unsigned int flags);

#endif
