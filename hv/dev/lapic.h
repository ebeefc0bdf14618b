/* SPDX-License-Identifier: MIT */
/*
 * The local APIC of one vCPU (Intel SDM Vol. 3A, chapter 10 "Advanced
 * Programmable Interrupt Controller"), as QEMU's `pc` machine gives it
 * with TCG (hw/intc/apic.c: version 0x50014, a 1 GHz timer clock), plus
 * x2APIC mode (SDM 10.12), which QEMU's TCG lacks: the same registers as
 * MSRs 0x800-0x8ff (hv/dev/x2apic.c). In xAPIC mode:
 *
 *   IA32_APIC_BASE (MSR 0x1b)   BSP, global enable, relocatable base
 *   0x020 ID          0x030 version      0x080 TPR        0x090 APR (0)
 *   0x0a0 PPR         0x0b0 EOI          0x0d0 LDR        0x0e0 DFR
 *   0x0f0 SVR         0x100-0x170 ISR    0x180-0x1f0 TMR  0x200-0x270 IRR
 *   0x280 ESR         0x300/0x310 ICR    0x320 LVT timer  0x330 thermal
 *   0x340 perf        0x350 LINT0        0x360 LINT1      0x370 error
 *   0x380 initial count   0x390 current count   0x3e0 divide configuration
 *   IA32_TSC_DEADLINE (MSR 0x6e0)
 *
 * The timer counts a 1 GHz bus clock divided by the divide configuration
 * (SDM 10.5.4), in one-shot, periodic or TSC-deadline mode; everything is
 * timed by the TSC (the guest's TSC is the host's). Interrupts are
 * accepted into IRR and handed to the CPU by priority (SDM 10.8.3.1).
 * ExtINT on LINT0 (the 8259's INTR, virtual wire mode) bypasses IRR: the
 * caller asks lapic_accepts_pic(). Pure: the host unit tests run it.
 */
#ifndef HV_DEV_LAPIC_H
#define HV_DEV_LAPIC_H

#include <stdbool.h>
#include <stdint.h>

#define LAPIC_DEFAULT_BASE	0xfee00000ULL
#define LAPIC_SIZE		0x1000ULL
#define LAPIC_BUS_HZ		1000000000ULL	/* QEMU's APIC_BUS_FREQUENCY */
#define LAPIC_VERSION		0x00050014u	/* 6 LVT entries, version 0x14 */

/* IA32_APIC_BASE (SDM 10.4.4, Figure 10-5). */
#define APIC_BASE_BSP		(1ULL << 8)
#define APIC_BASE_EXTD		(1ULL << 10)	/* x2APIC mode (SDM 10.12.1) */
#define APIC_BASE_ENABLE	(1ULL << 11)

/* Register offsets in the xAPIC page (SDM Table 10-1). */
#define APIC_ID		0x020
#define APIC_LVR	0x030
#define APIC_TPR	0x080
#define APIC_APR	0x090
#define APIC_PPR	0x0a0
#define APIC_EOI	0x0b0
#define APIC_RRD	0x0c0
#define APIC_LDR	0x0d0
#define APIC_DFR	0x0e0
#define APIC_SVR	0x0f0
#define APIC_ISR	0x100
#define APIC_TMR	0x180
#define APIC_IRR	0x200
#define APIC_ESR	0x280
#define APIC_ICR	0x300
#define APIC_ICR2	0x310
#define APIC_LVTT	0x320
#define APIC_LVTTHMR	0x330
#define APIC_LVTPC	0x340
#define APIC_LVT0	0x350
#define APIC_LVT1	0x360
#define APIC_LVTERR	0x370
#define APIC_TMICT	0x380
#define APIC_TMCCT	0x390
#define APIC_TDCR	0x3e0
#define APIC_SELF_IPI	0x3f0	/* x2APIC mode only: MSR 0x83f */

/* LVT entries, in register order (and QEMU's). */
enum lapic_lvt {
	LVT_TIMER, LVT_THERMAL, LVT_PERF, LVT_LINT0, LVT_LINT1, LVT_ERROR,
	LVT_NR
};

#define APIC_LVT_MASKED		(1u << 16)
#define APIC_LVT_LEVEL		(1u << 15)
#define APIC_DM_MASK		(7u << 8)
#define APIC_DM_FIXED		(0u << 8)
#define APIC_DM_NMI		(4u << 8)
#define APIC_DM_EXTINT		(7u << 8)
#define APIC_TIMER_MODE_MASK	(3u << 17)
#define APIC_TIMER_ONESHOT	(0u << 17)
#define APIC_TIMER_PERIODIC	(1u << 17)
#define APIC_TIMER_TSC_DEADLINE	(2u << 17)
#define APIC_SVR_ENABLE		(1u << 8)

/* ESR bits (SDM 10.5.3, Figure 10-9). */
#define APIC_ESR_SEND_ILLEGAL	(1u << 5)
#define APIC_ESR_RECV_ILLEGAL	(1u << 6)
#define APIC_ESR_ILLEGAL_REG	(1u << 7)

