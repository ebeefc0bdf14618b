// SPDX-License-Identifier: MIT
/*
 * hv/dev/lapic.c against the Intel SDM Vol. 3A, chapter 10: the timer's
 * arithmetic (divide configuration, one-shot and periodic current count,
 * TSC-deadline), priority (IRR, ISR, TPR, PPR: 10.8.3.1), EOI, the ICR's
 * destinations and shorthands, IA32_APIC_BASE, LINT0 and the 8259, NMIs
 * (ICR delivery mode NMI, LINT0/LINT1 in NMI mode, the one-deep latch);
 * and x2APIC mode (10.12, hv/dev/x2apic.c): the mode transitions, each
 * MSR's access rule, the 64-bit ICR, SELF IPI, the derived LDR.
 * Most tests run the TSC at 2 GHz (two TSC ticks per 1 GHz bus tick);
 * one group at 50 MHz, where a TSC tick is 20 bus ticks.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <string.h>

#include "hv/dev/lapic.h"

#define HZ2G	2000000000ULL
#define T0	1000000ULL		/* a TSC that is not 0 */

static struct dev_lapic apic;

static void rd_init(uint64_t hz)
{
	lapic_model_init(&apic, 0, hz);
}

static uint32_t rd(uint32_t reg, uint64_t now)
{
	return lapic_model_read(&apic, reg, now);
}

static int wr(uint32_t reg, uint32_t v, uint64_t now)
{
	return lapic_model_write(&apic, reg, v, now);
}

static void self_ipi(uint8_t vector)
{
	wr(APIC_ICR, (1u << 18) | vector, T0);
}

static bool in(uint32_t reg, unsigned int v)
{
	return rd(reg + (v / 32) * 0x10, T0) & (1u << (v % 32));
}

/* ---------------------------------------------------------- the state */

static void test_firmware_state(void **state)
{
	rd_init(HZ2G);
	assert_int_equal(apic.base, 0xfee00000ULL | APIC_BASE_BSP |
			 APIC_BASE_ENABLE);
	assert_int_equal(rd(APIC_ID, T0), 0);
	assert_int_equal(rd(APIC_LVR, T0), 0x50014);
	/* What QEMU 7.2 + SeaBIOS leave (the apic guest reads them natively). */
	assert_int_equal(rd(APIC_SVR, T0), 0x1ff);
	assert_int_equal(rd(APIC_DFR, T0), 0xffffffff);
	assert_int_equal(rd(APIC_LVT0, T0), 0x8700);
	assert_int_equal(rd(APIC_LVT1, T0), 0x8400);
	assert_int_equal(rd(APIC_LVTT, T0), APIC_LVT_MASKED);
	assert_int_equal(rd(APIC_LVTERR, T0), APIC_LVT_MASKED);
	assert_int_equal(rd(APIC_TDCR, T0), 0);
	assert_true(lapic_accepts_pic(&apic));
	assert_false(lapic_has_interrupt(&apic));
}

static void test_registers_read_back(void **state)
{
	rd_init(HZ2G);
	wr(APIC_TPR, 0x1234, T0);
	assert_int_equal(rd(APIC_TPR, T0), 0x34);
	wr(APIC_LDR, 0x12345678, T0);
	assert_int_equal(rd(APIC_LDR, T0), 0x12000000);
	wr(APIC_DFR, 0x0fffffff, T0);
	assert_int_equal(rd(APIC_DFR, T0), 0x0fffffff);
	wr(APIC_LVTT, 0xffffffff, T0);
	assert_int_equal(rd(APIC_LVTT, T0), 0x000700ff);
	wr(APIC_LVT0, 0xffffffff, T0);
	assert_int_equal(rd(APIC_LVT0, T0), 0x0001a7ff);
	wr(APIC_ICR2, 0xffffffff, T0);
	assert_int_equal(rd(APIC_ICR2, T0), 0xff000000);
	wr(APIC_LVR, 0, T0);			/* read-only */
	assert_int_equal(rd(APIC_LVR, T0), 0x50014);
	wr(APIC_ID, 0x05000000, T0);
	assert_int_equal(rd(APIC_ID, T0), 0x05000000);
}

static void test_software_disable(void **state)
{
	rd_init(HZ2G);
	wr(APIC_LVTT, 0x20, T0);
	wr(APIC_SVR, 0xff, T0);
	/* SDM 10.4.7.2: every LVT masked, and it stays so. */
	assert_true(rd(APIC_LVTT, T0) & APIC_LVT_MASKED);
	assert_true(rd(APIC_LVT0, T0) & APIC_LVT_MASKED);
	wr(APIC_LVT0, APIC_DM_EXTINT, T0);
	assert_true(rd(APIC_LVT0, T0) & APIC_LVT_MASKED);
	/* The 8259's INTR goes straight to the CPU. */
	assert_true(lapic_accepts_pic(&apic));
	self_ipi(0x40);
	assert_true(in(APIC_IRR, 0x40));	/* held, not taken */
	assert_false(lapic_has_interrupt(&apic));
	wr(APIC_SVR, 0x1ff, T0);
	assert_true(lapic_has_interrupt(&apic));
	/* Re-enabled with LINT0 masked: no virtual wire. */
	assert_false(lapic_accepts_pic(&apic));
	wr(APIC_LVT0, APIC_DM_EXTINT, T0);
	assert_true(lapic_accepts_pic(&apic));
	wr(APIC_LVT0, APIC_DM_FIXED | 0x30, T0);
	assert_false(lapic_accepts_pic(&apic));
}

