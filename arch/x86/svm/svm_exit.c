// SPDX-License-Identifier: MIT
/*
 * From a #VMEXIT to the core's struct hv_exit: one table entry for every
 * exit code the intercepts in svm_vmcb.c can produce (AMD APM vol. 2,
 * Appendix C), each naming the kind of event and, where the core needs
 * details, the decoder that reads them from EXITINFO1/EXITINFO2. A code
 * with no entry is HV_EXIT_UNEXPECTED: the core dumps the VMCB and stops
 * only that VM. Pure: the host unit tests run it on VMCBs of their own.
 */
#include "arch/x86/svm/svm.h"

typedef void (*svm_decoder_t)(const struct vmcb *vmcb, struct hv_exit *e);

static void decode_exception(const struct vmcb *vmcb, struct hv_exit *e)
{
	uint8_t vector = (uint8_t)(vmcb->control.exitcode - SVM_EXIT_EXCP_BASE);

	e->exception.vector = vector;
	/* #DF, #TS, #NP, #SS, #GP, #PF, #AC: EXITINFO1 (15.12). */
	e->exception.has_error_code = vector == 8 ||
				      (vector >= 10 && vector <= 14) ||
				      vector == 17;
	if (e->exception.has_error_code)
		e->exception.error_code = (uint32_t)vmcb->control.exitinfo1;
}

/* EXITINFO1 of IOIO (15.10.2): port, size, direction, string, REP. */
static void decode_io(const struct vmcb *vmcb, struct hv_exit *e)
{
	uint64_t info = vmcb->control.exitinfo1;

	e->io.port = (uint16_t)(info >> SVM_IOIO_PORT_SHIFT);
	e->io.size = info & SVM_IOIO_SZ32 ? 4 : info & SVM_IOIO_SZ16 ? 2 : 1;
	e->io.in = info & SVM_IOIO_TYPE_IN;
	e->io.string = info & SVM_IOIO_STR;
	e->io.rep = info & SVM_IOIO_REP;
	e->io.addr_size = info & SVM_IOIO_A64 ? 8 : info & SVM_IOIO_A32 ? 4 : 2;
}

static void decode_msr(const struct vmcb *vmcb, struct hv_exit *e)
{
	/* EXITINFO1: 0 RDMSR, 1 WRMSR (15.11). */
	e->kind = vmcb->control.exitinfo1 ? HV_EXIT_MSR_WRITE :
					    HV_EXIT_MSR_READ;
}

/*
 * EXITINFO1 is a page-fault error code, EXITINFO2 the guest-physical
 * address (15.25.6). SVM gives no guest linear address.
 */
static void decode_npf(const struct vmcb *vmcb, struct hv_exit *e)
{
	uint64_t code = vmcb->control.exitinfo1;

	e->npf.gpa = vmcb->control.exitinfo2;
	e->npf.write = code & SVM_NPF_RW;
	e->npf.fetch = code & SVM_NPF_ID;
	e->npf.read = !e->npf.write && !e->npf.fetch;
	e->npf.page_walk = code & SVM_NPF_WALK;
	e->npf.gla_valid = false;
	if (code & SVM_NPF_RSV)
		e->kind = HV_EXIT_NPF_MISCONFIG;	/* our tables are bad */
}

static void decode_cr(const struct vmcb *vmcb, struct hv_exit *e)
{
	uint64_t code = vmcb->control.exitcode;

	/* The GPR and the form come from the instruction (svm_insn.c). */
	e->cr.cr = (uint8_t)(code & 0xf);
	e->cr.type = code >= SVM_EXIT_WRITE_CR0 ? CR_ACCESS_MOV_TO :
						  CR_ACCESS_MOV_FROM;
}

