// SPDX-License-Identifier: MIT
/*
 * hv/dev/i8042.c: the 8042 and its PS/2 keyboard and mouse as QEMU 7.2
 * has them (hw/input/pckbd.c, hw/input/ps2.c), driven the way Linux's
 * i8042.c, atkbd.c and psmouse probe them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>

#include "hv/dev/i8042.h"

static struct dev_i8042 s;

static int setup(void **state)
{
	(void)state;
	i8042_init(&s);
	return 0;
}

static uint8_t status(void)
{
	return i8042_read(&s, PORT_KBC_CMD);
}

static void cmd(uint8_t c)
{
	i8042_write(&s, PORT_KBC_CMD, c);
}

static void data(uint8_t d)
{
	i8042_write(&s, PORT_KBC_DATA, d);
}

/* The next byte, which must be there (OBF) and from @aux's side. */
static uint8_t next(bool aux)
{
	uint8_t st = status();

	assert_true(st & KBC_STATUS_OBF);
	assert_int_equal(!!(st & KBC_STATUS_AUX_OBF), aux);
	return i8042_read(&s, PORT_KBC_DATA);
}

static void empty(void)
{
	assert_int_equal(status() & (KBC_STATUS_OBF | KBC_STATUS_AUX_OBF), 0);
}

static void to_aux(uint8_t b)
{
	cmd(0xd4);
	data(b);
}

static void test_status_after_firmware(void **state)
{
	uint8_t st;

	(void)state;
	st = status();
	assert_int_equal(st & (KBC_STATUS_OBF | KBC_STATUS_IBF), 0);
	assert_true(st & KBC_STATUS_SYSFLAG);
	assert_true(st & KBC_STATUS_UNLOCKED);
	cmd(0xad);
	assert_true(status() & KBC_STATUS_CMD);
	cmd(0x60);
	data(0x61);
	assert_false(status() & KBC_STATUS_CMD);
	assert_null(s.reset_how);
	assert_false(i8042_kbd_irq(&s));
	assert_false(i8042_aux_irq(&s));
}

static void test_self_and_interface_tests(void **state)
{
	(void)state;
	s.status &= (uint8_t)~KBC_STATUS_SYSFLAG;
	cmd(0xaa);
	assert_int_equal(next(false), 0x55);
	assert_true(status() & KBC_STATUS_SYSFLAG);
	cmd(0xab);
	assert_int_equal(next(false), 0x00);
	cmd(0xa9);
	assert_int_equal(next(false), 0x00);
	empty();
	/* Empty: 0x60 reads the last byte again, and OBF stays clear. */
	assert_int_equal(i8042_read(&s, PORT_KBC_DATA), 0x00);
	empty();
}

static void test_command_byte(void **state)
{
	(void)state;
	cmd(0x20);
	assert_int_equal(next(false), 0x61);	/* SeaBIOS: KBDINT AUXDIS XLATE */
	cmd(0x60);
	data(0x47);
	cmd(0x20);
	assert_int_equal(next(false), 0x47);
	/* Linux's i8042_check_aux: 0xa7/0xa8 flip AUXDIS. */
	cmd(0xa8);
	cmd(0x20);
	assert_int_equal(next(false) & KBC_CTR_AUXDIS, 0);
	cmd(0xa7);
	cmd(0x20);
	assert_true(next(false) & KBC_CTR_AUXDIS);
	cmd(0xae);
	cmd(0xad);
	cmd(0x20);
	assert_true(next(false) & KBC_CTR_KBDDIS);
	cmd(0xae);
	cmd(0x20);
	assert_false(next(false) & KBC_CTR_KBDDIS);
}

static void test_input_output_port(void **state)
{
	(void)state;
	cmd(0xc0);
	assert_int_equal(next(false), 0x80);
	cmd(0xd0);
	assert_int_equal(next(false), 0xcf);	/* RESET, A20, QEMU's ones */
	cmd(0xdd);
	cmd(0xd0);
	assert_int_equal(next(false), 0xcd);
	cmd(0xdf);
	cmd(0xd1);
	data(0xdf);
	assert_null(s.reset_how);
	cmd(0xd0);
	assert_int_equal(next(false), 0xdf);	/* OBF bit 4 shown, as QEMU */
}

static void test_irq1_level(void **state)
{
	(void)state;
	cmd(0x20);
	assert_true(i8042_kbd_irq(&s));		/* KBDINT set: up while full */
	assert_false(i8042_aux_irq(&s));
	next(false);
	assert_false(i8042_kbd_irq(&s));
	cmd(0x60);
	data(0x60);				/* no KBDINT */
	cmd(0x20);
	assert_false(i8042_kbd_irq(&s));
	assert_true(status() & KBC_STATUS_OBF);
	/* Enabling the interrupt with the buffer full raises it at once. */
	cmd(0x60);
	assert_true(status() & KBC_STATUS_OBF);	/* the byte waits */
	data(0x61);
	assert_true(i8042_kbd_irq(&s));
	assert_int_equal(next(false), 0x60);
	assert_false(i8042_kbd_irq(&s));
}

