/* SPDX-License-Identifier: MIT */
/*
 * A guest's virtio-mmio devices (virtio=console in hv.cfg): today one
 * virtio-console (hv/dev/virtio_console.h) whose 0x200-byte register
 * window is at 0xfeb00000 (where QEMU's microvm puts its first one), its
 * interrupt on GSI 5 (ISA IRQ 5, free on this PC), level-triggered,
 * active high. The guest's DSDT declares it as LNRO0005 (hv/acpi/dsdt.c),
 * which is how Linux's virtio_mmio driver finds it on ACPI.
 *
 * Its output joins the UART's on the guest's console line; typed input
 * goes to it instead of the UART once the driver is live (hv/console.c).
 * A driver that breaks the rules stops only this device, with one line:
 *   virtio: guest=NAME device=console queue=N stopped: REASON
 */
#ifndef HV_VIRTIO_H
#define HV_VIRTIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hv/dev/virtio_console.h"

#define VIRTIO_CONSOLE_MMIO_BASE	0xfeb00000ULL
#define VIRTIO_CONSOLE_GSI		5

struct vm;

/*
 * A driver may break its device, reset it and break it again forever:
 * the first stops are shown, the rest only counted (the VM's report).
 */
#define VIRTIO_STOPS_SHOWN	100

struct vm_virtio {
	bool console_on;
	struct virtio_console console;
	uint64_t stops;			/* times the device stopped itself */
};

/* Set up and claim the configured devices. 0, or a hypervisor error. */
int virtio_vm_init(struct vm *vm);

/* Give typed input to its virtio console if that is live: bytes taken. */
bool virtio_console_takes_input(struct vm *vm);
size_t virtio_console_input(struct vm *vm, const uint8_t *buf, size_t n);

/* Could its virtio console's interrupt wake the guest (input pending)? */
bool virtio_input_can_wake(const struct vm *vm);

/* One line of counts at the end of the VM, if it had a device. */
void virtio_report(const struct vm *vm);

#endif
