// SPDX-License-Identifier: MIT
/*
 * hv/dev/virtio_mmio.c and virtio_console.c against virtio 1.2 4.2 (the
 * MMIO transport) and 5.3 (console): Linux's probe sequence, feature
 * negotiation, queue setup, transmit and receive through real rings in a
 * buffer standing for guest RAM, and the driver's mistakes that stop the
 * device (DEVICE_NEEDS_RESET, one report) until it resets it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "hv/dev/virtio_console.h"

#define RAM_SIZE	0x20000
#define NUM		16
/* queue n's rings at 0x1000 + n * 0x1000 */
#define DESC(n)		(0x1000 + (n) * 0x1000)
#define AVAIL(n)	(DESC(n) + 0x400)
#define USED(n)		(DESC(n) + 0x800)

static uint8_t ram[RAM_SIZE];
static struct virtio_console con;
static char out[4096];
static size_t out_len;
static bool line;
static int irq_changes, reports;
static char last_report[200];

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
	/* Kept while they fit (a budget test sends more), all counted. */
	if (out_len + n <= sizeof(out))
		memcpy(out + out_len, p, n);
	out_len += n;
}

static void set_irq(void *ctx, bool level)
{
	(void)ctx;
	assert_int_not_equal(level, line);	/* only changes are told */
	line = level;
	irq_changes++;
}

static void report(void *ctx, int queue, const char *why)
{
	(void)ctx;
	reports++;
	snprintf(last_report, sizeof(last_report), "queue=%d %s", queue, why);
}

static uint32_t rd(uint64_t off)
{
	return (uint32_t)virtio_mmio_read(&con.mmio, off, 4);
}

static void wr(uint64_t off, uint32_t v)
{
	virtio_mmio_write(&con.mmio, off, 4, v);
}

static int setup(void **state)
{
	struct vq_mem mem = { .map = map };

	(void)state;
	memset(ram, 0, sizeof(ram));
	out_len = 0;
	line = false;
	irq_changes = reports = 0;
	last_report[0] = 0;
	virtio_console_init(&con, &mem, emit, set_irq, report, NULL);
	return 0;
}

static void put16(uint64_t a, uint16_t v) { memcpy(ram + a, &v, 2); }
static uint16_t get16(uint64_t a) { uint16_t v; memcpy(&v, ram + a, 2); return v; }
static uint32_t get32(uint64_t a) { uint32_t v; memcpy(&v, ram + a, 4); return v; }

static void desc(unsigned int qn, uint16_t i, uint64_t addr, uint32_t len,
		 uint16_t flags, uint16_t next)
{
	uint64_t d = DESC(qn) + 16ULL * i;

	memcpy(ram + d, &addr, 8);
	memcpy(ram + d + 8, &len, 4);
	put16(d + 12, flags);
	put16(d + 14, next);
}

static void offer(unsigned int qn, uint16_t head)
{
	uint16_t idx = get16(AVAIL(qn) + 2);

	put16(AVAIL(qn) + 4 + 2 * (idx % NUM), head);
	put16(AVAIL(qn) + 2, (uint16_t)(idx + 1));
}

static void setup_queue(unsigned int qn)
{
	wr(VIRTIO_MMIO_QUEUE_SEL, qn);
	assert_int_equal(rd(VIRTIO_MMIO_QUEUE_READY), 0);
	assert_int_equal(rd(VIRTIO_MMIO_QUEUE_NUM_MAX),
			 VIRTIO_CONSOLE_QUEUE_NUM_MAX);
	wr(VIRTIO_MMIO_QUEUE_NUM, NUM);
	wr(VIRTIO_MMIO_QUEUE_DESC_LOW, DESC(qn));
	wr(VIRTIO_MMIO_QUEUE_DESC_HIGH, 0);
	wr(VIRTIO_MMIO_QUEUE_DRIVER_LOW, AVAIL(qn));
	wr(VIRTIO_MMIO_QUEUE_DRIVER_HIGH, 0);
	wr(VIRTIO_MMIO_QUEUE_DEVICE_LOW, USED(qn));
	wr(VIRTIO_MMIO_QUEUE_DEVICE_HIGH, 0);
	wr(VIRTIO_MMIO_QUEUE_READY, 1);
	assert_int_equal(rd(VIRTIO_MMIO_QUEUE_READY), 1);
}