static void test_apic_base(void **state)
{
	rd_init(HZ2G);
	/* Reserved: bits 0-7, 9, above MAXPHYADDR (10 is x2APIC's EXTD). */
	assert_int_equal(lapic_write_base(&apic, 0xfee00800 | 1, 36, T0), -1);
	assert_int_equal(lapic_write_base(&apic, 0xfee00800 | 1u << 9,
					  36, T0), -1);
	assert_int_equal(lapic_write_base(&apic, 0x1000000800ULL, 36, T0), -1);
	assert_int_equal(lapic_write_base(&apic, 0x1000000800ULL, 40, T0), 0);
	assert_int_equal(lapic_mmio_base(&apic), 0x1000000000ULL);
	/* The BSP flag is not the guest's to change. */
	assert_int_equal(lapic_write_base(&apic, 0xfed00800, 36, T0), 0);
	assert_int_equal(apic.base, 0xfed00000ULL | APIC_BASE_BSP |
			 APIC_BASE_ENABLE);
	/* Global disable: back to the power-up state (SDM 10.4.3). */
	wr(APIC_TPR, 0x20, T0);
	self_ipi(0x40);
	assert_int_equal(lapic_write_base(&apic, 0xfee00000, 36, T0), 0);
	assert_false(lapic_hw_enabled(&apic));
	assert_true(lapic_accepts_pic(&apic));
	assert_false(lapic_has_interrupt(&apic));
	assert_int_equal(lapic_write_base(&apic, 0xfee00800, 36, T0), 0);
	assert_int_equal(rd(APIC_TPR, T0), 0);
	assert_int_equal(rd(APIC_SVR, T0), 0xff);
	assert_false(in(APIC_IRR, 0x40));
}

/* ------------------------------------------------------------ priority */

static void test_ppr(void **state)
{
	rd_init(HZ2G);
	/* No ISR: PPR is TPR. */
	wr(APIC_TPR, 0x35, T0);
	assert_int_equal(rd(APIC_PPR, T0), 0x35);
	/* ISR class above TPR's: PPR is that class, low bits 0. */
	self_ipi(0x61);
	wr(APIC_TPR, 0, T0);
	assert_int_equal(lapic_acknowledge(&apic), 0x61);
	assert_int_equal(rd(APIC_PPR, T0), 0x60);
	wr(APIC_TPR, 0x65, T0);			/* same class: TPR wins */
	assert_int_equal(rd(APIC_PPR, T0), 0x65);
	wr(APIC_TPR, 0x5f, T0);
	assert_int_equal(rd(APIC_PPR, T0), 0x60);
}

static void test_tpr_masks_by_class(void **state)
{
	rd_init(HZ2G);
	wr(APIC_TPR, 0x50, T0);
	self_ipi(0x45);
	assert_true(in(APIC_IRR, 0x45));
	assert_false(lapic_has_interrupt(&apic));
	self_ipi(0x5f);				/* same class: still masked */
	assert_false(lapic_has_interrupt(&apic));
	wr(APIC_TPR, 0x4f, T0);
	assert_true(lapic_has_interrupt(&apic));
	assert_int_equal(lapic_acknowledge(&apic), 0x5f);
	/* 0x5f in service: 0x45 waits for its EOI. */
	assert_false(lapic_has_interrupt(&apic));
	wr(APIC_EOI, 0, T0);
	wr(APIC_TPR, 0, T0);
	assert_true(lapic_has_interrupt(&apic));
	assert_int_equal(lapic_acknowledge(&apic), 0x45);
	/* CR8 is TPR[7:4]. */
	lapic_write_cr8(&apic, 7);
	assert_int_equal(rd(APIC_TPR, T0), 0x70);
	wr(APIC_TPR, 0x9c, T0);
	assert_int_equal(lapic_read_cr8(&apic), 9);
}

static void test_nesting_and_eoi_order(void **state)
{
	rd_init(HZ2G);
	self_ipi(0x50);
	self_ipi(0x60);
	self_ipi(0x51);
	assert_int_equal(lapic_highest_irr(&apic), 0x60);
	assert_int_equal(lapic_acknowledge(&apic), 0x60);
	assert_false(lapic_has_interrupt(&apic));	/* 0x5x below 0x60 */
	self_ipi(0x70);					/* a higher class nests */
	assert_true(lapic_has_interrupt(&apic));
	assert_int_equal(lapic_acknowledge(&apic), 0x70);
	/* EOI retires the highest in-service vector first. */
	assert_int_equal(wr(APIC_EOI, 0, T0), -1);
	assert_false(in(APIC_ISR, 0x70));
	assert_true(in(APIC_ISR, 0x60));
	wr(APIC_EOI, 0, T0);
	assert_int_equal(lapic_acknowledge(&apic), 0x51);
	assert_false(lapic_has_interrupt(&apic));	/* same class as 0x51 */
	wr(APIC_EOI, 0, T0);
	assert_int_equal(lapic_acknowledge(&apic), 0x50);
	wr(APIC_EOI, 0, T0);
	assert_int_equal(wr(APIC_EOI, 0, T0), -1);	/* nothing in service */
	assert_int_equal(lapic_highest_irr(&apic), -1);
}

static void test_level_eoi_and_tmr(void **state)
{
	rd_init(HZ2G);
	lapic_accept(&apic, 0x31, true);
	lapic_accept(&apic, 0x32, false);
	assert_true(in(APIC_TMR, 0x31));
	assert_false(in(APIC_TMR, 0x32));
	assert_int_equal(lapic_acknowledge(&apic), 0x32);
	assert_int_equal(wr(APIC_EOI, 0, T0), -1);	/* edge: nobody to tell */
	assert_int_equal(lapic_acknowledge(&apic), 0x31);
	assert_int_equal(wr(APIC_EOI, 0, T0), 0x31);	/* level: the IOAPIC */
}

static void test_illegal_vectors_and_esr(void **state)
{
	rd_init(HZ2G);
	wr(APIC_LVTERR, 0xfe, T0);
	self_ipi(0x05);
	lapic_accept(&apic, 0x0f, false);
	/* Logged since the last write: a write makes them readable. */
	assert_int_equal(rd(APIC_ESR, T0), 0);
	wr(APIC_ESR, 0, T0);
	assert_int_equal(rd(APIC_ESR, T0), APIC_ESR_SEND_ILLEGAL |
			 APIC_ESR_RECV_ILLEGAL);
	wr(APIC_ESR, 0, T0);
	assert_int_equal(rd(APIC_ESR, T0), 0);
	/* And the error LVT interrupted. */
	assert_int_equal(lapic_highest_irr(&apic), 0xfe);
	assert_false(in(APIC_IRR, 0x05));
	rd(0x3f0, T0);				/* no register there */
	wr(APIC_ESR, 0, T0);
	assert_int_equal(rd(APIC_ESR, T0), APIC_ESR_ILLEGAL_REG);
}

