/* SPDX-License-Identifier: MIT */
/*
 * The guest's ISA interrupt lines (IRQ 0-15), as devices drive them. A
 * device only says what its line does; where the line goes (the 8259 PIC,
 * and the IOAPIC pin a PC wires it to: IRQ 0 on pin 2, the others on the
 * pin of their number) is decided here, once.
 */
#ifndef HV_IRQ_H
#define HV_IRQ_H

#include <stdbool.h>

struct vm;

#define ISA_IRQS	16

/* The device drives its line to @level (a UART's INTR, level-style). */
void vm_set_irq(struct vm *vm, unsigned int irq, bool level);

/* A rising and a falling edge (the PIT's OUT0 at the end of a period). */
void vm_pulse_irq(struct vm *vm, unsigned int irq);

#endif
