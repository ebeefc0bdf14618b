/* SPDX-License-Identifier: MIT */
/* The two cascaded 8259A interrupt controllers of the PC. */
#ifndef GUEST_LIB_PIC_H
#define GUEST_LIB_PIC_H

#include <stdint.h>

#define PIC1_CMD	0x20
#define PIC1_DATA	0x21
#define PIC2_CMD	0xa0
#define PIC2_DATA	0xa1

#define PIC_CASCADE_IRQ	2	/* the slave hangs off the master's IR2 */

/* Remap IRQ 0-7 to @master_base and 8-15 to @slave_base; mask them all. */
void pic_init(uint8_t master_base, uint8_t slave_base);

/* Let @irq through (a slave IRQ also opens the cascade). */
void pic_unmask(unsigned int irq);

/* End of interrupt for @irq: non-specific EOI to the chip(s) it went through. */
void pic_eoi(unsigned int irq);

/* In-service and request registers, slave in bits 8-15 (OCW3). */
uint16_t pic_read_isr(void);
uint16_t pic_read_irr(void);

#endif
