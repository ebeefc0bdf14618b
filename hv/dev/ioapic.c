// SPDX-License-Identifier: MIT
/* I/O APIC model (see ioapic.h). Pure: the unit tests run it. */
#include "hv/dev/ioapic.h"

#define DM_FIXED	0
#define DM_LOWEST	1
#define DM_NMI		4
#define REDIR_WRITABLE	(0xff000000000000ffULL | IOAPIC_DM_MASK | \
			 IOAPIC_DEST_LOGICAL | IOAPIC_POLARITY_LOW | \
			 IOAPIC_LEVEL | IOAPIC_MASKED)

void ioapic_model_init(struct dev_ioapic *io, struct dev_lapic *lapic)
{
	*io = (struct dev_ioapic){ .lapic = lapic };
	for (unsigned int i = 0; i < IOAPIC_PINS; i++)
		io->redir[i] = IOAPIC_MASKED;
}

/* Is the input of @pin asserted, by its polarity? */
static bool asserted(const struct dev_ioapic *io, unsigned int pin)
{
	bool high = io->lines & (1u << pin);

	return (io->redir[pin] & IOAPIC_POLARITY_LOW) ? !high : high;
}

/* Level-triggered in effect: NMI entries are edge whatever bit 15 says. */
static bool level_entry(uint64_t e)
{
	return (e & IOAPIC_LEVEL) && ((e & IOAPIC_DM_MASK) >> 8) != DM_NMI;
}

/* Send @pin's message to the local APIC. */
static void deliver(struct dev_ioapic *io, unsigned int pin)
{
	uint64_t e = io->redir[pin];
	unsigned int dm = (unsigned int)((e & IOAPIC_DM_MASK) >> 8);
	bool level = level_entry(e);

	if ((dm != DM_FIXED && dm != DM_LOWEST && dm != DM_NMI) ||
	    !lapic_match_dest(io->lapic, (uint8_t)(e >> 56),
			      e & IOAPIC_DEST_LOGICAL)) {
		io->dropped++;
		return;
	}
	/*
	 * NMI: no vector, and edge-triggered whatever the entry says (the
	 * 82093AA datasheet, 3.2.4: the trigger mode is ignored for NMI), so
	 * no remote IRR either; one message per asserting edge.
	 */
	if (dm == DM_NMI) {
		lapic_nmi(io->lapic);
		return;
	}
	lapic_accept(io->lapic, (uint8_t)e, level);
	if (level)
		io->redir[pin] |= IOAPIC_REMOTE_IRR;	/* until the EOI */
}

/* A level entry whose line is asserted sends unless it already waits. */
static void service_level(struct dev_ioapic *io, unsigned int pin)
{
	uint64_t e = io->redir[pin];

	if (level_entry(e) && !(e & (IOAPIC_MASKED | IOAPIC_REMOTE_IRR)) &&
	    asserted(io, pin))
		deliver(io, pin);
}

void ioapic_set_irq(struct dev_ioapic *io, unsigned int pin, bool level)
{
	bool before;

	if (pin >= IOAPIC_PINS)
		return;
	before = asserted(io, pin);
	if (level)
		io->lines |= 1u << pin;
	else
		io->lines &= ~(1u << pin);
	if (level_entry(io->redir[pin])) {
		service_level(io, pin);
		return;
	}
	/* Edge: a message per asserting edge, none while masked. */
	if (!before && asserted(io, pin) && !(io->redir[pin] & IOAPIC_MASKED))
		deliver(io, pin);
}

void ioapic_eoi(struct dev_ioapic *io, uint8_t vector)
{
	for (unsigned int pin = 0; pin < IOAPIC_PINS; pin++) {
		uint64_t e = io->redir[pin];

		if (level_entry(e) && (uint8_t)e == vector &&
		    (e & IOAPIC_REMOTE_IRR)) {
			io->redir[pin] &= ~IOAPIC_REMOTE_IRR;
			service_level(io, pin);
		}
	}
}

bool ioapic_pin_unmasked(const struct dev_ioapic *io, unsigned int pin)
{
	return pin < IOAPIC_PINS && !(io->redir[pin] & IOAPIC_MASKED);
}

bool ioapic_pin_nmi(const struct dev_ioapic *io, unsigned int pin)
{
	return ioapic_pin_unmasked(io, pin) &&
	       ((io->redir[pin] & IOAPIC_DM_MASK) >> 8) == DM_NMI;
}

uint32_t ioapic_model_read(struct dev_ioapic *io, uint32_t off)
{
	unsigned int r = io->regsel;

	if (off == IOAPIC_REGSEL)
		return io->regsel;
	if (off != IOAPIC_WINDOW)
		return 0;
	switch (r) {
	case IOAPIC_REG_ID:
		return (uint32_t)io->id << 24;
	case IOAPIC_REG_VER:
		return IOAPIC_VERSION;
	case IOAPIC_REG_ARB:
		return 0;		/* QEMU's: no arbitration ID */
	default:
		if (r >= IOAPIC_REG_REDTBL &&
		    r < IOAPIC_REG_REDTBL + 2 * IOAPIC_PINS) {
			uint64_t e = io->redir[(r - IOAPIC_REG_REDTBL) / 2];

			return (r & 1) ? (uint32_t)(e >> 32) : (uint32_t)e;
		}
		return 0xffffffffu;	/* no register there */
	}
}

void ioapic_model_write(struct dev_ioapic *io, uint32_t off, uint32_t value)
{
	unsigned int r = io->regsel, pin;
	uint64_t e;

	if (off == IOAPIC_REGSEL) {
		io->regsel = (uint8_t)value;
		return;
	}
	/*
	 * The EOI register of a version 0x20 IOAPIC: clears remote IRR of
	 * the level entries with this vector, as a local APIC EOI broadcast
	 * does (Linux's __eoi_ioapic_pin() uses it; QEMU's IOAPIC_EOI).
	 */
	if (off == IOAPIC_EOI) {
		ioapic_eoi(io, (uint8_t)value);
		return;
	}
	if (off != IOAPIC_WINDOW)
		return;
	if (r == IOAPIC_REG_ID) {
		io->id = (value >> 24) & 0xf;
		return;
	}
	if (r < IOAPIC_REG_REDTBL || r >= IOAPIC_REG_REDTBL + 2 * IOAPIC_PINS)
		return;			/* version, arbitration: read-only */
	pin = (r - IOAPIC_REG_REDTBL) / 2;
	e = io->redir[pin];
	if (r & 1)
		e = (e & 0xffffffffULL) | ((uint64_t)value << 32);
	else
		e = (e & ~0xffffffffULL) | value;
	/* Delivery status and remote IRR are the chip's (read-only). */
	io->redir[pin] = (e & REDIR_WRITABLE) |
			 (io->redir[pin] & IOAPIC_REMOTE_IRR);
	if (!level_entry(io->redir[pin]))
		io->redir[pin] &= ~IOAPIC_REMOTE_IRR;
	service_level(io, pin);		/* unmasked with the line asserted */
}
