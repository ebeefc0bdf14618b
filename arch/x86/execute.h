/* SPDX-License-Identifier: MIT */
/*
 * Running a decoded memory instruction (decode.h): the registers and
 * flags change as the CPU would change them, the memory operand is read
 * and written through callbacks, at its width. Pure: the host unit tests
 * run it.
 */
#ifndef ARCH_X86_EXECUTE_H
#define ARCH_X86_EXECUTE_H

#include <stdint.h>

#include "arch/x86/decode.h"

struct x86_mem_ops {
	/* One access of @size bytes to the memory operand: 0 or an error. */
	int (*read)(void *ctx, unsigned int size, uint64_t *value);
	int (*write)(void *ctx, unsigned int size, uint64_t value);
	void *ctx;
};

/*
 * Run @in on @gpr (RAX ... R15, RSP included) and *@rflags. Returns 0, or
 * the first non-zero value a callback returned (nothing is written to a
 * register then; a read-modify-write stops after the read).
 */
int x86_execute(const struct x86_insn *in, uint64_t gpr[16],
		uint64_t *rflags, const struct x86_mem_ops *ops);

#endif
