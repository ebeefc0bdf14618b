// SPDX-License-Identifier: MIT
/*
 * Messages, sent to ourselves (the only guest sure to exist): a message
 * arrives whole, with our id as the sender, and wakes HC_BLOCK; the
 * mailbox holds HV_MAILBOX_SLOTS of them, first in, first out; every
 * failure (nobody there, too long, mailbox full or empty, buffer too
 * small, bad pointer) has its error, queues nothing and loses nothing.
 */
#include "guest/pvtest/pvtest.h"
#include "hv/lib/format.h"
#include "hv/lib/string.h"

#define SMALL		8	/* a receive buffer too small for ... */
#define MEDIUM		32	/* ... a message of this many bytes */
#define UNTOUCHED	0x5a

/* The sender id next to a guard: the hypervisor writes 32 bits, no more. */
struct sender {
	uint32_t id;
	uint32_t guard;
};

static uint32_t self_id;
static uint8_t out[HV_MSG_MAX + 1], in[HV_MSG_MAX + 1];

static int64_t send(uint64_t dest, const void *buf, uint64_t len)
{
	return hypercall3(HC_MSG_SEND, dest, (uintptr_t)buf, len);
}

static int64_t send_at(uint64_t buf, uint64_t len)
{
	return hypercall3(HC_MSG_SEND, self_id, buf, len);
}

static int64_t recv(void *buf, uint64_t len, struct sender *from)
{
	from->id = ~0u;
	from->guard = 0xa5a5a5a5;
	return hypercall3(HC_MSG_RECV, (uintptr_t)buf, len, (uintptr_t)&from->id);
}

/* Distinct bytes for message @n, so that one cannot pass for another. */
static void fill(uint8_t *p, size_t len, unsigned int n)
{
	for (size_t i = 0; i < len; i++)
		p[i] = (uint8_t)(n * 31 + i * 7 + 1);
}

/* Receive what fill(@n) made, @len bytes: all of it, from us. */
static int recv_expect(const char *what, size_t len, unsigned int n)
{
	struct sender from;
	char r[RET_NAME_LEN];
	int64_t got;

	memset(in, 0, sizeof(in));
	fill(out, len, n);
	got = recv(in, sizeof(in), &from);
	if (got != (int64_t)len)
		check_fail(what, "returned %s, expected %zu", ret_name(got, r), len);
	else if (memcmp(in, out, len))
		check_fail(what, "the bytes differ from the ones sent");
	else if (from.id != self_id || from.guard != 0xa5a5a5a5)
		check_fail(what, "sender %u (guard 0x%x), expected %u", from.id,
			   from.guard, self_id);
	else
		return 0;
	return -1;
}

static void expect_empty(const char *what)
{
	struct sender from;

	check_ret(what, recv(in, sizeof(in), &from), -HV_EAGAIN);
}

static void check_one(void)
{
	expect_empty("msg-empty");
	fill(out, MEDIUM, 1);
	if (check_ret("msg-send", send(self_id, out, MEDIUM), 0))
		return;
	check_ret("block-message", hypercall0(HC_BLOCK), HV_EVENT_MESSAGE);
	if (!recv_expect("msg-recv", MEDIUM, 1))
		check_ok("msg-recv");
	expect_empty("msg-empty-again");
}

static void check_refused(void)
{
	const uint64_t nobody[] = { 1000, 0xffffffff, (1ull << 32) | self_id };
	char what[48];

	for (size_t i = 0; i < sizeof(nobody) / sizeof(nobody[0]); i++) {
		hv_snprintf(what, sizeof(what), "msg-nobody-0x%lx", nobody[i]);
		check_ret(what, send(nobody[i], out, MEDIUM), -HV_ENOENT);
	}
	check_ret("msg-too-long", send(self_id, out, HV_MSG_MAX + 1), -HV_E2BIG);
	expect_empty("msg-refused-queued-nothing");

	fill(out, HV_MSG_MAX, 2);
	if (!check_ret("msg-max", send(self_id, out, HV_MSG_MAX), 0) &&
	    !recv_expect("msg-max-recv", HV_MSG_MAX, 2))
		check_ok("msg-max-recv");
}

