// SPDX-License-Identifier: MIT
/*
 * hv/dev/ioapic.c against the Intel 82093AA datasheet: IOREGSEL/IOWIN,
 * the ID, version and arbitration registers, the redirection table
 * (reset masked, read-only bits), edge and level pins with remote IRR
 * and the local APIC's EOI, polarity, masking, destinations, delivery
 * mode NMI (edge whatever the trigger bit, no remote IRR). Messages
 * land in a real local APIC model (hv/dev/lapic.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <string.h>

#include "hv/dev/ioapic.h"

static struct dev_lapic apic;
static struct dev_ioapic io;

static void reset(void)
{
	lapic_model_init(&apic, 0, 2000000000ULL);
	ioapic_model_init(&io, &apic);
}

static uint32_t reg_read(uint8_t r)
{
	ioapic_model_write(&io, IOAPIC_REGSEL, r);
	return ioapic_model_read(&io, IOAPIC_WINDOW);
}

static void reg_write(uint8_t r, uint32_t v)
{
	ioapic_model_write(&io, IOAPIC_REGSEL, r);
	ioapic_model_write(&io, IOAPIC_WINDOW, v);
}

static void route(unsigned int pin, uint32_t low, uint8_t dest)
{
	reg_write(0x11 + 2 * pin, (uint32_t)dest << 24);
	reg_write(0x10 + 2 * pin, low);
}

static bool irr(unsigned int v)
{
	return apic.irr[v / 32] & (1u << (v % 32));
}

/* The CPU takes the interrupt and the handler ends with an EOI. */
static void take_and_eoi(uint8_t vector)
{
	int eoi;

	assert_true(lapic_has_interrupt(&apic));
	assert_int_equal(lapic_acknowledge(&apic), vector);
	eoi = lapic_model_write(&apic, APIC_EOI, 0, 0);
	if (eoi >= 0)
		ioapic_eoi(&io, (uint8_t)eoi);
}

static void test_registers(void **state)
{
	reset();
	assert_int_equal(reg_read(IOAPIC_REG_VER), 0x00170020);
	assert_int_equal(reg_read(IOAPIC_REG_ID), 0);
	assert_int_equal(reg_read(IOAPIC_REG_ARB), 0);
	reg_write(IOAPIC_REG_ID, 0xffffffff);
	assert_int_equal(reg_read(IOAPIC_REG_ID), 0x0f000000);
	reg_write(IOAPIC_REG_VER, 0);		/* read-only */
	assert_int_equal(reg_read(IOAPIC_REG_VER), 0x00170020);
	ioapic_model_write(&io, IOAPIC_REGSEL, 0x3f);
	assert_int_equal(ioapic_model_read(&io, IOAPIC_REGSEL), 0x3f);
	/* Reset: every entry masked, destination 0. */
	for (unsigned int pin = 0; pin < IOAPIC_PINS; pin++) {
		assert_int_equal(reg_read(0x10 + 2 * pin), 0x00010000);
		assert_int_equal(reg_read(0x11 + 2 * pin), 0);
	}
	assert_int_equal(reg_read(0x10 + 2 * IOAPIC_PINS), 0xffffffff);
	/* Delivery status and remote IRR cannot be written. */
	reg_write(0x10, 0xffffffff);
	assert_int_equal(reg_read(0x10), 0x0001afff);
	reg_write(0x11, 0xffffffff);
	assert_int_equal(reg_read(0x11), 0xff000000);
}

static void test_edge(void **state)
{
	reset();
	route(2, 0x30, 0);
	ioapic_set_irq(&io, 2, true);
	ioapic_set_irq(&io, 2, false);
	assert_true(irr(0x30));
	assert_false(apic.tmr[0x30 / 32] & (1u << (0x30 % 32)));
	take_and_eoi(0x30);
	/* A line held high sends once: edges, not levels. */
	ioapic_set_irq(&io, 2, true);
	take_and_eoi(0x30);
	ioapic_set_irq(&io, 2, true);
	assert_false(lapic_has_interrupt(&apic));
	ioapic_set_irq(&io, 2, false);
	ioapic_set_irq(&io, 2, true);
	take_and_eoi(0x30);
}

static void test_masked_edge_is_lost(void **state)
{
	reset();
	route(4, IOAPIC_MASKED | 0x34, 0);
	ioapic_set_irq(&io, 4, true);
	ioapic_set_irq(&io, 4, false);
	route(4, 0x34, 0);
	assert_false(lapic_has_interrupt(&apic));
	assert_false(ioapic_pin_unmasked(&io, 3));
	assert_true(ioapic_pin_unmasked(&io, 4));
}

