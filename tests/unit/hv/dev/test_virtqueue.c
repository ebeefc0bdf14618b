// SPDX-License-Identifier: MIT
/*
 * hv/dev/virtqueue.c against virtio 1.2 2.7 (split virtqueues): good
 * chains walked and used, and each hostile table refused once, with
 * nothing touched outside the buffer that stands for guest RAM.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <string.h>

#include "hv/dev/virtqueue.h"

#define RAM_SIZE	0x10000
#define NUM		8
#define DESC		0x1000
#define AVAIL		0x2000
#define USED		0x3000

static uint8_t ram[RAM_SIZE];
static struct virtqueue q;
static const char *why;

static void *map(void *ctx, uint64_t gpa, uint64_t len)
{
	(void)ctx;
	if (gpa >= RAM_SIZE || len > RAM_SIZE - gpa)
		return NULL;
	return ram + gpa;
}

static const struct vq_mem mem = { .map = map };

static int setup(void **state)
{
	(void)state;
	memset(ram, 0, sizeof(ram));
	q = (struct virtqueue){ .num = NUM, .desc = DESC, .avail = AVAIL,
				.used = USED };
	why = NULL;
	return 0;
}

static void put16(uint64_t a, uint16_t v) { memcpy(ram + a, &v, 2); }
static void put32(uint64_t a, uint32_t v) { memcpy(ram + a, &v, 4); }
static uint16_t get16(uint64_t a) { uint16_t v; memcpy(&v, ram + a, 2); return v; }
static uint32_t get32(uint64_t a) { uint32_t v; memcpy(&v, ram + a, 4); return v; }

static void desc(uint16_t i, uint64_t addr, uint32_t len, uint16_t flags,
		 uint16_t next)
{
	uint64_t d = DESC + 16ULL * i;

	memcpy(ram + d, &addr, 8);
	put32(d + 8, len);
	put16(d + 12, flags);
	put16(d + 14, next);
}

/* Make chain @head available as the driver does: ring entry, then idx. */
static void offer(uint16_t head)
{
	uint16_t idx = get16(AVAIL + 2);

	put16(AVAIL + 4 + 2 * (idx % NUM), head);
	put16(AVAIL + 2, (uint16_t)(idx + 1));
}

static void test_layout(void **state)
{
	(void)state;
	assert_int_equal(vq_check_layout(&q, &mem, 64, &why), 0);
	q.num = 6;
	assert_int_equal(vq_check_layout(&q, &mem, 64, &why), -1);
	assert_non_null(strstr(why, "power of 2"));
	q.num = 128;
	assert_int_equal(vq_check_layout(&q, &mem, 64, &why), -1);
	q.num = 0;
	assert_int_equal(vq_check_layout(&q, &mem, 64, &why), -1);
	q.num = NUM;
	q.desc = DESC + 8;		/* descriptors are 16-aligned */
	assert_int_equal(vq_check_layout(&q, &mem, 64, &why), -1);
	assert_string_equal(why, "misaligned ring");
	q.desc = DESC;
	q.avail = AVAIL + 1;
	assert_int_equal(vq_check_layout(&q, &mem, 64, &why), -1);
	q.avail = AVAIL;
	q.used = USED + 2;
	assert_int_equal(vq_check_layout(&q, &mem, 64, &why), -1);
	q.used = RAM_SIZE - 8;		/* runs past the end of RAM */
	assert_int_equal(vq_check_layout(&q, &mem, 64, &why), -1);
	assert_string_equal(why, "ring outside the guest's RAM");
	q.used = 0xfffffffffffffff0ULL;	/* wraps */
	assert_int_equal(vq_check_layout(&q, &mem, 64, &why), -1);
}

static void test_empty(void **state)
{
	struct vq_chain c;

	(void)state;
	assert_int_equal(vq_pop(&q, &mem, &c, &why), 0);
}