static void test_icr_destinations(void **state)
{
	rd_init(HZ2G);
	wr(APIC_ID, 0x03000000, T0);
	wr(APIC_ICR2, 0x03000000, T0);
	wr(APIC_ICR, 0x41, T0);			/* physical, own ID */
	wr(APIC_ICR2, 0x04000000, T0);
	wr(APIC_ICR, 0x42, T0);			/* physical, another ID */
	wr(APIC_ICR2, 0xff000000, T0);
	wr(APIC_ICR, 0x43, T0);			/* broadcast */
	wr(APIC_ICR, (2u << 18) | 0x44, T0);	/* all including self */
	wr(APIC_ICR, (3u << 18) | 0x45, T0);	/* all excluding self */
	assert_true(in(APIC_IRR, 0x41));
	assert_false(in(APIC_IRR, 0x42));
	assert_true(in(APIC_IRR, 0x43));
	assert_true(in(APIC_IRR, 0x44));
	assert_false(in(APIC_IRR, 0x45));
	assert_int_equal(apic.ipis_dropped, 2);
	/* Logical, flat model: any LDR bit in common. */
	wr(APIC_LDR, 0x24000000, T0);
	wr(APIC_ICR2, 0x04000000, T0);
	wr(APIC_ICR, (1u << 11) | 0x46, T0);
	wr(APIC_ICR2, 0x08000000, T0);
	wr(APIC_ICR, (1u << 11) | 0x47, T0);
	assert_true(in(APIC_IRR, 0x46));
	assert_false(in(APIC_IRR, 0x47));
	/* Cluster model: cluster 2, member bit 2. */
	wr(APIC_DFR, 0x0fffffff, T0);
	wr(APIC_ICR2, 0x26000000, T0);
	wr(APIC_ICR, (1u << 11) | 0x48, T0);
	wr(APIC_ICR2, 0x14000000, T0);
	wr(APIC_ICR, (1u << 11) | 0x49, T0);
	assert_true(in(APIC_IRR, 0x48));
	assert_false(in(APIC_IRR, 0x49));
	/* INIT and SIPI to the others: counted, nothing received. */
	wr(APIC_ICR, (3u << 18) | (5u << 8) | (1u << 14), T0);
	wr(APIC_ICR, (3u << 18) | (6u << 8) | 0x10, T0);
	assert_int_equal(apic.ipis_dropped, 6);
	/* The delivery status bit reads idle. */
	assert_false(rd(APIC_ICR, T0) & (1u << 12));
}

/* ----------------------------------------------------------------- NMI */

#define ICR_NMI		(4u << 8)

static void test_icr_nmi(void **state)
{
	rd_init(HZ2G);
	wr(APIC_ID, 0x03000000, T0);
	wr(APIC_ICR2, 0x03000000, T0);
	wr(APIC_ICR, ICR_NMI | 0x77, T0);	/* physical, own ID; vector ignored */
	assert_true(apic.nmi_pending);
	assert_false(in(APIC_IRR, 0x77));
	assert_false(lapic_has_interrupt(&apic));	/* NMI is not in IRR */
	/* One latch: a second one while one is pending is lost. */
	wr(APIC_ICR, ICR_NMI, T0);
	assert_int_equal(apic.nmis, 2);
	assert_true(lapic_take_nmi(&apic));
	assert_false(lapic_take_nmi(&apic));
	/* Another ID, all excluding self, and self (not valid for NMI). */
	wr(APIC_ICR2, 0x04000000, T0);
	wr(APIC_ICR, ICR_NMI, T0);
	wr(APIC_ICR, (3u << 18) | ICR_NMI, T0);
	wr(APIC_ICR, (1u << 18) | ICR_NMI, T0);
	assert_false(apic.nmi_pending);
	assert_int_equal(apic.ipis_dropped, 3);
	/* All including self, and a logical match. */
	wr(APIC_ICR, (2u << 18) | ICR_NMI, T0);
	assert_true(lapic_take_nmi(&apic));
	wr(APIC_LDR, 0x24000000, T0);
	wr(APIC_ICR2, 0x20000000, T0);
	wr(APIC_ICR, (1u << 11) | ICR_NMI, T0);
	assert_true(lapic_take_nmi(&apic));
	/* No illegal-vector error for vector 0 with NMI. */
	assert_int_equal(apic.esr_pending, 0);
}

static void test_lint_nmi(void **state)
{
	rd_init(HZ2G);
	/* Firmware state: LINT0 ExtINT (nothing here), LINT1 NMI. */
	lapic_set_lint(&apic, 0, true);
	assert_false(apic.nmi_pending);
	lapic_set_lint(&apic, 1, true);
	assert_true(lapic_take_nmi(&apic));
	lapic_set_lint(&apic, 1, true);		/* no edge: still high */
	assert_false(apic.nmi_pending);
	lapic_set_lint(&apic, 1, false);
	assert_false(apic.nmi_pending);
	/* LINT0 in NMI mode: the PIC's INTR rising is an NMI. */
	lapic_set_lint(&apic, 0, false);
	wr(APIC_LVT0, APIC_DM_NMI, T0);
	assert_false(lapic_accepts_pic(&apic));
	lapic_set_lint(&apic, 0, true);
	assert_true(lapic_take_nmi(&apic));
	/* Masked: the edge is lost. */
	lapic_set_lint(&apic, 0, false);
	wr(APIC_LVT0, APIC_LVT_MASKED | APIC_DM_NMI, T0);
	lapic_set_lint(&apic, 0, true);
	assert_false(apic.nmi_pending);
	/* A fixed-mode LINT1 sends no NMI. */
	lapic_set_lint(&apic, 1, false);
	wr(APIC_LVT1, 0x40, T0);
	lapic_set_lint(&apic, 1, true);
	assert_false(apic.nmi_pending);
	/* Hardware-disabled: LINT1 is the NMI pin whatever its LVT. */
	lapic_set_lint(&apic, 1, false);
	assert_int_equal(lapic_write_base(&apic, LAPIC_DEFAULT_BASE |
					  APIC_BASE_BSP, 36, T0), 0);
	lapic_set_lint(&apic, 1, true);
	assert_true(lapic_take_nmi(&apic));
	/* The latch is the CPU's: an APIC reset keeps a pending NMI. */
	lapic_nmi(&apic);
	assert_int_equal(lapic_write_base(&apic, LAPIC_DEFAULT_BASE |
					  APIC_BASE_BSP | APIC_BASE_ENABLE,
					  36, T0), 0);
	assert_true(apic.nmi_pending);
}