static void test_write_kbd_and_aux_obuf(void **state)
{
	(void)state;
	cmd(0xd2);
	data(0x5a);
	assert_true(i8042_kbd_irq(&s));
	assert_int_equal(next(false), 0x5a);
	/* Linux's AUX loop test: 0xd3 comes back as aux data, IRQ 12. */
	cmd(0x60);
	data(0x43);				/* KBDINT AUXINT, aux on */
	cmd(0xd3);
	data(0xa5);
	assert_true(i8042_aux_irq(&s));
	assert_false(i8042_kbd_irq(&s));
	assert_int_equal(next(true), 0xa5);
	assert_false(i8042_aux_irq(&s));
	empty();
}

static void test_kbd_reset_and_identify(void **state)
{
	(void)state;
	data(0xff);
	assert_int_equal(next(false), 0xfa);
	assert_int_equal(next(false), 0xaa);
	empty();
	data(0xf2);				/* translated: 0x41 */
	assert_int_equal(next(false), 0xfa);
	assert_int_equal(next(false), 0xab);
	assert_int_equal(next(false), 0x41);
	cmd(0x60);
	data(0x01);				/* translation off */
	data(0xf2);
	next(false);
	next(false);
	assert_int_equal(next(false), 0x83);
	empty();
}

static void test_kbd_commands(void **state)
{
	(void)state;
	data(0xee);
	assert_int_equal(next(false), 0xee);
	data(0xf0);
	assert_int_equal(next(false), 0xfa);
	data(0x00);
	assert_int_equal(next(false), 0xfa);
	assert_int_equal(next(false), 0x41);	/* set 2, translated */
	data(0xf0);
	next(false);
	data(0x03);
	assert_int_equal(next(false), 0xfa);
	cmd(0x60);
	data(0x01);
	data(0xf0);
	next(false);
	data(0x00);
	next(false);
	assert_int_equal(next(false), 0x03);
	data(0xf0);
	next(false);
	data(0x07);
	assert_int_equal(next(false), 0xfe);	/* no set 7 */
	data(0xed);
	assert_int_equal(next(false), 0xfa);
	data(0x07);
	assert_int_equal(next(false), 0xfa);
	assert_int_equal(s.kbd.leds, 0x07);
	data(0xf3);
	assert_int_equal(next(false), 0xfa);
	data(0x20);
	assert_int_equal(next(false), 0xfa);
	data(0xf5);
	assert_int_equal(next(false), 0xfa);
	assert_false(s.kbd.scan_enabled);
	data(0xf4);
	assert_int_equal(next(false), 0xfa);
	assert_true(s.kbd.scan_enabled);
	data(0xf6);
	assert_int_equal(next(false), 0xfa);
	assert_int_equal(s.kbd.scancode_set, 2);
	data(0xab);
	assert_int_equal(next(false), 0xfe);	/* unknown: resend */
	empty();
}

static void test_kbd_held_while_disabled(void **state)
{
	(void)state;
	data(0xff);			/* ACK in the buffer, BAT waiting */
	cmd(0xad);
	assert_false(i8042_kbd_irq(&s));	/* KBDDIS masks IRQ 1 */
	assert_int_equal(next(false), 0xfa);
	empty();			/* the BAT is held back */
	cmd(0xae);
	assert_true(i8042_kbd_irq(&s));
	assert_int_equal(next(false), 0xaa);
	empty();
}

static void test_mouse_reset_and_id(void **state)
{
	(void)state;
	to_aux(0xff);
	assert_false(s.mode & KBC_CTR_AUXDIS);	/* 0xd4 enables the port */
	assert_int_equal(next(true), 0xfa);
	assert_int_equal(next(true), 0xaa);
	assert_int_equal(next(true), 0x00);
	to_aux(0xf2);
	assert_int_equal(next(true), 0xfa);
	assert_int_equal(next(true), 0x00);
	empty();
}

