// SPDX-License-Identifier: MIT
/*
 * A guest that attacks its virtio-mmio console (virtio=console, at
 * 0xfeb00000: docs/platform.md, "virtio-mmio"), to show that a driver
 * breaking every rule stops only that device:
 *
 *   1. garbage: iterations= (default 3000) random register accesses of
 *      every width (1, 2, 4, 8 bytes) at random offsets of the window,
 *      ring addresses anywhere (in a scratch area of its RAM, outside its
 *      RAM), random descriptor tables and avail rings in the scratch
 *      area, QueueNotify of any queue; a reset (Status 0) every 64;
 *   2. one case at a time on a freshly set-up device, each of which must
 *      leave DEVICE_NEEDS_RESET (0x40) in Status: a descriptor loop, a
 *      buffer outside its RAM, a huge length, avail.idx far ahead, a head
 *      past the queue, a misaligned ring, a ring outside its RAM, a byte
 *      access to a register;
 *   3. after a reset, one good chain: its line must come out on the
 *      console and be used.
 *
 * It never gives the device a ring or buffer in its own image, stack or
 * page tables: the device writes only used rings, and those it may write
 * are in the scratch area. Status 0 at the end if every case did what it
 * should, 1 if one did not (each says which).
 */
#include "guest/lib/args.h"
#include "guest/lib/chaos.h"
#include "guest/lib/multiboot.h"
#include "guest/lib/paging.h"
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/x86.h"
#include "hv/lib/string.h"

#define DEV_PA		0xfeb00000ull
#define PAGE2M_PA	0xfea00000ull		/* the 2 MiB page holding it */
#define PAGE2M_VA	0x3fe00000ull		/* PD[511] */
#define DEV		(PAGE2M_VA + (DEV_PA - PAGE2M_PA))
#define PTE_PWT		(1ull << 3)
#define PTE_PCD		(1ull << 4)
#define OUTSIDE_RAM	(512ull << 20)
#define SCRATCH		(8ull << 20)		/* 8-12 MiB: nothing of ours */
#define SCRATCH_SIZE	(4ull << 20)
#define NUM		16

#define R_MAGIC		0x000
#define R_VERSION	0x004
#define R_DEVICE_ID	0x008
#define R_DRV_FEAT	0x020
#define R_DRV_FEAT_SEL	0x024
#define R_QUEUE_SEL	0x030
#define R_QUEUE_NUM_MAX	0x034
#define R_QUEUE_NUM	0x038
#define R_QUEUE_READY	0x044
#define R_NOTIFY	0x050
#define R_INT_STATUS	0x060
#define R_INT_ACK	0x064
#define R_STATUS	0x070
#define R_DESC		0x080
#define R_AVAIL		0x090
#define R_USED		0x0a0
#define NEEDS_RESET	0x40

extern volatile uint64_t boot_pd[512];	/* entry.asm */

void kmain(uint32_t magic, uint32_t info);

struct desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next;
};

/* Each queue's rings, in our RAM, as a driver keeps them. */
struct rings {
	struct desc desc[NUM];
	struct { uint16_t flags, idx, ring[NUM]; } avail;
	uint8_t pad[4096 - 16 * NUM - 4 - 2 * NUM];
	struct { uint16_t flags, idx; struct { uint32_t id, len; } e[NUM]; } used;
} __attribute__((aligned(4096)));

static struct rings q[2];
static char text[128];
static int failures;

/*
 * The memory clobbers order our ring stores before the register access
 * and the device's ring stores after it, as a driver's barriers do: the
 * compiler may otherwise move plain stores past a volatile one.
 */
static uint32_t rd(unsigned int off)
{
	uint32_t v;

	__asm__ volatile("" ::: "memory");
	v = *(volatile uint32_t *)(DEV + off);
	__asm__ volatile("" ::: "memory");
	return v;
}

static void wr(unsigned int off, uint32_t v)
{
	__asm__ volatile("" ::: "memory");
	*(volatile uint32_t *)(DEV + off) = v;
	__asm__ volatile("" ::: "memory");
}

static void wr64(unsigned int off, uint64_t v)
{
	wr(off, (uint32_t)v);
	wr(off + 4, (uint32_t)(v >> 32));
}

/* An access of 1, 2, 4 or 8 bytes: one MOV of that width. */
static void access(unsigned int off, unsigned int size, int write,
		   uint64_t v)
{
	volatile void *p = (volatile void *)(DEV + off);

	switch (size) {
	case 1:
		if (write)
			*(volatile uint8_t *)p = (uint8_t)v;
		else
			(void)*(volatile uint8_t *)p;
		break;
	case 2:
		if (write)
			*(volatile uint16_t *)p = (uint16_t)v;
		else
			(void)*(volatile uint16_t *)p;
		break;
	case 4:
		if (write)
			*(volatile uint32_t *)p = (uint32_t)v;
		else
			(void)*(volatile uint32_t *)p;
		break;
	default:
		if (write)
			*(volatile uint64_t *)p = v;
		else
			(void)*(volatile uint64_t *)p;
		break;
	}
}

