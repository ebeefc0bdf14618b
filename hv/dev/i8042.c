// SPDX-License-Identifier: MIT
/* The 8042 and its PS/2 keyboard and mouse (see i8042.h). Pure: unit-tested. */
#include "hv/dev/i8042.h"

/* Controller commands (0x64). */
#define CCMD_READ_MODE		0x20
#define CCMD_WRITE_MODE		0x60
#define CCMD_AUX_DISABLE	0xa7
#define CCMD_AUX_ENABLE		0xa8
#define CCMD_AUX_TEST		0xa9
#define CCMD_SELF_TEST		0xaa
#define CCMD_KBD_TEST		0xab
#define CCMD_KBD_DISABLE	0xad
#define CCMD_KBD_ENABLE		0xae
#define CCMD_READ_INPUT		0xc0
#define CCMD_READ_OUTPUT	0xd0
#define CCMD_WRITE_KBD_OBUF	0xd2
#define CCMD_WRITE_AUX_OBUF	0xd3
#define CCMD_WRITE_AUX		0xd4
#define CCMD_A20_OFF		0xdd
#define CCMD_A20_ON		0xdf

#define OUT_RESET		0x01	/* output port: 0 holds the CPU in reset */
#define OUT_A20			0x02
#define OUT_OBF			0x10
#define OUT_AUX_OBF		0x20
#define OUT_ONES		0xcc	/* QEMU's default for the unused bits */

/* Device commands and answers (ps2.c; Linux's atkbd.c, libps2.h). */
#define PS2_ACK			0xfa
#define PS2_RESEND		0xfe
#define PS2_BAT_OK		0xaa
#define KBD_SET_LEDS		0xed
#define KBD_ECHO		0xee
#define KBD_SCANCODE		0xf0
#define KBD_GET_ID		0xf2
#define KBD_SET_RATE		0xf3
#define KBD_ENABLE		0xf4
#define KBD_RESET_DISABLE	0xf5
#define KBD_RESET_ENABLE	0xf6
#define KBD_SET_ALL_TYPEMATIC	0xfa
#define KBD_SET_MAKE_BREAK	0xfb
#define KBD_RESET		0xff
#define KBD_ID			0xab	/* then 0x83 (MF2), 0x41 translated */
#define AUX_SET_SCALE11		0xe6
#define AUX_SET_SCALE21		0xe7
#define AUX_SET_RES		0xe8
#define AUX_GET_STATUS		0xe9
#define AUX_SET_STREAM		0xea
#define AUX_POLL		0xeb
#define AUX_RESET_WRAP		0xec
#define AUX_SET_WRAP		0xee
#define AUX_SET_REMOTE		0xf0
#define AUX_GET_TYPE		0xf2
#define AUX_SET_SAMPLE		0xf3
#define AUX_ENABLE		0xf4
#define AUX_DISABLE		0xf5
#define AUX_SET_DEFAULT		0xf6
#define AUX_RESET		0xff
#define MOUSE_REMOTE		0x40
#define MOUSE_ENABLED		0x20
#define MOUSE_SCALE21		0x10

enum { OB_NONE, OB_CTRL, OB_KBD, OB_AUX };

static void q_put(struct ps2_queue *q, uint8_t b)
{
	if (q->count < PS2_QUEUE)	/* full: the byte is lost, as in QEMU */
		q->data[(q->rptr + q->count++) % PS2_QUEUE] = b;
}

static uint8_t q_get(struct ps2_queue *q)
{
	uint8_t b = q->data[q->rptr];

	q->rptr = (q->rptr + 1) % PS2_QUEUE;
	q->count--;
	return b;
}

/*
 * Fill the output buffer from the next source: the controller's answer,
 * then the keyboard, then the mouse; a disabled interface holds its
 * device's bytes back (QEMU 7.2's kbd_pending, extended state).
 */
static void update(struct dev_i8042 *s)
{
	s->status &= (uint8_t)~(KBC_STATUS_OBF | KBC_STATUS_AUX_OBF);
	s->outport &= (uint8_t)~(OUT_OBF | OUT_AUX_OBF);
	s->obsrc = OB_NONE;
	if (s->ctrl_pending)
		s->obsrc = OB_CTRL;
	else if (s->kbd.q.count && !(s->mode & KBC_CTR_KBDDIS))
		s->obsrc = OB_KBD;
	else if (s->aux.q.count && !(s->mode & KBC_CTR_AUXDIS))
		s->obsrc = OB_AUX;
	if (s->obsrc == OB_NONE)
		return;
	s->status |= KBC_STATUS_OBF;
	s->outport |= OUT_OBF;
	if (s->obsrc == OB_AUX || (s->obsrc == OB_CTRL && s->ctrl_aux)) {
		s->status |= KBC_STATUS_AUX_OBF;
		s->outport |= OUT_AUX_OBF;
	}
}

