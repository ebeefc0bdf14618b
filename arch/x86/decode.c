// SPDX-License-Identifier: MIT
/*
 * The memory-operand instruction decoder (see decode.h). References: SDM
 * Vol. 2A, chapter 2 (the instruction format: prefixes 2.1.1, ModRM and
 * SIB Tables 2-1 to 2-3, REX 2.2.1, RIP-relative 2.2.1.6) and the opcode
 * map, Appendix A.
 */
#include "arch/x86/decode.h"

#define REX_B	0x1
#define REX_X	0x2
#define REX_R	0x4
#define REX_W	0x8

struct cursor {
	const uint8_t *b;
	size_t n, pos;
	int error;
};

static uint8_t next(struct cursor *c)
{
	if (c->error)
		return 0;
	if (c->pos >= X86_INSN_MAX) {
		c->error = X86_DECODE_UNSUPPORTED;	/* too long: #GP */
		return 0;
	}
	if (c->pos >= c->n) {
		c->error = X86_DECODE_TRUNCATED;
		return 0;
	}
	return c->b[c->pos++];
}

/* A little-endian value of @size bytes, sign-extended. */
static int64_t next_signed(struct cursor *c, unsigned int size)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < size; i++)
		v |= (uint64_t)next(c) << (8 * i);
	if (size < 8 && (v >> (size * 8 - 1) & 1))
		v |= ~0ULL << (size * 8);
	return (int64_t)v;
}

static uint64_t mask_of(unsigned int size)
{
	return size >= 8 ? ~0ULL : (1ULL << (size * 8)) - 1;
}

struct prefixes {
	uint8_t rex;
	bool opsize, addrsize;
	int seg;		/* -1: none */
};

/* Legacy prefixes in any order, then REX (64-bit mode) just before the opcode. */
static uint8_t read_prefixes(struct cursor *c, unsigned int mode,
			     struct prefixes *p, struct x86_insn *out)
{
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
			out->rep = true;
			break;
		case 0x26:
			p->seg = X86_ES;
			break;
		case 0x2e:
			p->seg = X86_CS;
			break;
		case 0x36:
			p->seg = X86_SS;
			break;
		case 0x3e:
			p->seg = X86_DS;
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
			if (mode == 64 && (b & 0xf0) == 0x40) {
				p->rex = b;	/* the last REX counts */
				continue;
			}
			return b;
		}
		p->rex = 0;	/* a REX before a legacy prefix is ignored */
	}
}

/* 16-bit addressing, SDM Vol. 2A, Table 2-1. */
static void modrm16(struct cursor *c, const struct x86_cpu *cpu,
		    uint8_t mod, uint8_t rm, struct x86_insn *out,
		    int *def_seg)
{
	static const int8_t base[8] = { 3, 3, 5, 5, -1, -1, 5, 3 };
	static const int8_t index[8] = { 6, 7, 6, 7, 6, 7, -1, -1 };
	uint64_t ea = 0;

	if (mod == 0 && rm == 6) {
		ea = (uint64_t)next_signed(c, 2);
	} else {
		if (base[rm] >= 0)
			ea += cpu->gpr[base[rm]];
		if (index[rm] >= 0)
			ea += cpu->gpr[index[rm]];
		if (base[rm] == 5)
			*def_seg = X86_SS;	/* BP-based */
		if (mod == 1)
			ea += (uint64_t)next_signed(c, 1);
		else if (mod == 2)
			ea += (uint64_t)next_signed(c, 2);
	}
	out->ea = ea;
}

/* 32- and 64-bit addressing, SDM Vol. 2A, Tables 2-2 and 2-3, 2.2.1. */
static void modrm32(struct cursor *c, const struct x86_cpu *cpu,
		    uint8_t mod, uint8_t rm, uint8_t rex, struct x86_insn *out,
		    int *def_seg, bool *rip_relative)
{
	uint64_t ea = 0;
	int base = -1;

	if (rm == 4) {
		uint8_t sib = next(c);
		unsigned int index = (sib >> 3 & 7) | (rex & REX_X ? 8 : 0);

		if (index != 4)
			ea += cpu->gpr[index] << (sib >> 6);
		if ((sib & 7) == 5 && mod == 0)
			ea += (uint64_t)next_signed(c, 4);	/* no base */
		else
			base = (sib & 7) | (rex & REX_B ? 8 : 0);
	} else if (rm == 5 && mod == 0) {
		ea = (uint64_t)next_signed(c, 4);
		*rip_relative = cpu->mode == 64;
	} else {
		base = rm | (rex & REX_B ? 8 : 0);
	}
	if (base >= 0) {
		ea += cpu->gpr[base];
		if (base == 4 || base == 5)
			*def_seg = X86_SS;	/* RSP or RBP, not R12/R13 */
	}
	if (mod == 1)
		ea += (uint64_t)next_signed(c, 1);
	else if (mod == 2)
		ea += (uint64_t)next_signed(c, 4);
	out->ea = ea;
}

