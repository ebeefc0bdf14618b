// SPDX-License-Identifier: MIT
/* hv/mailbox.c: the bounded FIFO behind HC_MSG_SEND and HC_MSG_RECV. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <string.h>

#include "hv/errno.h"
#include "hv/mailbox.h"

static void test_empty(void **state)
{
	struct mailbox mb;

	mailbox_init(&mb);
	assert_null(mailbox_peek(&mb));
	mailbox_pop(&mb);		/* harmless */
	assert_null(mailbox_peek(&mb));
}

static void test_fifo_order_and_contents(void **state)
{
	struct mailbox mb;
	const struct mail *m;

	mailbox_init(&mb);
	assert_int_equal(mailbox_put(&mb, 3, "ping", 4), 0);
	assert_int_equal(mailbox_put(&mb, 5, "pong!", 5), 0);
	m = mailbox_peek(&mb);
	assert_non_null(m);
	assert_int_equal(m->sender, 3);
	assert_int_equal(m->len, 4);
	assert_memory_equal(m->data, "ping", 4);
	/* Peeking does not consume. */
	assert_ptr_equal(mailbox_peek(&mb), m);
	mailbox_pop(&mb);
	m = mailbox_peek(&mb);
	assert_int_equal(m->sender, 5);
	assert_memory_equal(m->data, "pong!", 5);
	mailbox_pop(&mb);
	assert_null(mailbox_peek(&mb));
}

static void test_full_refuses_then_wraps(void **state)
{
	struct mailbox mb;
	uint8_t msg[HV_MSG_MAX];

	mailbox_init(&mb);
	for (uint32_t i = 0; i < HV_MAILBOX_SLOTS; i++)
		assert_int_equal(mailbox_put(&mb, i, &i, sizeof(i)), 0);
	assert_int_equal(mailbox_put(&mb, 99, msg, 1), -HV_EAGAIN);
	/* Make room: the ring wraps around and keeps the order. */
	for (uint32_t round = 0; round < 3 * HV_MAILBOX_SLOTS; round++) {
		const struct mail *m = mailbox_peek(&mb);
		uint32_t v;

		memcpy(&v, m->data, sizeof(v));
		assert_int_equal(v, round);
		assert_int_equal(m->sender, round);
		mailbox_pop(&mb);
		v = round + HV_MAILBOX_SLOTS;
		assert_int_equal(mailbox_put(&mb, v, &v, sizeof(v)), 0);
	}
}

static void test_sizes(void **state)
{
	struct mailbox mb;
	uint8_t msg[HV_MSG_MAX + 1];

	memset(msg, 0xab, sizeof(msg));
	mailbox_init(&mb);
	assert_int_equal(mailbox_put(&mb, 0, msg, HV_MSG_MAX + 1), -HV_E2BIG);
	assert_null(mailbox_peek(&mb));
	assert_int_equal(mailbox_put(&mb, 0, msg, HV_MSG_MAX), 0);
	assert_int_equal(mailbox_put(&mb, 0, msg, 0), 0);
	assert_int_equal(mailbox_peek(&mb)->len, HV_MSG_MAX);
	assert_memory_equal(mailbox_peek(&mb)->data, msg, HV_MSG_MAX);
	mailbox_pop(&mb);
	assert_int_equal(mailbox_peek(&mb)->len, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_fifo_order_and_contents),
		cmocka_unit_test(test_full_refuses_then_wraps),
		cmocka_unit_test(test_sizes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
