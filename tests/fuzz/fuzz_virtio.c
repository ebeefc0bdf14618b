// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness for the virtio-mmio transport, the split virtqueue
 * walker and the console behind them (hv/dev/virtio_mmio.c, virtqueue.c,
 * virtio_console.c): a hostile driver that writes any register with any
 * width and builds any descriptor table, avail ring and index in its RAM.
 *
 * Guest RAM is an exact-size heap block of RAM_SIZE bytes (ASan catches
 * an access past it); the map callback refuses ranges outside it. The
 * input is a list of operations, one byte each plus its arguments (little
 * endian, missing bytes read as 0):
 *
 *   op & 7 = 0  register write: off u16 (% 0x210), value u32, aligned 32-bit
 *            1  register read: off u16
 *            2  RAM store: addr u16, value u16
 *            3  RAM store: addr u16, value u64
 *            4  typed input: n (1-16) bytes follow
 *            5  Linux's probe, its rings at desc/avail/used u16 each, num u8
 *            6  access of size 1, 2, 4 or 8 (op bits 3-4), write if bit 5
 *               set, off u16, value u64
 *            7  QueueNotify: queue u8
 *
 * After every operation: the line is high exactly when InterruptStatus
 * has a bit; a stopped device shows NEEDS_RESET and reported once since
 * its last reset; everything the console emitted and everything the
 * walker handed out lies inside RAM; bytes counted match bytes emitted;
 * the device never takes more input than it was given.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hv/dev/virtio_console.h"

#define RAM_SIZE	0x4000u

static uint8_t *ram;
static struct virtio_console con;
static bool line;
static unsigned int reports_since_reset;
static uint64_t emitted;
static volatile uint8_t sink;

static void die(const char *what)
{
	fprintf(stderr, "fuzz_virtio: %s (status 0x%x, int 0x%x)\n", what,
		con.mmio.status, con.mmio.interrupt_status);
	abort();
}

static void *map(void *ctx, uint64_t gpa, uint64_t len)
{
	(void)ctx;
	if (gpa >= RAM_SIZE || len > RAM_SIZE - gpa)
		return NULL;
	return ram + gpa;
}

static void emit(void *ctx, const uint8_t *p, size_t n)
{
	(void)ctx;
	if (p < ram || n > RAM_SIZE || p + n > ram + RAM_SIZE)
		die("emitted bytes outside the guest's RAM");
	for (size_t i = 0; i < n; i++)		/* ASan: every byte readable */
		sink += p[i];
	emitted += n;
}

static void set_irq(void *ctx, bool level)
{
	(void)ctx;
	if (level == line)
		die("the line was told what it already was");
	line = level;
}

static void report(void *ctx, int queue, const char *why)
{
	(void)ctx;
	if (queue < -1 || queue > 1 || !why || !*why)
		die("a report without a queue or a reason");
	reports_since_reset++;
}

struct reader {
	const uint8_t *p;
	size_t n;
};

static uint64_t get(struct reader *r, int bytes)
{
	uint64_t v = 0;

	for (int i = 0; i < bytes; i++) {
		v |= (uint64_t)(r->n ? *r->p : 0) << (8 * i);
		if (r->n)
			r->p++, r->n--;
	}
	return v;
}

static void wr(uint64_t off, uint32_t v)
{
	virtio_mmio_write(&con.mmio, off, 4, v);
}

static void probe(struct reader *r)
{
	uint16_t desc = (uint16_t)get(r, 2), avail = (uint16_t)get(r, 2);
	uint16_t used = (uint16_t)get(r, 2);
	uint8_t num = (uint8_t)get(r, 1);

	wr(VIRTIO_MMIO_STATUS, 0);
	wr(VIRTIO_MMIO_STATUS, 3);
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, 1);
	wr(VIRTIO_MMIO_STATUS, 0xb);
	for (unsigned int q = 0; q < 2; q++) {
		uint32_t base = q * 0x400;

		wr(VIRTIO_MMIO_QUEUE_SEL, q);
		wr(VIRTIO_MMIO_QUEUE_NUM, num);
		wr(VIRTIO_MMIO_QUEUE_DESC_LOW, desc + base);
		wr(VIRTIO_MMIO_QUEUE_DESC_HIGH, 0);
		wr(VIRTIO_MMIO_QUEUE_DRIVER_LOW, avail + base);
		wr(VIRTIO_MMIO_QUEUE_DRIVER_HIGH, 0);
		wr(VIRTIO_MMIO_QUEUE_DEVICE_LOW, used + base);
		wr(VIRTIO_MMIO_QUEUE_DEVICE_HIGH, 0);
		wr(VIRTIO_MMIO_QUEUE_READY, 1);
	}
	wr(VIRTIO_MMIO_STATUS, 0xf);
}

