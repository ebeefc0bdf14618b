// SPDX-License-Identifier: MIT
/*
 * The local APIC's registers as x2APIC MSRs (SDM Vol. 3A 10.12, Table
 * 10-6): MSR 0x800 + (xAPIC offset >> 4), 32 bits each but the ICR (one
 * 64-bit register, destination in 63:32). The access rules are x2APIC
 * mode's own: a write of a reserved bit (10.12.1.3) or of a read-only
 * register, a read of a write-only one, and the registers the mode drops
 * (DFR, APR, RRD, ICR high) #GP. Everything else is lapic.c's. Pure.
 */
#include "hv/dev/lapic.h"

#define ICR_WRITABLE64	(0xffffffff00000000ULL | 0x000ccfffULL)

/* What a WRMSR may set; the rest is reserved (Figures 10-8, 10-28). */
static uint64_t writable(uint32_t off)
{
	switch (off) {
	case APIC_TPR:
		return 0xff;
	case APIC_SVR:
		return 0x3ff;	/* vector, enable, focus checking (ignored) */
	case APIC_ICR:
		return ICR_WRITABLE64;
	case APIC_LVTT:
		return 0x000710ffu;	/* vector, status, mask, mode */
	case APIC_LVTTHMR:
	case APIC_LVTPC:
		return 0x000117ffu;	/* + delivery mode */
	case APIC_LVT0:
	case APIC_LVT1:
		return 0x0001f7ffu;	/* + polarity, remote IRR, trigger */
	case APIC_LVTERR:
		return 0x000110ffu;
	case APIC_TMICT:
		return 0xffffffffu;
	case APIC_TDCR:
		return 0xb;
	case APIC_SELF_IPI:
		return 0xff;
	default:
		return 0;		/* EOI and ESR: only 0 may be written */
	}
}

/* The xAPIC offset of @msr, or -1 if it is not an x2APIC MSR. */
static int reg_offset(const struct dev_lapic *l, uint32_t msr)
{
	if (!lapic_x2apic_mode(l) || msr < X2APIC_MSR_FIRST ||
	    msr > X2APIC_MSR_LAST)
		return -1;
	return (int)((msr - X2APIC_MSR_FIRST) << 4);
}

int lapic_x2apic_read(struct dev_lapic *l, uint32_t msr, uint64_t *value,
		      uint64_t now)
{
	int off = reg_offset(l, msr);

	switch (off) {
	case APIC_ID:
		*value = l->initial_id;		/* all 32 bits */
		return 0;
	case APIC_LDR:
		*value = lapic_x2apic_ldr(l);
		return 0;
	case APIC_ICR:
		*value = (uint64_t)l->icr_hi << 32 | l->icr_lo;
		return 0;
	case APIC_LVR:
	case APIC_TPR:
	case APIC_PPR:
	case APIC_SVR:
	case APIC_ISR ... APIC_IRR + 0x70:
	case APIC_ESR:
	case APIC_LVTT ... APIC_LVTERR:
	case APIC_TMICT:
	case APIC_TMCCT:
	case APIC_TDCR:
		*value = lapic_model_read(l, (uint32_t)off, now);
		return 0;
	case APIC_EOI:
	case APIC_SELF_IPI:
		return LAPIC_MSR_GP;		/* write-only */
	default:
		return LAPIC_MSR_NONE;
	}
}

int lapic_x2apic_write(struct dev_lapic *l, uint32_t msr, uint64_t value,
		       uint64_t now, int *eoi)
{
	int off = reg_offset(l, msr);

	*eoi = -1;
	switch (off) {
	case APIC_ID:
	case APIC_LVR:
	case APIC_PPR:
	case APIC_LDR:
	case APIC_ISR ... APIC_IRR + 0x70:
	case APIC_TMCCT:
		return LAPIC_MSR_GP;		/* read-only */
	case APIC_TPR:
	case APIC_EOI:
	case APIC_SVR:
	case APIC_ESR:
	case APIC_ICR:
	case APIC_LVTT ... APIC_LVTERR:
	case APIC_TMICT:
	case APIC_TDCR:
	case APIC_SELF_IPI:
		break;
	default:
		return LAPIC_MSR_NONE;
	}
	if (value & ~writable((uint32_t)off))
		return LAPIC_MSR_GP;
	switch (off) {
	case APIC_ICR:
		l->icr_hi = (uint32_t)(value >> 32);	/* before it sends */
		lapic_model_write(l, APIC_ICR, (uint32_t)value, now);
		break;
	case APIC_SELF_IPI:
		lapic_update_timer(l, now);
		lapic_self_ipi(l, (uint8_t)value);
		break;
	default:
		*eoi = lapic_model_write(l, (uint32_t)off, (uint32_t)value, now);
		break;
	}
	return 0;
}
