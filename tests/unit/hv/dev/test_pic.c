// SPDX-License-Identifier: MIT
/*
 * hv/dev/pic.c: the 8259A pair, programmed the way a PC guest does it,
 * checked against the Intel 8259A datasheet (initialization command words,
 * fully nested mode, EOI, cascading, reading the status registers).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <string.h>

#include "hv/dev/pic.h"

#define M_CMD	0x20
#define M_DATA	0x21
#define S_CMD	0xa0
#define S_DATA	0xa1

#define OCW2_EOI		0x20
#define OCW2_SPECIFIC_EOI	0x60
#define OCW3_READ_IRR		0x0a
#define OCW3_READ_ISR		0x0b

static struct dev_pic pic;

static void wr(uint16_t port, uint8_t v)
{
	pic_model_write(&pic, port, v);
}

static uint8_t rd(uint16_t port)
{
	return pic_model_read(&pic, port);
}

/* What the BIOS and every PC kernel write; @icw4 is 1, or 3 for auto-EOI. */
static void pc_init(uint8_t icw4, uint8_t master_mask, uint8_t slave_mask)
{
	wr(M_CMD, 0x11);	/* ICW1: edge, cascade, ICW4 follows */
	wr(M_DATA, 0x20);	/* ICW2: vectors 0x20-0x27 */
	wr(M_DATA, 0x04);	/* ICW3: a slave on IR2 */
	wr(M_DATA, icw4);	/* ICW4: 8086 mode */
	wr(S_CMD, 0x11);
	wr(S_DATA, 0x28);	/* vectors 0x28-0x2f */
	wr(S_DATA, 0x02);	/* ICW3: slave ID 2 */
	wr(S_DATA, icw4);
	wr(M_DATA, master_mask);
	wr(S_DATA, slave_mask);
}

static int setup(void **state)
{
	memset(&pic, 0xa5, sizeof(pic));
	pic_model_init(&pic);
	return 0;
}

static uint8_t isr(uint16_t cmd)
{
	uint8_t v;

	wr(cmd, OCW3_READ_ISR);
	v = rd(cmd);
	wr(cmd, OCW3_READ_IRR);
	return v;
}

static uint8_t irr(uint16_t cmd)
{
	wr(cmd, OCW3_READ_IRR);
	return rd(cmd);
}

/* Acknowledge: there must be something, and it must be @vector. */
#define assert_ack(vector)						\
	do {								\
		assert_true(pic_has_interrupt(&pic));			\
		assert_int_equal(pic_acknowledge(&pic), (vector));	\
	} while (0)

/* ------------------------------------------------------------ init */

static void test_pc_init(void **state)
{
	pc_init(0x01, 0xfb, 0xff);
	/* The masks landed in the IMRs, not in a leftover init step. */
	assert_int_equal(rd(M_DATA), 0xfb);
	assert_int_equal(rd(S_DATA), 0xff);
	wr(M_DATA, 0x00);
	wr(S_DATA, 0x00);
	assert_int_equal(rd(M_DATA), 0x00);
	assert_false(pic_has_interrupt(&pic));
}

static void test_vector_is_base_plus_irq(void **state)
{
	pc_init(0x01, 0x00, 0x00);
	for (unsigned int irq = 0; irq < 16; irq++) {
		if (irq == 2)
			continue;	/* the cascade */
		pic_raise_irq(&pic, irq);
		assert_ack(irq < 8 ? 0x20 + irq : 0x28 + irq - 8);
		if (irq >= 8)
			wr(S_CMD, OCW2_EOI);
		wr(M_CMD, OCW2_EOI);
		assert_false(pic_has_interrupt(&pic));
	}
}

static void test_icw2_low_bits_ignored(void **state)
{
	/* In 8086 mode T2-T0 come from the IRQ number, not from ICW2. */
	wr(M_CMD, 0x11);
	wr(M_DATA, 0x47);
	wr(M_DATA, 0x04);
	wr(M_DATA, 0x01);
	wr(M_DATA, 0x00);
	pic_raise_irq(&pic, 3);
	assert_ack(0x43);
}