static const struct {
	enum hv_exit_kind kind;
	svm_decoder_t decode;
} exit_table[0x100] = {
	[SVM_EXIT_READ_CR8]	= { HV_EXIT_CR_ACCESS, decode_cr },
	[SVM_EXIT_WRITE_CR0]	= { HV_EXIT_CR_ACCESS, decode_cr },
	[SVM_EXIT_WRITE_CR4]	= { HV_EXIT_CR_ACCESS, decode_cr },
	[SVM_EXIT_WRITE_CR8]	= { HV_EXIT_CR_ACCESS, decode_cr },
	/* #UD: a guest's VMCALL, Intel's hypercall (svm_run.c), or not. */
	[SVM_EXIT_EXCP_BASE + 6] = { HV_EXIT_INVALID_OPCODE, decode_exception },
	/* #DB, IRET: the NMI window's (svm_nmi.c), intercepted only for it. */
	[SVM_EXIT_EXCP_BASE + 1] = { HV_EXIT_INTERRUPT_WINDOW, NULL },
	[SVM_EXIT_IRET]		= { HV_EXIT_INTERRUPT_WINDOW, NULL },
	[SVM_EXIT_EXCP_BASE + 18] = { HV_EXIT_EXCEPTION, decode_exception },
	[SVM_EXIT_INTR]		= { HV_EXIT_EXTERNAL_INTERRUPT, NULL },
	[SVM_EXIT_NMI]		= { HV_EXIT_EXTERNAL_INTERRUPT, NULL },
	[SVM_EXIT_VINTR]	= { HV_EXIT_INTERRUPT_WINDOW, NULL },
	[SVM_EXIT_CPUID]	= { HV_EXIT_CPUID, NULL },
	[SVM_EXIT_INVD]		= { HV_EXIT_CACHE_FLUSH, NULL },
	[SVM_EXIT_HLT]		= { HV_EXIT_HLT, NULL },
	[SVM_EXIT_INVLPGA]	= { HV_EXIT_INVALID_OPCODE, NULL },
	[SVM_EXIT_IOIO]		= { HV_EXIT_IO, decode_io },
	[SVM_EXIT_MSR]		= { HV_EXIT_MSR_READ, decode_msr },
	[SVM_EXIT_TASK_SWITCH]	= { HV_EXIT_UNEXPECTED, NULL },
	[SVM_EXIT_SHUTDOWN]	= { HV_EXIT_TRIPLE_FAULT, NULL },
	[SVM_EXIT_VMRUN]	= { HV_EXIT_INVALID_OPCODE, NULL },
	[SVM_EXIT_VMMCALL]	= { HV_EXIT_HYPERCALL, NULL },
	[SVM_EXIT_VMLOAD]	= { HV_EXIT_INVALID_OPCODE, NULL },
	[SVM_EXIT_VMSAVE]	= { HV_EXIT_INVALID_OPCODE, NULL },
	[SVM_EXIT_STGI]		= { HV_EXIT_INVALID_OPCODE, NULL },
	[SVM_EXIT_CLGI]		= { HV_EXIT_INVALID_OPCODE, NULL },
	[SVM_EXIT_SKINIT]	= { HV_EXIT_INVALID_OPCODE, NULL },
	[SVM_EXIT_WBINVD]	= { HV_EXIT_CACHE_FLUSH, NULL },
	[SVM_EXIT_MONITOR]	= { HV_EXIT_INVALID_OPCODE, NULL },
	[SVM_EXIT_MWAIT]	= { HV_EXIT_INVALID_OPCODE, NULL },
	[SVM_EXIT_MWAIT_COND]	= { HV_EXIT_INVALID_OPCODE, NULL },
	[SVM_EXIT_XSETBV]	= { HV_EXIT_XSETBV, NULL },
};

void svm_decode_exit(const struct vmcb *vmcb, struct hv_exit *e)
{
	uint64_t code = vmcb->control.exitcode;

	*e = (struct hv_exit){ .reason = svm_reason(code),
			       .guest_rip = vmcb->save.rip };
	if ((uint32_t)code == SVM_EXIT_INVALID) {
		e->kind = HV_EXIT_ENTRY_FAILURE;
		return;
	}
	if (code == SVM_EXIT_NPF) {
		e->kind = HV_EXIT_NPF;
		decode_npf(vmcb, e);
		e->qualification = vmcb->control.exitinfo1;
		return;
	}
	if (code >= sizeof(exit_table) / sizeof(exit_table[0])) {
		e->kind = HV_EXIT_UNEXPECTED;
		e->qualification = vmcb->control.exitinfo1;
		return;
	}
	e->kind = exit_table[code].kind;
	if (exit_table[code].decode)
		exit_table[code].decode(vmcb, e);
	if (e->kind == HV_EXIT_UNEXPECTED || e->kind == HV_EXIT_IO)
		e->qualification = vmcb->control.exitinfo1;
}
