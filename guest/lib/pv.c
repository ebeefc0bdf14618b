// SPDX-License-Identifier: MIT
/*
 * The paravirtual platform backend: everything is a hypercall to EduHV
 * (pv.h), no device is touched and no interrupt ever comes.
 *
 *   console  collected in a 4 KiB buffer and sent with HC_CONSOLE_WRITE
 *            when it is full, before sleeping, on platform_console_flush()
 *            and on exit; the hypervisor makes lines of it as it does of
 *            the UART's bytes, so the transcript is the same
 *   timer    only a period: platform_idle() sleeps until the next tick is
 *            due (HC_TIMER_SET, a one-shot deadline, then HC_BLOCK) and
 *            counts it there. No interrupt: ticks advance only in
 *            platform_idle()
 *   idle     HC_BLOCK
 *   yield    HC_YIELD
 *   exit     HC_SHUTDOWN
 *
 * One console hypercall per 4 KiB replaces two port I/O exits per byte:
 * that difference is what the console workload measures.
 */
#include "guest/lib/platform.h"
#include "guest/lib/platform_ops.h"
#include "guest/lib/printf.h"
#include "guest/lib/pv.h"
#include "guest/lib/x86.h"
#include "hv/lib/string.h"

#define CONSOLE_BUF	4096	/* bytes per HC_CONSOLE_WRITE */
#define NS_PER_SEC	1000000000ull

_Static_assert(CONSOLE_BUF <= HV_CONSOLE_WRITE_MAX, "one chunk, one call");

static char console_buf[CONSOLE_BUF];
static size_t console_len;

static uint64_t period_ns;	/* 0: no timer */
static uint64_t next_tick;	/* HC_TIME_NS when the next tick is due */
static uint64_t ticks;

/* pv_probe() placed the hypercall page; there is no device to set up. */
static void pv_init(void)
{
}

/* Whatever it does not take is lost: there is nowhere else to say so. */
static void pv_console_flush(void)
{
	size_t done = 0;
	int64_t n;

	while (done < console_len) {
		n = hypercall2(HC_CONSOLE_WRITE, (uint64_t)(uintptr_t)console_buf + done,
			       console_len - done);
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	console_len = 0;
}

static void pv_console_write(const char *buf, size_t len)
{
	size_t n;

	while (len) {
		n = CONSOLE_BUF - console_len < len ? CONSOLE_BUF - console_len : len;
		memcpy(console_buf + console_len, buf, n);
		console_len += n;
		buf += n;
		len -= n;
		if (console_len == CONSOLE_BUF)
			pv_console_flush();
	}
}

static int pv_timer_start(unsigned int hz)
{
	if (hz == 0 || hz > NS_PER_SEC)
		return -1;
	period_ns = (NS_PER_SEC + hz / 2) / hz;
	ticks = 0;
	next_tick = (uint64_t)hypercall0(HC_TIME_NS) + period_ns;
	return 0;
}

static uint64_t pv_ticks(void)
{
	return ticks;
}

static void tick(void)
{
	ticks++;
	next_tick += period_ns;
}

/*
 * Two hypercalls a tick: arm the one-shot timer for the next tick, block.
 * One tick at most per call, as the PIC delivers them one interrupt at a
 * time: a loop "until platform_ticks() reaches N" then ends at exactly N
 * on both backends. A guest that was late (the hypervisor ran something
 * else) arms a deadline already past, which ends HC_BLOCK at once: it
 * catches up without sleeping.
 */
static void pv_idle(void)
{
	int64_t ev;

	pv_console_flush();		/* let the output out before we sleep */
	if (period_ns)
		hypercall1(HC_TIMER_SET, next_tick);
	ev = hypercall0(HC_BLOCK);
	if (ev < 0) {
		printf("platform: idle: HC_BLOCK returned %ld: nothing can wake this guest\n",
		       (long)ev);
		platform_exit(EXIT_IDLE_FOREVER);
	}
	if (ev & HV_EVENT_TIMER)
		tick();
}

static void pv_yield(void)
{
	hypercall0(HC_YIELD);
}

static void pv_exit(int status)
{
	pv_console_flush();
	hypercall1(HC_SHUTDOWN, (uint64_t)status);
	halt_forever();			/* HC_SHUTDOWN does not return */
}

const struct platform_ops pv_platform = {
	.name		= "pv",
	.init		= pv_init,
	.console_write	= pv_console_write,
	.console_flush	= pv_console_flush,
	.timer_start	= pv_timer_start,
	.ticks		= pv_ticks,
	.idle		= pv_idle,
	.yield		= pv_yield,
	.exit		= pv_exit,
};