struct dev_lapic {
	uint64_t tsc_hz;
	uint64_t tsc_per_tick;	/* TSC per bus tick, 32.32 fixed point */
	uint64_t tick_per_tsc;	/* bus ticks per TSC tick, 32.32 */
	uint64_t base;		/* IA32_APIC_BASE */
	uint8_t initial_id;	/* CPUID's; the x2APIC ID (SDM 10.12.5.1) */
	uint8_t id;		/* xAPIC ID as written; initial_id in x2APIC */
	uint8_t tpr;
	uint8_t ldr;		/* LDR bits 31:24 */
	uint8_t dfr_model;	/* DFR bits 31:28: 0xf flat, 0 cluster */
	uint32_t svr;
	uint32_t esr, esr_pending;	/* readable, and since the last write */
	uint32_t isr[8], tmr[8], irr[8];
	uint32_t icr_lo, icr_hi;	/* hi: 31:24 xAPIC, 31:0 x2APIC dest */
	uint32_t lvt[LVT_NR];

	/* The timer. */
	uint32_t initial_count;
	uint32_t divide;	/* TDCR as written */
	unsigned int shift;	/* log2 of the divisor */
	uint64_t load_tsc;	/* when the count was loaded */
	uint64_t next_tsc;	/* its next expiry, 0: none coming */
	uint64_t tsc_deadline;	/* IA32_TSC_DEADLINE, 0: disarmed */

	/* IPIs that reached no vCPU (one vCPU per VM), and other drops. */
	uint64_t ipis_dropped;

	/*
	 * The CPU's NMI latch, kept here because every NMI source comes in
	 * through the local APIC (ICR, LINT0/1, the IOAPIC's messages): one
	 * NMI pending at most, more while one waits are lost (SDM 6.7.1; the
	 * one being handled is the backend's NMI blocking). Not an APIC
	 * register: no APIC reset clears it.
	 */
	bool nmi_pending;
	uint64_t nmis;			/* raised, latched or not */
	uint8_t lint_lines;		/* LINT0, LINT1 levels (bits 0, 1) */

	/* What the guest did, for the statistics' marks (hv/stats.h). */
	uint64_t eoi_writes;		/* to the EOI register */
	uint64_t deadline_writes;	/* to IA32_TSC_DEADLINE */
};

/*
 * The state after reset and the firmware (QEMU's apic_reset_common(),
 * then SeaBIOS): base 0xfee00000, BSP, enabled; ID @id; SVR 0x1ff;
 * LINT0 0x8700 = ExtINT (virtual wire: the 8259's interrupts reach the
 * CPU), LINT1 0x8400 = NMI.
 */
void lapic_model_init(struct dev_lapic *l, uint8_t id, uint64_t tsc_hz);

/* The xAPIC page: @off in [0, 0x1000), 4-byte accesses (others: 0, dropped). */
uint32_t lapic_model_read(struct dev_lapic *l, uint32_t off, uint64_t now);
/*
 * Returns the vector an EOI retired if it was level-triggered (the IOAPIC
 * must hear of it: SDM 10.8.5), else -1.
 */
int lapic_model_write(struct dev_lapic *l, uint32_t off, uint32_t value,
		      uint64_t now);

/*
 * IA32_APIC_BASE. @phys_bits is MAXPHYADDR: address bits above it, bits
 * 0-7 and 9 are reserved: -1 (#GP), else 0. EN and EXTD move between the
 * modes of SDM 10.12.5 (Figure 10-27): disabled <-> xAPIC -> x2APIC ->
 * disabled; x2APIC -> xAPIC, disabled -> x2APIC and EN=0 EXTD=1 #GP.
 * Clearing the enable bit resets the APIC (SDM 10.4.3).
 */
int lapic_write_base(struct dev_lapic *l, uint64_t value, unsigned int phys_bits,
		     uint64_t now);
static inline bool lapic_hw_enabled(const struct dev_lapic *l)
{
	return l->base & APIC_BASE_ENABLE;
}
/* EN and EXTD: the registers are MSRs, the MMIO page is gone (10.12.2). */
static inline bool lapic_x2apic_mode(const struct dev_lapic *l)
{
	return (l->base & (APIC_BASE_ENABLE | APIC_BASE_EXTD)) ==
	       (APIC_BASE_ENABLE | APIC_BASE_EXTD);
}
static inline uint64_t lapic_mmio_base(const struct dev_lapic *l)
{
	return l->base & ~0xfffULL;
}

/*
 * IA32_TSC_DEADLINE (SDM 10.5.4.1): a value of the guest's TSC, which
 * reads @guest_now at the host's @now. When the guest moves its TSC
 * (IA32_TSC, IA32_TSC_ADJUST), lapic_tsc_moved() re-aims an armed one.
 */
uint64_t lapic_read_tsc_deadline(const struct dev_lapic *l);
void lapic_write_tsc_deadline(struct dev_lapic *l, uint64_t value,
			      uint64_t now, uint64_t guest_now);
void lapic_tsc_moved(struct dev_lapic *l, uint64_t now, uint64_t guest_now);

/* CR8 is TPR[7:4] (SDM 10.8.6.1). */
uint8_t lapic_read_cr8(const struct dev_lapic *l);
void lapic_write_cr8(struct dev_lapic *l, uint8_t value);