static void map_device(void)
{
	boot_pd[511] = PAGE2M_PA | PTE_P | PTE_W | PTE_PS | PTE_PCD | PTE_PWT;
	write_cr3(read_cr3());
}

/* Linux's probe (drivers/virtio/virtio_mmio.c), rings @r0 and @r1. */
static void setup(uint64_t r0, uint64_t r1)
{
	uint64_t r[2] = { r0, r1 };

	wr(R_STATUS, 0);
	wr(R_STATUS, 3);
	wr(R_DRV_FEAT_SEL, 1);
	wr(R_DRV_FEAT, 1);			/* VIRTIO_F_VERSION_1 */
	wr(R_DRV_FEAT_SEL, 0);
	wr(R_DRV_FEAT, 0);
	wr(R_STATUS, 0xb);
	for (unsigned int i = 0; i < 2; i++) {
		wr(R_QUEUE_SEL, i);
		wr(R_QUEUE_NUM, NUM);
		wr64(R_DESC, r[i]);
		wr64(R_AVAIL, r[i] + __builtin_offsetof(struct rings, avail));
		wr64(R_USED, r[i] + __builtin_offsetof(struct rings, used));
		wr(R_QUEUE_READY, 1);
	}
	wr(R_STATUS, 0xf);
}

static void fresh(void)
{
	memset(q, 0, sizeof(q));
	setup((uint64_t)(uintptr_t)&q[0], (uint64_t)(uintptr_t)&q[1]);
}

/* A random ring address: in the scratch area, or outside our RAM. */
static uint64_t any_ring(struct chaos *c)
{
	uint64_t r = chaos_rand(c);

	/* Mostly where a ring may be, so that the chains get walked. */
	switch (r & 7) {
	case 0:
		return SCRATCH + (chaos_rand(c) % (SCRATCH_SIZE - 8192));
	case 1:
		return OUTSIDE_RAM + (chaos_rand(c) & 0xffff0);
	case 2:
		return chaos_rand(c) | (1ull << 40);
	case 3:
		return SCRATCH + (chaos_rand(c) % (SCRATCH_SIZE - 8192) & ~15ull);
	default:
		return SCRATCH + (chaos_rand(c) % 4) * 8192;
	}
}

/* Random bytes over a random part of the scratch area. */
static void scribble(struct chaos *c)
{
	uint8_t *p = (uint8_t *)(uintptr_t)(SCRATCH +
			chaos_rand(c) % (SCRATCH_SIZE - 4096));
	unsigned int n = 16 + (unsigned int)(chaos_rand(c) % 512);

	for (unsigned int i = 0; i < n; i++)
		p[i] = (uint8_t)chaos_rand(c);
}

/* Something close to a chain in one of the rings any_ring() favours. */
static void plausible(struct chaos *c)
{
	struct rings *r = (struct rings *)(uintptr_t)(SCRATCH +
			(chaos_rand(c) % 4) * 8192);
	unsigned int i = (unsigned int)(chaos_rand(c) % NUM);

	r->desc[i] = (struct desc){
		.addr = SCRATCH + chaos_rand(c) % SCRATCH_SIZE,
		.len = (uint32_t)(chaos_rand(c) % 96),
		.flags = (uint16_t)(chaos_rand(c) % 8),
		.next = (uint16_t)(chaos_rand(c) % (NUM + 4)),
	};
	r->avail.ring[chaos_rand(c) % NUM] =
		(uint16_t)(chaos_rand(c) % (NUM + 2));
	r->avail.idx = (uint16_t)(r->avail.idx + chaos_rand(c) % 3);
}

static void garbage(struct chaos *c, uint64_t iterations)
{
	uint64_t stopped = 0;

	printf("virtiohostile: garbage: %llu random accesses to the "
	       "registers, rings and descriptors\n",
	       (unsigned long long)iterations);
	platform_console_flush();
	for (uint64_t i = 0; i < iterations; i++) {
		uint64_t r = chaos_rand(c);
		unsigned int off = (unsigned int)(chaos_rand(c) % 0x200);
		uint64_t v = chaos_rand(c);

		if (i % 64 == 0) {
			if (rd(R_STATUS) & NEEDS_RESET)
				stopped++;
			setup(any_ring(c), any_ring(c));
		}
		switch (r & 7) {
		case 0:			/* any width, anywhere */
			/* Ring addresses only as in case 1 (see the top). */
			access(off, 1u << ((r >> 3) & 3),
			       ((r >> 5) & 1) && (off < R_DESC ||
						  off >= R_USED + 8), v);
			break;
		case 1:			/* a ring address */
			wr(R_QUEUE_SEL, (uint32_t)(r >> 8) & 3);
			wr64(R_DESC + 0x10 * ((r >> 3) % 3), any_ring(c));
			wr(R_QUEUE_READY, (uint32_t)(r >> 16) & 1);
			break;
		case 2:
			scribble(c);
			break;
		case 3:
			plausible(c);
			break;
		case 4:
			wr(R_NOTIFY, (uint32_t)(r >> 8) & 1);
			break;
		case 5:
			wr(R_NOTIFY, (uint32_t)v);
			break;
		case 6:			/* an aligned register, any value */
			if ((off & ~7u) >= R_DESC && (off & ~7u) <= R_USED)
				break;	/* ring addresses: only as in case 1 */
			wr(off & ~3u, (uint32_t)v);
			break;
		default:
			wr(R_INT_ACK, (uint32_t)v);
			(void)rd(R_INT_STATUS);
			break;
		}
	}
	wr(R_STATUS, 0);
	printf("virtiohostile: garbage: done, the device stopped itself "
	       "%llu times\n", (unsigned long long)stopped);
	platform_console_flush();
}

