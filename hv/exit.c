// SPDX-License-Identifier: MIT
/*
 * The exit dispatcher: one handler per kind of exit, one signature. What a
 * handler may do, by the error ladder (docs/errors.md): give the guest what
 * a real machine would (a result, an exception), or stop this VM with one
 * line saying why. The hypervisor itself never goes down for a guest.
 */
#include "hv/exit.h"

#include "hv/arch.h"
#include "hv/dev/lapic.h"
#include "hv/cpuid.h"
#include "hv/cr.h"
#include "hv/hypercalls.h"
#include "hv/io.h"
#include "hv/mmio_emulate.h"
#include "hv/msr.h"
#include "hv/printk.h"
#include "hv/vm.h"
#include "msr_index.h"

#define VECTOR_DB	1
#define VECTOR_BP	3
#define VECTOR_OF	4
#define VECTOR_UD	6
#define VECTOR_DF	8
#define VECTOR_GP	13
#define VECTOR_MC	18
#define RFLAGS_TF	(1ULL << 8)
#define RFLAGS_RF	(1ULL << 16)
#define DR6_B0_B3	0xfULL
#define DR6_BS		(1ULL << 14)

enum exit_action handle_hlt(struct vcpu *v, const struct hv_exit *e);

/*
 * As KVM's kvm_skip_emulated_instruction() and kvm_vcpu_do_singlestep():
 * a single step after the instruction is a trap (no RF), its DR6 has BS
 * and the breakpoint bits B0-B3 cleared (SDM 19.2.3: the CPU may clear
 * them on a #DB; QEMU and KVM do).
 */
void vcpu_single_step_trap(struct vcpu *v)
{
	arch_vcpu_write_dr6(v, (arch_vcpu_read_dr6(v) & ~DR6_B0_B3) | DR6_BS);
	arch_vcpu_inject_exception(v, VECTOR_DB, false, 0);
}

/*
 * An instruction that completes clears RF (SDM Vol. 3A, 19.3.1.1): a
 * breakpoint on the next one must fire, though RF suppressed this one's
 * (a debugger resumes from an instruction breakpoint with RF set). The
 * exit saved RF as it was (SDM Vol. 3C, 28.3.3), so it is cleared here,
 * as Xen's update_guest_eip() and KVM's emulator do.
 */
bool vcpu_complete_instruction(struct vcpu *v, uint64_t rflags)
{
	if (rflags & RFLAGS_RF)
		arch_vcpu_set_rflags(v, rflags & ~RFLAGS_RF);
	if (!(rflags & RFLAGS_TF))
		return false;
	vcpu_single_step_trap(v);
	return true;
}

bool vcpu_skip_emulated_instruction(struct vcpu *v)
{
	return vcpu_complete_instruction(v, arch_vcpu_skip_instruction(v));
}

/* Exception classes, SDM Vol. 3A Table 7-1 (#DB: traps and faults). */
static bool exception_is_fault(uint8_t vector)
{
	switch (vector) {
	case VECTOR_DB:		/* the hypervisor raises only traps */
	case VECTOR_BP:
	case VECTOR_OF:
	case VECTOR_DF:
	case VECTOR_MC:
		return false;
	default:
		return vector < 32;
	}
}

void vcpu_queue_exception(struct vcpu *v, uint8_t vector, bool has_error_code,
			  uint32_t error_code)
{
	if (exception_is_fault(vector))
		arch_vcpu_set_rflags(v, arch_vcpu_rflags(v) | RFLAGS_RF);
	arch_vcpu_inject_exception(v, vector, has_error_code, error_code);
}

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
	vcpu_skip_emulated_instruction(v);
	return EXIT_RESUME;
}

