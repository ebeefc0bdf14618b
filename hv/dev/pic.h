/* SPDX-License-Identifier: MIT */
/*
 * A pair of 8259A interrupt controllers (master at 0x20/0x21, slave at
 * 0xa0/0xa1 on the master's IRQ 2), as a PC guest programs them: ICW1-ICW4,
 * OCW1 (mask), OCW2 (EOI), OCW3 (read IRR/ISR). Edge-triggered inputs,
 * fixed priority (IRQ 0 highest). Intel 8259A datasheet.
 *
 * With them, the PIIX3's edge/level control registers (ELCR1 at 0x4d0,
 * ELCR2 at 0x4d1; PIIX3 datasheet 2.4.10, QEMU's i8259): one bit per IRQ,
 * IRQ 0-2, 8 and 13 always edge. They are stored and read back; the
 * inputs stay edge-triggered (docs/platform.md, "Devices").
 */
#ifndef HV_DEV_PIC_H
#define HV_DEV_PIC_H

#include <stdbool.h>
#include <stdint.h>

struct pic_chip {
	uint8_t irr, isr, imr;
	uint8_t vector_base;
	uint8_t init_step;	/* 0: ready; 2-4: expecting ICW2-ICW4 */
	uint8_t elcr;		/* edge/level control: 1 = level */
	bool need_icw4, single, read_isr, auto_eoi;
};

struct dev_pic {
	struct pic_chip chip[2];	/* master, slave */
};

void pic_model_init(struct dev_pic *p);
uint8_t pic_model_read(struct dev_pic *p, uint16_t port);
void pic_model_write(struct dev_pic *p, uint16_t port, uint8_t value);

/* ELCR1 (@chip 0, IRQ 0-7) and ELCR2 (@chip 1, IRQ 8-15). */
uint8_t pic_elcr_read(const struct dev_pic *p, unsigned int chip);
void pic_elcr_write(struct dev_pic *p, unsigned int chip, uint8_t value);

/* An edge on IRQ line @irq (0-15). */
void pic_raise_irq(struct dev_pic *p, unsigned int irq);

/* Is IRQ line @irq masked (at the slave, or at the master's cascade)? */
bool pic_irq_masked(const struct dev_pic *p, unsigned int irq);

/* Is a request on line @irq waiting in IRR (taken or not)? */
bool pic_irq_requested(const struct dev_pic *p, unsigned int irq);

/* Is an unmasked interrupt waiting that the guest should see? */
bool pic_has_interrupt(const struct dev_pic *p);

/* The CPU takes it: IRR -> ISR; returns the vector. Only if has_interrupt. */
uint8_t pic_acknowledge(struct dev_pic *p);

#endif