/* ---------------------------------------------------------------- timer */

static void test_divide_configuration(void **state)
{
	static const struct { uint32_t tdcr; unsigned int divisor; } t[] = {
		{ 0x0, 2 }, { 0x1, 4 }, { 0x2, 8 }, { 0x3, 16 }, { 0x8, 32 },
		{ 0x9, 64 }, { 0xa, 128 }, { 0xb, 1 },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		rd_init(HZ2G);
		wr(APIC_TDCR, t[i].tdcr | 0xf4, T0);	/* other bits ignored */
		assert_int_equal(rd(APIC_TDCR, T0), t[i].tdcr);
		wr(APIC_LVTT, APIC_LVT_MASKED | 0x20, T0);
		wr(APIC_TMICT, 1000000, T0);
		/* 2 TSC ticks per bus tick: 2000 TSC are 1000 bus ticks. */
		assert_int_equal(rd(APIC_TMCCT, T0 + 2000 * t[i].divisor),
				 1000000 - 1000);
		assert_int_equal(lapic_timer_deadline(&apic), 0);	/* masked */
		assert_int_equal(apic.next_tsc,
				 T0 + 2ULL * 1000000 * t[i].divisor);
	}
}

static void test_oneshot(void **state)
{
	rd_init(HZ2G);
	wr(APIC_TDCR, 0xb, T0);			/* divide by 1 */
	wr(APIC_LVTT, 0x40, T0);
	assert_int_equal(rd(APIC_TMCCT, T0), 0);	/* not started */
	wr(APIC_TMICT, 1000, T0);
	assert_int_equal(rd(APIC_TMCCT, T0), 1000);
	assert_int_equal(rd(APIC_TMCCT, T0 + 1), 1000);	/* half a tick */
	assert_int_equal(rd(APIC_TMCCT, T0 + 2), 999);
	assert_int_equal(rd(APIC_TMCCT, T0 + 1998), 1);
	assert_int_equal(lapic_timer_deadline(&apic), T0 + 2000);
	lapic_update_timer(&apic, T0 + 1999);
	assert_false(lapic_has_interrupt(&apic));
	lapic_update_timer(&apic, T0 + 2000);
	assert_true(lapic_has_interrupt(&apic));
	assert_int_equal(lapic_acknowledge(&apic), 0x40);
	wr(APIC_EOI, 0, T0 + 2000);
	/* Once: it stays at 0, no deadline, no second interrupt. */
	assert_int_equal(rd(APIC_TMCCT, T0 + 5000), 0);
	assert_int_equal(lapic_timer_deadline(&apic), 0);
	lapic_update_timer(&apic, T0 + 100000);
	assert_false(lapic_has_interrupt(&apic));
	assert_int_equal(rd(APIC_TMICT, T0), 1000);
	/* A new count restarts it; 0 stops it. */
	wr(APIC_TMICT, 10, T0 + 100000);
	assert_int_equal(lapic_timer_deadline(&apic), T0 + 100020);
	wr(APIC_TMICT, 0, T0 + 100010);
	assert_int_equal(lapic_timer_deadline(&apic), 0);
	assert_int_equal(rd(APIC_TMCCT, T0 + 100010), 0);
}

static void test_oneshot_masked_runs_out(void **state)
{
	rd_init(HZ2G);
	wr(APIC_TDCR, 0xb, T0);
	wr(APIC_LVTT, APIC_LVT_MASKED | 0x40, T0);
	wr(APIC_TMICT, 100, T0);
	/* Unmasked after it ran out: that expiry sends nothing. */
	wr(APIC_LVTT, 0x40, T0 + 500);
	lapic_update_timer(&apic, T0 + 600);
	assert_false(lapic_has_interrupt(&apic));
	assert_int_equal(rd(APIC_TMCCT, T0 + 600), 0);
}

static void test_periodic(void **state)
{
	rd_init(HZ2G);
	wr(APIC_TDCR, 0x3, T0);			/* divide by 16 */
	wr(APIC_LVTT, APIC_TIMER_PERIODIC | 0x41, T0);
	wr(APIC_TMICT, 100, T0);		/* 100 * 16 * 2 = 3200 TSC */
	assert_int_equal(lapic_timer_deadline(&apic), T0 + 3200);
	assert_int_equal(rd(APIC_TMCCT, T0 + 32 * 10), 90);
	/* It reloads: just after the period, the count is back near 100. */
	assert_int_equal(rd(APIC_TMCCT, T0 + 3200), 100);
	assert_int_equal(rd(APIC_TMCCT, T0 + 3200 + 32), 99);
	lapic_update_timer(&apic, T0 + 3200);
	assert_int_equal(lapic_acknowledge(&apic), 0x41);
	wr(APIC_EOI, 0, T0 + 3200);
	assert_int_equal(lapic_timer_deadline(&apic), T0 + 6400);
	/* Periods missed coalesce into one interrupt, the next in the future. */
	lapic_update_timer(&apic, T0 + 3200 * 5 + 7);
	assert_int_equal(lapic_acknowledge(&apic), 0x41);
	assert_false(lapic_has_interrupt(&apic));
	wr(APIC_EOI, 0, T0);
	assert_int_equal(lapic_timer_deadline(&apic), T0 + 3200 * 6);
	/* While its interrupt waits in IRR, another cannot add anything. */
	lapic_update_timer(&apic, T0 + 3200 * 6);
	assert_int_equal(lapic_timer_deadline(&apic), 0);
	assert_int_equal(apic.next_tsc, T0 + 3200 * 7);
}

