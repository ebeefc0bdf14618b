// SPDX-License-Identifier: MIT
/*
 * The system-instruction decoder (see insn.h). The encodings are those of
 * SDM Vol. 2 (each instruction's page; the maps in Vol. 2D, Appendix A,
 * Tables) and AMD APM vol. 3 (chapter 4 for the system
 * instructions, appendix A).
 */
#include "arch/x86/insn.h"

#define REX_B	0x1
#define REX_X	0x2
#define REX_R	0x4
#define REX_W	0x8

struct cursor {
	const uint8_t *b;
	size_t n, pos;
	int error;
};

/* The next byte, or 0 with c->error set: the 15-byte limit comes first. */
static uint8_t next(struct cursor *c)
{
	if (c->error)
		return 0;
	if (c->pos >= X86_INSN_MAX) {
		c->error = X86_SYS_INVALID;	/* too long: #GP */
		return 0;
	}
	if (c->pos >= c->n) {
		c->error = X86_SYS_TRUNCATED;
		return 0;
	}
	return c->b[c->pos++];
}

static int64_t next_signed(struct cursor *c, unsigned int size)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < size; i++)
		v |= (uint64_t)next(c) << (8 * i);
	if (size < 8 && (v >> (size * 8 - 1) & 1))
		v |= ~0ULL << (size * 8);
	return (int64_t)v;
}

struct prefixes {
	uint8_t rex;
	bool opsize, addrsize;
	int seg;		/* -1: none */
	unsigned int mode;
};

/*
 * Legacy prefixes in any order (SDM Vol. 2A, 2.1.1), then a REX just
 * before the opcode in 64-bit mode (2.2.1: a REX followed by a legacy
 * prefix is ignored). Returns the first opcode byte.
 */
static uint8_t read_prefixes(struct cursor *c, struct prefixes *p,
			     struct x86_sys_insn *out)
{
	static const int8_t seg_of[8] = {
		[0] = X86_ES, [1] = X86_CS, [2] = X86_SS, [3] = X86_DS,
	};

	for (;;) {
		uint8_t b = next(c);

		if (c->error)
			return 0;
		switch (b) {
		case 0xf0:
			out->lock = true;
			break;
		case 0xf2:
		case 0xf3:
			out->rep = b;
			break;
		case 0x26:
		case 0x2e:
		case 0x36:
		case 0x3e:
			p->seg = seg_of[(b >> 3) & 3];
			break;
		case 0x64:
			p->seg = X86_FS;
			break;
		case 0x65:
			p->seg = X86_GS;
			break;
		case 0x66:
			p->opsize = true;
			break;
		case 0x67:
			p->addrsize = true;
			break;
		default:
			if (p->mode == 64 && (b & 0xf0) == 0x40) {
				p->rex = b;
				continue;
			}
			return b;
		}
		p->rex = 0;
	}
}

static unsigned int op_size(const struct prefixes *p)
{
	if (p->mode == 64)
		return p->rex & REX_W ? 8 : p->opsize ? 2 : 4;
	return (p->mode == 32) != p->opsize ? 4 : 2;
}

static unsigned int addr_size(const struct prefixes *p)
{
	if (p->mode == 64)
		return p->addrsize ? 4 : 8;
	return (p->mode == 32) != p->addrsize ? 4 : 2;
}

static void set_seg(struct x86_sys_mem *m, const struct prefixes *p,
		    int def_seg)
{
	m->seg = (enum x86_seg)(p->seg >= 0 ? p->seg : def_seg);
}