static void check(void)
{
	const struct virtio_mmio *t = &con.mmio;

	if (line != (t->interrupt_status != 0))
		die("the line does not follow InterruptStatus");
	if (t->broken && !(t->status & VIRTIO_STATUS_NEEDS_RESET))
		die("a stopped device without NEEDS_RESET");
	if (t->broken != (reports_since_reset == 1))
		die("a stop without exactly one report");
	if (emitted != con.tx_bytes)
		die("bytes emitted and counted differ");
	for (unsigned int q = 0; q < 2; q++) {
		const struct virtqueue *vq = &t->q[q].vq;

		if (!t->q[q].ready)
			continue;
		if (vq->num == 0 || (vq->num & (vq->num - 1)) ||
		    vq->num > VIRTIO_CONSOLE_QUEUE_NUM_MAX)
			die("a ready queue of a size that was refused");
		if (vq->used + 4 > RAM_SIZE || vq->desc + 16ULL * vq->num > RAM_SIZE)
			die("a ready queue outside RAM");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct reader r = { data, size };
	struct vq_mem mem = { .map = map };
	unsigned int ops = 0;

	ram = calloc(1, RAM_SIZE);
	if (!ram)
		return 0;
	line = false;
	reports_since_reset = 0;
	emitted = 0;
	virtio_console_init(&con, &mem, emit, set_irq, report, NULL);
	while (r.n && ops++ < 256) {
		uint8_t op = (uint8_t)get(&r, 1);
		uint64_t off, v;
		uint8_t in[16];
		size_t n, took;

		switch (op & 7) {
		case 0:
			off = get(&r, 2) % 0x210 & ~3ULL;
			v = get(&r, 4);
			if (off == VIRTIO_MMIO_STATUS && v == 0)
				reports_since_reset = 0;
			wr(off, (uint32_t)v);
			break;
		case 1:
			virtio_mmio_read(&con.mmio, get(&r, 2) % 0x210 & ~3ULL, 4);
			break;
		case 2:
			off = get(&r, 2) % (RAM_SIZE - 1);
			v = get(&r, 2);
			memcpy(ram + off, &v, 2);
			break;
		case 3:
			off = get(&r, 2) % (RAM_SIZE - 7);
			v = get(&r, 8);
			memcpy(ram + off, &v, 8);
			break;
		case 4:
			n = 1 + (op >> 3) % 16;
			for (size_t i = 0; i < n; i++)
				in[i] = (uint8_t)get(&r, 1);
			took = virtio_console_receive(&con, in, n);
			if (took > n)
				die("took more input than it was given");
			break;
		case 5:
			reports_since_reset = 0;	/* it starts with a reset */
			probe(&r);
			break;
		case 6: {
			unsigned int sz = 1u << ((op >> 3) & 3);

			off = get(&r, 2) % 0x210;
			v = get(&r, 8);
			if (op & 0x20) {
				if (off == VIRTIO_MMIO_STATUS && sz == 4 &&
				    (uint32_t)v == 0)
					reports_since_reset = 0;
				virtio_mmio_write(&con.mmio, off, sz, v);
			} else {
				virtio_mmio_read(&con.mmio, off, sz);
			}
			break;
		}
		default:
			wr(VIRTIO_MMIO_QUEUE_NOTIFY, (uint32_t)get(&r, 1));
			break;
		}
		check();
	}
	free(ram);
	return 0;
}