/* drivers/virtio/virtio_mmio.c's probe and virtio_console's, in order. */
static void linux_probe(void)
{
	assert_int_equal(rd(VIRTIO_MMIO_MAGIC_VALUE), 0x74726976);
	assert_int_equal(rd(VIRTIO_MMIO_VERSION), 2);
	assert_int_equal(rd(VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_CONSOLE);
	wr(VIRTIO_MMIO_STATUS, 0);
	wr(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	wr(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	assert_int_equal(rd(VIRTIO_MMIO_DEVICE_FEATURES), 1);	/* bit 32 */
	wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	assert_int_equal(rd(VIRTIO_MMIO_DEVICE_FEATURES), 0);
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, 1);
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, 0);
	wr(VIRTIO_MMIO_STATUS, 0xb);
	assert_int_equal(rd(VIRTIO_MMIO_STATUS), 0xb);	/* FEATURES_OK kept */
	setup_queue(0);
	setup_queue(1);
	wr(VIRTIO_MMIO_QUEUE_SEL, 2);			/* no third queue */
	assert_int_equal(rd(VIRTIO_MMIO_QUEUE_NUM_MAX), 0);
	wr(VIRTIO_MMIO_STATUS, 0xf);
	assert_int_equal(rd(VIRTIO_MMIO_STATUS), 0xf);
	assert_true(virtio_console_ready(&con));
}

static void test_probe(void **state)
{
	(void)state;
	linux_probe();
	assert_int_equal(reports, 0);
	assert_false(line);
}

static void test_features_refused(void **state)
{
	(void)state;
	wr(VIRTIO_MMIO_STATUS, 3);
	/* Without VERSION_1 (a legacy driver): FEATURES_OK does not stick. */
	wr(VIRTIO_MMIO_STATUS, 0xb);
	assert_int_equal(rd(VIRTIO_MMIO_STATUS), 3);
	/* A feature that was not offered (EVENT_IDX, bit 29). */
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, 1);
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, 1u << 29);
	wr(VIRTIO_MMIO_STATUS, 0xb);
	assert_int_equal(rd(VIRTIO_MMIO_STATUS), 3);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, 0);
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 5);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, 1);		/* word 5: none offered */
	wr(VIRTIO_MMIO_STATUS, 0xb);
	assert_int_equal(rd(VIRTIO_MMIO_STATUS), 3);
	assert_int_equal(reports, 0);
}

static void test_transmit(void **state)
{
	(void)state;
	linux_probe();
	memcpy(ram + 0x8000, "hello ", 6);
	memcpy(ram + 0x9000, "world\n", 6);
	desc(1, 0, 0x8000, 6, 0, 0);
	desc(1, 1, 0x9000, 6, 0, 0);
	offer(1, 0);
	offer(1, 1);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 1);
	assert_int_equal(out_len, 12);
	assert_memory_equal(out, "hello world\n", 12);
	/* Both used, length 0, before the notify returned. */
	assert_int_equal(get16(USED(1) + 2), 2);
	assert_int_equal(get32(USED(1) + 4), 0);
	assert_int_equal(get32(USED(1) + 8), 0);
	assert_int_equal(get32(USED(1) + 12), 1);
	assert_true(line);
	assert_int_equal(rd(VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_INT_USED);
	wr(VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_INT_USED);
	assert_false(line);
	assert_int_equal(con.tx_bytes, 12);
}

static void test_transmit_no_interrupt(void **state)
{
	(void)state;
	linux_probe();
	put16(AVAIL(1), VQ_AVAIL_F_NO_INTERRUPT);
	desc(1, 0, 0x8000, 1, 0, 0);
	offer(1, 0);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 1);
	assert_int_equal(out_len, 1);
	assert_int_equal(get16(USED(1) + 2), 1);
	assert_false(line);
}

/* Before DRIVER_OK the device does not touch the rings. */
static void test_notify_before_driver_ok(void **state)
{
	(void)state;
	wr(VIRTIO_MMIO_STATUS, 3);
	setup_queue(1);
	desc(1, 0, 0x8000, 1, 0, 0);
	offer(1, 0);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 1);
	assert_int_equal(out_len, 0);
	assert_int_equal(get16(USED(1) + 2), 0);
}

static void test_receive(void **state)
{
	(void)state;
	assert_int_equal(virtio_console_receive(&con, (const uint8_t *)"x", 1),
			 0);		/* not ready: the UART's turn */
	linux_probe();
	assert_int_equal(virtio_console_receive(&con, (const uint8_t *)"x", 1),
			 0);		/* no buffer yet */
	desc(0, 0, 0xa000, 4, VQ_DESC_F_WRITE, 0);
	desc(0, 1, 0xb000, 4096, VQ_DESC_F_WRITE, 0);
	offer(0, 0);
	offer(0, 1);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	assert_false(line);
	assert_int_equal(virtio_console_receive(&con,
						(const uint8_t *)"ls -l\r", 6),
			 6);
	assert_memory_equal(ram + 0xa000, "ls -", 4);
	assert_memory_equal(ram + 0xb000, "l\r", 2);
	assert_int_equal(get16(USED(0) + 2), 2);
	assert_int_equal(get32(USED(0) + 4), 0);
	assert_int_equal(get32(USED(0) + 8), 4);
	assert_int_equal(get32(USED(0) + 12), 1);
	assert_int_equal(get32(USED(0) + 16), 2);
	assert_true(line);
	assert_int_equal(rd(VIRTIO_MMIO_INTERRUPT_STATUS), 1);
	assert_int_equal(con.rx_bytes, 6);
}

