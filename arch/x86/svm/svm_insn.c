// SPDX-License-Identifier: MIT
/*
 * What SVM does not tell without NRIP save and decode assists (QEMU's
 * TCG has neither, APM vol. 2, 15.7.1 and 15.33): how long the
 * intercepted instruction is, and which GPR a CR access uses. Taken from
 * the instruction's bytes at the guest's CS:RIP.
 *
 * TODO(insn): a minimal local decoder until arch/x86/insn.c
 * (x86_sys_decode(), branch insn) lands; then both functions become
 * calls to it, with prefixes counted in every length.
 */
#include "arch/x86/svm/svm.h"
#include "arch/x86/virt.h"
#include "hv/vm.h"

#define INSN_MAX 15

/* Up to INSN_MAX bytes at CS:RIP, as far as guest RAM goes. */
static unsigned int fetch(struct vcpu *v, uint8_t *buf)
{
	const struct vmcb_save *g = &to_svm(v)->vmcb->save;
	bool mode64 = svm_virt_ops.vcpu_64bit_code(v);
	unsigned int n = 0;

	while (n < INSN_MAX) {
		uint64_t lin = g->cs.base + g->rip + n, gpa;
		const uint8_t *p;

		if (!mode64)
			lin = (uint32_t)lin;
		if (svm_virt_ops.vcpu_translate(v, lin, false, &gpa) ||
		    !(p = vm_gpa_to_hva(v->vm, gpa, 1)))
			break;
		buf[n++] = *p;
	}
	return n;
}

/* Fixed lengths of the instructions whose exits the core completes. */
unsigned int svm_insn_length(struct vcpu *v, uint64_t exitcode)
{
	(void)v;
	switch (exitcode) {
	case SVM_EXIT_HLT:
		return 1;
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

/*
 * INS/OUTS: the address size and the linear address of the memory
 * operand. EXITINFO1 has address-size bits (15.10.2), but QEMU's TCG
 * does not fill them in as the APM says, and it gives no segment
 * (decode assists): both come from the prefixes here. INS writes ES:rDI
 * (no override, SDM Vol. 2A INS); OUTS reads DS:rSI or the override's.
 * In 64-bit mode only FS and GS have a base (SDM Vol. 3A, 3.4.4).
 */
int svm_decode_string_io(struct vcpu *v, struct hv_exit *e)
{
	static const uint8_t seg_prefix[6] = { 0x26, 0x2e, 0x36, 0x3e,
					       0x64, 0x65 };	/* ES..GS */
	const struct vmcb_save *g = &to_svm(v)->vmcb->save;
	bool mode64 = svm_virt_ops.vcpu_64bit_code(v);
	unsigned int seg = e->io.in ? 0 : 3, size, i;
	uint8_t b[INSN_MAX];
	unsigned int n = fetch(v, b);
	bool addr_override = false;
	uint64_t index, mask, base;

	for (i = 0; i < n; i++) {
		unsigned int s;

		if (b[i] == 0x67) {
			addr_override = true;
			continue;
		}
		for (s = 0; s < 6 && b[i] != seg_prefix[s]; s++)
			;
		if (s < 6) {
			if (!e->io.in)
				seg = s;
			continue;
		}
		if (b[i] == 0x66 || b[i] == 0xf2 || b[i] == 0xf3 ||
		    b[i] == 0xf0 || (mode64 && (b[i] & 0xf0) == 0x40))
			continue;
		break;
	}
	if (i >= n || (b[i] & 0xfc) != 0x6c)
		return -1;			/* not INS/OUTS after all */
	if (mode64)
		size = addr_override ? 4 : 8;
	else if (g->cs.attrib & SVM_SEG_DB)
		size = addr_override ? 2 : 4;
	else
		size = addr_override ? 4 : 2;
	mask = size == 8 ? ~0ULL : size == 4 ? 0xffffffffULL : 0xffffULL;
	index = e->io.in ? v->regs.rdi : v->regs.rsi;
	base = (&g->es)[seg].base;
	if (mode64 && seg < 4)
		base = 0;
	e->io.addr_size = (uint8_t)size;
	e->io.gla = base + (index & mask);
	if (!mode64)
		e->io.gla = (uint32_t)e->io.gla;
	return 0;
}

/* Intel's VMCALL (0F 01 C1), which #UDs on AMD: a hypercall all the same. */
bool svm_insn_is_vmcall(struct vcpu *v)
{
	uint8_t b[INSN_MAX];
	unsigned int n = fetch(v, b);

	return n >= 3 && b[0] == 0x0f && b[1] == 0x01 && b[2] == 0xc1;
}

/*
 * MOV to/from CR (0F 22/20 /r), CLTS (0F 06), LMSW r16 (0F 01 /6, the
 * register form): prefixes, REX in 64-bit mode, LOCK MOV CR0 = CR8 (AMD's
 * AltMovCr8). Sets e->cr and the length for the skip.
 */
int svm_decode_cr_access(struct vcpu *v, struct hv_exit *e)
{
	uint8_t b[INSN_MAX];
	unsigned int n = fetch(v, b), i = 0, rex = 0;
	bool lock = false, mode64 = svm_virt_ops.vcpu_64bit_code(v);
	uint8_t modrm;

	for (; i < n; i++) {
		uint8_t c = b[i];

		if (c == 0xf0)
			lock = true;
		else if (c == 0x66 || c == 0x67 || c == 0xf2 || c == 0xf3 ||
			 c == 0x2e || c == 0x36 || c == 0x3e || c == 0x26 ||
			 c == 0x64 || c == 0x65)
			continue;
		else
			break;
	}
	if (mode64 && i < n && (b[i] & 0xf0) == 0x40)
		rex = b[i++];
	if (i + 2 > n || b[i] != 0x0f)
		return -1;
	switch (b[i + 1]) {
	case 0x06:
		e->cr = (typeof(e->cr)){ .cr = 0, .type = CR_ACCESS_CLTS };
		to_svm(v)->insn_len = i + 2;
		return 0;
	case 0x20:
	case 0x22:
		if (i + 3 > n)
			return -1;
		modrm = b[i + 2];
		e->cr.type = b[i + 1] == 0x22 ? CR_ACCESS_MOV_TO :
						CR_ACCESS_MOV_FROM;
		e->cr.cr = ((modrm >> 3) & 7) | (rex & 4 ? 8 : 0);
		if (lock && e->cr.cr == 0)
			e->cr.cr = 8;
		e->cr.gpr = (modrm & 7) | (rex & 1 ? 8 : 0);
		to_svm(v)->insn_len = i + 3;
		return 0;
	case 0x01:
		if (i + 3 > n)
			return -1;
		modrm = b[i + 2];
		if (((modrm >> 3) & 7) != 6 || (modrm >> 6) != 3)
			return -1;	/* LMSW m16: not decoded here */
		e->cr.type = CR_ACCESS_LMSW;
		e->cr.cr = 0;
		e->cr.lmsw_source = (uint16_t)*guest_gpr(&v->regs,
				(modrm & 7) | (rex & 1 ? 8 : 0));
		to_svm(v)->insn_len = i + 3;
		return 0;
	default:
		return -1;
	}
}