/* New data waits while the buffer holds a byte not yet read. */
static void safe_update(struct dev_i8042 *s)
{
	if (!(s->status & KBC_STATUS_OBF))
		update(s);
}

static void ctrl_answer(struct dev_i8042 *s, uint8_t b, bool aux)
{
	s->ctrl_data = b;
	s->ctrl_aux = aux;
	s->ctrl_pending = true;
	safe_update(s);
}

static void kbd_send(struct dev_i8042 *s, uint8_t b)
{
	q_put(&s->kbd.q, b);
	safe_update(s);
}

static void aux_send(struct dev_i8042 *s, uint8_t b)
{
	q_put(&s->aux.q, b);
	safe_update(s);
}

static void kbd_reset(struct ps2_kbd *k)
{
	k->q.count = 0;
	k->write_cmd = 0;
	k->scan_enabled = true;
	k->scancode_set = 2;
	k->leds = 0;
}

static void aux_defaults(struct ps2_mouse *m)
{
	m->status = 0;
	m->resolution = 2;
	m->sample_rate = 100;
}

/* A byte to the keyboard (ps2_write_keyboard). */
static void kbd_write(struct dev_i8042 *s, uint8_t v)
{
	struct ps2_kbd *k = &s->kbd;
	/* Set 2 read back through the translation reads as set 1's code. */
	static const uint8_t xlate_set[4] = { 0, 0x43, 0x41, 0x3f };
	uint8_t cmd = k->write_cmd;

	k->write_cmd = 0;
	switch (cmd) {
	case KBD_SCANCODE:
		if (v == 0) {
			kbd_send(s, PS2_ACK);
			kbd_send(s, k->translate ? xlate_set[k->scancode_set]
						 : k->scancode_set);
		} else if (v <= 3) {
			k->scancode_set = v;
			kbd_send(s, PS2_ACK);
		} else {
			kbd_send(s, PS2_RESEND);
		}
		return;
	case KBD_SET_LEDS:
		k->leds = v;
		/* fall through */
	case KBD_SET_RATE:
	case KBD_SET_MAKE_BREAK:
		kbd_send(s, PS2_ACK);
		return;
	}
	switch (v) {
	case 0x00:
		kbd_send(s, PS2_ACK);
		break;
	case KBD_GET_ID:
		kbd_send(s, PS2_ACK);
		kbd_send(s, KBD_ID);
		kbd_send(s, k->translate ? 0x41 : 0x83);
		break;
	case KBD_ECHO:
		kbd_send(s, KBD_ECHO);
		break;
	case KBD_ENABLE:
		k->scan_enabled = true;
		kbd_send(s, PS2_ACK);
		break;
	case KBD_SCANCODE:
	case KBD_SET_LEDS:
	case KBD_SET_RATE:
	case KBD_SET_MAKE_BREAK:
		k->write_cmd = v;
		kbd_send(s, PS2_ACK);
		break;
	case KBD_RESET_DISABLE:
	case KBD_RESET_ENABLE:
		kbd_reset(k);
		k->scan_enabled = v == KBD_RESET_ENABLE;
		kbd_send(s, PS2_ACK);
		break;
	case KBD_RESET:
		kbd_reset(k);
		kbd_send(s, PS2_ACK);
		kbd_send(s, PS2_BAT_OK);
		break;
	case KBD_SET_ALL_TYPEMATIC:
		kbd_send(s, PS2_ACK);
		break;
	default:
		kbd_send(s, PS2_RESEND);
		break;
	}
}

/*
 * Linux's psmouse knocks with sample rates 200, 100, 80 for an
 * IntelliMouse (ID 3) and 200, 200, 80 for an Explorer (ID 4).
 */
static void aux_knock(struct ps2_mouse *m, uint8_t rate)
{
	switch (m->detect) {
	case 0:
		m->detect = rate == 200 ? 1 : 0;
		break;
	case 1:
		m->detect = rate == 100 ? 2 : rate == 200 ? 3 : 0;
		break;
	default:
		if (rate == 80)
			m->type = m->detect == 2 ? 3 : 4;
		m->detect = 0;
		break;
	}
}

