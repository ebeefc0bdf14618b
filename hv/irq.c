// SPDX-License-Identifier: MIT
/* ISA interrupt lines to the interrupt controllers (see irq.h). */
#include "hv/irq.h"

#include "hv/apic.h"
#include "hv/vm.h"

void vm_set_irq(struct vm *vm, unsigned int irq, bool level)
{
	uint16_t bit;
	bool was;

	if (irq >= ISA_IRQS)
		return;
	bit = (uint16_t)(1u << irq);
	was = vm->irq_lines & bit;
	if (level)
		vm->irq_lines |= bit;
	else
		vm->irq_lines &= (uint16_t)~bit;
	/* The 8259 in edge mode latches a rising edge (8259A data sheet). */
	if (level && !was)
		pic_raise_irq(&vm->pic, irq);
	/* And to the IOAPIC pin a PC wires it to (MP specification 1.4, chapter 5). */
	ioapic_set_irq(&vm->ioapic, apic_isa_pin(irq), level);
}

void vm_pulse_irq(struct vm *vm, unsigned int irq)
{
	vm_set_irq(vm, irq, true);
	vm_set_irq(vm, irq, false);
}
