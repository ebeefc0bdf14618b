// SPDX-License-Identifier: MIT
/*
 * hcring3: hypercalls only where they belong (docs/hypercalls.md, "Who
 * may call"). With platform=pv, from ring 0: numbers outside the
 * documented table return -HV_ENOSYS, HC_EXIT_STATS with a buffer that
 * is not all in our RAM returns -HV_EFAULT and writes nothing, and
 * HC_MSG_RECV with a bad &sender leaves the message and the buffer as
 * they were. Then it drops to ring 3 (its own GDT with user segments and
 * a TSS, user pages) and calls again: every call, HC_NULL on the fast
 * path included, must return -HV_EPERM and do nothing - not end the
 * guest, not print, not write, not send. A #UD in ring 3 brings it back
 * to ring 0, which checks and reports. One line per check, "ok" or
 * "FAIL ...", then "hcring3: done, N failed" and HC_SHUTDOWN(N).
 */
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/pv.h"
#include "guest/lib/trap.h"
#include "guest/lib/x86.h"
#include "hv/lib/format.h"
#include "hv/lib/string.h"

void kmain(uint32_t magic, uint32_t info);

#define KERNEL_CS	0x08
#define KERNEL_DS	0x10
#define USER_DS		(0x18 | 3)
#define USER_CS		(0x20 | 3)
#define TSS_SEL		0x28
#define PTE_U		(1ull << 2)
#define PTE_ADDR	0x000ffffffffff000ull
#define FILL		0x5a

static unsigned int failed;

static const char *name(int64_t r)
{
	switch (r) {
	case 0: return "0";
	case -HV_EPERM: return "-HV_EPERM";
	case -HV_EFAULT: return "-HV_EFAULT";
	case -HV_ENOSYS: return "-HV_ENOSYS";
	case -HV_EAGAIN: return "-HV_EAGAIN";
	default: return "something else";
	}
}

static void check(const char *what, int ok, const char *detail)
{
	if (ok) {
		printf("hcring3: %s: ok\n", what);
	} else {
		printf("hcring3: %s: FAIL %s\n", what, detail);
		failed++;
	}
}

static void check_ret(const char *what, int64_t got, int64_t want)
{
	char detail[80];

	hv_snprintf(detail, sizeof(detail), "returned %ld (%s), expected %s",
		    (long)got, name(got), name(want));
	check(what, got == want, detail);
}

static int untouched(const volatile uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != FILL)
			return 0;
	return 1;
}

/* VMCALL itself, for numbers the page has no stub for (RAX is 64 bits). */
static int64_t vmcall1(uint64_t nr, uint64_t a1)
{
	int64_t ret;

	__asm__ volatile("vmcall" : "=a"(ret) : "a"(nr), "D"(a1)
			 : "rcx", "r11", "memory", "cc");
	return ret;
}

/* ------------------------------------------------------------- ring 0 */

static struct hv_exit_stats_abi stats;
static struct hv_self_abi self;

static void undocumented_numbers(void)
{
	static const uint64_t numbers[] = {
		HC_COUNT, PV_STUBS - 1, 0xff, HC_ARCH_FIRST, HC_ARCH_LAST,
		0x200, 0xffffffffu, 1ull << 32 | HC_NULL,
		1ull << 32 | HC_SHUTDOWN, ~0ull,
	};
	char what[64];

	for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
		hv_snprintf(what, sizeof(what), "ring 0: hypercall 0x%llx",
			    (unsigned long long)numbers[i]);
		check_ret(what, vmcall1(numbers[i], (uint64_t)&stats),
			  -HV_ENOSYS);
	}
}

static void exit_stats_outside_ram(void)
{
	uint64_t end = self.ram_bytes;
	volatile uint8_t *tail = (volatile uint8_t *)(end - 16);

	/* Mapped by our page tables (up to 1 GiB), but no RAM there. */
	check_ret("ring 0: HC_EXIT_STATS(beyond RAM)",
		  hypercall1(HC_EXIT_STATS, 512ull << 20), -HV_EFAULT);
	/* The last 16 bytes of RAM, then past its end: nothing written. */
	for (int i = 0; i < 16; i++)
		tail[i] = FILL;
	check_ret("ring 0: HC_EXIT_STATS(across the end of RAM)",
		  hypercall1(HC_EXIT_STATS, end - 16), -HV_EFAULT);
	check("ring 0: the end of RAM is untouched", untouched(tail, 16),
	      "the hypervisor wrote part of the buffer");
	check_ret("ring 0: HC_EXIT_STATS(unmapped, 2 GiB)",
		  hypercall1(HC_EXIT_STATS, 2ull << 30), -HV_EFAULT);
	check_ret("ring 0: HC_EXIT_STATS(non-canonical)",
		  hypercall1(HC_EXIT_STATS, 1ull << 47), -HV_EFAULT);
	check_ret("ring 0: HC_EXIT_STATS(our buffer)",
		  hypercall1(HC_EXIT_STATS, (uint64_t)&stats), 0);
	check("ring 0: the statistics count our exits", stats.total > 0,
	      "total is 0");
}

