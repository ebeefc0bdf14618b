// SPDX-License-Identifier: MIT
/* 8259A pair model (see pic.h). Pure: the host unit tests run it. */
#include "hv/dev/pic.h"

#define ICW1_INIT	0x10
#define ICW1_ICW4	0x01
#define ICW1_SINGLE	0x02
#define OCW3_SEL	0x08
#define CASCADE_IRQ	2
/* The ELCR bits that can be set: not IRQ 0, 1, 2 (master), 8, 13 (slave). */
static const uint8_t elcr_mask[2] = { 0xf8, 0xde };

void pic_model_init(struct dev_pic *p)
{
	for (int i = 0; i < 2; i++)
		p->chip[i] = (struct pic_chip){ .imr = 0xff,
						.vector_base = i ? 0x70 : 0x08 };
}

/*
 * Highest-priority IRR bit not masked and not blocked by the ISR; -1 if
 * none. Priority is fixed, IRQ 0 highest: the lowest set bit among the
 * requests and the in-service bits decides. (Called before every VM
 * entry, so it is kept short.)
 */
static int pending(const struct pic_chip *c, uint8_t irr)
{
	uint8_t req = irr & ~c->imr;
	int first;

	if (!req)
		return -1;
	first = __builtin_ctz((unsigned int)(req | c->isr));
	return (c->isr & (1u << first)) ? -1 : first;
}

static uint8_t master_irr(const struct dev_pic *p)
{
	/* The slave's output drives the master's IRQ 2 input. */
	return p->chip[0].irr |
	       (pending(&p->chip[1], p->chip[1].irr) >= 0 ? 1u << CASCADE_IRQ : 0);
}

bool pic_irq_masked(const struct dev_pic *p, unsigned int irq)
{
	if (irq >= 8 && (p->chip[0].imr & (1u << CASCADE_IRQ)))
		return true;
	return p->chip[irq / 8].imr & (1u << (irq % 8));
}

bool pic_irq_requested(const struct dev_pic *p, unsigned int irq)
{
	return irq < 16 && (p->chip[irq / 8].irr & (1u << (irq % 8)));
}

bool pic_has_interrupt(const struct dev_pic *p)
{
	return pending(&p->chip[0], master_irr(p)) >= 0;
}

uint8_t pic_acknowledge(struct dev_pic *p)
{
	struct pic_chip *m = &p->chip[0], *s = &p->chip[1];
	int irq = pending(m, master_irr(p));

	if (irq < 0)
		return m->vector_base | 7;	/* spurious, as the 8259A does */
	if (irq == CASCADE_IRQ && !(m->irr & (1u << CASCADE_IRQ))) {
		int sirq = pending(s, s->irr);

		if (!m->auto_eoi)
			m->isr |= 1u << CASCADE_IRQ;
		s->irr &= ~(1u << sirq);
		if (!s->auto_eoi)
			s->isr |= 1u << sirq;
		return (uint8_t)(s->vector_base + sirq);
	}
	m->irr &= ~(1u << irq);
	if (!m->auto_eoi)
		m->isr |= 1u << irq;
	return (uint8_t)(m->vector_base + irq);
}

void pic_raise_irq(struct dev_pic *p, unsigned int irq)
{
	if (irq < 16)
		p->chip[irq / 8].irr |= 1u << (irq % 8);
}

uint8_t pic_model_read(struct dev_pic *p, uint16_t port)
{
	struct pic_chip *c = &p->chip[(port & 0x80) ? 1 : 0];

	if (port & 1)
		return c->imr;
	if (c->read_isr)
		return c->isr;
	/* The master's IR2 line is the slave's output. */
	return c == &p->chip[0] ? master_irr(p) : c->irr;
}

static void write_command(struct pic_chip *c, uint8_t v)
{
	if (v & ICW1_INIT) {
		c->init_step = 2;
		c->need_icw4 = v & ICW1_ICW4;
		c->single = v & ICW1_SINGLE;
		c->imr = 0;
		c->isr = 0;
		c->irr = 0;
		c->read_isr = false;
		c->auto_eoi = false;
		return;
	}
	if (v & OCW3_SEL) {			/* OCW3 */
		if (v & 0x02)
			c->read_isr = v & 0x01;
		return;
	}
	switch (v >> 5) {			/* OCW2; rotation not modelled */
	case 1:					/* non-specific EOI */
	case 5:					/* ... and rotate */
		for (int i = 0; i < 8; i++)
			if (c->isr & (1u << i)) {
				c->isr &= ~(1u << i);
				break;
			}
		break;
	case 3:					/* specific EOI */
	case 7:					/* ... and rotate */
		c->isr &= ~(1u << (v & 7));
		break;
	default:				/* set priority, rotate in AEOI */
		break;
	}
}

static void write_data(struct pic_chip *c, uint8_t v)
{
	switch (c->init_step) {
	case 2:					/* ICW2: vector base */
		c->vector_base = v & 0xf8;
		c->init_step = c->single ? (c->need_icw4 ? 4 : 0) : 3;
		break;
	case 3:					/* ICW3: cascade wiring */
		c->init_step = c->need_icw4 ? 4 : 0;
		break;
	case 4:					/* ICW4 */
		c->auto_eoi = v & 0x02;
		c->init_step = 0;
		break;
	default:				/* OCW1: the mask */
		c->imr = v;
		break;
	}
}

uint8_t pic_elcr_read(const struct dev_pic *p, unsigned int chip)
{
	return p->chip[chip & 1].elcr;
}

void pic_elcr_write(struct dev_pic *p, unsigned int chip, uint8_t value)
{
	p->chip[chip & 1].elcr = value & elcr_mask[chip & 1];
}

void pic_model_write(struct dev_pic *p, uint16_t port, uint8_t value)
{
	struct pic_chip *c = &p->chip[(port & 0x80) ? 1 : 0];

	if (port & 1)
		write_data(c, value);
	else
		write_command(c, value);
}