/* The vCPU's state for hv/cr.c: only what a write to @cr looks at. */
static void cr_state_of(struct vcpu *v, int cr, struct cr_state *s)
{
	uint32_t regs[4], leaf7[4] = { 0 }, max[4];

	*s = (struct cr_state){
		.cr0 = arch_vcpu_read_cr(v, 0),
		.cr3 = arch_vcpu_read_cr(v, 3),
		.cr4 = arch_vcpu_read_cr(v, 4),
		.cs_l = arch_vcpu_64bit_code(v),
		.maxphyaddr = 36,	/* no leaf 0x80000008: SDM 4.1.4 */
	};
	if (arch_vcpu_read_msr(v, MSR_EFER, &s->efer))
		s->efer = 0;
	/* The CPUID model the guest sees decides (hv/cpuid.c). */
	if (cr == 3) {
		cpuid_guest(0x80000000, 0, regs);
		if (regs[0] >= 0x80000008) {
			cpuid_guest(0x80000008, 0, regs);
			s->maxphyaddr = regs[0] & 0xff;
		}
	} else if (cr == 4) {
		cpuid_guest(1, 0, regs);
		cpuid_guest(0, 0, max);
		if (max[0] >= 7)
			cpuid_guest(7, 0, leaf7);
		s->cr4_allowed = cr4_allowed_bits(regs, leaf7);
	}
}

/* MOV to CR0, CR3, CR4, CR8 as the processor checks it, then the backend. */
static int write_cr(struct vcpu *v, int cr, uint64_t value)
{
	struct cr_state s;
	int rc = 0;

	if (cr == 0 || cr == 3 || cr == 4) {
		cr_state_of(v, cr, &s);
		if (cr == 0)
			rc = cr0_check(&s, &value);
		else if (cr == 3)
			rc = cr3_check(&s, &value);
		else
			rc = cr4_check(&s, value);
	}
	return rc ? rc : arch_vcpu_write_cr(v, cr, value);
}

/* CR8 is the local APIC's TPR[7:4] (SDM 10.8.6.1); bits 63:4 reserved. */
static int access_cr8(struct vcpu *v, const struct hv_exit *e, uint64_t *gpr)
{
	if (e->cr.type == CR_ACCESS_MOV_FROM) {
		*gpr = lapic_read_cr8(&v->lapic);
		return 0;
	}
	if (*gpr > 15)
		return -1;
	lapic_write_cr8(&v->lapic, (uint8_t)*gpr);
	return 0;
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
	if (e->cr.cr == 8) {
		rc = access_cr8(v, e, gpr);
		goto done;
	}
	switch (e->cr.type) {
	case CR_ACCESS_MOV_TO:
		rc = write_cr(v, e->cr.cr, *gpr);
		break;
	case CR_ACCESS_MOV_FROM:
		*gpr = arch_vcpu_read_cr(v, e->cr.cr);
		break;
	case CR_ACCESS_CLTS:
		rc = write_cr(v, 0, arch_vcpu_read_cr(v, 0) & ~X86_CR0_TS);
		break;
	case CR_ACCESS_LMSW: {
		/* LMSW loads CR0[3:0] but cannot clear PE (SDM Vol. 2A, LMSW). */
		uint64_t cr0 = arch_vcpu_read_cr(v, 0);

		rc = write_cr(v, 0, (cr0 & ~0xeULL) |
			      (e->cr.lmsw_source & 0xf) | (cr0 & 1));
		break;
	}
	}
done:
	if (rc) {
		vcpu_queue_exception(v, VECTOR_GP, true, 0);
		return EXIT_RESUME;
	}
	vcpu_skip_emulated_instruction(v);
	return EXIT_RESUME;
}

/*
 * XSETBV: only XCR0, by the rules of hv/cr.c (SDM Vol. 1, 13.3), and
 * only the states the guest's CPUID.(0xD,0) offers.
 */
static enum exit_action handle_xsetbv(struct vcpu *v, const struct hv_exit *e)
{
	uint64_t value = (v->regs.rdx << 32) | (uint32_t)v->regs.rax;
	uint32_t leaf_d[4];

	(void)e;
	cpuid_guest(0xd, 0, leaf_d);
	if ((uint32_t)v->regs.rcx != 0 ||
	    xcr0_check(value, ((uint64_t)leaf_d[3] << 32) | leaf_d[0])) {
		vcpu_queue_exception(v, VECTOR_GP, true, 0);
		return EXIT_RESUME;
	}
	arch_vcpu_set_xcr0(v, value);
	vcpu_skip_emulated_instruction(v);
	return EXIT_RESUME;
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
	vcpu_queue_exception(v, VECTOR_UD, false, 0);
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
