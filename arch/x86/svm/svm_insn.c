// SPDX-License-Identifier: MIT
/*
 * What SVM does not tell without NRIP save and decode assists (QEMU's
 * TCG has neither, APM vol. 2, 15.7.1 and 15.33): how long the
 * intercepted instruction is, which GPR a CR access uses, what an INS or
 * OUTS addresses. All from the instruction's bytes at the guest's CS:RIP,
 * decoded by arch/x86/insn.c.
 */
#include "arch/x86/emulate.h"
#include "arch/x86/insn.h"
#include "arch/x86/svm/svm.h"
#include "hv/printk.h"
#include "hv/vm.h"


/* Up to X86_INSN_MAX bytes at CS:RIP, as far as guest RAM goes. */
static unsigned int fetch(struct vcpu *v, uint8_t *buf)
{
	const struct vmcb_save *g = &to_svm(v)->vmcb->save;

	return x86_fetch_insn(v, g->cs.base + g->rip, svm_vcpu_code_size(v),
			      buf);
}

static int decode(struct vcpu *v, struct x86_sys_insn *insn)
{
	uint8_t b[X86_INSN_MAX];
	unsigned int n = fetch(v, b);
	int r = x86_sys_decode(b, n, svm_vcpu_code_size(v), insn);

	if (r == X86_SYS_OK && insn->kind != X86_SYS_OTHER)
		return 0;
	/* Without decode assists the bytes are all there is to go on. */
	printk("svm: guest %s: exit %s: the instruction at RIP 0x%llx "
	       "(%u-bit code) does not decode (%s):", v->vm->name,
	       svm_exit_reason_name(svm_reason(to_svm(v)->exitcode)),
	       (unsigned long long)to_svm(v)->vmcb->save.rip,
	       svm_vcpu_code_size(v), n ? (r == X86_SYS_OK ? "not a system "
	       "instruction" : r == X86_SYS_TRUNCATED ? "cut short" :
	       "invalid") : "not in guest RAM");
	for (unsigned int i = 0; i < n; i++)
		printk(" %02x", b[i]);
	printk("\n");
	return -1;
}

/* The general registers with RSP in its slot (it lives in the VMCB). */
static void gprs(struct vcpu *v, uint64_t gpr[16])
{
	const uint64_t *r = &v->regs.rax;

	for (int i = 0; i < 16; i++)
		gpr[i] = r[i];
	gpr[GPR_RSP] = to_svm(v)->vmcb->save.rsp;
}

/* The linear address of @m (the segment's base: none for most in 64-bit). */
static uint64_t linear(struct vcpu *v, const struct x86_sys_mem *m,
		       unsigned int len)
{
	const struct vmcb_save *g = &to_svm(v)->vmcb->save;
	bool mode64 = svm_vcpu_64bit_code(v);
	uint64_t gpr[16], base = (&g->es)[m->seg].base;

	gprs(v, gpr);
	if (mode64 && m->seg != X86_FS && m->seg != X86_GS)
		base = 0;		/* SDM Vol. 3A, 3.4.4 */
	base += x86_sys_ea(m, gpr, g->rip + len);
	return mode64 ? base : (uint32_t)base;
}

/* Which instructions make which exit: the decode must agree. */
static bool makes_exit(enum x86_sys_kind kind, uint64_t exitcode)
{
	switch (exitcode) {
	case SVM_EXIT_HLT:
		return kind == X86_SYS_HLT;
	case SVM_EXIT_CPUID:
		return kind == X86_SYS_CPUID;
	case SVM_EXIT_MSR:
		return kind == X86_SYS_RDMSR || kind == X86_SYS_WRMSR;
	case SVM_EXIT_INVD:
	case SVM_EXIT_WBINVD:	/* QEMU 7.2 reports INVD as WBINVD too */
		return kind == X86_SYS_INVD || kind == X86_SYS_WBINVD ||
		       kind == X86_SYS_WBNOINVD;
	case SVM_EXIT_VMMCALL:
		return kind == X86_SYS_VMMCALL;
	case SVM_EXIT_XSETBV:
		return kind == X86_SYS_XSETBV;
	default:
		return false;
	}
}

/*
 * The length of the instruction that made @exitcode, prefixes and all;
 * if its bytes cannot be read or do not decode to it (which would be a
 * hypervisor bug), the length of its plain encoding.
 */