static void test_mouse_rates_and_status(void **state)
{
	static const uint8_t explorer[] = { 200, 200, 80 };

	(void)state;
	to_aux(0xe8);
	assert_int_equal(next(true), 0xfa);
	to_aux(0x03);
	assert_int_equal(next(true), 0xfa);
	to_aux(0xf4);
	next(true);
	to_aux(0xe7);
	next(true);
	to_aux(0xe9);
	assert_int_equal(next(true), 0xfa);
	assert_int_equal(next(true), 0x30);	/* enabled, 2:1 */
	assert_int_equal(next(true), 0x03);
	assert_int_equal(next(true), 100);
	for (unsigned i = 0; i < 3; i++) {
		to_aux(0xf3);
		next(true);
		to_aux(explorer[i]);
		next(true);
	}
	to_aux(0xf2);
	next(true);
	assert_int_equal(next(true), 4);
	to_aux(0xf5);
	next(true);
	to_aux(0xf6);
	next(true);
	to_aux(0xe9);
	next(true);
	assert_int_equal(next(true), 0);
	assert_int_equal(next(true), 2);
	assert_int_equal(next(true), 100);
	to_aux(0xeb);				/* poll: ACK, a still packet */
	next(true);
	assert_int_equal(next(true), 0x08);
	assert_int_equal(next(true), 0);
	assert_int_equal(next(true), 0);
	assert_int_equal(next(true), 0);	/* 4 bytes for an Explorer */
	to_aux(0xe1);				/* unknown: no answer */
	empty();
	to_aux(0xee);				/* wrap: echoes until 0xec */
	next(true);
	to_aux(0x12);
	assert_int_equal(next(true), 0x12);
	to_aux(0xec);
	assert_int_equal(next(true), 0xfa);
	empty();
}

static void test_irq12_level(void **state)
{
	(void)state;
	to_aux(0xf2);
	assert_false(i8042_aux_irq(&s));	/* SeaBIOS: AUXINT clear */
	assert_false(i8042_kbd_irq(&s));	/* aux data never raises 1 */
	cmd(0x60);
	data(0x43);				/* AUXINT, aux port on */
	assert_true(i8042_aux_irq(&s));
	next(true);
	assert_true(i8042_aux_irq(&s));		/* the ID byte follows */
	next(true);
	assert_false(i8042_aux_irq(&s));
}

static void test_controller_answer_first(void **state)
{
	(void)state;
	to_aux(0xf2);			/* ACK in the buffer, ID waiting */
	cmd(0x20);
	assert_int_equal(next(true), 0xfa);
	assert_int_equal(next(false), 0x61 & ~KBC_CTR_AUXDIS);
	assert_int_equal(next(true), 0x00);
}

static void test_fe_and_pulse_reset(void **state)
{
	(void)state;
	cmd(0xff);				/* pulses nothing */
	cmd(0xf1);				/* bit 0 set: not RESET */
	assert_null(s.reset_how);
	cmd(0xfe);
	assert_string_equal(s.reset_how, "the keyboard controller (0x64)");
	setup(NULL);
	cmd(0xf0);				/* pulses bits 3-0, RESET too */
	assert_non_null(s.reset_how);
}

static void test_output_port_reset(void **state)
{
	(void)state;
	cmd(0xd1);
	data(0x03);				/* RESET high: keeps running */
	assert_null(s.reset_how);
	data(0x02);				/* not after 0xd1: to the keyboard */
	assert_null(s.reset_how);
	assert_int_equal(next(false), 0xfe);
	cmd(0xd1);
	cmd(0x20);				/* a command in between drops 0xd1 */
	data(0x02);
	assert_null(s.reset_how);
	cmd(0xd1);
	data(0x02);
	assert_string_equal(s.reset_how,
			    "the keyboard controller's output port (0x60)");
	cmd(0xfe);				/* the first reason is kept */
	assert_string_equal(s.reset_how,
			    "the keyboard controller's output port (0x60)");
}

static void test_queue_overflow_drops(void **state)
{
	(void)state;
	to_aux(0xee);				/* wrap mode */
	for (unsigned i = 0; i < 2 * PS2_QUEUE; i++)
		to_aux((uint8_t)i);
	/* The ACK, then what fitted; the rest was lost, nothing broke. */
	assert_int_equal(next(true), 0xfa);
	for (unsigned i = 0; i < PS2_QUEUE - 1; i++)
		assert_int_equal(next(true), i);
	empty();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_status_after_firmware, setup),
		cmocka_unit_test_setup(test_self_and_interface_tests, setup),
		cmocka_unit_test_setup(test_command_byte, setup),
		cmocka_unit_test_setup(test_input_output_port, setup),
		cmocka_unit_test_setup(test_irq1_level, setup),
		cmocka_unit_test_setup(test_write_kbd_and_aux_obuf, setup),
		cmocka_unit_test_setup(test_kbd_reset_and_identify, setup),
		cmocka_unit_test_setup(test_kbd_commands, setup),
		cmocka_unit_test_setup(test_kbd_held_while_disabled, setup),
		cmocka_unit_test_setup(test_mouse_reset_and_id, setup),
		cmocka_unit_test_setup(test_mouse_rates_and_status, setup),
		cmocka_unit_test_setup(test_irq12_level, setup),
		cmocka_unit_test_setup(test_controller_answer_first, setup),
		cmocka_unit_test_setup(test_fe_and_pulse_reset, setup),
		cmocka_unit_test_setup(test_output_port_reset, setup),
		cmocka_unit_test_setup(test_queue_overflow_drops, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
