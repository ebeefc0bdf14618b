// SPDX-License-Identifier: MIT
/*
 * 8259A programming, as in the Intel 8259A datasheet: an initialization
 * sequence of ICW1-ICW4 per chip, then operation command words: OCW1
 * (mask, on the data port), OCW2 (EOI) and OCW3 (which register the
 * command port reads), both on the command port.
 *
 * The masks are kept here rather than read back from the chip, so that
 * the only reads are the OCW3 ones.
 */
#include "guest/lib/pic.h"
#include "guest/lib/x86.h"

#define ICW1_INIT	0x10	/* ICW1: start initialization */
#define ICW1_ICW4	0x01	/* ICW4 follows; edge triggered, cascaded */
#define ICW4_8086	0x01	/* 8086 mode, normal (not automatic) EOI */
#define OCW2_EOI	0x20	/* non-specific EOI */
#define OCW3_READ_IRR	0x0a
#define OCW3_READ_ISR	0x0b

static uint8_t mask1 = 0xff, mask2 = 0xff;

void pic_init(uint8_t master_base, uint8_t slave_base)
{
	outb(PIC1_CMD, ICW1_INIT | ICW1_ICW4);
	outb(PIC2_CMD, ICW1_INIT | ICW1_ICW4);
	outb(PIC1_DATA, master_base);			/* ICW2: vector base */
	outb(PIC2_DATA, slave_base);
	outb(PIC1_DATA, 1 << PIC_CASCADE_IRQ);		/* ICW3: slave on IR2 */
	outb(PIC2_DATA, PIC_CASCADE_IRQ);		/* ICW3: my cascade id */
	outb(PIC1_DATA, ICW4_8086);
	outb(PIC2_DATA, ICW4_8086);
	mask1 = mask2 = 0xff;
	outb(PIC1_DATA, mask1);				/* OCW1: all masked */
	outb(PIC2_DATA, mask2);
}

void pic_unmask(unsigned int irq)
{
	if (irq >= 8) {
		mask2 &= (uint8_t)~(1u << (irq - 8));
		outb(PIC2_DATA, mask2);
		irq = PIC_CASCADE_IRQ;
	}
	mask1 &= (uint8_t)~(1u << irq);
	outb(PIC1_DATA, mask1);
}

void pic_eoi(unsigned int irq)
{
	if (irq >= 8)
		outb(PIC2_CMD, OCW2_EOI);
	outb(PIC1_CMD, OCW2_EOI);
}

static uint16_t pic_read(uint8_t ocw3)
{
	uint8_t lo, hi;

	outb(PIC1_CMD, ocw3);
	outb(PIC2_CMD, ocw3);
	lo = inb(PIC1_CMD);
	hi = inb(PIC2_CMD);
	return (uint16_t)(lo | hi << 8);
}

uint16_t pic_read_isr(void)
{
	return pic_read(OCW3_READ_ISR);
}

uint16_t pic_read_irr(void)
{
	return pic_read(OCW3_READ_IRR);
}