unsigned int svm_insn_length(struct vcpu *v, uint64_t exitcode)
{
	struct x86_sys_insn insn;

	if (!decode(v, &insn) && makes_exit(insn.kind, exitcode))
		return insn.len;
	switch (exitcode) {
	case SVM_EXIT_HLT:
		return 1;		/* F4 */
	case SVM_EXIT_CPUID:		/* 0F A2 */
	case SVM_EXIT_MSR:		/* 0F 32, 0F 30 */
	case SVM_EXIT_INVD:		/* 0F 08 */
	case SVM_EXIT_WBINVD:		/* 0F 09 */
		return 2;
	case SVM_EXIT_VMMCALL:		/* 0F 01 D9 */
	case SVM_EXIT_XSETBV:		/* 0F 01 D1 */
		return 3;
	default:
		return 0;
	}
}

/* Read the 16-bit source of LMSW m16 from guest memory. */
static int read_m16(struct vcpu *v, uint64_t lin, uint16_t *value)
{
	uint8_t bytes[2];

	for (int i = 0; i < 2; i++) {
		uint64_t gpa;
		const uint8_t *p;

		if (svm_vcpu_translate(v, lin + i, false, &gpa) ||
		    !(p = vm_gpa_to_hva(v->vm, gpa, 1)))
			return -1;
		bytes[i] = *p;
	}
	*value = (uint16_t)(bytes[0] | bytes[1] << 8);
	return 0;
}

/*
 * MOV to/from CR, CLTS, LMSW: the CR write intercept takes all three for
 * CR0 (APM vol. 2, 15.9). Sets e->cr and the length for the skip.
 */
int svm_decode_cr_access(struct vcpu *v, struct hv_exit *e)
{
	struct svm_vcpu *a = to_svm(v);
	struct x86_sys_insn insn;

	if (decode(v, &insn))
		return -1;
	switch (insn.kind) {
	case X86_SYS_MOV_TO_CR:
	case X86_SYS_MOV_FROM_CR:
		e->cr.type = insn.kind == X86_SYS_MOV_TO_CR ? CR_ACCESS_MOV_TO :
							      CR_ACCESS_MOV_FROM;
		e->cr.cr = insn.cr;
		e->cr.gpr = (uint8_t)insn.reg;
		break;
	case X86_SYS_CLTS:
		e->cr.type = CR_ACCESS_CLTS;
		e->cr.cr = 0;
		break;
	case X86_SYS_LMSW:
		e->cr.type = CR_ACCESS_LMSW;
		e->cr.cr = 0;
		if (insn.has_mem) {
			if (read_m16(v, linear(v, &insn.mem, insn.len),
				     &e->cr.lmsw_source))
				return -1;
		} else {
			e->cr.lmsw_source = (uint16_t)*guest_gpr(&v->regs,
								 insn.reg);
		}
		break;
	default:
		return -1;
	}
	/* The CR the exit code names must be the one decoded. */
	if (e->cr.cr != (a->exitcode & 0xf))
		return -1;
	a->insn_len = insn.len;
	return 0;
}

/*
 * INS/OUTS: the address size and the linear address of the memory
 * operand. EXITINFO1 has address-size bits (15.10.2), but QEMU's TCG does
 * not fill them in as the APM says, and it gives no segment (that takes
 * decode assists): both come from the decoded prefixes. INS writes
 * ES:rDI, OUTS reads DS:rSI or the override's (SDM Vol. 2A, INS, OUTS).
 */
int svm_decode_string_io(struct vcpu *v, struct hv_exit *e)
{
	struct x86_sys_insn insn;

	if (decode(v, &insn) || !insn.has_mem ||
	    insn.kind != (e->io.in ? X86_SYS_INS : X86_SYS_OUTS))
		return -1;
	e->io.addr_size = insn.mem.addr_size;
	e->io.gla = linear(v, &insn.mem, insn.len);
	return 0;
}

/*
 * VMMCALL's length for the hypercall fast path on a CPU that saves no
 * NRIP (QEMU's TCG): the stubs' plain 0F 01 D9 is recognised from its
 * bytes, anything else (prefixes) goes through the decoder.
 */
unsigned int svm_vmmcall_length(struct vcpu *v)
{
	uint8_t b[X86_INSN_MAX];

	if (fetch(v, b) >= 3 && b[0] == 0x0f && b[1] == 0x01 && b[2] == 0xd9)
		return 3;
	return svm_insn_length(v, SVM_EXIT_VMMCALL);
}

/* Intel's VMCALL, which #UDs on AMD: a hypercall all the same. */
bool svm_insn_is_vmcall(struct vcpu *v)
{
	struct x86_sys_insn insn;

	return !decode(v, &insn) && insn.kind == X86_SYS_VMCALL &&
	       insn.len == 3;
}