static void test_divide_change_keeps_the_count(void **state)
{
	rd_init(HZ2G);
	wr(APIC_TDCR, 0xb, T0);
	wr(APIC_LVTT, 0x42, T0);
	wr(APIC_TMICT, 1000, T0);
	wr(APIC_TDCR, 0x0, T0 + 800);		/* at 600 left, now by 2 */
	assert_int_equal(rd(APIC_TMCCT, T0 + 800), 600);
	assert_int_equal(rd(APIC_TMCCT, T0 + 804), 599);
	assert_int_equal(lapic_timer_deadline(&apic), T0 + 800 + 600 * 4);
}

static void test_slow_tsc(void **state)
{
	/* 50 MHz: each TSC tick is 20 bus ticks. */
	rd_init(50000000ULL);
	wr(APIC_TDCR, 0xb, T0);
	wr(APIC_LVTT, 0x43, T0);
	wr(APIC_TMICT, 1000000, T0);		/* 1 ms: 50,000 TSC ticks */
	assert_int_equal(rd(APIC_TMCCT, T0 + 1), 1000000 - 20);
	assert_int_equal(lapic_timer_deadline(&apic), T0 + 50000);
	wr(APIC_TMICT, 30, T0);			/* 1.5 TSC ticks: rounds up */
	assert_int_equal(lapic_timer_deadline(&apic), T0 + 2);
	assert_int_equal(rd(APIC_TMCCT, T0 + 1), 10);
	/* A 10 s count at divide 128 does not overflow. */
	wr(APIC_TDCR, 0xa, T0);
	wr(APIC_TMICT, 0xffffffffu, T0);
	assert_int_equal(lapic_timer_deadline(&apic),
			 T0 + 0xffffffffULL * 128 / 20);
}

/*
 * Linux's periodic tick in count mode, as it programs it from CPUID 0x15
 * (hv/cpuid.c reports LAPIC_BUS_HZ as the crystal; native_calibrate_tsc()
 * sets lapic_timer_period = crystal / HZ, setup_APIC_timer() divides by
 * 16): one interrupt per jiffy of TSC time, at Bochs's 50 MHz TSC.
 */
static void test_linux_tick_from_the_crystal(void **state)
{
	const uint64_t hz = 250, tsc_hz = 50000000ULL;
	uint32_t period = (uint32_t)(LAPIC_BUS_HZ / hz);	/* 4000000 */

	rd_init(tsc_hz);
	wr(APIC_TDCR, 0x3, T0);			/* divide by 16 */
	wr(APIC_LVTT, APIC_TIMER_PERIODIC | 0xec, T0);
	wr(APIC_TMICT, period / 16, T0);
	assert_int_equal(lapic_timer_deadline(&apic), T0 + tsc_hz / hz);
	lapic_update_timer(&apic, T0 + tsc_hz / hz);
	assert_true(in(APIC_IRR, 0xec));
	assert_int_equal(lapic_acknowledge(&apic), 0xec);
	wr(APIC_EOI, 0, T0 + tsc_hz / hz);
	assert_int_equal(lapic_timer_deadline(&apic), T0 + 2 * tsc_hz / hz);
	/* Half a jiffy in, half the count is left. */
	assert_int_equal(rd(APIC_TMCCT, T0 + tsc_hz / hz + tsc_hz / hz / 2),
			 period / 32);
}

static void test_tsc_deadline(void **state)
{
	rd_init(HZ2G);
	wr(APIC_LVTT, APIC_TIMER_TSC_DEADLINE | 0x44, T0);
	wr(APIC_TMICT, 1000, T0);		/* ignored in this mode */
	assert_int_equal(rd(APIC_TMICT, T0), 0);
	assert_int_equal(rd(APIC_TMCCT, T0), 0);
	lapic_write_tsc_deadline(&apic, T0 + 5000, T0, T0);
	assert_int_equal(lapic_read_tsc_deadline(&apic), T0 + 5000);
	assert_int_equal(lapic_timer_deadline(&apic), T0 + 5000);
	lapic_update_timer(&apic, T0 + 4999);
	assert_false(lapic_has_interrupt(&apic));
	lapic_update_timer(&apic, T0 + 5000);
	assert_int_equal(lapic_acknowledge(&apic), 0x44);
	/* It fired: the MSR reads 0, nothing more comes. */
	assert_int_equal(lapic_read_tsc_deadline(&apic), 0);
	assert_int_equal(lapic_timer_deadline(&apic), 0);
	/* A deadline in the past fires at once; 0 disarms. */
	lapic_write_tsc_deadline(&apic, 1, T0 + 6000, T0 + 6000);
	assert_int_equal(lapic_timer_deadline(&apic), T0 + 6000);
	lapic_write_tsc_deadline(&apic, 0, T0 + 6000, T0 + 6000);
	assert_int_equal(lapic_timer_deadline(&apic), 0);
	/* Leaving the mode disarms it; outside it the MSR reads 0 (SDM 10.5.4.1). */
	lapic_write_tsc_deadline(&apic, T0 + 9000, T0 + 6000, T0 + 6000);
	wr(APIC_LVTT, 0x44, T0 + 6000);
	assert_int_equal(lapic_timer_deadline(&apic), 0);
	lapic_write_tsc_deadline(&apic, T0 + 9000, T0 + 6000, T0 + 6000);
	assert_int_equal(lapic_read_tsc_deadline(&apic), 0);
	assert_int_equal(lapic_timer_deadline(&apic), 0);
}

/*
 * The deadline is the guest's TSC, the model runs on the host's: a guest
 * whose TSC is ahead of (or behind) the host's by an offset gets its
 * interrupt when its own TSC reaches the value, and a move of its TSC
 * while armed moves the interrupt with it.
 */