static void test_level_remote_irr(void **state)
{
	reset();
	route(9, IOAPIC_LEVEL | 0x39, 0);
	ioapic_set_irq(&io, 9, true);
	assert_true(irr(0x39));
	assert_true(apic.tmr[0x39 / 32] & (1u << (0x39 % 32)));
	assert_true(reg_read(0x10 + 18) & IOAPIC_REMOTE_IRR);
	assert_int_equal(lapic_acknowledge(&apic), 0x39);
	/* Still asserted at the EOI: it is sent again. */
	assert_int_equal(lapic_model_write(&apic, APIC_EOI, 0, 0), 0x39);
	ioapic_eoi(&io, 0x39);
	assert_true(irr(0x39));
	assert_true(reg_read(0x10 + 18) & IOAPIC_REMOTE_IRR);
	/* Deasserted before the EOI: remote IRR clears, nothing more. */
	ioapic_set_irq(&io, 9, false);
	take_and_eoi(0x39);
	assert_false(reg_read(0x10 + 18) & IOAPIC_REMOTE_IRR);
	assert_false(lapic_has_interrupt(&apic));
	/* Unmasking a pin whose line is asserted sends it. */
	route(9, IOAPIC_MASKED | IOAPIC_LEVEL | 0x39, 0);
	ioapic_set_irq(&io, 9, true);
	assert_false(lapic_has_interrupt(&apic));
	route(9, IOAPIC_LEVEL | 0x39, 0);
	assert_true(irr(0x39));
}

/* The EOI register (version 0x20): remote IRR clears without the APIC. */
static void test_eoi_register(void **state)
{
	reset();
	route(5, IOAPIC_LEVEL | 0x45, 0);
	ioapic_set_irq(&io, 5, true);
	assert_int_equal(lapic_acknowledge(&apic), 0x45);
	ioapic_set_irq(&io, 5, false);
	assert_true(reg_read(0x10 + 10) & IOAPIC_REMOTE_IRR);
	ioapic_model_write(&io, IOAPIC_EOI, 0x44);	/* another vector */
	assert_true(reg_read(0x10 + 10) & IOAPIC_REMOTE_IRR);
	ioapic_model_write(&io, IOAPIC_EOI, 0x45);
	assert_false(reg_read(0x10 + 10) & IOAPIC_REMOTE_IRR);
}

static void test_polarity(void **state)
{
	reset();
	/* Active low: the line going low is the asserting edge. */
	route(5, IOAPIC_POLARITY_LOW | 0x35, 0);
	ioapic_set_irq(&io, 5, true);
	assert_false(lapic_has_interrupt(&apic));
	ioapic_set_irq(&io, 5, false);
	take_and_eoi(0x35);
}

static void test_destinations(void **state)
{
	reset();
	apic.id = 1;
	route(1, 0x31, 1);				/* physical, its ID */
	route(3, 0x33, 2);				/* physical, no one */
	route(6, IOAPIC_DEST_LOGICAL | 0x36, 0x01);	/* logical, no LDR */
	apic.ldr = 0x01;
	route(7, IOAPIC_DEST_LOGICAL | 0x37, 0x01);
	route(8, (7u << 8) | 0x38, 1);			/* ExtINT: not modelled */
	for (unsigned int pin = 1; pin <= 8; pin++)
		ioapic_set_irq(&io, pin, true);
	assert_true(irr(0x31));
	assert_false(irr(0x33));
	assert_true(irr(0x36));			/* LDR was set before pin 6 rose */
	assert_true(irr(0x37));
	assert_false(irr(0x38));
	assert_int_equal(io.dropped, 2);
}

static void test_nmi(void **state)
{
	reset();
	route(4, (4u << 8) | 0x44, 0);			/* NMI, edge */
	route(5, (4u << 8) | IOAPIC_LEVEL, 0);		/* NMI, "level" */
	ioapic_set_irq(&io, 4, true);
	assert_true(lapic_take_nmi(&apic));
	assert_false(irr(0x44));
	ioapic_set_irq(&io, 4, true);			/* no new edge */
	assert_false(apic.nmi_pending);
	ioapic_set_irq(&io, 5, true);
	assert_true(lapic_take_nmi(&apic));
	assert_false(reg_read(0x10 + 2 * 5) & IOAPIC_REMOTE_IRR);
	ioapic_eoi(&io, 0);				/* no resend */
	ioapic_set_irq(&io, 5, true);
	assert_false(apic.nmi_pending);
	ioapic_set_irq(&io, 5, false);
	ioapic_set_irq(&io, 5, true);
	assert_true(apic.nmi_pending);
	/* To another APIC: dropped. */
	lapic_take_nmi(&apic);
	route(6, 4u << 8, 3);
	ioapic_set_irq(&io, 6, true);
	assert_false(apic.nmi_pending);
	assert_int_equal(io.dropped, 1);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registers),
		cmocka_unit_test(test_edge),
		cmocka_unit_test(test_masked_edge_is_lost),
		cmocka_unit_test(test_level_remote_irr),
		cmocka_unit_test(test_eoi_register),
		cmocka_unit_test(test_polarity),
		cmocka_unit_test(test_destinations),
		cmocka_unit_test(test_nmi),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