/* One readable and two writable descriptors, walked in order. */
static void test_good_chain(void **state)
{
	struct vq_chain c;
	struct vq_seg s;

	(void)state;
	memcpy(ram + 0x5000, "hello", 5);
	desc(3, 0x5000, 5, VQ_DESC_F_NEXT, 6);
	desc(6, 0x6000, 100, VQ_DESC_F_NEXT | VQ_DESC_F_WRITE, 0);
	desc(0, 0x7000, 28, VQ_DESC_F_WRITE, 5);	/* next ignored */
	offer(3);
	assert_int_equal(vq_pop(&q, &mem, &c, &why), 1);
	assert_int_equal(c.head, 3);
	assert_int_equal(c.ndesc, 3);
	assert_int_equal(c.out_len, 5);
	assert_int_equal(c.in_len, 128);
	assert_true(vq_chain_next(&q, &mem, &c, &s));
	assert_ptr_equal(s.p, ram + 0x5000);
	assert_int_equal(s.len, 5);
	assert_false(s.write);
	assert_true(vq_chain_next(&q, &mem, &c, &s));
	assert_ptr_equal(s.p, ram + 0x6000);
	assert_true(s.write);
	assert_true(vq_chain_next(&q, &mem, &c, &s));
	assert_ptr_equal(s.p, ram + 0x7000);
	assert_int_equal(s.len, 28);
	assert_false(vq_chain_next(&q, &mem, &c, &s));
	assert_int_equal(vq_pop(&q, &mem, &c, &why), 0);	/* taken */

	assert_int_equal(vq_push(&q, &mem, 3, 42, &why), 0);
	assert_int_equal(get16(USED + 2), 1);
	assert_int_equal(get32(USED + 4), 3);
	assert_int_equal(get32(USED + 8), 42);
}

/* Free-running indices wrap at 65536, the rings at num. */
static void test_wrap(void **state)
{
	struct vq_chain c;

	(void)state;
	q.last_avail = q.used_idx = 65534;
	put16(AVAIL + 2, 65534);
	desc(1, 0x5000, 1, 0, 0);
	for (int i = 0; i < 4; i++) {
		offer(1);
		assert_int_equal(vq_pop(&q, &mem, &c, &why), 1);
		assert_int_equal(vq_push(&q, &mem, c.head, 0, &why), 0);
	}
	assert_int_equal(q.last_avail, 2);
	assert_int_equal(get16(USED + 2), 2);
	/* 65535 % 8 = 7, then 0, 1: the element of index 1 is slot 1. */
	assert_int_equal(get32(USED + 4 + 8 * 1), 1);
}

static void test_all_available(void **state)
{
	struct vq_chain c;

	(void)state;
	desc(0, 0x5000, 1, 0, 0);
	for (int i = 0; i < NUM; i++)
		offer(0);		/* exactly num ahead: allowed */
	for (int i = 0; i < NUM; i++)
		assert_int_equal(vq_pop(&q, &mem, &c, &why), 1);
	assert_int_equal(vq_pop(&q, &mem, &c, &why), 0);
}

static void refused(const char *reason)
{
	struct vq_chain c;
	uint16_t before = q.last_avail;

	assert_int_equal(vq_pop(&q, &mem, &c, &why), -1);
	assert_non_null(why);
	assert_string_equal(why, reason);
	assert_int_equal(q.last_avail, before);	/* nothing was taken */
}

static void test_loop(void **state)
{
	(void)state;
	desc(0, 0x5000, 1, VQ_DESC_F_NEXT, 1);
	desc(1, 0x5000, 1, VQ_DESC_F_NEXT, 0);
	offer(0);
	refused("descriptor chain longer than the queue (a loop)");
}

static void test_self_loop(void **state)
{
	(void)state;
	desc(2, 0x5000, 1, VQ_DESC_F_NEXT, 2);
	offer(2);
	refused("descriptor chain longer than the queue (a loop)");
}

static void test_bad_head(void **state)
{
	(void)state;
	offer(NUM);
	refused("descriptor index past the queue");
}

static void test_bad_next(void **state)
{
	(void)state;
	desc(0, 0x5000, 1, VQ_DESC_F_NEXT, 0xffff);
	offer(0);
	refused("descriptor index past the queue");
}

static void test_out_of_ram(void **state)
{
	(void)state;
	desc(0, RAM_SIZE, 1, 0, 0);
	offer(0);
	refused("buffer outside the guest's RAM");
}

