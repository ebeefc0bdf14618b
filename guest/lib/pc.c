// SPDX-License-Identifier: MIT
/*
 * The bare-PC platform backend: what QEMU's pc machine offers, and what
 * the hypervisor emulates for a fully virtualized guest.
 *
 *   console  COM1 16550 at 0x3f8, 115200 8N1, polled
 *   timer    8254 channel 0, mode 2 -> IRQ0 -> 8259 master -> vector 0x20
 *   idle     STI; HLT
 *   yield    PAUSE: there is nobody to yield to
 *   exit     the status byte to port 0xf4 (QEMU's isa-debug-exit)
 *
 * It is also what platform.c uses before platform_init() has chosen, and
 * to say why it cannot run the backend the command line asked for.
 */
#include "guest/lib/pic.h"
#include "guest/lib/pit.h"
#include "guest/lib/platform_ops.h"
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

static void pc_init(void)
{
	uart_init();
	pic_init(TRAP_IRQ_BASE, TRAP_IRQ_BASE + 8);
	trap_set_handler(TRAP_IRQ_BASE + SPURIOUS_IRQ1, spurious_irq);
	trap_set_handler(TRAP_IRQ_BASE + SPURIOUS_IRQ2, spurious_irq);
}

/* Every byte has left when uart_write() returns: nothing to flush. */
static void pc_console_flush(void)
{
}

static int pc_timer_start(unsigned int hz)
{
	if (pit_start_periodic(hz))
		return -1;
	trap_set_handler(TRAP_IRQ_BASE + TIMER_IRQ, timer_irq);
	pic_unmask(TIMER_IRQ);
	return 0;
}

static uint64_t pc_ticks(void)
{
	return ticks;
}

/*
 * STI delays interrupts until after the next instruction (SDM Vol. 2B,
 * STI), so an interrupt that is already pending cannot slip in between
 * and leave HLT waiting for the next one: it wakes HLT at once.
 */
static void pc_idle(void)
{
	__asm__ volatile("sti; hlt; cli" : : : "memory");
}

static void pc_yield(void)
{
	cpu_relax();
}

static void pc_exit(int status)
{
	uart_flush();
	outb(EXIT_PORT, (uint8_t)status);
	halt_forever();			/* where there is no exit device */
}

const struct platform_ops pc_platform = {
	.name		= "pc",
	.init		= pc_init,
	.console_write	= uart_write,
	.console_flush	= pc_console_flush,
	.timer_start	= pc_timer_start,
	.ticks		= pc_ticks,
	.idle		= pc_idle,
	.yield		= pc_yield,
	.exit		= pc_exit,
};
