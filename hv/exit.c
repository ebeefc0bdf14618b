// SPDX-License-Identifier: MIT
/*
 * The exit dispatcher: one handler per kind of exit, one signature. What a
 * handler may do, by the error ladder (docs/errors.md): give the guest what
 * a real machine would (a result, an exception), or stop this VM with one
 * line saying why. The hypervisor itself never goes down for a guest.
 */
#include "hv/exit.h"

#include "hv/arch.h"
#include "hv/cpuid.h"
#include "hv/hypercalls.h"
#include "hv/io.h"
#include "hv/msr.h"
#include "hv/printk.h"
#include "hv/vm.h"

#define VECTOR_UD	6
#define VECTOR_GP	13
#define XCR0_X87	(1ULL << 0)
#define XCR0_SSE	(1ULL << 1)
#define XCR0_AVX	(1ULL << 2)

enum exit_action handle_hlt(struct vcpu *v, const struct hv_exit *e);

static enum exit_action handle_unexpected(struct vcpu *v,
					  const struct hv_exit *e)
{
	printk("[%s] unexpected VM exit %u (%s), qualification 0x%llx, RIP 0x%llx; "
	       "the VMCS:\n", v->vm->name, e->reason,
	       arch_exit_reason_name(e->reason),
	       (unsigned long long)e->qualification,
	       (unsigned long long)e->guest_rip);
	arch_vcpu_dump(v);
	vm_stop(v->vm, "unexpected VM exit %u (%s) at RIP 0x%llx", e->reason,
		arch_exit_reason_name(e->reason),
		(unsigned long long)e->guest_rip);
	return EXIT_STOP;
}

/* Nothing to do here: the run loop looks at interrupts and timers. */
static enum exit_action handle_nothing(struct vcpu *v, const struct hv_exit *e)
{
	(void)v;
	(void)e;
	return EXIT_RESUME;
}

static enum exit_action handle_exception(struct vcpu *v,
					 const struct hv_exit *e)
{
	vm_stop(v->vm, "machine check or unexpected exception %u at RIP 0x%llx",
		e->exception.vector, (unsigned long long)e->guest_rip);
	return EXIT_STOP;
}

static enum exit_action handle_triple_fault(struct vcpu *v,
					    const struct hv_exit *e)
{
	vm_stop(v->vm, "triple fault at RIP 0x%llx (an exception while "
		"delivering a double fault: the guest's IDT, GDT or stack is "
		"broken)", (unsigned long long)e->guest_rip);
	return EXIT_STOP;
}

/* INVD and WBINVD: guest RAM is write-back and coherent; nothing to flush. */
static enum exit_action handle_cache_flush(struct vcpu *v,
					   const struct hv_exit *e)
{
	(void)e;
	arch_vcpu_skip_instruction(v);
	return EXIT_RESUME;
}

static enum exit_action handle_cr_access(struct vcpu *v,
					 const struct hv_exit *e)
{
	uint64_t *gpr = guest_gpr(&v->regs, e->cr.gpr);
	int rc = 0;

	if (e->cr.gpr == GPR_RSP) {			/* lives in the arch */
		vm_stop(v->vm, "MOV CR%u with RSP is not supported (RIP 0x%llx)",
			e->cr.cr, (unsigned long long)e->guest_rip);
		return EXIT_STOP;
	}
	switch (e->cr.type) {
	case CR_ACCESS_MOV_TO:
		rc = arch_vcpu_write_cr(v, e->cr.cr, *gpr);
		break;
	case CR_ACCESS_MOV_FROM:
		*gpr = arch_vcpu_read_cr(v, e->cr.cr);
		break;
	case CR_ACCESS_CLTS:
		rc = arch_vcpu_write_cr(v, 0, arch_vcpu_read_cr(v, 0) & ~8ULL);
		break;
	case CR_ACCESS_LMSW: {
		/* LMSW loads CR0[3:0] but cannot clear PE (SDM Vol. 2A, LMSW). */
		uint64_t cr0 = arch_vcpu_read_cr(v, 0);

		rc = arch_vcpu_write_cr(v, 0, (cr0 & ~0xeULL) |
					(e->cr.lmsw_source & 0xf) | (cr0 & 1));
		break;
	}
	}
	if (rc) {
		arch_vcpu_inject_exception(v, VECTOR_GP, true, 0);
		return EXIT_RESUME;
	}
	arch_vcpu_skip_instruction(v);
	return EXIT_RESUME;
}

/*
 * XSETBV: only XCR0, x87 always on, AVX only with SSE (SDM Vol. 1, 13.3),
 * and only the states the guest's CPUID.(0xD,0) offers.
 */
static enum exit_action handle_xsetbv(struct vcpu *v, const struct hv_exit *e)
{
	uint64_t value = (v->regs.rdx << 32) | (uint32_t)v->regs.rax;
	uint32_t leaf_d[4];