static void test_tsc_deadline_guest_tsc(void **state)
{
	const uint64_t ahead = 1ULL << 40;	/* guest TSC - host TSC */
	uint64_t deadline;

	rd_init(HZ2G);
	wr(APIC_LVTT, APIC_TIMER_TSC_DEADLINE | 0x44, T0);
	lapic_write_tsc_deadline(&apic, T0 + ahead + 5000, T0, T0 + ahead);
	assert_int_equal(lapic_read_tsc_deadline(&apic), T0 + ahead + 5000);
	assert_int_equal(lapic_timer_deadline(&apic), T0 + 5000);
	/* Behind the host's: still 5000 of the guest's TSC away. */
	lapic_write_tsc_deadline(&apic, 100 + 5000, T0, 100);
	assert_int_equal(lapic_timer_deadline(&apic), T0 + 5000);
	/* The guest's TSC jumps 3000 forward, then past the deadline. */
	lapic_tsc_moved(&apic, T0 + 1000, 100 + 1000 + 3000);
	assert_int_equal(lapic_timer_deadline(&apic), T0 + 2000);
	assert_false(lapic_has_interrupt(&apic));
	lapic_tsc_moved(&apic, T0 + 1500, 100 + 6000);
	assert_int_equal(lapic_timer_deadline(&apic), T0 + 1500);
	lapic_update_timer(&apic, T0 + 1500);
	assert_int_equal(lapic_acknowledge(&apic), 0x44);
	assert_int_equal(lapic_read_tsc_deadline(&apic), 0);
	/* Far in the guest's future: never wraps round to "now". */
	lapic_write_tsc_deadline(&apic, UINT64_MAX, T0, 0);
	assert_int_equal(lapic_timer_deadline(&apic), UINT64_MAX);
	/* Disarmed, a move arms nothing; outside the mode nothing at all. */
	lapic_write_tsc_deadline(&apic, 0, T0, T0);
	lapic_tsc_moved(&apic, T0, T0 + ahead);
	assert_int_equal(lapic_timer_deadline(&apic), 0);
	wr(APIC_LVTT, 0x44, T0);
	wr(APIC_TMICT, 1000, T0);
	deadline = lapic_timer_deadline(&apic);
	assert_true(deadline > T0);
	lapic_tsc_moved(&apic, T0 + 10, 0);
	assert_int_equal(lapic_timer_deadline(&apic), deadline);
}

static void test_timer_masked_by_sw_disable(void **state)
{
	rd_init(HZ2G);
	wr(APIC_TDCR, 0xb, T0);
	wr(APIC_LVTT, 0x45, T0);
	wr(APIC_TMICT, 10, T0);
	wr(APIC_SVR, 0xff, T0);
	lapic_update_timer(&apic, T0 + 100);
	assert_false(in(APIC_IRR, 0x45));
}

/* ---------------------------------------------------------- x2APIC */

#define EN	APIC_BASE_ENABLE
#define EXTD	APIC_BASE_EXTD

static int base(uint64_t flags)
{
	return lapic_write_base(&apic, LAPIC_DEFAULT_BASE | flags, 36, T0);
}

static int x2rd(uint32_t msr, uint64_t *v)
{
	return lapic_x2apic_read(&apic, msr, v, T0);
}

static int x2wr(uint32_t msr, uint64_t v)
{
	int eoi;

	return lapic_x2apic_write(&apic, msr, v, T0, &eoi);
}

static void x2apic_init(uint8_t id)
{
	lapic_model_init(&apic, id, HZ2G);
	assert_int_equal(base(EN | EXTD), 0);
	assert_true(lapic_x2apic_mode(&apic));
}

/* SDM 10.12.5.1, Figure 10-27. */
static void test_x2apic_transitions(void **state)
{
	uint64_t v;

	rd_init(HZ2G);
	/* xAPIC mode: the MSRs do not exist. */
	assert_int_equal(x2rd(0x802, &v), LAPIC_MSR_NONE);
	assert_int_equal(x2wr(0x808, 0), LAPIC_MSR_NONE);
	/* xAPIC -> x2APIC, and staying there. */
	assert_int_equal(base(EN | EXTD), 0);
	assert_true(lapic_x2apic_mode(&apic));
	assert_int_equal(apic.base, LAPIC_DEFAULT_BASE | APIC_BASE_BSP |
			 EN | EXTD);
	assert_int_equal(base(EN | EXTD), 0);
	/* x2APIC -> xAPIC directly: #GP, the mode stays. */
	assert_int_equal(base(EN), -1);
	assert_true(lapic_x2apic_mode(&apic));
	/* EN=0 EXTD=1 is invalid from any mode. */
	assert_int_equal(base(EXTD), -1);
	assert_true(lapic_x2apic_mode(&apic));
	/* x2APIC -> disabled resets the state. */
	assert_int_equal(x2wr(0x808, 0x20), 0);
	assert_int_equal(base(0), 0);
	assert_false(lapic_hw_enabled(&apic));
	assert_false(lapic_x2apic_mode(&apic));
	/* disabled -> x2APIC: #GP; disabled -> xAPIC -> x2APIC: fine. */
	assert_int_equal(base(EN | EXTD), -1);
	assert_int_equal(base(EXTD), -1);
	assert_int_equal(base(EN), 0);
	assert_int_equal(rd(APIC_TPR, T0), 0);
	assert_int_equal(base(EN | EXTD), 0);
	assert_int_equal(x2rd(0x808, &v), 0);
	assert_int_equal(v, 0);
	/* xAPIC -> x2APIC keeps the rest of the state (10.12.5.1). */
	rd_init(HZ2G);
	wr(APIC_TPR, 0x30, T0);
	assert_int_equal(base(EN | EXTD), 0);
	assert_int_equal(x2rd(0x808, &v), 0);
	assert_int_equal(v, 0x30);
}