static void test_icw1_clears_state(void **state)
{
	pc_init(0x03, 0xff, 0xff);
	wr(M_CMD, OCW3_READ_ISR);
	/* ICW1 clears the IMR, selects IRR for reading and, without IC4,
	 * resets what ICW4 selected (auto-EOI). */
	wr(M_CMD, 0x11 & ~0x01);
	assert_int_equal(rd(M_DATA), 0x00);
	wr(M_DATA, 0x20);
	wr(M_DATA, 0x04);
	/* Init is over: the next data write is the mask. */
	wr(M_DATA, 0xf0);
	assert_int_equal(rd(M_DATA), 0xf0);
	pic_raise_irq(&pic, 1);
	assert_int_equal(rd(M_CMD), 0x02);	/* IRR, not ISR */
	assert_ack(0x21);
	/* No auto-EOI any more: IRQ 1 is in service. */
	assert_int_equal(isr(M_CMD), 0x02);
}

static void test_icw1_without_icw4(void **state)
{
	wr(M_CMD, 0x10);	/* no ICW4 */
	wr(M_DATA, 0x30);
	wr(M_DATA, 0x04);	/* ICW3 */
	wr(M_DATA, 0xfd);	/* OCW1 */
	assert_int_equal(rd(M_DATA), 0xfd);
	wr(M_DATA, 0xf7);	/* only IRQ 3 */
	assert_int_equal(rd(M_DATA), 0xf7);
	pic_raise_irq(&pic, 3);
	assert_ack(0x33);
	assert_int_equal(isr(M_CMD), 0x08);
}

static void test_single_mode_skips_icw3(void **state)
{
	wr(M_CMD, 0x13);	/* single, ICW4 follows */
	wr(M_DATA, 0x40);	/* ICW2 */
	wr(M_DATA, 0x01);	/* ICW4 (no ICW3 in single mode) */
	wr(M_DATA, 0x01);	/* OCW1: IRQ 0 masked */
	assert_int_equal(rd(M_DATA), 0x01);
	pic_raise_irq(&pic, 2);
	assert_ack(0x42);
	pic_raise_irq(&pic, 0);
	assert_false(pic_has_interrupt(&pic));
}

static void test_single_mode_without_icw4(void **state)
{
	wr(M_CMD, 0x12);
	wr(M_DATA, 0x50);	/* ICW2, and that is all */
	wr(M_DATA, 0x80);	/* OCW1: IRQ 7 masked */
	assert_int_equal(rd(M_DATA), 0x80);
	pic_raise_irq(&pic, 7);
	assert_false(pic_has_interrupt(&pic));
	pic_raise_irq(&pic, 6);
	assert_ack(0x56);
}

/* ------------------------------------------------------------ masking */

static void test_mask(void **state)
{
	pc_init(0x01, 0x01, 0x00);
	pic_raise_irq(&pic, 0);
	assert_true(pic_irq_masked(&pic, 0));
	assert_false(pic_irq_masked(&pic, 1));
	assert_false(pic_has_interrupt(&pic));
	/* The request waits in the IRR; the mask only hides it. */
	assert_int_equal(irr(M_CMD), 0x01);
	wr(M_DATA, 0x00);
	assert_false(pic_irq_masked(&pic, 0));
	assert_ack(0x20);
}

static void test_masked_request_does_not_block_others(void **state)
{
	pc_init(0x01, 0x01, 0x00);
	pic_raise_irq(&pic, 0);
	pic_raise_irq(&pic, 4);
	assert_ack(0x24);
}

static void test_slave_masks(void **state)
{
	pc_init(0x01, 0x00, 0x02);
	assert_true(pic_irq_masked(&pic, 9));
	assert_false(pic_irq_masked(&pic, 8));
	assert_false(pic_irq_masked(&pic, 10));
	pic_raise_irq(&pic, 9);
	assert_false(pic_has_interrupt(&pic));
	pic_raise_irq(&pic, 10);
	assert_ack(0x2a);
}

