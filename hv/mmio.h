/* SPDX-License-Identifier: MIT */
/*
 * Memory-mapped devices. Their windows are not mapped in the guest's
 * second-level page tables, so each access is an EPT violation (an NPF on
 * SVM); the instruction is decoded (arch/x86/decode.c) and the access
 * reaches the device that claims the address, at its real width.
 */
#ifndef HV_MMIO_H
#define HV_MMIO_H

#include <stdbool.h>
#include <stdint.h>

struct vm;
struct vcpu;

struct mmio_device {
	const char *name;
	/* Is @gpa in this device's window (for this vCPU)? *off: where. */
	bool (*claims)(struct vcpu *v, uint64_t gpa, uint64_t *off);
	/* @size is 1, 2, 4 or 8 bytes. */
	uint64_t (*read)(struct vcpu *v, uint64_t off, unsigned int size);
	void (*write)(struct vcpu *v, uint64_t off, unsigned int size,
		      uint64_t value);
};

#define VM_MMIO_DEVICES_MAX 8

/* The devices of one VM and what reached none of them. */
struct vm_mmio {
	const struct mmio_device *dev[VM_MMIO_DEVICES_MAX];
	unsigned int count;
	uint64_t unclaimed_reads, unclaimed_writes;
	uint64_t emulated;	/* instructions done by hv/mmio_emulate.c */
};

/* Add @dev to @vm's devices: 0, or -HV_ENOSPC (a hypervisor bug). */
int mmio_register(struct vm *vm, const struct mmio_device *dev);

/*
 * One access of @size bytes at @gpa. Returns 0, or -HV_ENOENT when no
 * device is there and the address is in no PC device window (the caller
 * stops the VM). Unclaimed addresses inside a device window read all-ones
 * and drop writes, counted per guest.
 */
int mmio_read(struct vcpu *v, uint64_t gpa, unsigned int size,
	      uint64_t *value);
int mmio_write(struct vcpu *v, uint64_t gpa, unsigned int size,
	       uint64_t value);

/*
 * Is @gpa a device address: claimed by a device, or in a PC device window
 * (where reads float high)? An EPT violation there is emulated.
 */
bool mmio_is_device(struct vcpu *v, uint64_t gpa);

/* The counts line of the VM's report, if anything reached MMIO. */
void mmio_report(const struct vm *vm);

#endif
