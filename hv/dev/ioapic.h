/* SPDX-License-Identifier: MIT */
/*
 * The I/O APIC of a PC at 0xfec00000 (Intel 82093AA datasheet; QEMU's
 * hw/intc/ioapic.c, version 0x20, 24 pins): IOREGSEL at offset 0x00,
 * IOWIN at 0x10; registers ID (0x00), version (0x01: 0x00170020),
 * arbitration (0x02) and 24 redirection entries (0x10 + 2n, low and high
 * halves). Each entry: vector, delivery mode, destination mode, delivery
 * status, polarity, remote IRR, trigger mode, mask, destination. Reset
 * masks them all. Edge entries send one message per asserting edge;
 * level entries send one, set remote IRR and send again after the local
 * APIC's EOI if the line is still asserted. Edges on a masked pin are
 * lost (the datasheet; QEMU keeps them). Messages go to the one local
 * APIC of the VM when the destination names it (physical or logical);
 * fixed and lowest-priority delivery and NMI (one per asserting edge,
 * level or not: the vCPU's NMI latch); ExtINT, SMI and INIT are counted
 * and dropped. Pure: the unit tests run it.
 */
#ifndef HV_DEV_IOAPIC_H
#define HV_DEV_IOAPIC_H

#include <stdbool.h>
#include <stdint.h>

#include "hv/dev/lapic.h"

#define IOAPIC_DEFAULT_BASE	0xfec00000ULL
#define IOAPIC_SIZE		0x1000ULL
#define IOAPIC_PINS		24
#define IOAPIC_VERSION		0x00170020u	/* 24 entries, version 0x20 */

#define IOAPIC_REGSEL		0x00
#define IOAPIC_WINDOW		0x10
/* Version 0x20 IOAPICs (ICH, QEMU's): a write of a vector ends its level interrupt. */
#define IOAPIC_EOI		0x40

#define IOAPIC_REG_ID		0x00
#define IOAPIC_REG_VER		0x01
#define IOAPIC_REG_ARB		0x02
#define IOAPIC_REG_REDTBL	0x10

/* Redirection entry bits (82093AA, 3.2.4). */
#define IOAPIC_DM_MASK		(7ULL << 8)
#define IOAPIC_DEST_LOGICAL	(1ULL << 11)
#define IOAPIC_DELIVS		(1ULL << 12)
#define IOAPIC_POLARITY_LOW	(1ULL << 13)
#define IOAPIC_REMOTE_IRR	(1ULL << 14)
#define IOAPIC_LEVEL		(1ULL << 15)
#define IOAPIC_MASKED		(1ULL << 16)

struct dev_ioapic {
	struct dev_lapic *lapic;	/* where its messages go */
	uint8_t regsel;
	uint8_t id;
	uint32_t lines;			/* input levels, as the wires are */
	uint64_t redir[IOAPIC_PINS];
	uint64_t dropped;		/* messages nobody took */
};

void ioapic_model_init(struct dev_ioapic *io, struct dev_lapic *lapic);

/* @off in the 4 KiB window; 32-bit accesses (the datasheet's). */
uint32_t ioapic_model_read(struct dev_ioapic *io, uint32_t off);
void ioapic_model_write(struct dev_ioapic *io, uint32_t off, uint32_t value);

/* The wire into @pin is at @level (high = 1). */
void ioapic_set_irq(struct dev_ioapic *io, unsigned int pin, bool level);

/* The local APIC retired level-triggered @vector (SDM 10.8.5). */
void ioapic_eoi(struct dev_ioapic *io, uint8_t vector);

/* Can an edge on @pin reach the CPU (unmasked)? For sleep and deadlines. */
bool ioapic_pin_unmasked(const struct dev_ioapic *io, unsigned int pin);
/* Unmasked with delivery mode NMI: an edge on it is an NMI. */
bool ioapic_pin_nmi(const struct dev_ioapic *io, unsigned int pin);

#endif
