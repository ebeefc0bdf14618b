/* SPDX-License-Identifier: MIT */
/*
 * The machine as a workload sees it: a console, a periodic timer, a way to
 * wait, a way to step aside and a way to stop. Two backends implement all
 * of it, and both are linked into every guest:
 *
 *   pc.c   a bare PC: 16550 UART, 8259 PIC, 8254 PIT and the exit port
 *          at 0xf4. Runs natively on QEMU and fully virtualized.
 *   pv.c   paravirtual: hypercalls to EduHV (include/hypercall.h), no
 *          device at all.
 *
 * platform_init() picks one at run time from the Multiboot command line:
 * the word "platform=pv" asks for pv, "platform=pc" or nothing for pc. So
 * one image runs natively, fully virtualized and paravirtualized, and a
 * workload that uses only this interface prints the same transcript on
 * every backend. Order in kmain(): trap_init(), then platform_init().
 */
#ifndef GUEST_LIB_PLATFORM_H
#define GUEST_LIB_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

/*
 * Exit statuses. Workloads use 0 (success) to 99. QEMU's isa-debug-exit
 * ends the emulator with (status << 1) | 1, which must fit in 8 bits, so
 * platform_exit() turns anything outside 0..127 into 127.
 */
#define EXIT_IDLE_FOREVER	122	/* pv: platform_idle() with nothing to wait for */
#define EXIT_BAD_PLATFORM	123	/* platform=X, X neither pc nor pv */
#define EXIT_NO_HYPERVISOR	124	/* platform=pv, but no EduHV to talk to */
#define EXIT_NO_LONG_MODE	125	/* entry.asm: the CPU cannot run us */
#define EXIT_UNHANDLED_TRAP	126	/* trap_fatal() */
#define EXIT_KMAIN_RETURNED	127	/* entry.asm: kmain() must not return */

/*
 * Choose the backend from the command line in the Multiboot information
 * (kmain's @magic and @info), then: console ready, interrupt sources
 * quiet, interrupts off. If the choice cannot be honoured it says so in
 * one "platform: " line and exits (EXIT_NO_HYPERVISOR, EXIT_BAD_PLATFORM).
 */
void platform_init(uint32_t magic, uint32_t info);

/* "pc" or "pv": the backend platform_init() chose. */
const char *platform_name(void);

/*
 * Write @len bytes; '\n' ends a line. pc sends each byte at once (and
 * "\r\n" for '\n'); pv collects up to 4 KiB and sends them in one
 * hypercall.
 */
void platform_console_write(const char *buf, size_t len);

/* Send what platform_console_write() still holds (pc: nothing). */
void platform_console_flush(void);

/*
 * Start the periodic timer at @hz, counted by platform_ticks(). Needs
 * trap_init(). Returns 0, or -1 if the timer cannot run at @hz.
 */
int platform_timer_start(unsigned int hz);

/*
 * Ticks since platform_timer_start(). pc counts timer interrupts as they
 * come; pv has no interrupts and counts in platform_idle(), so a pv
 * guest sees ticks only through platform_idle().
 */
uint64_t platform_ticks(void);

/*
 * Wait for the next event and return after it has been handled, with
 * interrupts off. pc: STI; HLT; CLI, woken by any interrupt. pv: sleep
 * until the next tick is due (or a message arrives) and count at most one
 * tick; a guest that fell behind catches up one tick per call without
 * sleeping. With no timer running, pc never returns and pv exits with
 * EXIT_IDLE_FOREVER (nothing could ever wake it).
 */
void platform_idle(void);

/* Let something else run for a moment. pc: PAUSE; pv: HC_YIELD. */
void platform_yield(void);

/* Flush the console and stop the machine with @status. */
void platform_exit(int status) __attribute__((noreturn));

#endif
