/* SPDX-License-Identifier: MIT */
/*
 * The x86 ALU operations an emulated memory instruction performs, with
 * their effect on the arithmetic flags (SDM Vol. 1, 3.4.3.1 and Appendix
 * A; each instruction's "Flags Affected" in Vol. 2). Pure: the host unit
 * tests compare it with the host CPU.
 */
#ifndef ARCH_X86_ALU_H
#define ARCH_X86_ALU_H

#include <stdbool.h>
#include <stdint.h>

/* 0-7 in the order of the opcode's bits 5:3 (00-3F) and of ModRM.reg (80-83). */
enum alu_op {
	ALU_ADD, ALU_OR, ALU_ADC, ALU_SBB, ALU_AND, ALU_SUB, ALU_XOR, ALU_CMP,
	ALU_TEST,
	ALU_BT, ALU_BTS, ALU_BTR, ALU_BTC,	/* src: the bit number */
	ALU_NR
};

#define X86_FLAG_CF	(1ULL << 0)
#define X86_FLAG_PF	(1ULL << 2)
#define X86_FLAG_AF	(1ULL << 4)
#define X86_FLAG_ZF	(1ULL << 6)
#define X86_FLAG_SF	(1ULL << 7)
#define X86_FLAG_OF	(1ULL << 11)
#define X86_FLAGS_ARITH	(X86_FLAG_CF | X86_FLAG_PF | X86_FLAG_AF | \
			 X86_FLAG_ZF | X86_FLAG_SF | X86_FLAG_OF)

/*
 * @dst op @src on the low @size bytes (1, 2, 4 or 8); returns the result
 * (for CMP, TEST and BT: @dst unchanged) and updates the arithmetic flags
 * in *@rflags; other RFLAGS bits are kept.
 *
 * Undefined flags: AND, OR, XOR and TEST clear AF, as Intel and AMD CPUs
 * and QEMU do; BT* set CF only and leave the others as they were (ZF is
 * "unaffected", OF, SF, AF and PF "undefined": SDM Vol. 2A, BT).
 */
uint64_t alu_exec(enum alu_op op, unsigned int size, uint64_t dst,
		  uint64_t src, uint64_t *rflags);

/* Does @op store its result (not CMP, TEST, BT)? */
bool alu_writes_result(enum alu_op op);

/* The flags @op defines (the ones a test may compare with a CPU). */
uint64_t alu_defined_flags(enum alu_op op);

#endif
