// SPDX-License-Identifier: MIT
/*
 * echo: read lines typed at the console (the 16550's receiver, polled
 * through LSR.DR, as a boot loader's prompt does) and say each back, until
 * an empty line. With several echo guests, the hypervisor's console input
 * goes to one of them at a time (Ctrl-A three times passes it on): each
 * one's transcript shows only what was typed while it held the input.
 */
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/trap.h"
#include "guest/lib/uart.h"
#include "guest/lib/x86.h"

#define LSR_DR		0x01
#define LINE_MAX	64

void kmain(uint32_t magic, uint32_t info);

static char read_byte(void)
{
	while (!(inb(COM1 + UART_LSR) & LSR_DR))
		cpu_relax();
	return (char)inb(COM1 + UART_THR);
}

void kmain(uint32_t magic, uint32_t info)
{
	char line[LINE_MAX];
	unsigned int lines = 0;

	trap_init();
	platform_init(magic, info);
	for (;;) {
		size_t n = 0;
		char c;

		printf("echo: ready for line %u\n", lines + 1);
		while ((c = read_byte()) != '\r' && c != '\n')
			if (n < LINE_MAX)
				line[n++] = c;
		if (!n)
			break;
		lines++;
		printf("echo: got \"%.*s\"\n", (int)n, line);
	}
	printf("echo: %u lines, done\n", lines);
	platform_exit(0);
}
