// SPDX-License-Identifier: MIT
/*
 * The bare-PC platform backend: what QEMU's pc machine offers, and what
 * the hypervisor emulates for a fully virtualized guest.
 *
 *   console  COM1 16550 at 0x3f8, 115200 8N1, polled
 *   timer    8254 channel 0, mode 2 -> IRQ0 -> 8259 master -> vector 0x20
 *   idle     STI; HLT
 *   exit     the status byte to port 0xf4 (QEMU's isa-debug-exit)
 */
#include "guest/lib/platform.h"
#include "guest/lib/pic.h"
#include "guest/lib/pit.h"
#include "guest/lib/trap.h"
#include "guest/lib/uart.h"
#include "guest/lib/x86.h"

#define EXIT_PORT	0xf4
#define TIMER_IRQ	0
#define SPURIOUS_IRQ1	7	/* the master's spurious IRQ */
#define SPURIOUS_IRQ2	15	/* the slave's */

static volatile uint64_t ticks;

static void timer_irq(struct trap_frame *tf)
{
	ticks++;
	pic_eoi(TIMER_IRQ);
}

/*
 * An 8259A whose request goes away before the CPU acknowledges it reports
 * IRQ7 (IRQ15 on the slave) without setting its in-service bit. Such an
 * interrupt gets no EOI, except that the master did see the slave's
 * cascade request (8259A datasheet, "Interrupt sequence"). All but IRQ0
 * are masked, so a real IRQ7 or IRQ15 here is a bug.
 */
static void spurious_irq(struct trap_frame *tf)
{
	unsigned int irq = (unsigned int)tf->vector - TRAP_IRQ_BASE;

	if (pic_read_isr() & (1u << irq))
		trap_fatal(tf);
	if (irq == SPURIOUS_IRQ2)
		pic_eoi(PIC_CASCADE_IRQ);
}

void platform_init(void)
{
	uart_init();
	pic_init(TRAP_IRQ_BASE, TRAP_IRQ_BASE + 8);
	trap_set_handler(TRAP_IRQ_BASE + SPURIOUS_IRQ1, spurious_irq);
	trap_set_handler(TRAP_IRQ_BASE + SPURIOUS_IRQ2, spurious_irq);
}

void platform_console_write(const char *buf, size_t len)
{
	uart_write(buf, len);
}

int platform_timer_start(unsigned int hz)
{
	if (pit_start_periodic(hz))
		return -1;
	trap_set_handler(TRAP_IRQ_BASE + TIMER_IRQ, timer_irq);
	pic_unmask(TIMER_IRQ);
	return 0;
}

uint64_t platform_ticks(void)
{
	return ticks;
}

/*
 * STI delays interrupts until after the next instruction (SDM Vol. 2B,
 * STI), so an interrupt that is already pending cannot slip in between
 * and leave HLT waiting for the next one: it wakes HLT at once.
 */
void platform_idle(void)
{
	__asm__ volatile("sti; hlt; cli" : : : "memory");
}

void platform_exit(int status)
{
	if (status < 0 || status > 127)
		status = 127;
	uart_flush();
	outb(EXIT_PORT, (uint8_t)status);
	halt_forever();			/* where there is no exit device */
}
