/* SPDX-License-Identifier: MIT */
#ifndef ARCH_X86_TRAPS_H
#define ARCH_X86_TRAPS_H

#include <stdint.h>

/*
 * What isr.asm leaves on the stack, lowest address first: the general
 * registers it pushes, then vector and error code (a 0 is pushed for
 * vectors without one), then the frame the CPU pushed (SDM Vol. 3A, 6.14.1
 * "64-Bit Mode Stack Frame"). Keep in sync with isr.asm.
 */
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error_code;
	uint64_t rip, cs, rflags, rsp, ss;
};

_Static_assert(sizeof(struct trap_frame) == 22 * 8, "matches isr.asm");

void trap_init(void);
void trap_handler(struct trap_frame *f);

/*
 * Point vector @vector at @handler, an interrupt gate (the NMI's too, isr.asm). The
 * hypervisor takes no interrupt but its own preemption timer's (the SVM
 * backend, arch/x86/svm/svm_timer.c); other vectors stay not present.
 */
void trap_set_interrupt_gate(uint8_t vector, const void *handler);

#endif
