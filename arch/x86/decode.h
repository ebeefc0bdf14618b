/* SPDX-License-Identifier: MIT */
/*
 * Decoding the x86 instructions a guest uses to reach memory-mapped
 * devices (SDM Vol. 2, chapter 2): MOV (88-8B, C6, C7, A0-A3), MOVZX,
 * MOVSX, MOVSXD, the ALU ops ADD ... CMP (00-3B, 80-83), TEST (84, 85,
 * F6 /0, F7 /0), BT/BTS/BTR/BTC (0F A3/AB/B3/BB, 0F BA /4-7) and XCHG
 * (86, 87), each with a memory operand, 8 to 64 bits wide; the legacy
 * prefixes, REX, ModRM/SIB, RIP-relative and 16/32/64-bit addressing.
 * Vendor-neutral and pure: the caller gives the bytes and the registers;
 * the host unit tests and a fuzzer run it.
 */
#ifndef ARCH_X86_DECODE_H
#define ARCH_X86_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/x86/alu.h"

#define X86_INSN_MAX	15	/* longer is #GP (SDM Vol. 2A, 2.3.11) */

/* Segment registers in the encoding order (SDM Vol. 2A, Table 3-6: Sreg). */
enum x86_seg { X86_ES, X86_CS, X86_SS, X86_DS, X86_FS, X86_GS };

enum x86_kind {
	X86_MOV,	/* mem <- reg/imm (to_mem), or reg <- mem */
	X86_MOVZX,	/* reg (reg_size) <- zero-extended mem (size) */
	X86_MOVSX,	/* the same, sign-extended; MOVSXD too */
	X86_ALU,	/* to_mem: mem op= reg/imm; else reg op= mem */
	X86_XCHG,	/* mem <-> reg */
};

/* What the decoder needs of the vCPU. */
struct x86_cpu {
	unsigned int mode;	/* 16, 32 or 64: CS's default size */
	uint64_t rip;		/* of the instruction */
	uint64_t gpr[16];	/* RAX ... R15 (encoding order), RSP too */
};

struct x86_insn {
	enum x86_kind kind;
	enum alu_op alu;	/* X86_ALU */
	uint8_t len;		/* bytes, prefixes included */
	uint8_t size;		/* of the memory access: 1, 2, 4 or 8 */
	uint8_t reg_size;	/* of the register (MOVZX/MOVSX: wider) */
	bool to_mem;		/* memory is the destination operand */
	int8_t reg;		/* register operand 0-15, or -1: @imm */
	bool reg_high;		/* AH, CH, DH, BH: bits 15:8 of @reg */
	uint64_t imm;		/* sign-extended; BT*: the bit number */
	enum x86_seg seg;	/* segment of the memory operand */
	uint8_t addr_size;	/* 2, 4 or 8 */
	uint64_t ea;		/* effective address in @seg, wrapped */
	bool lock, rep;		/* F0; F2 or F3 (ignored) */
};

enum x86_decode_error {
	X86_DECODE_OK = 0,
	X86_DECODE_TRUNCATED = -1,	/* needs more bytes than given */
	X86_DECODE_UNSUPPORTED = -2,	/* not one of the forms above */
};

/*
 * Decode the instruction at @bytes (@n of them available, at most
 * X86_INSN_MAX are looked at) as @cpu would run it. Returns X86_DECODE_OK
 * with *@out filled in, or an x86_decode_error.
 */
int x86_decode(const uint8_t *bytes, size_t n, const struct x86_cpu *cpu,
	       struct x86_insn *out);

#endif
