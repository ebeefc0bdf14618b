/* SPDX-License-Identifier: MIT */
/*
 * Decoding the system instructions a hypervisor intercepts, for a backend
 * the CPU tells too little: SVM without NRIP save (CPUID 8000_000Ah EDX[3])
 * has no next RIP in the VMCB, and without decode assists (EDX[7]) no GPR
 * in EXITINFO1 for a CR access (APM vol. 2, chapter 15, "State Saved on
 * Exit" and "Decode Assists"); QEMU's TCG has neither. The exit handler
 * fetches the bytes at the guest's RIP and asks this decoder what is there
 * and how long it is.
 *
 * Vendor-neutral and pure like decode.c: bytes and the code size in, a
 * description out; no registers are read (x86_sys_ea() adds them up
 * later). References: SDM Vol. 2A, 2.1 (prefixes), 2.2.1 (REX), Tables
 * 2-1 to 2-3 (ModRM, SIB), Vol. 2D Appendix A (opcode maps, Table A-6:
 * group 7 = 0F 01); AMD APM vol. 3, chapter 1 (prefixes, ModRM, SIB),
 * chapter 4 (the system instructions) and Appendix A (opcode maps).
 */
#ifndef ARCH_X86_INSN_H
#define ARCH_X86_INSN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/x86/decode.h"	/* X86_INSN_MAX, enum x86_seg */

enum x86_sys_kind {
	X86_SYS_OTHER,		/* none of these: length unknown (len 0) */
	X86_SYS_CPUID,		/* 0F A2 */
	X86_SYS_HLT,		/* F4 */
	X86_SYS_RDMSR,		/* 0F 32 */
	X86_SYS_WRMSR,		/* 0F 30 */
	X86_SYS_RDTSC,		/* 0F 31 */
	X86_SYS_RDTSCP,		/* 0F 01 F9 */
	X86_SYS_RDPMC,		/* 0F 33 */
	X86_SYS_INVD,		/* 0F 08 */
	X86_SYS_WBINVD,		/* 0F 09 */
	X86_SYS_WBNOINVD,	/* F3 0F 09 */
	X86_SYS_VMMCALL,	/* 0F 01 D9 (AMD) */
	X86_SYS_VMCALL,		/* 0F 01 C1 (Intel) */
	X86_SYS_XSETBV,		/* 0F 01 D1 */
	X86_SYS_MOV_TO_CR,	/* 0F 22 /r: CR@cr <- GPR@reg */
	X86_SYS_MOV_FROM_CR,	/* 0F 20 /r: GPR@reg <- CR@cr */
	X86_SYS_MOV_TO_DR,	/* 0F 23 /r: DR@cr <- GPR@reg */
	X86_SYS_MOV_FROM_DR,	/* 0F 21 /r: GPR@reg <- DR@cr */
	X86_SYS_CLTS,		/* 0F 06 */
	X86_SYS_LMSW,		/* 0F 01 /6: CR0[3:0] <- r/m16 */
	X86_SYS_SMSW,		/* 0F 01 /4: r/m <- CR0 (m16) */
	X86_SYS_INVLPG,		/* 0F 01 /7, memory only */
	X86_SYS_PAUSE,		/* F3 90, any REX */
	X86_SYS_MONITOR,	/* 0F 01 C8: address DS:[rAX] */
	X86_SYS_MWAIT,		/* 0F 01 C9 */
	X86_SYS_INT1,		/* F1 (ICEBP) */
	X86_SYS_INT3,		/* CC */
	X86_SYS_INTN,		/* CD ib */
	X86_SYS_INTO,		/* CE, not in 64-bit mode */
	X86_SYS_IRET,		/* CF */
	X86_SYS_IN,		/* E4, E5 (port imm8), EC, ED (port DX) */
	X86_SYS_OUT,		/* E6, E7 (port imm8), EE, EF (port DX) */
	X86_SYS_INS,		/* 6C, 6D: ES:[rDI] <- port DX */
	X86_SYS_OUTS,		/* 6E, 6F: port DX <- DS:[rSI] */
	X86_SYS_KIND_NR
};

/*
 * A memory operand: seg:[base + index * scale + disp], wrapped to
 * addr_size (SDM Vol. 1, 3.7.5). The implicit operands of INS (ES:rDI),
 * OUTS (DS:rSI) and MONITOR (DS:rAX) are given the same way.
 */
struct x86_sys_mem {
	enum x86_seg seg;	/* the override, or DS (SS for rBP/rSP) */
	uint8_t addr_size;	/* 2, 4 or 8 bytes */
	int8_t base;		/* GPR 0-15, or -1: none */
	int8_t index;		/* GPR 0-15, or -1: none */
	uint8_t scale;		/* 1, 2, 4 or 8 */
	bool rip_relative;	/* base is the next instruction's RIP */
	int64_t disp;		/* sign-extended */
};

