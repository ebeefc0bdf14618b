// SPDX-License-Identifier: MIT
/* A decoded memory instruction, run (see execute.h). */
#include "arch/x86/execute.h"

static uint64_t mask_of(unsigned int size)
{
	return size >= 8 ? ~0ULL : (1ULL << (size * 8)) - 1;
}

static uint64_t reg_read(const struct x86_insn *in, const uint64_t gpr[16],
			 unsigned int size)
{
	uint64_t r = gpr[in->reg & 15];

	return (in->reg_high ? r >> 8 : r) & mask_of(size);
}

/*
 * Writing 32 bits zero-extends into 64; 8 and 16 bits leave the rest
 * (SDM Vol. 1, 3.4.1.1).
 */
static void reg_write(const struct x86_insn *in, uint64_t gpr[16],
		      unsigned int size, uint64_t v)
{
	uint64_t *r = &gpr[in->reg & 15];

	if (in->reg_high)
		*r = (*r & ~0xff00ULL) | (v & 0xff) << 8;
	else if (size >= 4)
		*r = v & mask_of(size);
	else
		*r = (*r & ~mask_of(size)) | (v & mask_of(size));
}

static uint64_t sign_extend(uint64_t v, unsigned int size)
{
	unsigned int shift = 64 - size * 8;

	return (uint64_t)((int64_t)(v << shift) >> shift);
}

int x86_execute(const struct x86_insn *in, uint64_t gpr[16],
		uint64_t *rflags, const struct x86_mem_ops *ops)
{
	uint64_t m, src, res;
	int rc;

	if (in->kind == X86_MOV && in->to_mem)
		return ops->write(ops->ctx, in->size, in->reg >= 0 ?
				  reg_read(in, gpr, in->size) : in->imm);
	rc = ops->read(ops->ctx, in->size, &m);
	if (rc)
		return rc;
	m &= mask_of(in->size);
	switch (in->kind) {
	case X86_MOV:
	case X86_MOVZX:
		reg_write(in, gpr, in->reg_size, m);
		return 0;
	case X86_MOVSX:
		reg_write(in, gpr, in->reg_size, sign_extend(m, in->size));
		return 0;
	case X86_XCHG:
		rc = ops->write(ops->ctx, in->size, reg_read(in, gpr, in->size));
		if (!rc)
			reg_write(in, gpr, in->size, m);
		return rc;
	case X86_ALU:
		break;
	}
	src = in->reg >= 0 ? reg_read(in, gpr, in->size) : in->imm;
	if (in->to_mem) {
		uint64_t f = *rflags;

		res = alu_exec(in->alu, in->size, m, src, &f);
		if (alu_writes_result(in->alu)) {
			rc = ops->write(ops->ctx, in->size, res);
			if (rc)
				return rc;
		}
		*rflags = f;
	} else {
		/* reg op= memory: the register is the destination. */
		res = alu_exec(in->alu, in->size, src, m, rflags);
		if (alu_writes_result(in->alu))
			reg_write(in, gpr, in->size, res);
	}
	return 0;
}