static void check_full(void)
{
	unsigned int n;

	for (n = 0; n < HV_MAILBOX_SLOTS; n++) {
		fill(out, MEDIUM, 100 + n);
		if (send(self_id, out, MEDIUM) != 0)
			break;
	}
	if (n < HV_MAILBOX_SLOTS) {
		check_fail("msg-fill", "send %u of %u refused", n + 1, HV_MAILBOX_SLOTS);
	} else {
		check_ok("msg-fill");
		check_ret("msg-full", send(self_id, out, MEDIUM), -HV_EAGAIN);
	}
	for (unsigned int i = 0; i < n; i++)
		if (recv_expect("msg-fifo", MEDIUM, 100 + i))
			return;
	check_ok("msg-fifo");
	expect_empty("msg-drained");
}

static void check_small(void)
{
	struct sender from;

	fill(out, MEDIUM, 3);
	if (check_ret("msg-send-medium", send(self_id, out, MEDIUM), 0))
		return;
	check_ret("msg-recv-small", recv(in, SMALL, &from), -HV_E2BIG);
	if (!recv_expect("msg-recv-small-kept", MEDIUM, 3))
		check_ok("msg-recv-small-kept");
}

static void check_bad_send(void)
{
	check_ret("msg-send-null", send_at(bad.null, SMALL), -HV_EFAULT);
	check_ret("msg-send-unmapped", send_at(bad.hole + 0x100, SMALL), -HV_EFAULT);
	check_ret("msg-send-into-hole", send_at(bad.hole - SMALL / 2, SMALL), -HV_EFAULT);
	if (bad.beyond_ram)
		check_ret("msg-send-beyond-ram", send_at(bad.beyond_ram, SMALL), -HV_EFAULT);
	else
		check_skip("msg-send-beyond-ram", "RAM reaches 512 MiB");
	check_ret("msg-send-noncanonical", send_at(bad.noncanonical, SMALL), -HV_EFAULT);
	expect_empty("msg-send-efault-queued-nothing");
}

static void check_bad_recv(void)
{
	uint8_t *into_hole = (uint8_t *)(uintptr_t)(bad.hole - MEDIUM / 2);
	struct sender from;
	char r[RET_NAME_LEN];
	int64_t ret;
	size_t i;

	fill(out, MEDIUM, 4);
	if (check_ret("msg-send-for-efault", send(self_id, out, MEDIUM), 0))
		return;
	check_ret("msg-recv-null", hypercall3(HC_MSG_RECV, bad.null, HV_MSG_MAX,
					      (uintptr_t)&from.id), -HV_EFAULT);
	check_ret("msg-recv-unmapped", hypercall3(HC_MSG_RECV, bad.hole + 0x100,
						  HV_MSG_MAX, (uintptr_t)&from.id), -HV_EFAULT);
	check_ret("msg-recv-sender-unmapped", hypercall3(HC_MSG_RECV, (uintptr_t)in,
							 HV_MSG_MAX, bad.hole + 8), -HV_EFAULT);

	memset(into_hole, UNTOUCHED, MEDIUM / 2);
	ret = hypercall3(HC_MSG_RECV, (uintptr_t)into_hole, HV_MSG_MAX, (uintptr_t)&from.id);
	for (i = 0; i < MEDIUM / 2 && into_hole[i] == UNTOUCHED; i++)
		;
	if (ret != -HV_EFAULT)
		check_fail("msg-recv-into-hole", "returned %s, expected -HV_EFAULT",
			   ret_name(ret, r));
	else if (i < MEDIUM / 2)
		check_fail("msg-recv-into-hole", "-HV_EFAULT, but byte %zu before the hole was written",
			   i);
	else
		check_ok("msg-recv-into-hole");

	if (!recv_expect("msg-recv-efault-kept", MEDIUM, 4))
		check_ok("msg-recv-efault-kept");
}

void pvtest_messages(void)
{
	struct hv_self_abi s;

	if (check_ret("msg-self", hypercall1(HC_SELF, (uintptr_t)&s), 0))
		return;
	self_id = s.id;
	check_one();
	check_refused();
	check_full();
	check_small();
	check_bad_send();
	check_bad_recv();
}
