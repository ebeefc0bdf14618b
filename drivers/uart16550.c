// SPDX-License-Identifier: MIT
/*
 * Polled 16550 UART: the hypervisor's main console and the transcript that
 * the system tests read. Register layout per the PC16550D datasheet.
 */
#include "drivers/uart16550.h"

#include "hv/arch.h"
#include "hv/printk.h"

#define UART_THR	0	/* transmit holding (DLAB=0) */
#define UART_RBR	0	/* receive buffer (DLAB=0) */
#define UART_IER	1
#define UART_DLL	0	/* divisor latch (DLAB=1) */
#define UART_DLM	1
#define UART_FCR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define UART_SCR	7

#define LCR_DLAB	0x80
#define LCR_8N1		0x03
#define LSR_DR		0x01	/* a received byte is waiting */
#define LSR_THRE	0x20	/* transmit holding register empty */
#define LSR_TEMT	0x40	/* transmitter empty: the last bit is out */
#define SPIN_LIMIT	100000	/* a missing UART must not hang us */

static uint16_t uart_port;

static void uart_putc(char c)
{
	for (int i = 0; i < SPIN_LIMIT; i++)
		if (arch_inb(uart_port + UART_LSR) & LSR_THRE)
			break;
	arch_outb(uart_port + UART_THR, (uint8_t)c);
}

static void uart_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			uart_putc('\r');
		uart_putc(s[i]);
	}
}

/*
 * Before power-off: wait until the transmitter is empty, then a little
 * longer, because an emulator moves the last byte to its output on its
 * own clock (Bochs: one character time, about 4000 instructions) and
 * drops it if the machine goes off first.
 */
static void uart_flush(void)
{
	for (int i = 0; i < SPIN_LIMIT; i++)
		if (arch_inb(uart_port + UART_LSR) & LSR_TEMT)
			break;
	for (int i = 0; i < 20000; i++)
		arch_inb(uart_port + UART_LSR);
}

/* What the user typed: the guests' console input (hv/console.c). */
static int uart_read(void)
{
	if (!(arch_inb(uart_port + UART_LSR) & LSR_DR))
		return -1;
	return arch_inb(uart_port + UART_RBR);
}

static const struct console uart_console = {
	.name = "serial",
	.write = uart_write,
	.flush = uart_flush,
	.read = uart_read,
};

void uart_init(uint16_t port)
{
	/* The scratch register tells whether a UART is there at all. */
	arch_outb(port + UART_SCR, 0x5a);
	if (arch_inb(port + UART_SCR) != 0x5a)
		return;
	uart_port = port;
	arch_outb(port + UART_IER, 0x00);
	arch_outb(port + UART_LCR, LCR_DLAB);
	arch_outb(port + UART_DLL, 1);		/* 115200 = 1843200 / 16 / 1 */
	arch_outb(port + UART_DLM, 0);
	arch_outb(port + UART_LCR, LCR_8N1);
	arch_outb(port + UART_FCR, 0x07);	/* enable and clear FIFOs */
	arch_outb(port + UART_MCR, 0x03);	/* DTR, RTS */
	console_register(&uart_console);
}