static void offer(unsigned int qn, uint16_t head)
{
	uint16_t idx = q[qn].avail.idx;

	q[qn].avail.ring[idx % NUM] = head;
	__asm__ volatile("" ::: "memory");
	q[qn].avail.idx = (uint16_t)(idx + 1);
}

static void expect_stopped(const char *what)
{
	uint32_t s = rd(R_STATUS);

	if (s & NEEDS_RESET) {
		printf("virtiohostile: %s: status 0x%x (DEVICE_NEEDS_RESET)\n",
		       what, s);
	} else {
		printf("virtiohostile: %s: status 0x%x: NOT STOPPED\n", what, s);
		failures++;
	}
	platform_console_flush();
}

/* Each rule broken once, on a device that was fine before. */
static void cases(void)
{
	fresh();
	q[1].desc[0] = (struct desc){ (uintptr_t)text, 1, 1, 1 };
	q[1].desc[1] = (struct desc){ (uintptr_t)text, 1, 1, 0 };
	offer(1, 0);
	wr(R_NOTIFY, 1);
	expect_stopped("loop");

	fresh();
	q[1].desc[0] = (struct desc){ OUTSIDE_RAM, 64, 0, 0 };
	offer(1, 0);
	wr(R_NOTIFY, 1);
	expect_stopped("buffer outside RAM");

	fresh();
	q[1].desc[0] = (struct desc){ (uintptr_t)text, 0xffffffffu, 0, 0 };
	offer(1, 0);
	wr(R_NOTIFY, 1);
	expect_stopped("huge length");

	fresh();
	q[1].avail.idx = 1000;
	wr(R_NOTIFY, 1);
	expect_stopped("avail.idx 1000 ahead");

	fresh();
	offer(1, 999);
	wr(R_NOTIFY, 1);
	expect_stopped("head 999");

	memset(q, 0, sizeof(q));
	setup((uintptr_t)&q[0], (uintptr_t)&q[1] + 8);
	expect_stopped("misaligned descriptor table");

	memset(q, 0, sizeof(q));
	setup((uintptr_t)&q[0], 1ull << 32);
	expect_stopped("ring outside RAM");

	fresh();
	(void)*(volatile uint8_t *)(DEV + R_STATUS);
	expect_stopped("byte read");
}

/* After all that, a reset device must work as on the first day. */
static void good(void)
{
	static const char line[] =
		"virtiohostile: this line came through the transmitq\n";

	fresh();
	memcpy(text, line, sizeof(line) - 1);
	q[1].desc[0] = (struct desc){ (uintptr_t)text, sizeof(line) - 1, 0, 0 };
	offer(1, 0);
	wr(R_NOTIFY, 1);
	if (q[1].used.idx != 1 || q[1].used.e[0].id != 0 ||
	    (rd(R_STATUS) & NEEDS_RESET)) {
		printf("virtiohostile: good chain: used.idx %u status 0x%x: "
		       "NOT USED\n", q[1].used.idx, rd(R_STATUS));
		failures++;
	} else {
		printf("virtiohostile: good chain: used, status 0x%x\n",
		       rd(R_STATUS));
	}
	wr(R_INT_ACK, rd(R_INT_STATUS));
	wr(R_STATUS, 0);
	platform_console_flush();
}

void kmain(uint32_t magic, uint32_t info)
{
	const struct multiboot_info *mi =
		(const struct multiboot_info *)(uintptr_t)info;
	uint64_t seed = 1, iterations = 3000;
	struct chaos c;

	platform_init(magic, info);
	mb_cmdline_u64(mi, "seed", &seed);
	mb_cmdline_u64(mi, "iterations", &iterations);
	map_device();
	if (rd(R_MAGIC) != 0x74726976 || rd(R_VERSION) != 2 ||
	    rd(R_DEVICE_ID) != 3) {
		printf("virtiohostile: no virtio-mmio console at 0x%llx "
		       "(magic 0x%x version %u device %u): virtio=console?\n",
		       (unsigned long long)DEV_PA, rd(R_MAGIC), rd(R_VERSION),
		       rd(R_DEVICE_ID));
		platform_exit(2);
	}
	printf("virtiohostile: virtio-mmio version 2 console at 0x%llx, "
	       "queue size up to %u\n", (unsigned long long)DEV_PA,
	       (wr(R_QUEUE_SEL, 0), rd(R_QUEUE_NUM_MAX)));
	chaos_init(&c, seed, 16ull << 20, 0);
	garbage(&c, iterations);
	cases();
	good();
	printf("virtiohostile: done, %d case(s) not as expected\n", failures);
	platform_exit(failures ? 1 : 0);
}
