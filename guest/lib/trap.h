/* SPDX-License-Identifier: MIT */
/*
 * Exceptions and interrupts: the IDT, the frame the entry stubs build
 * (isr.asm) and one handler per vector.
 */
#ifndef GUEST_LIB_TRAP_H
#define GUEST_LIB_TRAP_H

#include <stdint.h>

/* Exactly what isr.asm leaves on the stack, lowest address first. */
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;	/* trap_common */
	uint64_t vector;				/* the stub */
	uint64_t error;					/* the CPU, or 0 */
	uint64_t rip, cs, rflags, rsp, ss;		/* the CPU */
};
_Static_assert(sizeof(struct trap_frame) == 22 * 8, "isr.asm pushes 22 quadwords");

/* Vectors with a stub: all of them (exceptions 0-31, then interrupts). */
#define TRAP_VECTORS	256
#define TRAP_IRQ_BASE	0x20		/* IRQ n arrives at vector 0x20 + n */

/* Exception vectors (SDM Vol. 3A, Table 6-1) the workloads name. */
#define VEC_DE		0
#define VEC_BP		3
#define VEC_UD		6
#define VEC_DF		8
#define VEC_GP		13
#define VEC_PF		14

/*
 * A handler sees (and may change) the interrupted state: setting tf->rip
 * past the faulting instruction skips it. Interrupts are off while it runs
 * (the IDT holds interrupt gates).
 */
typedef void (*trap_handler_t)(struct trap_frame *tf);

/* Fill and load the IDT. Call once, first thing in kmain(). */
void trap_init(void);

/* Handle @vector with @h (NULL: the default, fatal). Returns the old one. */
trap_handler_t trap_set_handler(unsigned int vector, trap_handler_t h);

/* "#GP", "IRQ0", ... */
const char *trap_name(unsigned int vector);

/* Print the frame and leave with EXIT_UNHANDLED_TRAP. */
void trap_fatal(const struct trap_frame *tf) __attribute__((noreturn));

/* Called by isr.asm only. */
void trap_dispatch(struct trap_frame *tf);

#endif