static void test_straddles_end(void **state)
{
	(void)state;
	desc(0, RAM_SIZE - 4, 8, 0, 0);
	offer(0);
	refused("buffer outside the guest's RAM");
}

static void test_wrapping_address(void **state)
{
	(void)state;
	desc(0, 0xfffffffffffffff0ULL, 0x20, 0, 0);
	offer(0);
	refused("buffer outside the guest's RAM");
}

static void test_huge_length(void **state)
{
	(void)state;
	desc(0, 0, 0xffffffffu, 0, 0);
	offer(0);
	refused("descriptor length too large");
}

/* Each piece fits; the chain as a whole is too many bytes. */
static void test_huge_chain(void **state)
{
	(void)state;
	q.num = 32;			/* 32 x 64 KiB = 2 MiB */
	for (uint16_t i = 0; i < 32; i++)
		desc(i, 0, RAM_SIZE, i < 31 ? VQ_DESC_F_NEXT : 0,
		     (uint16_t)(i + 1));
	offer(0);
	refused("descriptor chain too long in bytes");
}

static void test_indirect(void **state)
{
	(void)state;
	desc(0, 0x5000, 16, VQ_DESC_F_INDIRECT, 0);
	offer(0);
	refused("indirect descriptor (not offered)");
}

static void test_read_after_write(void **state)
{
	(void)state;
	desc(0, 0x5000, 16, VQ_DESC_F_WRITE | VQ_DESC_F_NEXT, 1);
	desc(1, 0x6000, 16, 0, 0);
	offer(0);
	refused("device-readable descriptor after a device-writable one");
}

static void test_idx_jump(void **state)
{
	(void)state;
	put16(AVAIL + 2, NUM + 1);
	refused("avail.idx more than the queue size ahead");
	put16(AVAIL + 2, 0xffff);	/* "behind" is far ahead too */
	refused("avail.idx more than the queue size ahead");
}

/* A table whose end is outside RAM: the entry there is refused. */
static void test_table_out_of_ram(void **state)
{
	(void)state;
	q.desc = RAM_SIZE - 16;		/* entry 0 fits, entry 1 does not */
	offer(1);
	refused("descriptor table outside the guest's RAM");
}

static void test_push_out_of_ram(void **state)
{
	(void)state;
	q.used = RAM_SIZE - 2;
	assert_int_equal(vq_push(&q, &mem, 0, 0, &why), -1);
	assert_string_equal(why, "used ring outside the guest's RAM");
	assert_int_equal(q.used_idx, 0);
}

static void test_no_interrupt(void **state)
{
	(void)state;
	assert_true(vq_should_interrupt(&q, &mem));
	put16(AVAIL, VQ_AVAIL_F_NO_INTERRUPT);
	assert_false(vq_should_interrupt(&q, &mem));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_layout, setup),
		cmocka_unit_test_setup(test_empty, setup),
		cmocka_unit_test_setup(test_good_chain, setup),
		cmocka_unit_test_setup(test_wrap, setup),
		cmocka_unit_test_setup(test_all_available, setup),
		cmocka_unit_test_setup(test_loop, setup),
		cmocka_unit_test_setup(test_self_loop, setup),
		cmocka_unit_test_setup(test_bad_head, setup),
		cmocka_unit_test_setup(test_bad_next, setup),
		cmocka_unit_test_setup(test_out_of_ram, setup),
		cmocka_unit_test_setup(test_straddles_end, setup),
		cmocka_unit_test_setup(test_wrapping_address, setup),
		cmocka_unit_test_setup(test_huge_length, setup),
		cmocka_unit_test_setup(test_huge_chain, setup),
		cmocka_unit_test_setup(test_indirect, setup),
		cmocka_unit_test_setup(test_read_after_write, setup),
		cmocka_unit_test_setup(test_idx_jump, setup),
		cmocka_unit_test_setup(test_table_out_of_ram, setup),
		cmocka_unit_test_setup(test_push_out_of_ram, setup),
		cmocka_unit_test_setup(test_no_interrupt, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