static void test_slave_behind_masked_cascade(void **state)
{
	pc_init(0x01, 0x04, 0x00);
	for (unsigned int irq = 8; irq < 16; irq++)
		assert_true(pic_irq_masked(&pic, irq));
	for (unsigned int irq = 0; irq < 8; irq++)
		assert_int_equal(pic_irq_masked(&pic, irq), irq == 2);
	pic_raise_irq(&pic, 12);
	assert_false(pic_has_interrupt(&pic));
	/* The slave holds it; unmasking the cascade lets it through. */
	assert_int_equal(irr(S_CMD), 0x10);
	wr(M_DATA, 0x00);
	assert_false(pic_irq_masked(&pic, 12));
	assert_ack(0x2c);
}

/* ------------------------------------------------------------ priority */

static void test_irq0_before_irq1(void **state)
{
	pc_init(0x01, 0x00, 0x00);
	pic_raise_irq(&pic, 1);
	pic_raise_irq(&pic, 0);
	assert_ack(0x20);
	/* IRQ 0 in service blocks IRQ 1 until its EOI. */
	assert_false(pic_has_interrupt(&pic));
	wr(M_CMD, OCW2_EOI);
	assert_ack(0x21);
	wr(M_CMD, OCW2_EOI);
	assert_false(pic_has_interrupt(&pic));
}

static void test_higher_priority_nests(void **state)
{
	pc_init(0x01, 0x00, 0x00);
	pic_raise_irq(&pic, 3);
	assert_ack(0x23);
	pic_raise_irq(&pic, 5);
	assert_false(pic_has_interrupt(&pic));
	/* A higher priority interrupts the one in service. */
	pic_raise_irq(&pic, 1);
	assert_ack(0x21);
	assert_int_equal(isr(M_CMD), 0x0a);
	/* Non-specific EOI ends the highest priority in service: IRQ 1. */
	wr(M_CMD, OCW2_EOI);
	assert_int_equal(isr(M_CMD), 0x08);
	assert_false(pic_has_interrupt(&pic));
	wr(M_CMD, OCW2_EOI);
	assert_int_equal(isr(M_CMD), 0x00);
	assert_ack(0x25);
}

static void test_equal_priority_waits(void **state)
{
	pc_init(0x01, 0x00, 0x00);
	pic_raise_irq(&pic, 4);
	assert_ack(0x24);
	pic_raise_irq(&pic, 4);
	assert_false(pic_has_interrupt(&pic));
	assert_int_equal(irr(M_CMD), 0x10);
	wr(M_CMD, OCW2_EOI);
	assert_ack(0x24);
}

static void test_specific_eoi(void **state)
{
	pc_init(0x01, 0x00, 0x00);
	pic_raise_irq(&pic, 3);
	assert_ack(0x23);
	pic_raise_irq(&pic, 1);
	assert_ack(0x21);
	assert_int_equal(isr(M_CMD), 0x0a);
	/* Specific EOI for IRQ 3 leaves IRQ 1 in service. */
	wr(M_CMD, OCW2_SPECIFIC_EOI | 3);
	assert_int_equal(isr(M_CMD), 0x02);
	/* One for a level not in service changes nothing. */
	wr(M_CMD, OCW2_SPECIFIC_EOI | 6);
	assert_int_equal(isr(M_CMD), 0x02);
	wr(M_CMD, OCW2_SPECIFIC_EOI | 1);
	assert_int_equal(isr(M_CMD), 0x00);
}

static void test_eoi_with_nothing_in_service(void **state)
{
	pc_init(0x01, 0x00, 0x00);
	wr(M_CMD, OCW2_EOI);
	assert_int_equal(isr(M_CMD), 0x00);
	pic_raise_irq(&pic, 6);
	assert_ack(0x26);
}

/* ------------------------------------------------------------ cascade */