	(void)e;
	cpuid_guest(0xd, 0, leaf_d);
	if ((uint32_t)v->regs.rcx != 0 || !(value & XCR0_X87) ||
	    ((value & XCR0_AVX) && !(value & XCR0_SSE)) ||
	    (value & ~(((uint64_t)leaf_d[3] << 32) | leaf_d[0]))) {
		arch_vcpu_inject_exception(v, VECTOR_GP, true, 0);
		return EXIT_RESUME;
	}
	arch_vcpu_set_xcr0(v, value);
	arch_vcpu_skip_instruction(v);
	return EXIT_RESUME;
}

static enum exit_action handle_npf(struct vcpu *v, const struct hv_exit *e)
{
	struct vm *vm = v->vm;

	vm_stop(vm, "%s%s%s at guest-physical 0x%llx%s, RIP 0x%llx: %s",
		e->npf.read ? "read" : "", e->npf.write ? "write" : "",
		e->npf.fetch ? "instruction fetch" : "",
		(unsigned long long)e->npf.gpa,
		e->npf.page_walk ? " (walking the guest's page tables)" : "",
		(unsigned long long)e->guest_rip,
		e->npf.gpa >= vm->ram_size ? "outside the guest's RAM" :
		"not allowed by the EPT");
	return EXIT_STOP;
}

static enum exit_action handle_npf_misconfig(struct vcpu *v,
					     const struct hv_exit *e)
{
	printk("[%s] EPT misconfiguration at guest-physical 0x%llx: a "
	       "hypervisor bug; the VMCS:\n", v->vm->name,
	       (unsigned long long)e->npf.gpa);
	arch_vcpu_dump(v);
	vm_stop(v->vm, "EPT misconfiguration at guest-physical 0x%llx "
		"(a hypervisor bug)", (unsigned long long)e->npf.gpa);
	return EXIT_STOP;
}

/*
 * Instructions the virtual CPU does not have (CPUID says so): VMX (no
 * nested virtualization), MONITOR/MWAIT.
 */
static enum exit_action handle_invalid_opcode(struct vcpu *v,
					 const struct hv_exit *e)
{
	(void)e;
	arch_vcpu_inject_exception(v, VECTOR_UD, false, 0);
	return EXIT_RESUME;
}

static enum exit_action handle_entry_failure(struct vcpu *v,
					     const struct hv_exit *e)
{
	vm_stop(v->vm, "VM entry failed (%s): see the diagnosis above",
		arch_exit_reason_name(e->reason));
	return EXIT_STOP;
}

static const struct {
	exit_handler_t handler;
	const char *name;
} exit_table[HV_EXIT_NR] = {
	[HV_EXIT_UNEXPECTED]		= { handle_unexpected, "unexpected" },
	[HV_EXIT_EXCEPTION]		= { handle_exception, "exception" },
	[HV_EXIT_EXTERNAL_INTERRUPT]	= { handle_nothing, "external interrupt" },
	[HV_EXIT_TRIPLE_FAULT]		= { handle_triple_fault, "triple fault" },
	[HV_EXIT_INTERRUPT_WINDOW]	= { handle_nothing, "interrupt window" },
	[HV_EXIT_CPUID]			= { handle_cpuid, "CPUID" },
	[HV_EXIT_HLT]			= { handle_hlt, "HLT" },
	[HV_EXIT_CACHE_FLUSH]		= { handle_cache_flush, "INVD/WBINVD" },
	[HV_EXIT_IO]			= { handle_io, "port I/O" },
	[HV_EXIT_MSR_READ]		= { handle_msr_read, "RDMSR" },
	[HV_EXIT_MSR_WRITE]		= { handle_msr_write, "WRMSR" },
	[HV_EXIT_CR_ACCESS]		= { handle_cr_access, "CR access" },
	[HV_EXIT_XSETBV]		= { handle_xsetbv, "XSETBV" },
	[HV_EXIT_NPF]			= { handle_npf, "EPT violation" },
	[HV_EXIT_NPF_MISCONFIG]		= { handle_npf_misconfig, "EPT misconfiguration" },
	[HV_EXIT_INVALID_OPCODE]	= { handle_invalid_opcode, "invalid opcode" },
	[HV_EXIT_HYPERCALL]		= { handle_hypercall, "hypercall" },
	[HV_EXIT_TIMER]			= { handle_nothing, "timer" },
	[HV_EXIT_ENTRY_FAILURE]		= { handle_entry_failure, "entry failure" },
};

const char *hv_exit_kind_name(enum hv_exit_kind kind)
{
	return kind < HV_EXIT_NR ? exit_table[kind].name : "?";
}

enum exit_action hv_handle_exit(struct vcpu *v, const struct hv_exit *e)
{
	enum hv_exit_kind k = e->kind < HV_EXIT_NR ? e->kind : HV_EXIT_UNEXPECTED;

	return exit_table[k].handler(v, e);
}