/* A ModRM memory operand, mod != 3: SDM Vol. 2A, Tables 2-1 to 2-3. */
static void modrm_mem(struct cursor *c, const struct prefixes *p,
		      uint8_t mod, uint8_t rm, struct x86_sys_mem *m)
{
	/* 16-bit forms: BX+SI, BX+DI, BP+SI, BP+DI, SI, DI, BP, BX. */
	static const int8_t base16[8] = { 3, 3, 5, 5, 6, 7, 5, 3 };
	static const int8_t index16[8] = { 6, 7, 6, 7, -1, -1, -1, -1 };
	int def_seg = X86_DS;

	*m = (struct x86_sys_mem){ .addr_size = (uint8_t)addr_size(p),
				   .base = -1, .index = -1, .scale = 1 };
	if (m->addr_size == 2) {
		if (mod == 0 && rm == 6) {
			m->disp = next_signed(c, 2);
		} else {
			m->base = base16[rm];
			m->index = index16[rm];
			if (m->base == 5)
				def_seg = X86_SS;
			if (mod)
				m->disp = next_signed(c, mod == 1 ? 1 : 2);
		}
		set_seg(m, p, def_seg);
		return;
	}
	if (rm == 4) {
		uint8_t sib = next(c);
		int index = (sib >> 3 & 7) | (p->rex & REX_X ? 8 : 0);

		if (index != 4)		/* 100b without REX.X: no index */
			m->index = (int8_t)index;
		m->scale = (uint8_t)(1 << (sib >> 6));
		if ((sib & 7) == 5 && mod == 0)
			m->disp = next_signed(c, 4);	/* no base */
		else
			m->base = (int8_t)((sib & 7) |
					   (p->rex & REX_B ? 8 : 0));
	} else if (rm == 5 && mod == 0) {
		m->disp = next_signed(c, 4);
		m->rip_relative = p->mode == 64;	/* 2.2.1.6 */
	} else {
		m->base = (int8_t)(rm | (p->rex & REX_B ? 8 : 0));
	}
	if (mod == 1)
		m->disp = next_signed(c, 1);
	else if (mod == 2)
		m->disp = next_signed(c, 4);
	if (m->base == 4 || m->base == 5)
		def_seg = X86_SS;	/* rSP, rBP; not R12, R13 */
	set_seg(m, p, def_seg);
}

/* An implicit operand seg:[reg] (INS, OUTS, MONITOR). */
static void implicit_mem(const struct prefixes *p, int def_seg, int reg,
			 struct x86_sys_insn *out)
{
	out->has_mem = true;
	out->mem = (struct x86_sys_mem){ .addr_size = (uint8_t)addr_size(p),
					 .base = (int8_t)reg, .index = -1,
					 .scale = 1 };
	set_seg(&out->mem, p, def_seg);
}

/*
 * Group 7, 0F 01 (SDM Vol. 2D, Table A-6; APM vol. 3, Table A-7): the
 * register forms are whole instructions, the memory forms take ModRM.reg
 * as the opcode.
 */
static void group7(struct cursor *c, const struct prefixes *p,
		   struct x86_sys_insn *out)
{
	uint8_t m = next(c), mod = m >> 6, reg = m >> 3 & 7, rm = m & 7;

	if (c->error)
		return;
	if (mod == 3) {
		if (reg == 4 || reg == 6) {
			/* SMSW r16/r32/r64, LMSW r16 */
			out->kind = reg == 4 ? X86_SYS_SMSW : X86_SYS_LMSW;
			out->op_size = (uint8_t)(reg == 4 ? op_size(p) : 2);
			out->reg = (int8_t)(rm | (p->rex & REX_B ? 8 : 0));
			return;
		}
		if (p->opsize || out->rep)
			return;		/* another instruction, or reserved */
		switch (m) {
		case 0xc1:
			out->kind = X86_SYS_VMCALL;
			break;
		case 0xc8:
			out->kind = X86_SYS_MONITOR;
			implicit_mem(p, X86_DS, 0, out);
			break;
		case 0xc9:
			out->kind = X86_SYS_MWAIT;
			break;
		case 0xd1:
			out->kind = X86_SYS_XSETBV;
			break;
		case 0xd9:
			out->kind = X86_SYS_VMMCALL;
			break;
		case 0xf9:
			out->kind = X86_SYS_RDTSCP;
			break;
		}
		return;
	}
	switch (reg) {
	case 4:
		out->kind = X86_SYS_SMSW;
		break;
	case 6:
		out->kind = X86_SYS_LMSW;
		break;
	case 7:
		out->kind = X86_SYS_INVLPG;
		break;
	default:
		return;		/* SGDT, SIDT, LGDT, LIDT, RSTORSSP */
	}
	out->op_size = out->kind == X86_SYS_INVLPG ? 0 : 2;
	out->has_mem = true;
	modrm_mem(c, p, mod, rm, &out->mem);
}

/*
 * MOV to/from CRn and DRn, 0F 20-23: ModRM.mod is ignored, the operand is
 * always the register ModRM.rm (SDM Vol. 2B, MOV—Move to/from Control
 * Registers; APM vol. 3, MOV CRn, MOV DRn).
 */
static int mov_cr_dr(struct cursor *c, const struct prefixes *p, uint8_t op,
		     struct x86_sys_insn *out)
{
	uint8_t m = next(c);
	unsigned int n = (m >> 3 & 7) | (p->rex & REX_R ? 8 : 0);

