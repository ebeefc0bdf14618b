// SPDX-License-Identifier: MIT
/* 8254 channel 0 model (see pit.h). Pure: the host unit tests run it. */
#include "hv/dev/pit.h"

#define PIT_CH0		0x40
#define PIT_CH2		0x42
#define PIT_CMD		0x43

void pit_model_init(struct dev_pit *t, uint64_t tsc_hz)
{
	*t = (struct dev_pit){ .tsc_hz = tsc_hz, .reload = 65536,
			       .access = 3 };
	/* QEMU's reset state: mode 3, count 65536, gate low. */
	t->ch2 = (struct pit_channel2){ .mode = 3, .access = 3,
					.count = 65536 };
}

/* PIT input ticks -> TSC ticks, without overflowing for 65536 ticks. */
static uint64_t pit_to_tsc(const struct dev_pit *t, uint64_t ticks)
{
	return ticks * (t->tsc_hz / PIT_INPUT_HZ) +
	       ticks * (t->tsc_hz % PIT_INPUT_HZ) / PIT_INPUT_HZ;
}

static uint64_t period(const struct dev_pit *t)
{
	uint64_t p = pit_to_tsc(t, t->reload);

	return p ? p : 1;
}

/* TSC ticks -> PIT input ticks, without overflowing after hours. */
static uint64_t tsc_to_pit(const struct dev_pit *t, uint64_t tsc)
{
	if (!t->tsc_hz)
		return 0;
	return tsc / t->tsc_hz * PIT_INPUT_HZ +
	       tsc % t->tsc_hz * PIT_INPUT_HZ / t->tsc_hz;
}

/* The counter value the guest would read at @now. */
static uint16_t current_count(const struct dev_pit *t, uint64_t now)
{
	uint64_t ticks;

	if (!t->counting)
		return (uint16_t)t->reload;
	ticks = tsc_to_pit(t, now - t->start_tsc);
	/* Mode 0 wraps past zero to 0xffff and counts on (datasheet). */
	if (t->mode == 0)
		return (uint16_t)(t->reload - ticks);
	return (uint16_t)(t->reload - ticks % t->reload);
}

static void load(struct dev_pit *t, uint32_t value, uint64_t now)
{
	t->reload = value ? value : 65536;
	t->start_tsc = now;
	t->next_tsc = now + period(t);
	t->counting = true;
	t->armed = true;
}

/* Channel 2, QEMU's pit_get_out() and pit_get_count(). */
static uint64_t ch2_ticks(const struct dev_pit *t, uint64_t now)
{
	return tsc_to_pit(t, now - t->ch2.load_tsc);
}

static int ch2_out(const struct dev_pit *t, uint64_t now)
{
	const struct pit_channel2 *c = &t->ch2;
	uint64_t d = ch2_ticks(t, now);

	switch (c->mode) {
	case 1:
		return d < c->count;
	case 2:
		return d % c->count == 0 && d != 0;
	case 3:
		return d % c->count < ((c->count + 1) >> 1);
	case 4:
	case 5:
		return d == c->count;
	default:
		return d >= c->count;
	}
}

static uint16_t ch2_count(const struct dev_pit *t, uint64_t now)
{
	const struct pit_channel2 *c = &t->ch2;
	uint64_t d = ch2_ticks(t, now);

	switch (c->mode) {
	case 0:
	case 1:
	case 4:
	case 5:
		return (uint16_t)(c->count - d);
	case 3:
		return (uint16_t)(c->count - (2 * d) % c->count);
	default:
		return (uint16_t)(c->count - d % c->count);
	}
}

static void ch2_command(struct dev_pit *t, uint8_t value, uint64_t now)
{
	struct pit_channel2 *c = &t->ch2;
	unsigned int access = (value >> 4) & 3;

	if (access == 0) {
		if (!c->latched) {
			c->latch = ch2_count(t, now);
			c->latched = true;
		}
		return;
	}
	c->access = (uint8_t)access;
	c->mode = (value >> 1) & 7;
	if (c->mode > 5)
		c->mode -= 4;
	c->write_hi_next = c->read_hi_next = false;
	c->latched = false;
}

static void ch2_load(struct dev_pit *t, uint32_t v, uint64_t now)
{
	t->ch2.count = v ? v : 65536;
	t->ch2.load_tsc = now;
}

