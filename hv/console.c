// SPDX-License-Identifier: MIT
/* The guests' console input and who holds it (see console.h). */
#include "hv/console.h"

#include "hv/printk.h"
#include "hv/vm.h"

static struct vm *guests;
static unsigned int nguests, focus;
static unsigned int switch_presses;	/* Ctrl-As in a row so far */

struct vm *console_input_focus(void)
{
	if (!nguests || guests[focus].state != VM_RUNNING)
		return NULL;
	return &guests[focus];
}

static void announce(void)
{
	struct vm *vm = console_input_focus();

	if (vm)
		printk("console: input goes to guest %s (Ctrl-A three times "
		       "passes it on)\n", vm->name);
}

/* The next running guest after the current one gets the input. */
static void pass_focus(void)
{
	for (unsigned int i = 1; i <= nguests; i++) {
		unsigned int next = (focus + i) % nguests;

		if (guests[next].state == VM_RUNNING) {
			focus = next;
			break;
		}
	}
	announce();
}

void console_input_start(struct vm *vms, unsigned int n)
{
	guests = vms;
	nguests = n;
	focus = 0;
	switch_presses = 0;
	if (n && vms[0].state != VM_RUNNING)
		pass_focus();
	else
		announce();
}

static void queue(struct console_input *in, uint8_t c)
{
	in->buf[(in->head + in->count++) % CONSOLE_INPUT_MAX] = c;
}

/* Move what waits for @vm into its console, as far as it has room. */
static bool feed(struct vm *vm)
{
	struct console_input *in = &vm->console_in;
	bool got = false;

	while (in->count) {
		unsigned int run = CONSOLE_INPUT_MAX - in->head;
		size_t n;

		if (run > in->count)
			run = in->count;
		/* Its virtio console once the driver is live, else the UART. */
		n = virtio_console_takes_input(vm) ?
		    virtio_console_input(vm, in->buf + in->head, run) :
		    uart_model_receive(&vm->uart, in->buf + in->head, run);
		if (!n)
			break;
		got = true;
		in->received += n;
		in->head = (in->head + (unsigned int)n) % CONSOLE_INPUT_MAX;
		in->count -= (unsigned int)n;
	}
	return got;
}

/* One typed byte: a step of the switch sequence, or input for the guest. */
static void typed(struct vm *vm, uint8_t c)
{
	struct console_input *in = &vm->console_in;

	if (c == CONSOLE_SWITCH_KEY &&
	    ++switch_presses == CONSOLE_SWITCH_PRESSES) {
		switch_presses = 0;
		pass_focus();
		return;
	}
	if (c == CONSOLE_SWITCH_KEY)
		return;
	/* Ctrl-As that did not make a switch were meant for the guest. */
	for (; switch_presses; switch_presses--)
		queue(in, CONSOLE_SWITCH_KEY);
	queue(in, c);
}

bool console_input_poll(void)
{
	struct vm *vm = console_input_focus();
	bool got = false;

	if (!vm && nguests)
		pass_focus();		/* its guest ended: the next one */
	vm = console_input_focus();
	if (!vm)
		return false;
	got = feed(vm);
	/*
	 * Take from the host's UART only what the buffer can hold (with the
	 * Ctrl-As that may be waiting): the rest stays there, not lost.
	 */
	while (vm->console_in.count + CONSOLE_SWITCH_PRESSES < CONSOLE_INPUT_MAX) {
		int c = console_read();
		struct vm *now;

		if (c < 0)
			break;
		typed(vm, (uint8_t)c);
		now = console_input_focus();
		if (now != vm) {
			got |= feed(vm);
			vm = now;
			if (!vm)
				return got;
		}
	}
	return feed(vm) || got;
}