static void assert_stopped(const char *what)
{
	assert_int_equal(reports, 1);
	assert_non_null(strstr(last_report, what));
	assert_true(rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
	assert_false(virtio_console_ready(&con));
}

/* A looping chain on the transmitq: stopped, nothing sent, then reset. */
static void test_hostile_transmit(void **state)
{
	(void)state;
	linux_probe();
	desc(1, 0, 0x8000, 1, VQ_DESC_F_NEXT, 1);
	desc(1, 1, 0x8000, 1, VQ_DESC_F_NEXT, 0);
	offer(1, 0);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 1);
	assert_stopped("queue=1 descriptor chain longer than the queue");
	assert_int_equal(out_len, 0);
	assert_int_equal(get16(USED(1) + 2), 0);
	/* The configuration change interrupt says so (2.1.2). */
	assert_int_equal(rd(VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_INT_CONFIG);
	assert_true(line);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 1);		/* ignored now */
	assert_int_equal(reports, 1);
	wr(VIRTIO_MMIO_STATUS, 0xf);			/* cannot clear it */
	assert_true(rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
	wr(VIRTIO_MMIO_STATUS, 0);			/* reset */
	assert_int_equal(rd(VIRTIO_MMIO_STATUS), 0);
	assert_false(line);
	memset(ram + DESC(1), 0, 0x1000);	/* the driver's new rings */
	linux_probe();					/* works again */
	desc(1, 0, 0x8000, 1, 0, 0);
	memcpy(ram + 0x8000, "k", 1);
	offer(1, 0);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 1);
	assert_int_equal(out_len, 1);
}

/* One notify sends at most the budget; the chains left wait. */
static void test_transmit_budget(void **state)
{
	(void)state;
	linux_probe();
	desc(1, 0, 0x4000, 30 << 10, 0, 0);
	desc(1, 1, 0xc000, 30 << 10, 0, 0);
	desc(1, 2, 0x14000, 30 << 10, 0, 0);
	desc(1, 3, 0x4000, 10, 0, 0);
	for (uint16_t i = 0; i < 4; i++)
		offer(1, i);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 1);
	assert_int_equal(get16(USED(1) + 2), 3);
	assert_int_equal(con.tx_bytes, 90 << 10);
	assert_int_equal(out_len, 90 << 10);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 1);
	assert_int_equal(get16(USED(1) + 2), 4);
	assert_int_equal(con.tx_bytes, (90 << 10) + 10);
	assert_int_equal(reports, 0);
}

static void test_transmit_chain_too_big(void **state)
{
	(void)state;
	linux_probe();
	desc(1, 0, 0x4000, (64 << 10) + 1, 0, 0);
	offer(1, 0);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 1);
	assert_stopped("queue=1 transmit chain of more than 64 KiB");
	assert_int_equal(out_len, 0);
}

static void test_writable_on_transmitq(void **state)
{
	(void)state;
	linux_probe();
	desc(1, 0, 0x8000, 1, VQ_DESC_F_WRITE, 0);
	offer(1, 0);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 1);
	assert_stopped("queue=1 device-writable buffer on the transmitq");
}

static void test_readable_on_receiveq(void **state)
{
	(void)state;
	linux_probe();
	desc(0, 0, 0xa000, 4, 0, 0);
	offer(0, 0);
	virtio_console_receive(&con, (const uint8_t *)"x", 1);
	assert_stopped("queue=0 device-readable buffer on the receiveq");
	assert_int_equal(ram[0xa000], 0);		/* not written */
}

static void test_receive_out_of_ram(void **state)
{
	(void)state;
	linux_probe();
	desc(0, 0, RAM_SIZE - 2, 4, VQ_DESC_F_WRITE, 0);
	offer(0, 0);
	virtio_console_receive(&con, (const uint8_t *)"abcd", 4);
	assert_stopped("queue=0 buffer outside the guest's RAM");
}

static void test_bad_width(void **state)
{
	(void)state;
	linux_probe();
	assert_int_equal(virtio_mmio_read(&con.mmio, VIRTIO_MMIO_STATUS, 1),
			 ~0ULL);
	assert_stopped("queue=-1 register read that is not an aligned 32-bit");
}

static void test_misaligned_write(void **state)
{
	(void)state;
	virtio_mmio_write(&con.mmio, VIRTIO_MMIO_QUEUE_SEL + 2, 4, 0);
	assert_int_equal(reports, 1);
	assert_non_null(strstr(last_report, "not an aligned 32-bit word"));
	/* Not live: no configuration interrupt. */
	assert_false(line);
}