static void test_cascade(void **state)
{
	pc_init(0x01, 0x00, 0x00);
	pic_raise_irq(&pic, 9);
	assert_ack(0x29);
	/* Both in service: the slave's IR1 and the master's IR2. */
	assert_int_equal(isr(M_CMD), 0x04);
	assert_int_equal(isr(S_CMD), 0x02);
	assert_int_equal(irr(S_CMD), 0x00);
	assert_false(pic_has_interrupt(&pic));
	/* The guest ends it at both, slave first. */
	wr(S_CMD, OCW2_EOI);
	assert_int_equal(isr(S_CMD), 0x00);
	assert_int_equal(isr(M_CMD), 0x04);
	wr(M_CMD, OCW2_EOI);
	assert_int_equal(isr(M_CMD), 0x00);
	assert_false(pic_has_interrupt(&pic));
}

static void test_slave_priority(void **state)
{
	pc_init(0x01, 0x00, 0x00);
	pic_raise_irq(&pic, 14);
	pic_raise_irq(&pic, 9);
	assert_ack(0x29);
	wr(S_CMD, OCW2_EOI);
	wr(M_CMD, OCW2_EOI);
	assert_ack(0x2e);
}

static void test_slave_between_master_levels(void **state)
{
	pc_init(0x01, 0x00, 0x00);
	/* IRQ 8-15 have the priority of master IR2: below 0 and 1, above 3. */
	pic_raise_irq(&pic, 3);
	pic_raise_irq(&pic, 8);
	pic_raise_irq(&pic, 1);
	assert_ack(0x21);
	wr(M_CMD, OCW2_EOI);
	assert_ack(0x28);
	/* While the slave's request is in service (master IR2), IR3 waits,
	 * and so does any further slave request (fully nested mode)... */
	pic_raise_irq(&pic, 15);
	assert_false(pic_has_interrupt(&pic));
	/* ... but IRQ 0 gets through. */
	pic_raise_irq(&pic, 0);
	assert_ack(0x20);
	wr(M_CMD, OCW2_EOI);	/* IRQ 0 */
	assert_false(pic_has_interrupt(&pic));
	wr(S_CMD, OCW2_EOI);
	wr(M_CMD, OCW2_EOI);	/* IR2 */
	assert_ack(0x2f);
	wr(S_CMD, OCW2_EOI);
	wr(M_CMD, OCW2_EOI);
	assert_ack(0x23);
}

/* ------------------------------------------------------------ reading */

static void test_ocw3_selects_irr_or_isr(void **state)
{
	pc_init(0x01, 0x00, 0x00);
	pic_raise_irq(&pic, 5);
	pic_raise_irq(&pic, 6);
	/* IRR by default. */
	assert_int_equal(rd(M_CMD), 0x60);
	assert_ack(0x25);
	assert_int_equal(rd(M_CMD), 0x40);
	wr(M_CMD, OCW3_READ_ISR);
	assert_int_equal(rd(M_CMD), 0x20);
	/* The choice sticks until changed; OCW3 without RR keeps it. */
	assert_int_equal(rd(M_CMD), 0x20);
	wr(M_CMD, 0x08);
	assert_int_equal(rd(M_CMD), 0x20);
	/* The data port reads the IMR whatever OCW3 chose. */
	wr(M_DATA, 0x81);
	assert_int_equal(rd(M_DATA), 0x81);
	wr(M_CMD, OCW3_READ_IRR);
	assert_int_equal(rd(M_CMD), 0x40);
	assert_int_equal(rd(M_DATA), 0x81);
	/* Each chip has its own selection. */
	wr(S_CMD, OCW3_READ_ISR);
	assert_int_equal(rd(M_CMD), 0x40);
}

