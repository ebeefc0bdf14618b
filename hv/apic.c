// SPDX-License-Identifier: MIT
/*
 * The VM's local APIC and IOAPIC behind the MMIO registry and the MSRs
 * (see apic.h). The models are pure; this file gives them the time, the
 * guest-physical windows and each other (a level-triggered EOI reaches
 * the IOAPIC).
 */
#include "hv/apic.h"

#include "drivers/tsc.h"
#include "hv/arch.h"
#include "hv/errno.h"
#include "hv/printk.h"
#include "hv/vm.h"
#include "msr_index.h"

#define CPUID_ADDR_SIZES	0x80000008u

/* ------------------------------------------------------- local APIC */

/*
 * The xAPIC page: where IA32_APIC_BASE puts it, while enabled in xAPIC
 * mode. In x2APIC mode it decodes as nothing (SDM 10.12.2): an unclaimed
 * device-window address (hv/mmio.c).
 */
static bool lapic_claims(struct vcpu *v, uint64_t gpa, uint64_t *off)
{
	uint64_t base = lapic_mmio_base(&v->lapic);

	if (!lapic_hw_enabled(&v->lapic) || lapic_x2apic_mode(&v->lapic) ||
	    gpa < base ||
	    gpa >= base + LAPIC_SIZE)
		return false;
	*off = gpa - base;
	return true;
}

/* Registers are 32 bits wide: narrower accesses read 0, as QEMU's. */
static uint64_t lapic_read(struct vcpu *v, uint64_t off, unsigned int size)
{
	if (size < 4)
		return 0;
	return lapic_model_read(&v->lapic, (uint32_t)off,
				arch_read_timestamp());
}

static void lapic_write(struct vcpu *v, uint64_t off, unsigned int size,
			uint64_t value)
{
	int eoi;

	if (size < 4)
		return;
	eoi = lapic_model_write(&v->lapic, (uint32_t)off, (uint32_t)value,
				arch_read_timestamp());
	if (eoi >= 0)
		ioapic_eoi(&v->vm->ioapic, (uint8_t)eoi);
}

static const struct mmio_device lapic_mmio = {
	.name = "local APIC",
	.claims = lapic_claims,
	.read = lapic_read,
	.write = lapic_write,
};

/* ----------------------------------------------------------- IOAPIC */

static bool ioapic_claims(struct vcpu *v, uint64_t gpa, uint64_t *off)
{
	(void)v;
	if (gpa < IOAPIC_DEFAULT_BASE || gpa >= IOAPIC_DEFAULT_BASE + IOAPIC_SIZE)
		return false;
	*off = gpa - IOAPIC_DEFAULT_BASE;
	return true;
}

/* IOREGSEL and IOWIN repeat every 256 bytes of the window, as in QEMU. */
static uint64_t ioapic_read(struct vcpu *v, uint64_t off, unsigned int size)
{
	(void)size;
	return ioapic_model_read(&v->vm->ioapic, (uint32_t)off & 0xff);
}

static void ioapic_write(struct vcpu *v, uint64_t off, unsigned int size,
			 uint64_t value)
{
	(void)size;
	ioapic_model_write(&v->vm->ioapic, (uint32_t)off & 0xff,
			   (uint32_t)value);
}

static const struct mmio_device ioapic_mmio = {
	.name = "IOAPIC",
	.claims = ioapic_claims,
	.read = ioapic_read,
	.write = ioapic_write,
};

int apic_vm_init(struct vm *vm)
{
	int rc;

	lapic_model_init(&vm->vcpu.lapic, 0, tsc_hz);
	ioapic_model_init(&vm->ioapic, &vm->vcpu.lapic);
	rc = mmio_register(vm, &lapic_mmio);
	if (!rc)
		rc = mmio_register(vm, &ioapic_mmio);
	return rc;
}

/* ------------------------------------------------------------- MSRs */

/* MAXPHYADDR, as the guest's CPUID 0x80000008 says (SDM 4.1.4). */
static unsigned int phys_bits(void)
{
	uint32_t r[4];

	arch_cpuid(CPUID_ADDR_SIZES, 0, r);
	return (r[0] & 0xff) ? (r[0] & 0xff) : 36;
}

/* lapic_x2apic_*()'s answer: both kinds of #GP, counted as msr.c does. */
static int x2apic_rc(int rc)
{
	if (rc == LAPIC_MSR_NONE)
		return -HV_ENOENT;	/* no such register (in this mode) */
	return rc ? -HV_EINVAL : 0;
}

int apic_msr_read(struct vcpu *v, uint32_t index, uint64_t *value)
{
	if (index >= X2APIC_MSR_FIRST && index <= X2APIC_MSR_LAST)
		return x2apic_rc(lapic_x2apic_read(&v->lapic, index, value,
						   arch_read_timestamp()));
	switch (index) {
	case MSR_IA32_APIC_BASE:
		*value = v->lapic.base;
		return 0;
	case MSR_IA32_TSC_DEADLINE:
		*value = lapic_read_tsc_deadline(&v->lapic);
		return 0;
	default:
		return -HV_ENOENT;
	}
}

int apic_msr_write(struct vcpu *v, uint32_t index, uint64_t value)
{
	uint64_t now = arch_read_timestamp();
	int rc, eoi;

	if (index >= X2APIC_MSR_FIRST && index <= X2APIC_MSR_LAST) {
		rc = lapic_x2apic_write(&v->lapic, index, value, now, &eoi);
		if (eoi >= 0)
			ioapic_eoi(&v->vm->ioapic, (uint8_t)eoi);
		return x2apic_rc(rc);
	}
	switch (index) {
	case MSR_IA32_APIC_BASE:
		return lapic_write_base(&v->lapic, value, phys_bits(), now) ?
		       -HV_EINVAL : 0;
	case MSR_IA32_TSC_DEADLINE:
		lapic_write_tsc_deadline(&v->lapic, value, now,
					 now + v->msrs.tsc_offset);
		return 0;
	default:
		return -HV_ENOENT;
	}
}

void apic_tsc_moved(struct vcpu *v)
{
	uint64_t now = arch_read_timestamp();

	lapic_tsc_moved(&v->lapic, now, now + v->msrs.tsc_offset);
}

void apic_report(const struct vm *vm)
{
	const struct dev_lapic *l = &vm->vcpu.lapic;

	if (l->nmis || vm->stats.nmis_injected || arch_host_nmis())
		printk("nmi: guest=%s raised=%llu injected=%llu host=%llu\n",
		       vm->name, (unsigned long long)l->nmis,
		       (unsigned long long)vm->stats.nmis_injected,
		       (unsigned long long)arch_host_nmis());
	if (!l->ipis_dropped && !vm->ioapic.dropped)
		return;
	printk("apic: guest=%s ipis_dropped=%llu ioapic_dropped=%llu\n",
	       vm->name, (unsigned long long)l->ipis_dropped,
	       (unsigned long long)vm->ioapic.dropped);
}