/*
 * The opcode: what it does, how wide, which way, and what follows the
 * ModRM byte. Returns false for anything else.
 */
struct form {
	bool modrm;		/* has a ModRM byte (all but A0-A3) */
	bool reg_from_modrm;	/* ModRM.reg: a register, not an opcode */
	bool bt_reg;		/* BT r/m, reg: the register is a bit offset */
	unsigned int imm;	/* immediate bytes */
};

static bool one_byte(uint8_t b, unsigned int mode, unsigned int opsize,
		     struct x86_insn *out, struct form *f)
{
	unsigned int imm_z = opsize > 4 ? 4 : opsize;	/* Iz */

	f->modrm = true;
	f->reg_from_modrm = true;
	if (b <= 0x3b && (b & 7) < 4) {
		out->kind = X86_ALU;
		out->alu = (enum alu_op)(b >> 3);
		out->size = b & 1 ? opsize : 1;
		out->to_mem = !(b & 2);
		return true;
	}
	switch (b) {
	case 0x82:
		if (mode == 64)
			return false;	/* #UD in 64-bit mode */
		__attribute__((fallthrough));	/* an alias of 80 */
	case 0x80:
	case 0x81:
	case 0x83:
		out->kind = X86_ALU;
		out->size = b == 0x81 || b == 0x83 ? opsize : 1;
		out->to_mem = true;
		f->reg_from_modrm = false;
		f->imm = b == 0x81 ? imm_z : 1;
		return true;
	case 0x84:
	case 0x85:
		out->kind = X86_ALU;
		out->alu = ALU_TEST;
		out->size = b & 1 ? opsize : 1;
		out->to_mem = true;
		return true;
	case 0x86:
	case 0x87:
		out->kind = X86_XCHG;
		out->size = b & 1 ? opsize : 1;
		out->to_mem = true;
		return true;
	case 0x88:
	case 0x89:
	case 0x8a:
	case 0x8b:
		out->kind = X86_MOV;
		out->size = b & 1 ? opsize : 1;
		out->to_mem = !(b & 2);
		return true;
	case 0x63:
		if (mode != 64)
			return false;	/* ARPL */
		out->kind = X86_MOVSX;	/* MOVSXD */
		out->size = opsize > 4 ? 4 : opsize;
		return true;
	case 0xc6:
	case 0xc7:
		out->kind = X86_MOV;
		out->size = b & 1 ? opsize : 1;
		out->to_mem = true;
		f->reg_from_modrm = false;
		f->imm = b & 1 ? imm_z : 1;
		return true;
	case 0xf6:
	case 0xf7:
		out->kind = X86_ALU;
		out->alu = ALU_TEST;
		out->size = b & 1 ? opsize : 1;
		out->to_mem = true;
		f->reg_from_modrm = false;
		f->imm = b & 1 ? imm_z : 1;
		return true;
	case 0xa0:
	case 0xa1:
	case 0xa2:
	case 0xa3:
		out->kind = X86_MOV;
		out->size = b & 1 ? opsize : 1;
		out->to_mem = b & 2;
		out->reg = 0;		/* AL, AX, EAX, RAX */
		f->modrm = false;
		return true;
	default:
		return false;
	}
}

static bool two_byte(uint8_t b, unsigned int opsize, struct x86_insn *out,
		     struct form *f)
{
	f->modrm = true;
	f->reg_from_modrm = true;
	out->size = opsize;
	switch (b) {
	case 0xb6:
	case 0xb7:
	case 0xbe:
	case 0xbf:
		out->kind = b & 8 ? X86_MOVSX : X86_MOVZX;
		out->size = b & 1 ? 2 : 1;
		return true;
	case 0xa3:
	case 0xab:
	case 0xb3:
	case 0xbb:
		out->kind = X86_ALU;
		out->alu = (enum alu_op)(ALU_BT + (b >> 3 & 3));
		out->to_mem = true;
		f->bt_reg = true;
		return true;
	case 0xba:
		out->kind = X86_ALU;	/* the op is ModRM.reg 4-7 */
		out->to_mem = true;
		f->reg_from_modrm = false;
		f->imm = 1;
		return true;
	default:
		return false;
	}
}

