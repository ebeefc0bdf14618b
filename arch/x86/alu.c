// SPDX-License-Identifier: MIT
/* The ALU of an emulated instruction and its flags (see alu.h). */
#include "arch/x86/alu.h"

static uint64_t mask_of(unsigned int size)
{
	return size >= 8 ? ~0ULL : (1ULL << (size * 8)) - 1;
}

/* PF: set if the low byte has an even number of 1 bits (SDM Vol. 1, 3.4.3.1). */
static bool parity_even(uint64_t v)
{
	uint8_t b = (uint8_t)v;

	b ^= b >> 4;
	b ^= b >> 2;
	b ^= b >> 1;
	return !(b & 1);
}

/* PF, ZF and SF from @res; the caller sets CF, AF and OF. */
static uint64_t result_flags(uint64_t res, unsigned int size)
{
	uint64_t f = 0, sign = 1ULL << (size * 8 - 1);

	if (parity_even(res))
		f |= X86_FLAG_PF;
	if (!(res & mask_of(size)))
		f |= X86_FLAG_ZF;
	if (res & sign)
		f |= X86_FLAG_SF;
	return f;
}

static uint64_t bt(enum alu_op op, unsigned int size, uint64_t dst,
		   uint64_t bit, uint64_t *rflags)
{
	uint64_t m = 1ULL << (bit & (size * 8 - 1));

	*rflags = (*rflags & ~X86_FLAG_CF) | ((dst & m) ? X86_FLAG_CF : 0);
	switch (op) {
	case ALU_BTS:
		return dst | m;
	case ALU_BTR:
		return dst & ~m;
	case ALU_BTC:
		return dst ^ m;
	default:
		return dst;
	}
}

uint64_t alu_exec(enum alu_op op, unsigned int size, uint64_t dst,
		  uint64_t src, uint64_t *rflags)
{
	uint64_t mask = mask_of(size), sign = 1ULL << (size * 8 - 1);
	uint64_t cf_in = *rflags & X86_FLAG_CF ? 1 : 0;
	uint64_t res, f = 0;

	dst &= mask;
	src &= mask;
	switch (op) {
	case ALU_ADD:
	case ALU_ADC: {
		uint64_t c = op == ALU_ADC ? cf_in : 0;

		res = (dst + src + c) & mask;
		/* A carry out: the sum wrapped (to dst itself with a carry in). */
		if (res < dst || (c && res == dst))
			f |= X86_FLAG_CF;
		if ((dst ^ res) & (src ^ res) & sign)
			f |= X86_FLAG_OF;
		break;
	}
	case ALU_SUB:
	case ALU_SBB:
	case ALU_CMP: {
		uint64_t b = op == ALU_SBB ? cf_in : 0;

		res = (dst - src - b) & mask;
		if (dst < src || (b && dst == src))
			f |= X86_FLAG_CF;
		if ((dst ^ src) & (dst ^ res) & sign)
			f |= X86_FLAG_OF;
		break;
	}
	case ALU_OR:
		res = dst | src;
		break;
	case ALU_AND:
	case ALU_TEST:
		res = dst & src;
		break;
	case ALU_XOR:
		res = dst ^ src;
		break;
	case ALU_BT:
	case ALU_BTS:
	case ALU_BTR:
	case ALU_BTC:
		return bt(op, size, dst, src, rflags) & mask;
	default:
		return dst;
	}
	/* AF: a carry or borrow out of bit 3 (logic ops: cleared, see alu.h). */
	if (op <= ALU_CMP && op != ALU_OR && op != ALU_AND && op != ALU_XOR &&
	    ((dst ^ src ^ res) & 0x10))
		f |= X86_FLAG_AF;
	f |= result_flags(res, size);
	*rflags = (*rflags & ~X86_FLAGS_ARITH) | f;
	return alu_writes_result(op) ? res : dst;
}

bool alu_writes_result(enum alu_op op)
{
	return op != ALU_CMP && op != ALU_TEST && op != ALU_BT;
}

uint64_t alu_defined_flags(enum alu_op op)
{
	switch (op) {
	case ALU_OR:
	case ALU_AND:
	case ALU_XOR:
	case ALU_TEST:
		return X86_FLAGS_ARITH & ~X86_FLAG_AF;
	case ALU_BT:
	case ALU_BTS:
	case ALU_BTR:
	case ALU_BTC:
		return X86_FLAG_CF;
	default:
		return X86_FLAGS_ARITH;
	}
}
