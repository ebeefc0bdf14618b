// SPDX-License-Identifier: MIT
/*
 * RDMSR and WRMSR. The MSR bitmap makes every MSR exit except the few the
 * guest may own outright (SYSCALL targets, KERNEL_GS_BASE, TSC_AUX; see
 * the backend). A small documented set is virtualized (docs/platform.md);
 * every other index raises #GP(0), as a CPU that lacks the MSR does.
 */
#include "hv/msr.h"

#include "hv/apic.h"
#include "hv/arch.h"
#include "hv/errno.h"
#include "hv/hypercalls.h"
#include "hypercall.h"
#include "hv/vm.h"

#define MSR_IA32_TSC			0x00000010
#define MSR_IA32_PLATFORM_ID		0x00000017
#define MSR_IA32_FEATURE_CONTROL	0x0000003a
#define MSR_IA32_BIOS_SIGN_ID		0x0000008b
#define MSR_IA32_MISC_ENABLE		0x000001a0

#define FEATURE_CONTROL_LOCKED		1ULL
#define MISC_ENABLE_FAST_STRING		1ULL
#define VECTOR_GP			13

static int read_msr(struct vcpu *v, uint32_t index, uint64_t *value)
{
	int rc = apic_msr_read(v, index, value);	/* APIC_BASE, TSC_DEADLINE */

	if (rc != -HV_ENOENT)
		return rc;
	switch (index) {
	case MSR_IA32_TSC:
		*value = arch_read_timestamp();
		return 0;
	case MSR_IA32_PLATFORM_ID:
	case MSR_IA32_BIOS_SIGN_ID:
		*value = 0;
		return 0;
	case MSR_IA32_FEATURE_CONTROL:
		/* Locked, VMX off: what a guest without nested VT-x sees. */
		*value = FEATURE_CONTROL_LOCKED;
		return 0;
	case MSR_IA32_MISC_ENABLE:
		*value = MISC_ENABLE_FAST_STRING;
		return 0;
	case HV_MSR_HYPERCALL:
		if (!v->vm->pv)		/* pv=none: no such MSR */
			return arch_vcpu_read_msr(v, index, value);
		*value = v->vm->hypercall_msr;
		return 0;
	default:
		return arch_vcpu_read_msr(v, index, value);
	}
}

static int write_msr(struct vcpu *v, uint32_t index, uint64_t value)
{
	int rc = apic_msr_write(v, index, value);

	if (rc != -HV_ENOENT)
		return rc;
	switch (index) {
	case MSR_IA32_BIOS_SIGN_ID:	/* microcode probing: harmless */
		return 0;
	case MSR_IA32_MISC_ENABLE:
		return value == MISC_ENABLE_FAST_STRING ? 0 : -HV_EINVAL;
	case HV_MSR_HYPERCALL:
		if (!v->vm->pv)
			return arch_vcpu_write_msr(v, index, value);
		return hypercall_page_msr_write(v->vm, value);
	default:
		return arch_vcpu_write_msr(v, index, value);
	}
}

enum exit_action handle_msr_read(struct vcpu *v, const struct hv_exit *e)
{
	uint64_t value;

	(void)e;
	if (read_msr(v, (uint32_t)v->regs.rcx, &value)) {
		vcpu_queue_exception(v, VECTOR_GP, true, 0);
		return EXIT_RESUME;
	}
	v->regs.rax = (uint32_t)value;
	v->regs.rdx = value >> 32;
	vcpu_skip_emulated_instruction(v);
	return EXIT_RESUME;
}

enum exit_action handle_msr_write(struct vcpu *v, const struct hv_exit *e)
{
	uint64_t value = (v->regs.rdx << 32) | (uint32_t)v->regs.rax;

	(void)e;
	if (write_msr(v, (uint32_t)v->regs.rcx, value)) {
		vcpu_queue_exception(v, VECTOR_GP, true, 0);
		return EXIT_RESUME;
	}
	vcpu_skip_emulated_instruction(v);
	return EXIT_RESUME;
}
