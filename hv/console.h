/* SPDX-License-Identifier: MIT */
/*
 * The guests' console input. What the user types at the hypervisor's
 * serial console goes to one guest at a time, the one holding the input,
 * into its UART's receiver (and its receive interrupt). Ctrl-A three
 * times in a row passes the input to the next running guest, as Xen's
 * console does; one or two Ctrl-A followed by anything else reach the
 * guest as typed. Bytes a guest's receiver has no room for yet wait in a
 * per-guest buffer, and the host's UART keeps the rest: nothing typed is
 * lost while the guest is slow to read.
 */
#ifndef HV_CONSOLE_H
#define HV_CONSOLE_H

#include <stdbool.h>
#include <stdint.h>

struct vm;

#define CONSOLE_INPUT_MAX 256
#define CONSOLE_SWITCH_KEY 0x01		/* Ctrl-A */
#define CONSOLE_SWITCH_PRESSES 3
#define CONSOLE_POLL_NS 1000000ULL	/* how often a running guest looks */

struct console_input {
	uint8_t buf[CONSOLE_INPUT_MAX];
	unsigned int head, count;
	uint64_t received;		/* bytes its UART took, in all */
};

/* The guests whose console input this is; the first one holds it. */
void console_input_start(struct vm *vms, unsigned int n);

/*
 * Read what the user typed and hand it to the guest holding the input.
 * Returns true if a guest's UART received something (it may wake).
 */
bool console_input_poll(void);

/* The guest holding the input, or NULL when none runs. */
struct vm *console_input_focus(void);

#endif