/* A bad &sender: the call fails whole, the message stays queued. */
static void msg_recv_bad_sender(void)
{
	static uint8_t buf[16];
	uint32_t sender = 0xffffffff;

	check_ret("ring 0: HC_MSG_SEND(to ourselves)",
		  hypercall3(HC_MSG_SEND, self.id, (uint64_t)"ping", 4), 0);
	memset(buf, FILL, sizeof(buf));
	check_ret("ring 0: HC_MSG_RECV(buffer, &sender beyond RAM)",
		  hypercall3(HC_MSG_RECV, (uint64_t)buf, sizeof(buf),
			     512ull << 20), -HV_EFAULT);
	check("ring 0: the receive buffer is untouched",
	      untouched(buf, sizeof(buf)), "the message was copied anyway");
	check_ret("ring 0: HC_MSG_RECV(again, good pointers) returns 4",
		  hypercall3(HC_MSG_RECV, (uint64_t)buf, sizeof(buf),
			     (uint64_t)&sender) - 4, 0);
	check("ring 0: the message and its sender",
	      !memcmp(buf, "ping", 4) && sender == self.id,
	      "not what was sent");
}

/* ------------------------------------------------------ going to ring 3 */

/* SDM Vol. 3A, 8.7 "Task Management in 64-bit Mode", Figure 8-11. */
struct tss64 {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));
_Static_assert(sizeof(struct tss64) == 104, "SDM Figure 8-11");

static struct tss64 tss;
static uint64_t gdt[7] __attribute__((aligned(16)));
static uint8_t ring0_stack[8192] __attribute__((aligned(16)));
static uint8_t trap_stack[8192] __attribute__((aligned(16)));
static uint8_t ring3_stack[8192] __attribute__((aligned(16)));

/* The 64-bit TSS descriptor, 16 bytes (SDM Vol. 3A, Figure 8-4). */
static void set_tss_descriptor(uint64_t *d, uint64_t base, uint32_t limit)
{
	d[0] = (limit & 0xffff) | (base & 0xffffff) << 16 |
	       0x89ull << 40 |			/* present, 64-bit TSS */
	       (uint64_t)(limit >> 16 & 0xf) << 48 |
	       (base >> 24 & 0xff) << 56;
	d[1] = base >> 32;
}

static void load_gdt_with_user_segments(void)
{
	struct desc_ptr p = { sizeof(gdt) - 1, (uint64_t)gdt };

	gdt[1] = 0x00af9a000000ffffull;	/* 0x08: code, 64-bit, DPL 0 */
	gdt[2] = 0x00cf92000000ffffull;	/* 0x10: data, DPL 0 */
	gdt[3] = 0x00cff2000000ffffull;	/* 0x18: data, DPL 3 */
	gdt[4] = 0x00affa000000ffffull;	/* 0x20: code, 64-bit, DPL 3 */
	tss.rsp[0] = (uint64_t)trap_stack + sizeof(trap_stack);
	tss.iomap_base = sizeof(tss);		/* no I/O bitmap */
	set_tss_descriptor(&gdt[5], (uint64_t)&tss, sizeof(tss) - 1);
	__asm__ volatile("lgdt %0\n\t"
			 "ltr %w1"
			 : : "m"(p), "r"(TSS_SEL) : "memory");
}

/* Every page of entry.asm's identity map user-accessible, at every level. */
static void user_pages(void)
{
	uint64_t *pml4 = (uint64_t *)(read_cr3() & PTE_ADDR);
	uint64_t *pdpt = (uint64_t *)(pml4[0] & PTE_ADDR);
	uint64_t *pd = (uint64_t *)(pdpt[0] & PTE_ADDR);
	uint64_t *pt = (uint64_t *)(pd[0] & PTE_ADDR);

	pml4[0] |= PTE_U;
	pdpt[0] |= PTE_U;
	for (int i = 0; i < 512; i++) {
		pd[i] |= PTE_U;
		pt[i] |= PTE_U;
	}
	write_cr3(read_cr3());
}

/* ------------------------------------------------------------- ring 3 */

enum { R3_NULL, R3_VERSION, R3_CONSOLE, R3_SHUTDOWN, R3_EXIT_STATS,
       R3_MSG_SEND, R3_TIMER_SET, R3_UNDOCUMENTED, R3_CS, R3_N };
static volatile int64_t r3[R3_N];
static const char r3_text[] = "hcring3: FROM RING 3: must not be printed\n";