/* The ID is the initial APIC ID, whatever xAPIC mode wrote; LDR derives. */
static void test_x2apic_id_and_ldr(void **state)
{
	uint64_t v;

	lapic_model_init(&apic, 0x23, HZ2G);
	wr(APIC_ID, 0x05000000, T0);
	assert_int_equal(rd(APIC_ID, T0), 0x05000000);
	assert_int_equal(base(EN | EXTD), 0);
	assert_int_equal(x2rd(0x802, &v), 0);
	assert_int_equal(v, 0x23);
	assert_int_equal(x2rd(0x80d, &v), 0);
	/* (id >> 4) << 16 | 1 << (id & 15) (SDM 10.12.10.2). */
	assert_int_equal(v, 0x00020008);
	x2apic_init(0);
	assert_int_equal(x2rd(0x80d, &v), 0);
	assert_int_equal(v, 1);
	/* Both read-only. */
	assert_int_equal(x2wr(0x802, 0), LAPIC_MSR_GP);
	assert_int_equal(x2wr(0x80d, 1), LAPIC_MSR_GP);
}

/* Which MSRs exist (Table 10-6), and who may read and write them. */
static void test_x2apic_access_rules(void **state)
{
	static const uint32_t none[] = {
		0x800, 0x801, 0x804, 0x807, 0x809 /* APR */, 0x80c /* RRD */,
		0x80e /* DFR */, 0x829, 0x82f /* CMCI: 6 LVTs */,
		0x831 /* ICR high */, 0x83a, 0x83d, 0x840, 0x8ff,
	};
	static const uint32_t read_only[] = {
		0x802, 0x803, 0x80a, 0x80d, 0x810, 0x817, 0x818, 0x81f, 0x820,
		0x827, 0x839,
	};
	static const uint32_t read_write[] = {
		0x808, 0x80f, 0x828, 0x830, 0x832, 0x833, 0x834, 0x835, 0x836,
		0x837, 0x838, 0x83e,
	};
	uint64_t v;

	x2apic_init(0);
	for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++) {
		assert_int_equal(x2rd(none[i], &v), LAPIC_MSR_NONE);
		assert_int_equal(x2wr(none[i], 0), LAPIC_MSR_NONE);
	}
	for (size_t i = 0; i < sizeof(read_only) / sizeof(read_only[0]); i++) {
		assert_int_equal(x2rd(read_only[i], &v), 0);
		assert_int_equal(x2wr(read_only[i], 0), LAPIC_MSR_GP);
	}
	for (size_t i = 0; i < sizeof(read_write) / sizeof(read_write[0]); i++)
		assert_int_equal(x2rd(read_write[i], &v), 0);
	/* EOI and SELF IPI are write-only. */
	assert_int_equal(x2rd(0x80b, &v), LAPIC_MSR_GP);
	assert_int_equal(x2rd(0x83f, &v), LAPIC_MSR_GP);
	assert_int_equal(x2wr(0x80b, 0), 0);
	assert_int_equal(x2rd(0x803, &v), 0);
	assert_int_equal(v, LAPIC_VERSION);
}

/* A write of a reserved bit #GPs and changes nothing (SDM 10.12.1.3). */
static void test_x2apic_reserved_bits(void **state)
{
	static const struct { uint32_t msr; uint64_t ok, bad; } t[] = {
		{ 0x808, 0xff, 0x100 },			/* TPR */
		{ 0x80b, 0, 1 },			/* EOI: only 0 */
		{ 0x80f, 0x3ff, 0x1000 },		/* SVR */
		{ 0x828, 0, 1 },			/* ESR: only 0 */
		{ 0x832, 0x600ff, 0x100 },		/* LVT timer: no mode */
		{ 0x833, 0x107ff, 0x8000 },		/* thermal: no trigger */
		{ 0x835, 0x1a7ff, 0x20000 },		/* LINT0 */
		{ 0x837, 0x100ff, 0x700 },		/* error: no mode */
		{ 0x838, 0xffffffff, 1ULL << 32 },	/* initial count */
		{ 0x83e, 0xb, 0x4 },			/* divide */
		{ 0x83f, 0xff, 0x100 },			/* SELF IPI */
		{ 0x830, 0xffffffff000ccf30ULL, 1u << 12 },	/* ICR */
		{ 0x830, 0x30, 1u << 13 },
		{ 0x830, 0x30, 1u << 16 },
	};
	uint64_t v;

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		x2apic_init(0);
		assert_int_equal(x2wr(t[i].msr, t[i].ok), 0);
		assert_int_equal(x2wr(t[i].msr, t[i].ok | t[i].bad),
				 LAPIC_MSR_GP);
	}
	/* The failed write left the register as it was. */
	x2apic_init(0);
	assert_int_equal(x2wr(0x808, 0x120), LAPIC_MSR_GP);
	assert_int_equal(x2rd(0x808, &v), 0);
	assert_int_equal(v, 0);
	/* CR8 is still TPR[7:4] (SDM 10.8.6.1). */
	assert_int_equal(x2wr(0x808, 0x5a), 0);
	assert_int_equal(lapic_read_cr8(&apic), 5);
	lapic_write_cr8(&apic, 3);
	assert_int_equal(x2rd(0x808, &v), 0);
	assert_int_equal(v, 0x30);
}