	if (c->error)
		return c->error;
	out->reg = (int8_t)((m & 7) | (p->rex & REX_B ? 8 : 0));
	out->op_size = p->mode == 64 ? 8 : 4;
	if (op & 1) {		/* 21, 23: DR */
		out->kind = op & 2 ? X86_SYS_MOV_TO_DR : X86_SYS_MOV_FROM_DR;
		if (n > 7 || out->lock)
			return X86_SYS_INVALID;
		out->cr = (uint8_t)n;
		return X86_SYS_OK;
	}
	out->kind = op & 2 ? X86_SYS_MOV_TO_CR : X86_SYS_MOV_FROM_CR;
	if (out->lock) {
		/* AMD: LOCK MOV CR0 is MOV CR8 (APM vol. 3, MOV CRn). */
		if (n != 0)
			return X86_SYS_INVALID;
		n = 8;
	}
	if (n != 0 && n != 2 && n != 3 && n != 4 && n != 8)
		return X86_SYS_INVALID;
	out->cr = (uint8_t)n;
	return X86_SYS_OK;
}

static int two_byte(struct cursor *c, const struct prefixes *p,
		    struct x86_sys_insn *out)
{
	uint8_t b = next(c);

	if (c->error)
		return c->error;
	switch (b) {
	case 0x01:
		group7(c, p, out);
		return c->error;
	case 0x06:
		out->kind = X86_SYS_CLTS;
		break;
	case 0x08:
		out->kind = X86_SYS_INVD;
		break;
	case 0x09:
		/*
		 * F3 selects WBNOINVD (a WBINVD where it is not known) and,
		 * as for SSE's mandatory prefixes, beats 66; 66 alone and
		 * F2 are left undefined, as binutils has them.
		 */
		if (out->rep == 0xf3)
			out->kind = X86_SYS_WBNOINVD;
		else if (!p->opsize && !out->rep)
			out->kind = X86_SYS_WBINVD;
		break;
	case 0x20:
	case 0x21:
	case 0x22:
	case 0x23:
		return mov_cr_dr(c, p, b, out);
	case 0x30:
		out->kind = X86_SYS_WRMSR;
		break;
	case 0x31:
		out->kind = X86_SYS_RDTSC;
		break;
	case 0x32:
		out->kind = X86_SYS_RDMSR;
		break;
	case 0x33:
		out->kind = X86_SYS_RDPMC;
		break;
	case 0xa2:
		out->kind = X86_SYS_CPUID;
		break;
	}
	return X86_SYS_OK;
}

/* IN, OUT, INS, OUTS: at most 32 bits, REX.W ignored (SDM Vol. 2A, IN). */
static void port_io(struct cursor *c, const struct prefixes *p, uint8_t b,
		    struct x86_sys_insn *out)
{
	out->op_size = b & 1 ? (op_size(p) == 2 ? 2 : 4) : 1;
	switch (b & ~1) {
	case 0x6c:
		out->kind = X86_SYS_INS;
		implicit_mem(p, X86_ES, 7, out);
		out->mem.seg = X86_ES;	/* no override (SDM Vol. 2A, INS) */
		return;
	case 0x6e:
		out->kind = X86_SYS_OUTS;
		implicit_mem(p, X86_DS, 6, out);
		return;
	case 0xe4:
	case 0xe6:
		out->kind = b & 2 ? X86_SYS_OUT : X86_SYS_IN;
		out->port_imm = true;
		out->port = next(c);
		return;
	default:	/* EC-EF */
		out->kind = b & 2 ? X86_SYS_OUT : X86_SYS_IN;
		return;
	}
}

static int one_byte(struct cursor *c, const struct prefixes *p, uint8_t b,
		    struct x86_sys_insn *out)
{
	switch (b) {
	case 0x0f:
		return two_byte(c, p, out);
	case 0x6c:
	case 0x6d:
	case 0x6e:
	case 0x6f:
	case 0xe4:
	case 0xe5:
	case 0xe6:
	case 0xe7:
	case 0xec:
	case 0xed:
	case 0xee:
	case 0xef:
		port_io(c, p, b, out);
		break;
	case 0x90:
		/*
		 * F3 90, whatever the REX: 41 90 is XCHG r8d, eax but
		 * F3 41 90 is PAUSE (as binutils decodes it).
		 */
		if (out->rep == 0xf3)
			out->kind = X86_SYS_PAUSE;
		break;
	case 0xcc:
		out->kind = X86_SYS_INT3;
		out->vector = 3;
		break;
	case 0xcd:
		out->kind = X86_SYS_INTN;
		out->vector = next(c);
		break;
	case 0xce:
		out->kind = X86_SYS_INTO;
		out->vector = 4;
		if (p->mode == 64)
			return X86_SYS_INVALID;
		break;
	case 0xcf:
		out->kind = X86_SYS_IRET;
		out->op_size = (uint8_t)op_size(p);
		break;
	case 0xf1:
		out->kind = X86_SYS_INT1;
		out->vector = 1;
		break;
	case 0xf4:
		out->kind = X86_SYS_HLT;
		break;
	}
	return c->error;
}

