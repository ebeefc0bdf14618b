/* SPDX-License-Identifier: MIT */
#ifndef DRIVERS_IRQCHIP_H
#define DRIVERS_IRQCHIP_H

/*
 * The hypervisor takes no interrupts: it polls its devices and uses the
 * VMX-preemption timer. Mask whatever the firmware left on (the legacy
 * PICs, the local APIC's timer and LINT pins), so that no host interrupt
 * ends a guest's time slice for nothing.
 */
void irqchip_quiesce(void);

#endif
