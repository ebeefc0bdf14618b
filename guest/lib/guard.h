/* SPDX-License-Identifier: MIT */
/*
 * Guarded instructions: run one instruction that may raise an exception,
 * and learn which one, instead of dying. Like Linux's exception tables:
 *
 *	guard_begin();
 *	asm volatile(GUARDED("rdmsr") : ...);
 *	if (guard_fault.vector == VEC_GP) ...
 *
 * GUARDED() records the instruction's address and the address after it in
 * the section "guard_table". trap_dispatch() looks every exception up there
 * before anything else; on a hit it fills in guard_fault and resumes after
 * the instruction. Faults report the instruction itself, traps (#BP, #OF)
 * the one after it (SDM Vol. 3A, 6.5): both addresses count as a hit.
 * Exceptions anywhere else stay fatal.
 */
#ifndef GUEST_LIB_GUARD_H
#define GUEST_LIB_GUARD_H

#include "guest/lib/trap.h"

#include <stdint.h>

#define GUARDED(insn)						\
	"1:\t" insn "\n2:\n"					\
	"\t.pushsection guard_table, \"a\"\n"			\
	"\t.balign 8\n"						\
	"\t.quad 1b, 2b\n"					\
	"\t.popsection\n"

struct guard_entry {
	uint64_t insn;		/* the guarded instruction */
	uint64_t next;		/* where to resume */
};

struct guard_fault {
	int vector;		/* -1: the instruction did not fault */
	uint64_t error;		/* error code, 0 if the vector has none */
	uint64_t rip;		/* as the CPU reported it */
	int after;		/* 1: rip was after the instruction (a trap) */
	uint64_t cr2;		/* for #PF */
	uint64_t rflags;	/* as the CPU pushed it (RF: SDM 19.3.1.1) */
};

extern volatile struct guard_fault guard_fault;

static inline void guard_begin(void)
{
	guard_fault.vector = -1;
	__asm__ volatile("" : : : "memory");
}

/* For trap.c: does @tf come from a guarded instruction? Then resume. */
int guard_catch(struct trap_frame *tf);

/* RDMSR/WRMSR that return the vector they raised, or -1. */
static inline int rdmsr_guarded(uint32_t msr, uint64_t *val)
{
	uint32_t lo = 0, hi = 0;

	guard_begin();
	__asm__ volatile(GUARDED("rdmsr")
			 : "+a"(lo), "+d"(hi) : "c"(msr) : "memory");
	*val = ((uint64_t)hi << 32) | lo;
	return guard_fault.vector;
}

static inline int wrmsr_guarded(uint32_t msr, uint64_t val)
{
	guard_begin();
	__asm__ volatile(GUARDED("wrmsr")
			 : : "c"(msr), "a"((uint32_t)val),
			   "d"((uint32_t)(val >> 32)) : "memory");
	return guard_fault.vector;
}

#endif
