// SPDX-License-Identifier: MIT
/*
 * COM1, polled: the console of the bare-PC platform. Every access here is
 * a port I/O exit when virtualized, so the transmit loop reads LSR once per
 * byte, no more.
 */
#include "guest/lib/uart.h"
#include "guest/lib/x86.h"

#define UART_CLOCK	115200	/* 1.8432 MHz / 16: divisor 1 is 115200 baud */

void uart_init(void)
{
	outb(COM1 + UART_IER, 0x00);		/* polled: no interrupts */
	outb(COM1 + UART_LCR, LCR_DLAB);
	outb(COM1 + UART_DLL, UART_CLOCK / 115200);
	outb(COM1 + UART_DLM, 0x00);
	outb(COM1 + UART_LCR, LCR_8N1);		/* and DLAB = 0 again */
	outb(COM1 + UART_FCR, 0x07);		/* FIFOs on, both cleared */
	outb(COM1 + UART_MCR, 0x03);		/* DTR, RTS; OUT2 off: no IRQ4 */
}

static void uart_putc(char c)
{
	while (!(inb(COM1 + UART_LSR) & LSR_THRE))
		cpu_relax();
	outb(COM1 + UART_THR, (uint8_t)c);
}

void uart_write(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\n')
			uart_putc('\r');
		uart_putc(buf[i]);
	}
}

void uart_flush(void)
{
	while (!(inb(COM1 + UART_LSR) & LSR_TEMT))
		cpu_relax();
}
