/* SPDX-License-Identifier: MIT */
/*
 * The machine as a workload sees it: a console, a periodic timer, a way to
 * wait and a way to stop. Each backend implements all of it:
 *
 *   pc.c   a bare PC: 16550 UART, 8259 PIC, 8254 PIT and the exit port
 *          at 0xf4. Runs natively on QEMU and fully virtualized.
 *   (a paravirtual backend, with hypercalls, comes later)
 *
 * A workload that uses only this interface prints the same transcript on
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
#define EXIT_NO_LONG_MODE	125	/* entry.asm: the CPU cannot run us */
#define EXIT_UNHANDLED_TRAP	126	/* trap_fatal() */
#define EXIT_KMAIN_RETURNED	127	/* entry.asm: kmain() must not return */

/* Console ready, interrupt sources quiet. Interrupts stay off. */
void platform_init(void);

/* Write @len bytes; '\n' ends a line (a backend may send "\r\n"). */
void platform_console_write(const char *buf, size_t len);

/*
 * Start the periodic timer at @hz, counted by platform_ticks(). Needs
 * trap_init(). Returns 0, or -1 if the timer cannot run at @hz.
 */
int platform_timer_start(unsigned int hz);

/* Timer interrupts since platform_timer_start(). */
uint64_t platform_ticks(void);

/*
 * Enable interrupts, wait for one, and return with interrupts off again
 * after it has been handled. Without a pending or coming interrupt it
 * does not return.
 */
void platform_idle(void);

/* Flush the console and stop the machine with @status. */
void platform_exit(int status) __attribute__((noreturn));

#endif
