// SPDX-License-Identifier: MIT
/*
 * uartirq: the 16550's interrupts on IRQ 4, as Linux's 8250 driver meets
 * them, each step in loopback so that nothing reaches the console: THR
 * empty when enabled and after each byte, received data, an overrun as a
 * line status interrupt, their priority (line status, received data, THR
 * empty), the FIFO at trigger level 1 and its reset. The handler serves
 * every cause IIR shows, as serial8250_handle_irq() does, and logs them;
 * the log is printed at the end with the UART as the console left it.
 */
#include "guest/lib/pic.h"
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/trap.h"
#include "guest/lib/uart.h"
#include "guest/lib/x86.h"

#define IRQ_COM1	4
#define MCR_OUT2	0x08
#define MCR_LOOP	0x10
#define LSR_DR		0x01
#define LOG_MAX		16

struct step {
	const char *name;
	unsigned int irqs;		/* interrupts taken */
	unsigned int ncause;
	uint8_t cause[LOG_MAX];		/* IIR as the handler read it */
	unsigned int nrx;
	char rx[LOG_MAX];		/* bytes it read from RBR */
	uint8_t lsr;			/* LSR the handler read for a line status cause */
};

static struct step steps[8];
static struct step *now;
static unsigned int nsteps;

void kmain(uint32_t magic, uint32_t info);

static uint8_t rd(unsigned int reg)
{
	return inb(COM1 + reg);
}

static void wr(unsigned int reg, uint8_t v)
{
	outb(COM1 + reg, v);
}

static void com1_irq(struct trap_frame *tf)
{
	uint8_t iir;

	(void)tf;
	now->irqs++;
	while (!((iir = rd(UART_FCR)) & 1) && now->ncause < LOG_MAX) {
		now->cause[now->ncause++] = iir;
		switch (iir & 0x0e) {
		case 0x06:			/* line status: read LSR */
			now->lsr = rd(UART_LSR);
			break;
		case 0x04:			/* received data */
		case 0x0c:			/* character timeout */
			while ((rd(UART_LSR) & LSR_DR) && now->nrx < LOG_MAX)
				now->rx[now->nrx++] = (char)rd(UART_THR);
			break;
		default:			/* THR empty: the IIR read cleared it */
			break;
		}
	}
	pic_eoi(IRQ_COM1);
}

/* Open the interrupt window a little: whatever is pending arrives. */
static void window(void)
{
	sti();
	for (int i = 0; i < 1000; i++)
		cpu_relax();
	cli();
}

static void begin(const char *name)
{
	now = &steps[nsteps++];
	now->name = name;
}

static void send(const char *s)
{
	while (*s)
		wr(UART_THR, (uint8_t)*s++);
}

/*
 * IIR by name, with "fifo:" when bits 7:6 say the FIFOs are on. Received
 * data and the character timeout are one cause here: which one a FIFO
 * below its trigger level reports first depends on QEMU's clock (it
 * raises the timeout four character times later, in real time), and the
 * 8250 driver handles both alike.
 */
static void print_cause(uint8_t iir)
{
	static const char *const name[8] = {
		"modem", "thre", "rx", "lsr", "?", "?", "rx", "?" };

	printf(" %s%s", iir & 0xc0 ? "fifo:" : "",
	       iir & 1 ? "none" : name[(iir >> 1) & 7]);
}

static void print_step(const struct step *s)
{
	printf("uartirq: %s: %u irq, iir", s->name, s->irqs);
	for (unsigned int i = 0; i < s->ncause; i++)
		print_cause(s->cause[i]);
	printf(", rx \"%.*s\"", (int)s->nrx, s->rx);
	if (s->lsr)
		printf(", lsr %02x", s->lsr);
	printf("\n");
}

void kmain(uint32_t magic, uint32_t info)
{
	uint8_t ier, mcr, fcr_iir;

	trap_init();
	platform_init(magic, info);
	uart_flush();
	ier = rd(UART_IER);
	mcr = rd(UART_MCR);
	fcr_iir = rd(UART_FCR);
	pic_init(TRAP_IRQ_BASE, TRAP_IRQ_BASE + 8);
	trap_set_handler(TRAP_IRQ_BASE + IRQ_COM1, com1_irq);
	pic_unmask(IRQ_COM1);

	cli();
	wr(UART_FCR, 0x00);			/* FIFOs off */
	wr(UART_MCR, MCR_LOOP | MCR_OUT2);
	begin("polled, IER 0");
	now->cause[now->ncause++] = rd(UART_FCR);
	window();

	begin("THR empty enabled");
	wr(UART_IER, 0x02);
	window();

	begin("a byte sent");
	send("x");				/* loops back: data ready */
	window();

	begin("received data enabled");
	wr(UART_IER, 0x03);
	window();

	begin("overrun, line status enabled");
	wr(UART_IER, 0x07);
	send("ab");				/* 'b' overruns 'a' */
	window();

	begin("FIFO on, trigger 1");
	wr(UART_FCR, 0x07);			/* both resets: THR empty again */
	window();

	begin("two bytes into the FIFO");
	send("cd");
	window();

	begin("IER 0");
	wr(UART_IER, 0x00);
	send("e");
	window();

	/* The console as it was (its FIFO reset drops the looped 'e'). */
	wr(UART_MCR, mcr);
	wr(UART_FCR, (fcr_iir & 0xc0) ? 0x07 : 0x00);
	wr(UART_IER, ier);
	for (unsigned int i = 0; i < nsteps; i++)
		print_step(&steps[i]);
	printf("uartirq: done\n");
	platform_exit(0);
}
