/* SPDX-License-Identifier: MIT */
/*
 * exits: a guest that makes every kind of VM exit a VT-x hypervisor traps
 * and checks what came back. One line per check:
 *
 *   exits: <kind>: ok
 *   exits: <kind>: FAIL <what was wrong>
 *   exits: <kind>: <why it does not apply here>   (not counted)
 *
 * and the exit status is the number of failures. Natively (QEMU, -cpu max)
 * every check says ok; under the hypervisor it must say the same.
 */
#ifndef GUEST_EXITS_H
#define GUEST_EXITS_H

#include <stdint.h>

void check_ok(const char *kind);
void check_fail(const char *kind, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void check_skip(const char *kind, const char *why);

/* ok if @got is @want (exception vectors, -1 for none), else FAIL. */
int check_vector(const char *kind, int got, int want);

/*
 * Running on QEMU's TCG, the native reference, which differs from real
 * hardware in two ways these checks meet (QEMU 7.2,
 * target/i386/tcg/sysemu/misc_helper.c): RDMSR/WRMSR of an unknown MSR
 * read 0 and ignore the write instead of raising #GP, and a MOV to CR4
 * that sets a reserved bit hangs the emulator instead of raising #GP.
 * Found by its CPUID signature "TCGTCGTCGTCG" at leaf 0x40000000.
 */
int on_qemu_tcg(void);

/* A byte no device answers on, natively on QEMU's pc machine or in hv. */
#define UNCLAIMED_PORT	0x2f0

/* The check groups, in the order main.c runs them. */
void exits_cpuid(void);
void exits_pio(void);
void exits_string_io(void);
void exits_msr(void);
void exits_cr(void);
void exits_xsetbv(void);
void exits_insn(void);
void exits_page_fault(void);
void exits_timer(void);

#endif