static void test_slave_registers_separate(void **state)
{
	pc_init(0x01, 0x12, 0x34);
	assert_int_equal(rd(M_DATA), 0x12);
	assert_int_equal(rd(S_DATA), 0x34);
	pic_raise_irq(&pic, 11);
	assert_int_equal(irr(S_CMD), 0x08);
	/* The slave's request shows on the master's IR2 input. */
	assert_int_equal(irr(M_CMD), 0x04);
	pic_raise_irq(&pic, 3);
	assert_int_equal(irr(M_CMD), 0x0c);
	assert_int_equal(irr(S_CMD), 0x08);
}

/* ------------------------------------------------------------ auto-EOI */

static void test_auto_eoi(void **state)
{
	pc_init(0x03, 0x00, 0x00);
	pic_raise_irq(&pic, 4);
	assert_ack(0x24);
	assert_int_equal(isr(M_CMD), 0x00);
	/* Nothing in service: the same and lower priorities come at once. */
	pic_raise_irq(&pic, 4);
	pic_raise_irq(&pic, 6);
	assert_ack(0x24);
	assert_ack(0x26);
	/* Through the cascade too. */
	pic_raise_irq(&pic, 13);
	assert_ack(0x2d);
	assert_int_equal(isr(M_CMD), 0x00);
	assert_int_equal(isr(S_CMD), 0x00);
	pic_raise_irq(&pic, 15);
	assert_ack(0x2f);
}

/* ------------------------------------------------------------ spurious */

static void test_spurious(void **state)
{
	pc_init(0x01, 0x00, 0x00);
	assert_false(pic_has_interrupt(&pic));
	/* Nothing pending: the 8259A answers with IR7's vector. */
	assert_int_equal(pic_acknowledge(&pic), 0x27);
	/* A spurious acknowledge puts nothing in service. */
	assert_int_equal(isr(M_CMD), 0x00);
	/* The same when everything pending is masked. */
	wr(M_DATA, 0xff);
	pic_raise_irq(&pic, 1);
	assert_false(pic_has_interrupt(&pic));
	assert_int_equal(pic_acknowledge(&pic), 0x27);
	assert_int_equal(irr(M_CMD), 0x02);
	assert_int_equal(isr(M_CMD), 0x00);
}

/* ELCR1/ELCR2: 0 at reset, the always-edge IRQs stay 0, ICW1 keeps them. */
static void test_elcr(void **state)
{
	assert_int_equal(pic_elcr_read(&pic, 0), 0);
	assert_int_equal(pic_elcr_read(&pic, 1), 0);
	pic_elcr_write(&pic, 0, 0xff);
	pic_elcr_write(&pic, 1, 0xff);
	assert_int_equal(pic_elcr_read(&pic, 0), 0xf8);	/* not IRQ 0-2 */
	assert_int_equal(pic_elcr_read(&pic, 1), 0xde);	/* not IRQ 8, 13 */
	pc_init(0x01, 0x00, 0x00);
	assert_int_equal(pic_elcr_read(&pic, 0), 0xf8);
	assert_int_equal(pic_elcr_read(&pic, 1), 0xde);
	pic_elcr_write(&pic, 1, 0x0c);
	assert_int_equal(pic_elcr_read(&pic, 1), 0x0c);
	assert_int_equal(pic_elcr_read(&pic, 0), 0xf8);
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_pc_init),
		T(test_vector_is_base_plus_irq),
		T(test_icw2_low_bits_ignored),
		T(test_icw1_clears_state),
		T(test_icw1_without_icw4),
		T(test_single_mode_skips_icw3),
		T(test_single_mode_without_icw4),
		T(test_mask),
		T(test_masked_request_does_not_block_others),
		T(test_slave_masks),
		T(test_slave_behind_masked_cascade),
		T(test_irq0_before_irq1),
		T(test_higher_priority_nests),
		T(test_equal_priority_waits),
		T(test_specific_eoi),
		T(test_eoi_with_nothing_in_service),
		T(test_cascade),
		T(test_slave_priority),
		T(test_slave_between_master_levels),
		T(test_ocw3_selects_irr_or_isr),
		T(test_slave_registers_separate),
		T(test_auto_eoi),
		T(test_spurious),
		T(test_elcr),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
