// SPDX-License-Identifier: MIT
/* The guest's memory-mapped devices: who claims an address (see mmio.h). */
#include "hv/mmio.h"

#include "hv/errno.h"
#include "hv/memmap.h"
#include "hv/printk.h"
#include "hv/vm.h"

int mmio_register(struct vm *vm, const struct mmio_device *dev)
{
	struct vm_mmio *m = &vm->mmio;

	if (m->count == VM_MMIO_DEVICES_MAX)
		return -HV_ENOSPC;
	m->dev[m->count++] = dev;
	return 0;
}

static const struct mmio_device *find(struct vcpu *v, uint64_t gpa,
				      uint64_t *off)
{
	const struct vm_mmio *m = &v->vm->mmio;

	for (unsigned int i = 0; i < m->count; i++)
		if (m->dev[i]->claims(v, gpa, off))
			return m->dev[i];
	return NULL;
}

static uint64_t ones(unsigned int size)
{
	return size >= 8 ? ~0ULL : (1ULL << (size * 8)) - 1;
}

int mmio_read(struct vcpu *v, uint64_t gpa, unsigned int size,
	      uint64_t *value)
{
	uint64_t off;
	const struct mmio_device *d = find(v, gpa, &off);

	if (d) {
		*value = d->read(v, off, size) & ones(size);
		return 0;
	}
	if (!guest_in_device_window(gpa))
		return -HV_ENOENT;
	/* Nothing decodes the address: the bus floats high, as on a PC. */
	v->vm->mmio.unclaimed_reads++;
	*value = ones(size);
	return 0;
}

int mmio_write(struct vcpu *v, uint64_t gpa, unsigned int size,
	       uint64_t value)
{
	uint64_t off;
	const struct mmio_device *d = find(v, gpa, &off);

	if (d) {
		d->write(v, off, size, value & ones(size));
		return 0;
	}
	if (!guest_in_device_window(gpa))
		return -HV_ENOENT;
	v->vm->mmio.unclaimed_writes++;
	return 0;
}

bool mmio_is_device(struct vcpu *v, uint64_t gpa)
{
	uint64_t off;

	return find(v, gpa, &off) || guest_in_device_window(gpa);
}

void mmio_report(const struct vm *vm)
{
	const struct vm_mmio *m = &vm->mmio;

	if (!m->emulated && !m->unclaimed_reads && !m->unclaimed_writes)
		return;
	printk("mmio: guest=%s emulated=%llu unclaimed_reads=%llu "
	       "unclaimed_writes=%llu\n", vm->name,
	       (unsigned long long)m->emulated,
	       (unsigned long long)m->unclaimed_reads,
	       (unsigned long long)m->unclaimed_writes);
}