/* ICR: one 64-bit register; destination in 63:32 (SDM 10.12.9). */
static void test_x2apic_icr(void **state)
{
	uint64_t v;

	x2apic_init(0x21);	/* LDR cluster 2, bit 1 */
	/* Physical to itself: the 32-bit ID must match in full. */
	assert_int_equal(x2wr(0x830, 0x21ULL << 32 | 0x40), 0);
	assert_true(in(APIC_IRR, 0x40));
	assert_int_equal(x2rd(0x830, &v), 0);
	assert_int_equal(v, 0x21ULL << 32 | 0x40);
	assert_int_equal(x2wr(0x830, 0x121ULL << 32 | 0x41), 0);
	assert_false(in(APIC_IRR, 0x41));
	/* xAPIC's place for the destination (63:56) is not it any more. */
	assert_int_equal(x2wr(0x830, 0x21ULL << 56 | 0x42), 0);
	assert_false(in(APIC_IRR, 0x42));
	/* Broadcast is 0xffffffff, not 0xff. */
	assert_int_equal(x2wr(0x830, 0xffULL << 32 | 0x43), 0);
	assert_false(in(APIC_IRR, 0x43));
	assert_int_equal(x2wr(0x830, 0xffffffffULL << 32 | 0x44), 0);
	assert_true(in(APIC_IRR, 0x44));
	/* Logical: cluster 31:16 and a member bit of 15:0. */
	assert_int_equal(x2wr(0x830, 0x00020002ULL << 32 | 1u << 11 | 0x45),
			 0);
	assert_true(in(APIC_IRR, 0x45));
	assert_int_equal(x2wr(0x830, 0x00010002ULL << 32 | 1u << 11 | 0x46),
			 0);
	assert_false(in(APIC_IRR, 0x46));
	assert_int_equal(x2wr(0x830, 0x00020001ULL << 32 | 1u << 11 | 0x47),
			 0);
	assert_false(in(APIC_IRR, 0x47));
	/* Shorthand self still works, the missed ones were dropped. */
	assert_int_equal(x2wr(0x830, 1u << 18 | 0x48), 0);
	assert_true(in(APIC_IRR, 0x48));
	assert_int_equal(apic.ipis_dropped, 5);
	/* An IOAPIC's 8-bit destination: 0xff broadcasts, else the ID. */
	assert_true(lapic_match_dest(&apic, 0xff, false));
	assert_true(lapic_match_dest(&apic, 0x21, false));
	assert_false(lapic_match_dest(&apic, 0x20, false));
}

/* SELF IPI (SDM 10.12.11): fixed, edge, to itself; EOI order as ever. */
static void test_x2apic_self_ipi_and_eoi(void **state)
{
	uint64_t v;

	x2apic_init(0);
	assert_int_equal(x2wr(0x83f, 0x50), 0);
	assert_int_equal(x2wr(0x83f, 0x60), 0);
	assert_true(in(APIC_IRR, 0x50));
	assert_false(in(APIC_TMR, 0x50));
	/* The ICR was not written. */
	assert_int_equal(x2rd(0x830, &v), 0);
	assert_int_equal(v, 0);
	assert_true(lapic_has_interrupt(&apic));
	assert_int_equal(lapic_acknowledge(&apic), 0x60);
	/* TPR masks by class: 0x50 waits below TPR 0x50. */
	assert_int_equal(x2wr(0x80b, 0), 0);
	assert_int_equal(x2wr(0x808, 0x50), 0);
	assert_false(lapic_has_interrupt(&apic));
	assert_int_equal(x2rd(0x80a, &v), 0);
	assert_int_equal(v, 0x50);
	assert_int_equal(x2wr(0x808, 0), 0);
	assert_int_equal(lapic_acknowledge(&apic), 0x50);
	assert_int_equal(apic.eoi_writes, 1);
	assert_int_equal(x2wr(0x80b, 0), 0);
	assert_int_equal(apic.eoi_writes, 2);
	assert_false(in(APIC_ISR, 0x50));
	/* An illegal vector: "send illegal vector" in ESR (SDM 10.5.3). */
	assert_int_equal(x2wr(0x83f, 0x05), 0);
	assert_false(in(APIC_IRR, 0x05));
	assert_int_equal(x2wr(0x828, 0), 0);
	assert_int_equal(x2rd(0x828, &v), 0);
	assert_int_equal(v, APIC_ESR_SEND_ILLEGAL);
}

/* The timer through the MSRs: one-shot counts as in xAPIC mode. */
static void test_x2apic_timer(void **state)
{
	uint64_t v;

	x2apic_init(0);
	assert_int_equal(x2wr(0x83e, 0xb), 0);		/* divide by 1 */
	assert_int_equal(x2wr(0x832, 0x30), 0);		/* one-shot */
	assert_int_equal(lapic_x2apic_write(&apic, 0x838, 1000, T0,
					    &(int){ 0 }), 0);
	assert_int_equal(lapic_x2apic_read(&apic, 0x839, &v, T0 + 500), 0);
	assert_int_equal(v, 750);	/* 2 TSC ticks per bus tick */
	lapic_update_timer(&apic, T0 + 2000);
	assert_true(in(APIC_IRR, 0x30));
	assert_int_equal(lapic_x2apic_read(&apic, 0x839, &v, T0 + 2000), 0);
	assert_int_equal(v, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_firmware_state),
		cmocka_unit_test(test_registers_read_back),
		cmocka_unit_test(test_software_disable),
		cmocka_unit_test(test_apic_base),
		cmocka_unit_test(test_ppr),
		cmocka_unit_test(test_tpr_masks_by_class),
		cmocka_unit_test(test_nesting_and_eoi_order),
		cmocka_unit_test(test_level_eoi_and_tmr),
		cmocka_unit_test(test_illegal_vectors_and_esr),
		cmocka_unit_test(test_icr_destinations),
		cmocka_unit_test(test_icr_nmi),
		cmocka_unit_test(test_lint_nmi),
		cmocka_unit_test(test_divide_configuration),
		cmocka_unit_test(test_oneshot),
		cmocka_unit_test(test_oneshot_masked_runs_out),
		cmocka_unit_test(test_periodic),
		cmocka_unit_test(test_divide_change_keeps_the_count),
		cmocka_unit_test(test_linux_tick_from_the_crystal),
		cmocka_unit_test(test_slow_tsc),
		cmocka_unit_test(test_tsc_deadline),
		cmocka_unit_test(test_tsc_deadline_guest_tsc),
		cmocka_unit_test(test_timer_masked_by_sw_disable),
		cmocka_unit_test(test_x2apic_transitions),
		cmocka_unit_test(test_x2apic_id_and_ldr),
		cmocka_unit_test(test_x2apic_access_rules),
		cmocka_unit_test(test_x2apic_reserved_bits),
		cmocka_unit_test(test_x2apic_icr),
		cmocka_unit_test(test_x2apic_self_ipi_and_eoi),
		cmocka_unit_test(test_x2apic_timer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
