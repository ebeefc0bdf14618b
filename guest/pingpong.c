// SPDX-License-Identifier: MIT
/*
 * pingpong: two paravirtualized guests (platform=pv) that talk through
 * their mailboxes (HC_MSG_SEND, HC_MSG_RECV) and sleep in HC_BLOCK while
 * theirs is empty, so each round needs the other guest to have run:
 *
 *   role=ping peer=1 rounds=100   sends "ping N" for N = 1..rounds and
 *                                 waits for "pong N" each time; then
 *                                 "done R" and waits for "done R"
 *   role=pong peer=0              answers "ping N" with "pong N", N
 *                                 counting up from 1, and "done R" (R the
 *                                 last N) with "done R"; then ends
 *
 * peer is the other guest's id: its place in hv.cfg, the first guest 0
 * (HC_SELF tells our own). Every message must come from the peer and be
 * exactly the one expected. A full mailbox (-HV_EAGAIN) means the peer
 * has not caught up: yield and send again.
 *
 * Prints "pingpong: ROLE round N ok" every 10 rounds and
 * "pingpong: ROLE done, N rounds", status 0. A wrong message is one
 * "pingpong: ROLE FAIL ..." line and status 1; a bad command line 2; a
 * hypercall that fails, or HC_BLOCK with nothing to wait for (the peer
 * is not running), 3.
 */
#include "guest/lib/args.h"
#include "guest/lib/multiboot.h"
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/pv.h"
#include "guest/lib/trap.h"
#include "hv/lib/format.h"
#include "hv/lib/string.h"

#include <stdarg.h>

#define DEFAULT_ROUNDS	100
#define EVERY		10	/* rounds between "round N ok" lines */
#define SHOWN		40	/* bytes of a wrong message shown */

#define STATUS_WRONG	1
#define STATUS_USAGE	2
#define STATUS_HC	3

void kmain(uint32_t magic, uint32_t info);

static const char *role = "?";
static uint32_t peer;

static void __attribute__((noreturn, format(printf, 2, 3)))
fail(int status, const char *fmt, ...)
{
	char buf[PRINTF_MAX];
	va_list ap;

	va_start(ap, fmt);
	hv_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printf("pingpong: %s FAIL %s\n", role, buf);
	platform_exit(status);
}

/* A message, printable: at most SHOWN bytes, anything odd as '.'. */
static const char *shown(const char *msg, size_t len, char out[SHOWN + 4])
{
	size_t i;

	for (i = 0; i < len && i < SHOWN; i++)
		out[i] = msg[i] >= 0x20 && msg[i] < 0x7f && msg[i] != '"' ? msg[i] : '.';
	if (len > SHOWN)
		out[i++] = '.', out[i++] = '.', out[i++] = '.';
	out[i] = '\0';
	return out;
}

static const char *err_name(int64_t ret)
{
	switch (-ret) {
	case HV_ENOENT:	return "-HV_ENOENT";
	case HV_E2BIG:	return "-HV_E2BIG";
	case HV_EAGAIN:	return "-HV_EAGAIN";
	case HV_EFAULT:	return "-HV_EFAULT";
	case HV_EDEADLK: return "-HV_EDEADLK";
	case HV_ENOSYS:	return "-HV_ENOSYS";
	default:	return "an error";
	}
}

/* The peer's mailbox is full until it has read: let it run, try again. */
static void send(const char *text)
{
	int64_t ret;

	while ((ret = hypercall3(HC_MSG_SEND, peer, (uint64_t)(uintptr_t)text,
				 strlen(text))) == -HV_EAGAIN)
		hypercall0(HC_YIELD);
	if (ret)
		fail(STATUS_HC, "HC_MSG_SEND \"%s\" to guest %u returned %s (%ld)",
		     text, peer, err_name(ret), (long)ret);
}

/* The next message, NUL-terminated in @buf; sleep while there is none. */
static size_t receive(char buf[HV_MSG_MAX + 1])
{
	char s[SHOWN + 4];
	uint32_t from;
	int64_t ret;

	for (;;) {
		ret = hypercall3(HC_MSG_RECV, (uint64_t)(uintptr_t)buf, HV_MSG_MAX,
				 (uint64_t)(uintptr_t)&from);
		if (ret >= 0)
			break;
		if (ret != -HV_EAGAIN)
			fail(STATUS_HC, "HC_MSG_RECV returned %s (%ld)", err_name(ret),
			     (long)ret);
		platform_console_flush();	/* our lines out before we sleep */
		ret = hypercall0(HC_BLOCK);
		if (ret < 0)
			fail(STATUS_HC, "HC_BLOCK returned %s with the mailbox empty: nothing will wake it (is guest %u running?)",
			     err_name(ret), peer);
	}
	buf[ret] = '\0';
	if (from != peer)
		fail(STATUS_WRONG, "a message from guest %u, not from guest %u: \"%s\"",
		     from, peer, shown(buf, (size_t)ret, s));
	return (size_t)ret;
}