static void ch2_write(struct dev_pit *t, uint8_t value, uint64_t now)
{
	struct pit_channel2 *c = &t->ch2;

	switch (c->access) {
	case 1:
		ch2_load(t, value, now);
		break;
	case 2:
		ch2_load(t, (uint32_t)value << 8, now);
		break;
	default:
		if (!c->write_hi_next) {
			c->reload_lo = value;
		} else {
			ch2_load(t, c->reload_lo | (uint32_t)value << 8, now);
		}
		c->write_hi_next = !c->write_hi_next;
		break;
	}
}

static uint8_t ch2_read(struct dev_pit *t, uint64_t now)
{
	struct pit_channel2 *c = &t->ch2;
	uint16_t v = c->latched ? c->latch : ch2_count(t, now);
	uint8_t b;

	switch (c->access) {
	case 1:
		c->latched = false;
		return v & 0xff;
	case 2:
		c->latched = false;
		return v >> 8;
	default:
		b = c->read_hi_next ? v >> 8 : v & 0xff;
		if (c->read_hi_next)
			c->latched = false;
		c->read_hi_next = !c->read_hi_next;
		return b;
	}
}

uint8_t pit_port61_read(struct dev_pit *t, uint64_t now)
{
	struct pit_channel2 *c = &t->ch2;

	c->refresh ^= 0x10;
	return (uint8_t)(c->gate | c->speaker << 1 | c->refresh |
			 ch2_out(t, now) << 5);
}

void pit_port61_write(struct dev_pit *t, uint8_t value, uint64_t now)
{
	struct pit_channel2 *c = &t->ch2;
	bool gate = value & 1;

	c->speaker = value & 2;
	/* A rising gate restarts modes 1, 2, 3, 5 (8254 datasheet, Table 1). */
	if (gate && !c->gate && c->mode != 0 && c->mode != 4)
		c->load_tsc = now;
	c->gate = gate;
}

void pit_model_write(struct dev_pit *t, uint16_t port, uint8_t value,
		     uint64_t now)
{
	if (port == PIT_CH2) {
		ch2_write(t, value, now);
		return;
	}
	if (port == PIT_CMD) {
		unsigned int channel = value >> 6, access = (value >> 4) & 3;

		if (channel == 2) {
			ch2_command(t, value, now);
			return;
		}
		if (channel != 0)
			return;			/* channel 1, read-back */
		if (access == 0) {		/* counter latch command */
			if (!t->latched) {	/* a second one is ignored */
				t->latch = current_count(t, now);
				t->latched = true;
			}
			return;
		}
		t->access = (uint8_t)access;
		t->mode = (value >> 1) & 7;
		if (t->mode > 5)
			t->mode -= 4;		/* 6 and 7 are 2 and 3 */
		t->write_hi_next = false;
		t->read_hi_next = false;
		t->latched = false;		/* reprogramming drops a latch */
		t->counting = false;		/* waits for a new count */
		t->armed = false;
		return;
	}
	if (port != PIT_CH0)
		return;
	switch (t->access) {
	case 1:
		load(t, value, now);
		break;
	case 2:
		load(t, (uint32_t)value << 8, now);
		break;
	default:
		if (!t->write_hi_next) {
			t->reload_lo = value;
			t->write_hi_next = true;
			if (t->mode == 0) {	/* stops until complete */
				t->counting = false;
				t->armed = false;
			}
		} else {
			t->write_hi_next = false;
			load(t, t->reload_lo | (uint32_t)value << 8, now);
		}
		break;
	}
}

uint8_t pit_model_read(struct dev_pit *t, uint16_t port, uint64_t now)
{
	uint16_t v;
	uint8_t b;

	if (port == PIT_CH2)
		return ch2_read(t, now);
	if (port != PIT_CH0)
		return 0xff;
	v = t->latched ? t->latch : current_count(t, now);
	switch (t->access) {
	case 1:
		t->latched = false;
		return v & 0xff;
	case 2:
		t->latched = false;
		return v >> 8;
	default:
		b = t->read_hi_next ? v >> 8 : v & 0xff;
		if (t->read_hi_next)
			t->latched = false;
		t->read_hi_next = !t->read_hi_next;
		return b;
	}
}

bool pit_tick(struct dev_pit *t, uint64_t now)
{
	if (!t->armed || now < t->next_tsc)
		return false;
	if (t->mode == 0) {
		t->armed = false;		/* one shot; the count goes on */
		return true;
	}
	/* Coalesce what was missed: the next one is in the future. */
	t->next_tsc += period(t) * ((now - t->next_tsc) / period(t) + 1);
	return true;
}

uint64_t pit_deadline(const struct dev_pit *t)
{
	return t->armed ? t->next_tsc : 0;
}