int x86_sys_decode(const uint8_t *bytes, size_t n, unsigned int mode,
		   struct x86_sys_insn *out)
{
	struct cursor c = { bytes, n, 0, 0 };
	struct prefixes p = { .seg = -1, .mode = mode };
	uint8_t b;
	int rc;

	*out = (struct x86_sys_insn){ .kind = X86_SYS_OTHER, .reg = -1 };
	b = read_prefixes(&c, &p, out);
	if (c.error)
		return c.error;
	rc = one_byte(&c, &p, b, out);
	if (rc)
		return rc;
	if (c.error)
		return c.error;
	if (out->kind == X86_SYS_OTHER) {
		bool lock = out->lock;
		uint8_t rep = out->rep;

		*out = (struct x86_sys_insn){ .kind = X86_SYS_OTHER,
					      .reg = -1, .lock = lock,
					      .rep = rep };
		return X86_SYS_OK;
	}
	/* LOCK on anything but MOV CR (checked there) is #UD. */
	if (out->lock && out->kind != X86_SYS_MOV_TO_CR &&
	    out->kind != X86_SYS_MOV_FROM_CR)
		return X86_SYS_INVALID;
	out->len = (uint8_t)c.pos;
	return X86_SYS_OK;
}

uint64_t x86_sys_ea(const struct x86_sys_mem *m, const uint64_t gpr[16],
		    uint64_t next_rip)
{
	uint64_t ea = (uint64_t)m->disp;

	if (m->base >= 0)
		ea += gpr[m->base & 15];
	if (m->index >= 0)
		ea += gpr[m->index & 15] * m->scale;
	if (m->rip_relative)
		ea += next_rip;
	if (m->addr_size < 8)
		ea &= (1ULL << (m->addr_size * 8)) - 1;
	return ea;
}

const char *x86_sys_kind_name(enum x86_sys_kind kind)
{
	static const char *const names[X86_SYS_KIND_NR] = {
		[X86_SYS_OTHER] = "other",
		[X86_SYS_CPUID] = "cpuid",
		[X86_SYS_HLT] = "hlt",
		[X86_SYS_RDMSR] = "rdmsr",
		[X86_SYS_WRMSR] = "wrmsr",
		[X86_SYS_RDTSC] = "rdtsc",
		[X86_SYS_RDTSCP] = "rdtscp",
		[X86_SYS_RDPMC] = "rdpmc",
		[X86_SYS_INVD] = "invd",
		[X86_SYS_WBINVD] = "wbinvd",
		[X86_SYS_WBNOINVD] = "wbnoinvd",
		[X86_SYS_VMMCALL] = "vmmcall",
		[X86_SYS_VMCALL] = "vmcall",
		[X86_SYS_XSETBV] = "xsetbv",
		[X86_SYS_MOV_TO_CR] = "mov-to-cr",
		[X86_SYS_MOV_FROM_CR] = "mov-from-cr",
		[X86_SYS_MOV_TO_DR] = "mov-to-dr",
		[X86_SYS_MOV_FROM_DR] = "mov-from-dr",
		[X86_SYS_CLTS] = "clts",
		[X86_SYS_LMSW] = "lmsw",
		[X86_SYS_SMSW] = "smsw",
		[X86_SYS_INVLPG] = "invlpg",
		[X86_SYS_PAUSE] = "pause",
		[X86_SYS_MONITOR] = "monitor",
		[X86_SYS_MWAIT] = "mwait",
		[X86_SYS_INT1] = "int1",
		[X86_SYS_INT3] = "int3",
		[X86_SYS_INTN] = "int",
		[X86_SYS_INTO] = "into",
		[X86_SYS_IRET] = "iret",
		[X86_SYS_IN] = "in",
		[X86_SYS_OUT] = "out",
		[X86_SYS_INS] = "ins",
		[X86_SYS_OUTS] = "outs",
	};

	if ((unsigned int)kind >= X86_SYS_KIND_NR || !names[kind])
		return "?";
	return names[kind];
}