static int is(const char *msg, size_t len, const char *want)
{
	return len == strlen(want) && !memcmp(msg, want, len);
}

static void ping(uint64_t rounds)
{
	char msg[HV_MSG_MAX + 1], want[32], s[SHOWN + 4];
	size_t len;

	for (uint64_t n = 1; n <= rounds; n++) {
		hv_snprintf(want, sizeof(want), "ping %lu", n);
		send(want);
		hv_snprintf(want, sizeof(want), "pong %lu", n);
		len = receive(msg);
		if (!is(msg, len, want))
			fail(STATUS_WRONG, "round %lu: got \"%s\" (%zu bytes), expected \"%s\"",
			     n, shown(msg, len, s), len, want);
		if (n % EVERY == 0)
			printf("pingpong: ping round %lu ok\n", n);
	}
	hv_snprintf(want, sizeof(want), "done %lu", rounds);
	send(want);
	len = receive(msg);
	if (!is(msg, len, want))
		fail(STATUS_WRONG, "at the end: got \"%s\" (%zu bytes), expected \"%s\"",
		     shown(msg, len, s), len, want);
	printf("pingpong: ping done, %lu rounds\n", rounds);
}

static void pong(void)
{
	char msg[HV_MSG_MAX + 1], next[32], done[32], s[SHOWN + 4];
	uint64_t n;
	size_t len;

	for (n = 1;; n++) {
		hv_snprintf(next, sizeof(next), "ping %lu", n);
		hv_snprintf(done, sizeof(done), "done %lu", n - 1);
		len = receive(msg);
		if (is(msg, len, done))
			break;
		if (!is(msg, len, next))
			fail(STATUS_WRONG, "round %lu: got \"%s\" (%zu bytes), expected \"%s\" or \"%s\"",
			     n, shown(msg, len, s), len, next, done);
		hv_snprintf(next, sizeof(next), "pong %lu", n);
		send(next);
		if (n % EVERY == 0)
			printf("pingpong: pong round %lu ok\n", n);
	}
	send(done);
	printf("pingpong: pong done, %lu rounds\n", n - 1);
}

void kmain(uint32_t magic, uint32_t info)
{
	const struct multiboot_info *mi;
	static struct hv_self_abi self;
	uint64_t p, rounds = DEFAULT_ROUNDS;
	char r[8];
	int64_t ret;

	trap_init();
	platform_init(magic, info);
	mi = mb_info(magic, info);
	if (mb_cmdline_value(mi, "role", r, sizeof(r)) >= 0 &&
	    (!strcmp(r, "ping") || !strcmp(r, "pong")))
		role = !strcmp(r, "ping") ? "ping" : "pong";
	else
		fail(STATUS_USAGE, "needs role=ping or role=pong");
	if (mb_cmdline_u64(mi, "peer", &p) || p > UINT32_MAX)
		fail(STATUS_USAGE, "needs peer=ID, the other guest's id (0 is the first in hv.cfg)");
	peer = (uint32_t)p;
	if (mb_cmdline_u64(mi, "rounds", &rounds) == -2)
		fail(STATUS_USAGE, "rounds= takes a number");
	if (strcmp(platform_name(), "pv")) {
		printf("pingpong: %s needs platform=pv under EduHV: messages are hypercalls\n",
		       role);
		platform_exit(EXIT_NO_HYPERVISOR);
	}
	ret = hypercall1(HC_SELF, (uint64_t)(uintptr_t)&self);
	if (ret)
		fail(STATUS_HC, "HC_SELF returned %s (%ld)", err_name(ret), (long)ret);
	if (peer == self.id || peer >= self.guest_count)
		fail(STATUS_USAGE, "peer=%u, but this is guest %u of %u", peer,
		     self.id, self.guest_count);

	if (!strcmp(role, "ping")) {
		printf("pingpong: ping guest %u of %u, peer %u, %lu rounds\n",
		       self.id, self.guest_count, peer, rounds);
		ping(rounds);
	} else {
		printf("pingpong: pong guest %u of %u, peer %u\n", self.id,
		       self.guest_count, peer);
		pong();
	}
	platform_exit(0);
}