/* An interrupt message (from the IOAPIC, an IPI, an LVT): into IRR. */
void lapic_accept(struct dev_lapic *l, uint8_t vector, bool level);

/* An NMI message (ICR, LVT, IOAPIC): latch it for the CPU. */
void lapic_nmi(struct dev_lapic *l);

/* The CPU takes the pending NMI: true if there was one. */
bool lapic_take_nmi(struct dev_lapic *l);

/*
 * The wire into LINT@pin (0 or 1) is at @level. A rising edge on a pin
 * whose LVT entry is unmasked with delivery mode NMI raises an NMI (SDM
 * 10.5.1: NMI is always edge-triggered); with the APIC hardware-disabled
 * LINT1 is the CPU's NMI pin (SDM 10.4.3). LINT0 is the 8259's INTR in a
 * PC, so with LINT0 in NMI mode a PIC interrupt becomes an NMI (QEMU's
 * apic_deliver_pic_intr()). ExtINT stays the caller's (lapic_accepts_pic).
 */
void lapic_set_lint(struct dev_lapic *l, unsigned int pin, bool level);

/*
 * Does a message to @dest in @logical mode reach this APIC (SDM 10.6.2)?
 * @dest is 8 bits (the IOAPIC's): in x2APIC mode 0xff is the broadcast
 * and the rest is compared with the 32-bit ID or LDR, as KVM does.
 */
bool lapic_match_dest(const struct dev_lapic *l, uint8_t dest, bool logical);

/* x2APIC mode's LDR, derived from the ID (SDM 10.12.10.2). */
static inline uint32_t lapic_x2apic_ldr(const struct dev_lapic *l)
{
	return (uint32_t)(l->initial_id >> 4) << 16 | 1u << (l->initial_id & 15);
}

/* SELF IPI (SDM 10.12.11): @vector to itself, fixed and edge-triggered. */
void lapic_self_ipi(struct dev_lapic *l, uint8_t vector);

/*
 * x2APIC mode's MSRs, @msr in 0x800-0x8ff (SDM Table 10-6). 0, or
 * LAPIC_MSR_GP (a write of reserved bits or of a read-only register, a
 * read of a write-only one), or LAPIC_MSR_NONE (no such register, or
 * not in x2APIC mode): both #GP. A write's @eoi gets what
 * lapic_model_write() returns.
 */
#define X2APIC_MSR_FIRST	0x800u
#define X2APIC_MSR_LAST		0x8ffu
#define LAPIC_MSR_GP		(-1)
#define LAPIC_MSR_NONE		(-2)
int lapic_x2apic_read(struct dev_lapic *l, uint32_t msr, uint64_t *value,
		      uint64_t now);
int lapic_x2apic_write(struct dev_lapic *l, uint32_t msr, uint64_t value,
		       uint64_t now, int *eoi);

/*
 * Move the timer on to @now: an expiry sends the LVT timer interrupt (if
 * unmasked). Periods missed while the guest did not run coalesce.
 */
void lapic_update_timer(struct dev_lapic *l, uint64_t now);

/* TSC of the next timer interrupt, 0 if none can come. */
uint64_t lapic_timer_deadline(const struct dev_lapic *l);

/* The timer's current count register at @now (SDM 10.5.4). */
uint32_t lapic_current_count(const struct dev_lapic *l, uint64_t now);

/* Processor priority (SDM 10.8.3.1). */
uint8_t lapic_ppr(const struct dev_lapic *l);

/* Highest vector in IRR, or -1. */
int lapic_highest_irr(const struct dev_lapic *l);

/* Is a vector in IRR that the CPU should take now (above PPR, enabled)? */
bool lapic_has_interrupt(const struct dev_lapic *l);

/* The CPU takes it: IRR -> ISR, returns the vector. Only if has_interrupt. */
uint8_t lapic_acknowledge(struct dev_lapic *l);

/*
 * Is the 8259's INTR let through to the CPU? Yes with the APIC globally
 * or software-disabled (the pins behave as INTR and NMI), and in virtual
 * wire mode (LINT0 unmasked, ExtINT).
 */
bool lapic_accepts_pic(const struct dev_lapic *l);

/* Does the 8259's INTR reach the CPU at all: as ExtINT, or as an NMI? */
bool lapic_pic_wired(const struct dev_lapic *l);
/* LINT0 unmasked in NMI mode: the 8259's INTR rising is an NMI. */
bool lapic_lint0_nmi(const struct dev_lapic *l);

/*
 * KVM's PV EOI (hv/kvm_pv.c): may the guest retire what is in service by
 * clearing a flag in its memory instead of writing EOI? Only if the EOI
 * has nothing else to decide: exactly one vector in service, none
 * requested, and that one edge-triggered (no IOAPIC waits for its EOI),
 * as KVM's apic_sync_pv_eoi_to_guest() has it.
 */
bool lapic_pv_eoi_allowed(const struct dev_lapic *l);

/* The guest cleared the flag: the EOI it did not write (lapic_model_write). */
int lapic_pv_eoi(struct dev_lapic *l);

#endif