struct x86_sys_insn {
	enum x86_sys_kind kind;
	uint8_t len;		/* bytes, prefixes included; 0 for OTHER */
	/*
	 * Bytes of the data: MOV CR/DR 4 or 8 (8 in 64-bit mode, whatever
	 * REX.W or 66 say); SMSW 2, 4 or 8 to a register, 2 to memory;
	 * LMSW 2; IN/OUT/INS/OUTS 1, 2 or 4; IRET 2, 4 or 8; else 0.
	 */
	uint8_t op_size;
	/*
	 * MOV CR: the control register, ModRM.reg + 8 * REX.R, or 8 for
	 * AMD's LOCK MOV CR0 (APM vol. 3, MOV CRn, says so for legacy mode;
	 * decoded so in every mode, as QEMU does; @lock tells it apart and
	 * the caller checks CPUID 8000_0001h ECX[4] AltMovCr8, else #UD).
	 * Only 0, 2, 3, 4 and 8 decode. MOV DR: the debug register 0-7
	 * (DR4/DR5 are the caller's to alias or #UD by CR4.DE).
	 */
	uint8_t cr;
	/*
	 * The GPR 0-15 of MOV CR/DR (ModRM.rm + 8 * REX.B; ModRM.mod is
	 * ignored, SDM Vol. 2A, MOV CR: always a register) and of LMSW/SMSW
	 * with a register operand; -1 when the operand is @mem.
	 */
	int8_t reg;
	bool has_mem;		/* @mem is valid: LMSW/SMSW/INVLPG m, INS, */
	struct x86_sys_mem mem;	/* OUTS, MONITOR */
	uint8_t vector;		/* INT1 1, INT3 3, INTO 4, INT n: n */
	bool port_imm;		/* IN/OUT: the port is @port, not DX */
	uint8_t port;
	bool lock;		/* F0 seen (only LOCK MOV CR0 takes it) */
	uint8_t rep;		/* the last F2/F3 seen, or 0 (INS/OUTS: REP) */
};

enum x86_sys_error {
	X86_SYS_OK = 0,
	X86_SYS_TRUNCATED = -1,	/* needs more bytes than @n */
	X86_SYS_INVALID = -2,	/* #UD or, longer than 15 bytes, #GP */
};

/*
 * Decode the instruction at @bytes, of which the first @n could be fetched
 * (at most X86_INSN_MAX are looked at), in a code segment of @mode 16, 32
 * or 64 bits (64: CS.L in long mode; 32 or 16: CS.D). Returns:
 *
 *  X86_SYS_OK         *@out filled in; its kind is one of the above, or
 *                     X86_SYS_OTHER (a valid prefix run and opcode this
 *                     decoder does not model: len 0, nothing else set but
 *                     lock and rep). Only the bytes needed to tell are
 *                     read, so an OTHER may be cut short or #UD.
 *  X86_SYS_TRUNCATED  the instruction goes on past @n bytes (and @n < 15):
 *                     fetch more (the next page) and ask again.
 *  X86_SYS_INVALID    an encoding of one of the kinds above that the CPU
 *                     refuses: LOCK other than on MOV CR0 (so also LOCK
 *                     with REX.R), MOV CR1/5-7/9-15, MOV DR8-15, INTO in
 *                     64-bit mode (#UD); or no end within 15 bytes (SDM
 *                     Vol. 2A, 2.3.11: #GP).
 *
 * Legacy prefixes (F0, F2, F3, 2E, 36, 3E, 26, 64, 65, 66, 67) are taken in
 * any order and number; a REX (40-4F, 64-bit mode only) counts only right
 * before the opcode. F2/F3/66 before a 0F 01 register form (C1, C8, C9,
 * D1, D9, F9) make it OTHER: newer CPUs define them as other instructions
 * (F3 0F 01 D9 is VMGEXIT, 66 0F 01 CF SEAMCALL...); so do F2, and 66
 * without F3, before 0F 09, whose F3 form is WBNOINVD.
 */
int x86_sys_decode(const uint8_t *bytes, size_t n, unsigned int mode,
		   struct x86_sys_insn *out);

/*
 * The effective address of @m (its offset in @m->seg, without the base),
 * with the registers @gpr (RAX ... R15, encoding order) and @next_rip,
 * the RIP after the instruction (for RIP-relative operands).
 */
uint64_t x86_sys_ea(const struct x86_sys_mem *m, const uint64_t gpr[16],
		    uint64_t next_rip);

/* The kind's name, for traces ("cpuid", "mov-to-cr"...). */
const char *x86_sys_kind_name(enum x86_sys_kind kind);

#endif