/* A byte to the mouse (ps2_write_mouse); unknown commands get no answer. */
static void aux_write(struct dev_i8042 *s, uint8_t v)
{
	struct ps2_mouse *m = &s->aux;
	uint8_t cmd = m->write_cmd;

	m->write_cmd = 0;
	if (cmd == AUX_SET_SAMPLE) {
		m->sample_rate = v;
		aux_knock(m, v);
		aux_send(s, PS2_ACK);
		return;
	}
	if (cmd == AUX_SET_RES) {
		m->resolution = v;
		aux_send(s, PS2_ACK);
		return;
	}
	if (m->wrap && v != AUX_RESET) {
		if (v == AUX_RESET_WRAP) {
			m->wrap = false;
			aux_send(s, PS2_ACK);
		} else {
			aux_send(s, v);		/* wrap mode echoes */
		}
		return;
	}
	switch (v) {
	case AUX_SET_SCALE11:
		m->status &= (uint8_t)~MOUSE_SCALE21;
		aux_send(s, PS2_ACK);
		break;
	case AUX_SET_SCALE21:
		m->status |= MOUSE_SCALE21;
		aux_send(s, PS2_ACK);
		break;
	case AUX_SET_STREAM:
		m->status &= (uint8_t)~MOUSE_REMOTE;
		aux_send(s, PS2_ACK);
		break;
	case AUX_SET_WRAP:
		m->wrap = true;
		aux_send(s, PS2_ACK);
		break;
	case AUX_SET_REMOTE:
		m->status |= MOUSE_REMOTE;
		aux_send(s, PS2_ACK);
		break;
	case AUX_GET_TYPE:
		aux_send(s, PS2_ACK);
		aux_send(s, m->type);
		break;
	case AUX_SET_RES:
	case AUX_SET_SAMPLE:
		m->write_cmd = v;
		aux_send(s, PS2_ACK);
		break;
	case AUX_GET_STATUS:
		aux_send(s, PS2_ACK);
		aux_send(s, m->status);
		aux_send(s, m->resolution);
		aux_send(s, m->sample_rate);
		break;
	case AUX_POLL:
		/* A packet with no motion and no button: bit 3 is always 1. */
		aux_send(s, PS2_ACK);
		aux_send(s, 0x08);
		aux_send(s, 0);
		aux_send(s, 0);
		if (m->type == 3 || m->type == 4)
			aux_send(s, 0);
		break;
	case AUX_ENABLE:
		m->status |= MOUSE_ENABLED;
		aux_send(s, PS2_ACK);
		break;
	case AUX_DISABLE:
		m->status &= (uint8_t)~MOUSE_ENABLED;
		aux_send(s, PS2_ACK);
		break;
	case AUX_SET_DEFAULT:
		aux_defaults(m);
		aux_send(s, PS2_ACK);
		break;
	case AUX_RESET:
		aux_defaults(m);
		m->type = 0;
		m->wrap = false;
		m->q.count = 0;
		aux_send(s, PS2_ACK);
		aux_send(s, PS2_BAT_OK);
		aux_send(s, m->type);
		break;
	default:
		break;
	}
}

static void request_reset(struct dev_i8042 *s, const char *how)
{
	if (!s->reset_how)
		s->reset_how = how;
}

static void write_mode(struct dev_i8042 *s, uint8_t v)
{
	s->mode = v;
	s->kbd.translate = v & KBC_CTR_XLATE;
	/* Enabling an interface lets its held-back bytes out. */
	safe_update(s);
}

static void write_command(struct dev_i8042 *s, uint8_t v)
{
	s->status |= KBC_STATUS_CMD;
	s->write_cmd = 0;
	/* 0xf0-0xff pulse the output port bits that are 0: bit 0 is RESET. */
	if ((v & 0xf0) == 0xf0) {
		if (!(v & OUT_RESET))
			request_reset(s, "the keyboard controller (0x64)");
		return;
	}
	switch (v) {
	case CCMD_READ_MODE:
		ctrl_answer(s, s->mode, false);
		break;
	case CCMD_WRITE_MODE:
	case KBC_CMD_WRITE_OUTPUT:
	case CCMD_WRITE_KBD_OBUF:
	case CCMD_WRITE_AUX_OBUF:
	case CCMD_WRITE_AUX:
		s->write_cmd = v;
		break;
	case CCMD_AUX_DISABLE:
		s->mode |= KBC_CTR_AUXDIS;
		break;
	case CCMD_AUX_ENABLE:
		s->mode &= (uint8_t)~KBC_CTR_AUXDIS;
		safe_update(s);
		break;
	case CCMD_SELF_TEST:
		s->status |= KBC_STATUS_SYSFLAG;
		ctrl_answer(s, 0x55, false);
		break;
	case CCMD_KBD_TEST:
	case CCMD_AUX_TEST:
		ctrl_answer(s, 0x00, false);	/* no clock or data line stuck */
		break;
	case CCMD_KBD_DISABLE:
		s->mode |= KBC_CTR_KBDDIS;
		break;
	case CCMD_KBD_ENABLE:
		s->mode &= (uint8_t)~KBC_CTR_KBDDIS;
		safe_update(s);
		break;
	case CCMD_READ_INPUT:
		ctrl_answer(s, 0x80, false);	/* keyboard not locked */
		break;
	case CCMD_READ_OUTPUT:
		ctrl_answer(s, s->outport, false);
		break;
	case CCMD_A20_OFF:
		s->outport &= (uint8_t)~OUT_A20;
		break;
	case CCMD_A20_ON:
		s->outport |= OUT_A20;
		break;
	default:
		break;			/* QEMU ignores the others too */
	}
}