/* Runs at CPL 3: no printing (that is a hypercall too), only results. */
static void __attribute__((noreturn, used)) ring3_main(void)
{
	uint16_t cs;

	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	r3[R3_CS] = cs;
	r3[R3_NULL] = hypercall0(HC_NULL);
	r3[R3_VERSION] = hypercall0(HC_VERSION);
	r3[R3_CONSOLE] = hypercall2(HC_CONSOLE_WRITE, (uint64_t)r3_text,
				    sizeof(r3_text) - 1);
	r3[R3_SHUTDOWN] = hypercall1(HC_SHUTDOWN, 42);
	r3[R3_EXIT_STATS] = hypercall1(HC_EXIT_STATS, (uint64_t)&stats);
	r3[R3_MSG_SEND] = hypercall3(HC_MSG_SEND, self.id, (uint64_t)"ring3",
				     5);
	r3[R3_TIMER_SET] = hypercall1(HC_TIMER_SET, 1);
	r3[R3_UNDOCUMENTED] = vmcall1(HC_COUNT, 0);
	__asm__ volatile("ud2");	/* back to ring 0: on_ud() */
	for (;;)
		;
}

static void ring0_again(void) __attribute__((noreturn));

/* A #UD from ring 3 is ring3_main() done: continue in ring 0. */
static void on_ud(struct trap_frame *tf)
{
	if ((tf->cs & 3) != 3)
		trap_fatal(tf);
	tf->cs = KERNEL_CS;
	tf->ss = KERNEL_DS;
	tf->rsp = (uint64_t)ring0_stack + sizeof(ring0_stack) - 8;
	tf->rip = (uint64_t)ring0_again;
}

static void __attribute__((noreturn)) enter_ring3(void)
{
	__asm__ volatile("pushq %[ss]\n\t"
			 "pushq %[rsp]\n\t"
			 "pushq $0x2\n\t"		/* RFLAGS: IF clear */
			 "pushq %[cs]\n\t"
			 "pushq %[rip]\n\t"
			 "iretq"
			 : : [ss] "i"(USER_DS), [cs] "i"(USER_CS),
			     [rsp] "r"((uint64_t)ring3_stack +
				       sizeof(ring3_stack) - 8),
			     [rip] "r"((uint64_t)ring3_main)
			 : "memory");
	__builtin_unreachable();
}

static void ring0_again(void)
{
	static const struct { int i; const char *what; } calls[] = {
		{ R3_NULL, "ring 3: HC_NULL (the fast path's call)" },
		{ R3_VERSION, "ring 3: HC_VERSION" },
		{ R3_CONSOLE, "ring 3: HC_CONSOLE_WRITE" },
		{ R3_SHUTDOWN, "ring 3: HC_SHUTDOWN(42)" },
		{ R3_EXIT_STATS, "ring 3: HC_EXIT_STATS" },
		{ R3_MSG_SEND, "ring 3: HC_MSG_SEND(to ourselves)" },
		{ R3_TIMER_SET, "ring 3: HC_TIMER_SET" },
		{ R3_UNDOCUMENTED, "ring 3: an undocumented number" },
	};
	uint16_t cs;

	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	check("back in ring 0 from ring 3", (r3[R3_CS] & 3) == 3 &&
	      (cs & 3) == 0, "the privilege levels are wrong");
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
		check_ret(calls[i].what, r3[calls[i].i], -HV_EPERM);
	check("ring 3's HC_EXIT_STATS wrote nothing",
	      untouched((const uint8_t *)&stats, sizeof(stats)),
	      "the buffer changed");
	check_ret("ring 0: HC_MSG_RECV(ring 3 sent nothing)",
		  hypercall3(HC_MSG_RECV, (uint64_t)&stats, sizeof(stats), 0),
		  -HV_EAGAIN);
	/* Ring 3's HC_TIMER_SET(1) armed nothing: blocking has no wake-up. */
	check_ret("ring 0: HC_BLOCK (ring 3 set no timer)",
		  hypercall0(HC_BLOCK), -HV_EDEADLK);
	check_ret("ring 0: HC_NULL again", hypercall0(HC_NULL), 0);
	printf("hcring3: done, %u failed\n", failed);
	platform_exit((int)failed);
}

void kmain(uint32_t magic, uint32_t info)
{
	trap_init();
	platform_init(magic, info);
	if (strcmp(platform_name(), "pv")) {
		printf("hcring3: needs platform=pv\n");
		platform_exit(EXIT_NO_HYPERVISOR);
	}
	check_ret("ring 0: HC_NULL", hypercall0(HC_NULL), 0);
	check_ret("ring 0: HC_SELF", hypercall1(HC_SELF, (uint64_t)&self), 0);
	undocumented_numbers();
	exit_stats_outside_ram();
	msg_recv_bad_sender();
	platform_console_flush();	/* ring 3 cannot flush for us */
	memset(&stats, FILL, sizeof(stats));
	load_gdt_with_user_segments();
	user_pages();
	trap_set_handler(VEC_UD, on_ud);
	enter_ring3();
}