static void test_ring_changed_while_ready(void **state)
{
	(void)state;
	linux_probe();
	wr(VIRTIO_MMIO_QUEUE_SEL, 1);
	wr(VIRTIO_MMIO_QUEUE_DESC_LOW, 0x4000);
	assert_stopped("queue=1 ring registers written while the queue is "
		       "ready");
}

static void test_bad_queue_layout(void **state)
{
	(void)state;
	wr(VIRTIO_MMIO_STATUS, 3);
	wr(VIRTIO_MMIO_QUEUE_SEL, 0);
	wr(VIRTIO_MMIO_QUEUE_NUM, 12);			/* not a power of 2 */
	wr(VIRTIO_MMIO_QUEUE_DESC_LOW, DESC(0));
	wr(VIRTIO_MMIO_QUEUE_DRIVER_LOW, AVAIL(0));
	wr(VIRTIO_MMIO_QUEUE_DEVICE_LOW, USED(0));
	wr(VIRTIO_MMIO_QUEUE_READY, 1);
	assert_int_equal(rd(VIRTIO_MMIO_QUEUE_READY), 0);
	assert_int_equal(reports, 1);
	assert_non_null(strstr(last_report, "queue=0 queue size"));
}

static void test_ring_outside_ram(void **state)
{
	(void)state;
	wr(VIRTIO_MMIO_STATUS, 3);
	wr(VIRTIO_MMIO_QUEUE_SEL, 1);
	wr(VIRTIO_MMIO_QUEUE_NUM, NUM);
	wr(VIRTIO_MMIO_QUEUE_DESC_LOW, 0);
	wr(VIRTIO_MMIO_QUEUE_DESC_HIGH, 1);		/* 4 GiB up */
	wr(VIRTIO_MMIO_QUEUE_DRIVER_LOW, AVAIL(1));
	wr(VIRTIO_MMIO_QUEUE_DEVICE_LOW, USED(1));
	wr(VIRTIO_MMIO_QUEUE_READY, 1);
	assert_int_equal(reports, 1);
	assert_non_null(strstr(last_report, "ring outside the guest's RAM"));
}

static void test_driver_ok_without_features(void **state)
{
	(void)state;
	wr(VIRTIO_MMIO_STATUS, 7);
	assert_int_equal(reports, 1);
	assert_non_null(strstr(last_report, "DRIVER_OK without FEATURES_OK"));
	assert_false(rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DRIVER_OK);
	/* Again, while stopped: still NEEDS_RESET, no second report. */
	wr(VIRTIO_MMIO_STATUS, 7);
	assert_int_equal(rd(VIRTIO_MMIO_STATUS), 3 | VIRTIO_STATUS_NEEDS_RESET);
	assert_int_equal(reports, 1);
}

static void test_avail_jump(void **state)
{
	(void)state;
	linux_probe();
	put16(AVAIL(1) + 2, NUM + 1);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 1);
	assert_stopped("queue=1 avail.idx more than the queue size ahead");
}

/* Odd notifies: a queue that does not exist, a huge number. */
static void test_notify_garbage(void **state)
{
	(void)state;
	linux_probe();
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 7);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0xffffffffu);
	assert_int_equal(reports, 0);
	assert_int_equal(con.mmio.notifies, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_probe, setup),
		cmocka_unit_test_setup(test_features_refused, setup),
		cmocka_unit_test_setup(test_transmit, setup),
		cmocka_unit_test_setup(test_transmit_no_interrupt, setup),
		cmocka_unit_test_setup(test_notify_before_driver_ok, setup),
		cmocka_unit_test_setup(test_receive, setup),
		cmocka_unit_test_setup(test_hostile_transmit, setup),
		cmocka_unit_test_setup(test_transmit_budget, setup),
		cmocka_unit_test_setup(test_transmit_chain_too_big, setup),
		cmocka_unit_test_setup(test_writable_on_transmitq, setup),
		cmocka_unit_test_setup(test_readable_on_receiveq, setup),
		cmocka_unit_test_setup(test_receive_out_of_ram, setup),
		cmocka_unit_test_setup(test_bad_width, setup),
		cmocka_unit_test_setup(test_misaligned_write, setup),
		cmocka_unit_test_setup(test_ring_changed_while_ready, setup),
		cmocka_unit_test_setup(test_bad_queue_layout, setup),
		cmocka_unit_test_setup(test_ring_outside_ram, setup),
		cmocka_unit_test_setup(test_driver_ok_without_features, setup),
		cmocka_unit_test_setup(test_avail_jump, setup),
		cmocka_unit_test_setup(test_notify_garbage, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