static void write_data(struct dev_i8042 *s, uint8_t v)
{
	uint8_t cmd = s->write_cmd;

	s->status &= (uint8_t)~KBC_STATUS_CMD;
	s->write_cmd = 0;
	switch (cmd) {
	case 0:
		/* Talking to the keyboard enables its interface again. */
		s->mode &= (uint8_t)~KBC_CTR_KBDDIS;
		kbd_write(s, v);
		safe_update(s);
		break;
	case CCMD_WRITE_MODE:
		write_mode(s, v);
		break;
	case KBC_CMD_WRITE_OUTPUT:
		s->outport = v;
		if (!(v & OUT_RESET))
			request_reset(s,
				"the keyboard controller's output port (0x60)");
		break;
	case CCMD_WRITE_KBD_OBUF:
		ctrl_answer(s, v, false);
		break;
	case CCMD_WRITE_AUX_OBUF:
		ctrl_answer(s, v, true);
		break;
	case CCMD_WRITE_AUX:
		s->mode &= (uint8_t)~KBC_CTR_AUXDIS;
		aux_write(s, v);
		safe_update(s);
		break;
	}
}

static uint8_t read_data(struct dev_i8042 *s)
{
	if (!(s->status & KBC_STATUS_OBF))
		return s->obdata;	/* empty: the last byte again */
	switch (s->obsrc) {
	case OB_CTRL:
		s->ctrl_pending = false;
		s->obdata = s->ctrl_data;
		break;
	case OB_KBD:
		if (s->kbd.q.count)	/* else a reset emptied it: the last byte */
			s->obdata = q_get(&s->kbd.q);
		break;
	case OB_AUX:
		if (s->aux.q.count)
			s->obdata = q_get(&s->aux.q);
		break;
	}
	update(s);
	return s->obdata;
}

void i8042_init(struct dev_i8042 *s)
{
	/*
	 * SeaBIOS has self-tested the controller, reset the keyboard and
	 * enabled it (set 2, translated, IRQ 1), left the aux port off; its
	 * last write was the command byte to 0x60 and its last read an ACK.
	 */
	*s = (struct dev_i8042){
		.status = KBC_STATUS_SYSFLAG | KBC_STATUS_UNLOCKED,
		.mode = KBC_CTR_KBDINT | KBC_CTR_AUXDIS | KBC_CTR_XLATE,
		.outport = OUT_RESET | OUT_A20 | OUT_ONES,
		.obdata = PS2_ACK,
	};
	kbd_reset(&s->kbd);
	s->kbd.translate = true;
	aux_defaults(&s->aux);
}

uint8_t i8042_read(struct dev_i8042 *s, uint16_t port)
{
	return port == PORT_KBC_CMD ? s->status : read_data(s);
}

void i8042_write(struct dev_i8042 *s, uint16_t port, uint8_t value)
{
	if (port == PORT_KBC_CMD)
		write_command(s, value);
	else
		write_data(s, value);
}

/* QEMU's kbd_update_irq_lines: the buffer's side, if its bit enables it. */
bool i8042_kbd_irq(const struct dev_i8042 *s)
{
	return (s->status & KBC_STATUS_OBF) &&
	       !(s->status & KBC_STATUS_AUX_OBF) &&
	       (s->mode & KBC_CTR_KBDINT) && !(s->mode & KBC_CTR_KBDDIS);
}

bool i8042_aux_irq(const struct dev_i8042 *s)
{
	return (s->status & KBC_STATUS_OBF) &&
	       (s->status & KBC_STATUS_AUX_OBF) && (s->mode & KBC_CTR_AUXINT);
}