/* Can the instruction take a LOCK prefix (SDM Vol. 2A, LOCK)? */
static bool lockable(const struct x86_insn *in)
{
	return in->kind == X86_XCHG ||
	       (in->kind == X86_ALU && in->to_mem &&
		alu_writes_result(in->alu));
}

int x86_decode(const uint8_t *bytes, size_t n, const struct x86_cpu *cpu,
	       struct x86_insn *out)
{
	struct cursor c = { bytes, n, 0, 0 };
	struct prefixes p = { .seg = -1 };
	struct form f = { 0 };
	unsigned int opsize, mode = cpu->mode;
	int def_seg = X86_DS;
	bool rip_relative = false, two = false, ok;
	uint8_t b, mod = 0, regf = 0, rm = 0;

	*out = (struct x86_insn){ .reg = -1 };
	b = read_prefixes(&c, mode, &p, out);
	if (c.error)
		return c.error;
	if (mode == 64)
		opsize = p.rex & REX_W ? 8 : p.opsize ? 2 : 4;
	else
		opsize = (mode == 32) != p.opsize ? 4 : 2;
	if (mode == 64)
		out->addr_size = p.addrsize ? 4 : 8;
	else
		out->addr_size = (mode == 32) != p.addrsize ? 4 : 2;

	if (b == 0x0f) {
		two = true;
		b = next(&c);
		if (c.error)
			return c.error;
		ok = two_byte(b, opsize, out, &f);
	} else {
		ok = one_byte(b, mode, opsize, out, &f);
	}
	if (!ok)
		return X86_DECODE_UNSUPPORTED;
	out->reg_size = out->size;
	if (out->kind == X86_MOVZX || out->kind == X86_MOVSX)
		out->reg_size = opsize;

	if (f.modrm) {
		uint8_t m = next(&c);

		if (c.error)
			return c.error;
		mod = m >> 6;
		regf = m >> 3 & 7;
		rm = m & 7;
		if (mod == 3)
			return X86_DECODE_UNSUPPORTED;	/* no memory operand */
		if (out->addr_size == 2)
			modrm16(&c, cpu, mod, rm, out, &def_seg);
		else
			modrm32(&c, cpu, mod, rm, p.rex, out, &def_seg,
				&rip_relative);
		if (f.reg_from_modrm)
			out->reg = (int8_t)(regf | (p.rex & REX_R ? 8 : 0));
	} else {
		/* moffs: an address of the address size (SDM Vol. 2A, MOV). */
		out->ea = (uint64_t)next_signed(&c, out->addr_size);
	}

	if (!f.reg_from_modrm && f.modrm) {
		/* ModRM.reg extends the opcode. */
		if (two) {
			if (regf < 4)
				return X86_DECODE_UNSUPPORTED;
			out->alu = (enum alu_op)(ALU_BT + regf - 4);
		} else if (b == 0xc6 || b == 0xc7 || b == 0xf6 || b == 0xf7) {
			if (regf != 0)
				return X86_DECODE_UNSUPPORTED;
		} else {
			out->alu = (enum alu_op)regf;	/* 80-83 */
		}
	}
	if (f.imm) {
		out->imm = (uint64_t)next_signed(&c, f.imm) &
			   mask_of(out->size);
		if (two)	/* BT imm8: the bit, modulo the operand size */
			out->imm &= out->size * 8 - 1;
	}
	if (c.error)
		return c.error;
	out->len = (uint8_t)c.pos;

	if (rip_relative)
		out->ea += cpu->rip + out->len;
	if (f.bt_reg) {
		/*
		 * BT with a register bit offset addresses a bit string: the
		 * signed offset picks the operand-sized word (SDM Vol. 2A, BT).
		 */
		unsigned int bits = out->size * 8;
		unsigned int shift = bits == 16 ? 4 : bits == 32 ? 5 : 6;
		uint64_t r = cpu->gpr[out->reg] & mask_of(out->size);
		int64_t off = (int64_t)(r << (64 - bits)) >> (64 - bits);

		out->ea += (uint64_t)((off >> shift) * (int64_t)out->size);
		out->imm = (uint64_t)off & (bits - 1);
		out->reg = -1;
	}
	out->ea &= mask_of(out->addr_size);
	out->seg = (enum x86_seg)(p.seg >= 0 ? p.seg : def_seg);

	if (out->reg >= 0 && out->reg_size == 1 && !p.rex && out->reg >= 4 &&
	    out->reg < 8) {
		out->reg -= 4;		/* AH, CH, DH, BH */
		out->reg_high = true;
	}
	if (out->lock && !lockable(out))
		return X86_DECODE_UNSUPPORTED;	/* #UD */
	return X86_DECODE_OK;
}
