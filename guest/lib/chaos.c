// SPDX-License-Identifier: MIT
/* Random hypercalls, port I/O and MSR accesses that leave us alive (chaos.h). */
#include "guest/lib/chaos.h"
#include "guest/lib/guard.h"
#include "guest/lib/paging.h"
#include "guest/lib/pv.h"
#include "hv/lib/format.h"

#include <stdarg.h>

#define MiB		(1ull << 20)
#define SCRATCH		16384		/* the biggest write (2064 bytes) fits anywhere in its first half */
#define FREE_RAM	(2 * MiB)	/* our image ends below, nothing of ours above */
#define NEAR_IMAGE	(64 * 1024)	/* a write that starts this close below the image may reach it */
#define STUB_MOV_LEN	5		/* "mov eax, imm32": b8 + 4 bytes */
#define OP_MOV_EAX	0xb8

#define PORT_EXIT	0xf4		/* 4 ports, QEMU's isa-debug-exit */
#define PORT_COM1	0x3f8		/* 8 ports */
#define PORT_PM1_CNT	0x604		/* 2 ports: the FADT's PM1a_CNT_BLK */
#define MSR_IA32_TSC	0x10		/* reads differently every time */

extern char __image_start[];		/* guest.ld */

static uint8_t scratch[SCRATCH] __attribute__((aligned(4096)));

/* -------------------------------------------------------------- generator */

static void __attribute__((format(printf, 2, 3)))
trace(struct chaos *c, const char *fmt, ...)
{
	char buf[160];
	va_list ap;

	if (!c->trace)
		return;
	va_start(ap, fmt);
	hv_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	c->trace(buf);
}

uint64_t chaos_rand(struct chaos *c)
{
	/* xorshift64* (Vigna, "An experimental exploration of Marsaglia's
	 * xorshift generators, scrambled"): fast, and good enough here */
	c->rng ^= c->rng >> 12;
	c->rng ^= c->rng << 25;
	c->rng ^= c->rng >> 27;
	return c->rng * 0x2545f4914f6cdd1dull;
}

static uint64_t below(struct chaos *c, uint64_t n)
{
	return n ? chaos_rand(c) % n : 0;
}

void chaos_init(struct chaos *c, uint64_t seed, uint64_t ram_bytes,
		unsigned int flags)
{
	*c = (struct chaos){
		/* splitmix64's constant: seed 0 is as good as any other */
		.rng = (seed ^ 0x9e3779b97f4a7c15ull) ? seed ^ 0x9e3779b97f4a7c15ull : 1,
		.ram_bytes = ram_bytes,
		.guests = 1,
		.flags = flags,
	};
}

void chaos_calls_init(struct chaos *c, uint32_t self, uint32_t guests)
{
	const uint8_t *s = pv_hypercall_page;

	c->self = self;
	c->guests = guests;
	/* "mov eax, 0" first: entering past it calls whatever RAX holds. */
	c->any_nr = s[0] == OP_MOV_EAX && !s[1] && !s[2] && !s[3] && !s[4];
}

/* -------------------------------------------------------------- arguments */

/* Could the hypervisor's write at @p land in our image (or below it)? */
static int near_image(uint64_t p)
{
	uint64_t image = (uint64_t)(uintptr_t)__image_start;
	uint64_t s = (uint64_t)(uintptr_t)scratch;

	if (p >= s && p < s + SCRATCH / 2)
		return 0;
	return p + NEAR_IMAGE > image && p < FREE_RAM;
}

static uint64_t scratch_ptr(struct chaos *c)
{
	return (uint64_t)(uintptr_t)scratch + below(c, SCRATCH / 2);
}

/*
 * One argument: a number or a pointer of some kind. Every kind a
 * hypervisor must get right, in about equal shares: buffers that work,
 * buffers that start well and end past RAM, addresses mapped by us with
 * no RAM behind, unmapped, non-canonical, wrapping, and lengths at their
 * limits.
 */
static uint64_t chaos_arg(struct chaos *c)
{
	uint64_t ram = c->ram_bytes, v;

	switch (below(c, 16)) {
	case 0:
		v = 0;
		break;
	case 1:
		v = 1 + below(c, 300);			/* lengths, ids */
		break;
	case 2:
		v = (uint32_t)chaos_rand(c);
		break;
	case 3:
		v = chaos_rand(c);
		break;
	case 4:
	case 5:
	case 6:
		v = scratch_ptr(c);
		break;
	case 7:						/* free RAM: ours, unused */
		v = ram > FREE_RAM ? FREE_RAM + below(c, ram - FREE_RAM) :
		    scratch_ptr(c);
		break;
	case 8:						/* runs past the end of RAM */
		v = ram - 1 - below(c, 4096);
		break;
	case 9:						/* mapped by us, no RAM there */
		v = ram < PAGING_MAPPED ? ram + below(c, PAGING_MAPPED - ram) :
		    PAGING_MAPPED - 1;
		break;
	case 10:					/* not mapped at all */
		v = PAGING_MAPPED + below(c, (1ull << 47) - PAGING_MAPPED);
		break;
	case 11:					/* not canonical */
		v = (1ull << 47) + below(c, (1ull << 63) - (1ull << 47));
		break;
	case 12:					/* wraps past 2^64 */
		v = 0 - 1 - below(c, 4096);
		break;
	case 13:
		v = ~0ull;
		break;
	case 14: {					/* limits, and one past */
		static const uint64_t limits[] = {
			HV_MSG_MAX, HV_MSG_MAX + 1, HV_CONSOLE_WRITE_MAX,
			HV_CONSOLE_WRITE_MAX + 1, 1ull << 32, 1ull << 63,
		};
		v = limits[below(c, sizeof(limits) / sizeof(limits[0]))];
		break;
	}
	default:					/* guest ids */
		v = below(c, c->guests + 2);
		break;
	}
	return near_image(v) ? scratch_ptr(c) : v;
}

/* -------------------------------------------------------------- hypercalls */

static int allowed(const struct chaos *c, uint64_t nr)
{
	if (nr == HC_SHUTDOWN)
		return 0;
	if ((nr == HC_BLOCK || nr == HC_TIMER_SET) && !(c->flags & CHAOS_SLEEP))
		return 0;
	return nr < PV_STUBS || c->any_nr;
}

void chaos_pick_call(struct chaos *c, struct chaos_call *k)
{
	uint64_t r;

	do {
		r = below(c, 256);
		if (r < 128)			/* the real calls, and just past */
			k->nr = below(c, HC_COUNT + 2);
		else if (r == 128)		/* all of RAX counts, not EAX */
			k->nr = chaos_rand(c);
		else
			k->nr = below(c, CHAOS_NR_MAX + 1);
	} while (!allowed(c, k->nr));
	for (int i = 0; i < 6; i++)
		k->a[i] = chaos_arg(c);

	switch (k->nr) {
	case HC_CONSOLE_WRITE:
		/* A readable start (identity map: below RAM's end) would print. */
		if (k->a[0] < c->ram_bytes && k->a[1] <= HV_CONSOLE_WRITE_MAX)
			k->a[1] = 0;
		break;
	case HC_MSG_SEND:
		if (!(c->flags & CHAOS_MSG_ANY) && k->a[0] < c->guests &&
		    k->a[0] != c->self)
			k->a[0] = c->self;
		break;
	}
	k->ret = 0;
}

/*
 * Numbers with a stub go through it; the others enter stub 0 just past
 * its "mov eax, 0", at the hypervisor's instruction, with RAX loaded
 * here (the way pvtest reaches numbers above the page).
 */
int64_t chaos_issue(struct chaos_call *k)
{
	register uint64_t r10 __asm__("r10") = k->a[3];
	register uint64_t r8 __asm__("r8") = k->a[4];
	register uint64_t r9 __asm__("r9") = k->a[5];
	const uint8_t *entry = k->nr < PV_STUBS ?
		pv_hypercall_page + k->nr * HV_HYPERCALL_STUB_SIZE :
		pv_hypercall_page + STUB_MOV_LEN;
	int64_t ret = (int64_t)k->nr;

	__asm__ volatile("call *%[entry]"
			 : "+a"(ret), "+r"(r10), "+r"(r8), "+r"(r9)
			 : [entry] "r"(entry), "D"(k->a[0]), "S"(k->a[1]),
			   "d"(k->a[2])
			 : "rcx", "r11", "memory", "cc");
	k->ret = ret;
	return ret;
}

static const struct {
	int err;
	const char *name;
} hv_errors[] = {
	{ HV_EPERM, "HV_EPERM" }, { HV_ENOENT, "HV_ENOENT" },
	{ HV_E2BIG, "HV_E2BIG" }, { HV_EAGAIN, "HV_EAGAIN" },
	{ HV_EFAULT, "HV_EFAULT" }, { HV_EINVAL, "HV_EINVAL" },
	{ HV_EDEADLK, "HV_EDEADLK" }, { HV_ENOSYS, "HV_ENOSYS" },
};

int chaos_result_ok(int64_t ret)
{
	if (ret >= 0)
		return 1;
	for (size_t i = 0; i < sizeof(hv_errors) / sizeof(hv_errors[0]); i++)
		if (ret == -hv_errors[i].err)
			return 1;
	return 0;
}

const char *chaos_result_name(int64_t ret, char buf[CHAOS_NAME_LEN])
{
	for (size_t i = 0; i < sizeof(hv_errors) / sizeof(hv_errors[0]); i++) {
		if (ret == -hv_errors[i].err) {
			hv_snprintf(buf, CHAOS_NAME_LEN, "-%s", hv_errors[i].name);
			return buf;
		}
	}
	hv_snprintf(buf, CHAOS_NAME_LEN, ret >= 0 && ret < 4096 ? "%ld" : "0x%lx", ret);
	return buf;
}

/* -------------------------------------------------------------- port I/O */

/* Where devices are, and the edges of what must stay untouched. */
static const uint16_t ports_of_interest[] = {
	0x20, 0x21, 0xa0, 0xa1,			/* the PICs */
	0x40, 0x41, 0x42, 0x43,			/* the PIT */
	0x3f8, 0x3f9, 0x3fa, 0x3fb, 0x3fc, 0x3fd, 0x3fe, 0x3ff, /* COM1 */
	0x2f0, 0x2f3,				/* nobody's */
	0xf0, 0xf1, 0xf2, 0xf3, 0xf8,		/* around the exit port */
	0x3f5, 0x3f6, 0x3f7, 0x400,		/* around COM1 */
	0x1f, 0x22, 0x3f, 0x44, 0x9f, 0xa2,	/* around the PICs and the PIT */
	0x0000, 0xfffd, 0xfffe, 0xffff,		/* the ends of the port space */
};

static int overlaps(uint32_t port, uint32_t size, uint32_t first, uint32_t count)
{
	return port < first + count && first < port + size;
}

static uint32_t port_in(uint16_t port, unsigned int size)
{
	uint32_t v = 0;

	if (size == 1)
		__asm__ volatile("inb %1, %b0" : "+a"(v) : "Nd"(port));
	else if (size == 2)
		__asm__ volatile("inw %1, %w0" : "+a"(v) : "Nd"(port));
	else
		__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static void port_out(uint16_t port, unsigned int size, uint32_t v)
{
	if (size == 1)
		__asm__ volatile("outb %b0, %1" : : "a"(v), "Nd"(port));
	else if (size == 2)
		__asm__ volatile("outw %w0, %1" : : "a"(v), "Nd"(port));
	else
		__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

/*
 * INS/OUTS, REP (0 to 32 elements) or not, with the buffer in scratch;
 * sometimes downwards (DF set) or with 32-bit addressing (EDI/ESI and
 * ECX: the 0x67 prefix). Never a bad buffer: the hypervisor stops a
 * guest whose INS/OUTS buffer is not RAM.
 */
#define STRING_IO(insn)							\
	do {								\
		if (down && a32)					\
			__asm__ volatile("std; addr32 " insn "; cld"	\
					 : "+D"(p), "+S"(p2), "+c"(n)	\
					 : "d"(port) : "memory", "cc");	\
		else if (down)						\
			__asm__ volatile("std; " insn "; cld"		\
					 : "+D"(p), "+S"(p2), "+c"(n)	\
					 : "d"(port) : "memory", "cc");	\
		else if (a32)						\
			__asm__ volatile("addr32 " insn			\
					 : "+D"(p), "+S"(p2), "+c"(n)	\
					 : "d"(port) : "memory", "cc");	\
		else							\
			__asm__ volatile(insn				\
					 : "+D"(p), "+S"(p2), "+c"(n)	\
					 : "d"(port) : "memory", "cc");	\
	} while (0)

static void port_string(struct chaos *c, uint16_t port, unsigned int size,
			int in)
{
	/* The middle of scratch: 32 dwords fit either way. */
	uint64_t p = (uint64_t)(uintptr_t)scratch + SCRATCH / 4 + below(c, 64);
	uint64_t p2 = p, n = below(c, 33);
	int down = below(c, 4) == 0, a32 = below(c, 4) == 0;
	unsigned int which = (in ? 0 : 3) + (size == 1 ? 0 : size == 2 ? 1 : 2);
	int rep = below(c, 4) != 0;

	trace(c, "%s%s%u port 0x%x, %lu at 0x%lx%s%s", rep ? "rep " : "",
	      in ? "ins" : "outs", size, port, rep ? n : 1, p,
	      down ? " down" : "", a32 ? " addr32" : "");
	if (rep) {
		switch (which) {
		case 0: STRING_IO("rep insb"); break;
		case 1: STRING_IO("rep insw"); break;
		case 2: STRING_IO("rep insl"); break;
		case 3: STRING_IO("rep outsb"); break;
		case 4: STRING_IO("rep outsw"); break;
		default: STRING_IO("rep outsl"); break;
		}
	} else {
		switch (which) {
		case 0: STRING_IO("insb"); break;
		case 1: STRING_IO("insw"); break;
		case 2: STRING_IO("insl"); break;
		case 3: STRING_IO("outsb"); break;
		case 4: STRING_IO("outsw"); break;
		default: STRING_IO("outsl"); break;
		}
	}
}

static unsigned int chaos_port(struct chaos *c)
{
	static const unsigned int sizes[] = { 1, 2, 4 };
	unsigned int size, in, string;
	uint32_t port;

	for (;;) {
		if (below(c, 2))
			port = ports_of_interest[below(c, sizeof(ports_of_interest) /
						       sizeof(ports_of_interest[0]))];
		else
			port = (uint32_t)below(c, 0x10000);
		size = sizes[below(c, 3)];
		in = (unsigned int)below(c, 2);
		string = below(c, 8) == 0;
		if (overlaps(port, size, PORT_EXIT, 4))
			continue;
		/* SLP_EN there is ACPI soft off: the guest's own end, too. */
		if (!in && overlaps(port, size, PORT_PM1_CNT, 2))
			continue;
		if ((c->flags & (in ? CHAOS_NO_COM1 : CHAOS_NO_COM1 | CHAOS_NO_COM1_WRITES)) &&
		    overlaps(port, size, PORT_COM1, 8))
			continue;
		break;
	}
	if (string) {
		port_string(c, (uint16_t)port, size, (int)in);
		c->port_string++;
	} else if (in) {
		trace(c, "in%u port 0x%x", size, port);
		c->sink ^= port_in((uint16_t)port, size);
		c->port_in++;
	} else {
		uint32_t v = (uint32_t)chaos_rand(c);

		trace(c, "out%u port 0x%x <- 0x%x", size, port, v);
		port_out((uint16_t)port, size, v);
		c->port_out++;
	}
	return 1;
}

/* -------------------------------------------------------------- MSRs */

static const uint32_t msrs_of_interest[] = {
	0x10, 0x17, 0x1b, 0x3a, 0x8b, 0xfe,	/* TSC ... MTRRCAP */
	0x174, 0x175, 0x176,			/* SYSENTER: canonical checks */
	0x1a0, 0x1d9, 0x277, 0x2ff,		/* MISC_ENABLE, DEBUGCTL, PAT, MTRR_DEF_TYPE */
	0x480, 0x48b, 0x6e0,			/* VMX_BASIC, VMX_PROCBASED_CTLS2, TSC_DEADLINE */
	0xc0000080, 0xc0000081, 0xc0000082,	/* EFER, STAR, LSTAR */
	0xc0000083, 0xc0000084,			/* CSTAR, SFMASK */
	0xc0000100, 0xc0000101, 0xc0000102,	/* FS, GS, KERNEL_GS base */
	0xc0000103,				/* TSC_AUX */
	HV_MSR_HYPERCALL, HV_MSR_HYPERCALL + 1, 0x400000ff,
	0x0, 0x1fff, 0x2000, 0xbfffffff,	/* the MSR bitmap's two ranges */
	0xc0001fff, 0xc0002000, 0xffffffff,	/*   and what lies past them */
};

static uint32_t pick_msr(struct chaos *c)
{
	uint64_t r = below(c, 8);

	if (r < 4)
		return msrs_of_interest[below(c, sizeof(msrs_of_interest) /
					       sizeof(msrs_of_interest[0]))];
	if (r == 4)
		return (uint32_t)below(c, 0x2000);
	if (r == 5)
		return 0xc0000000u + (uint32_t)below(c, 0x2000);
	return (uint32_t)chaos_rand(c);
}

/*
 * The hypercall page may move only to free RAM, where the stubs the
 * hypervisor writes hurt nobody; anywhere else below 2 MiB it would
 * overwrite our own code or data. Such a value gets a low bit set,
 * which makes it invalid (#GP) instead.
 */
static uint64_t safe_hypercall_msr(uint64_t v, uint64_t cur)
{
	uint64_t page = v & ~0xfffull;

	if ((v & HV_MSR_HYPERCALL_ENABLE) && page < FREE_RAM &&
	    page != (cur & ~0xfffull))
		v |= 0x800;
	return v;
}

/*
 * IA32_APIC_BASE may not take EXTD (x2APIC mode): leaving that mode for
 * xAPIC #GPs (SDM 10.12.5.1), so the old value could not be put back.
 */
#define MSR_IA32_APIC_BASE	0x1b
#define APIC_BASE_EXTD		(1ull << 10)

static unsigned int chaos_msr(struct chaos *c, char *why, size_t why_size)
{
	uint32_t msr = pick_msr(c);
	uint64_t cur, v, back;
	int readable, vec;
	unsigned int n = 1;

	trace(c, "rdmsr 0x%x", msr);
	readable = rdmsr_guarded(msr, &cur) < 0;
	c->msr_read++;
	c->msr_gp += !readable;
	if (below(c, 2))
		return n;			/* a read only */

	if (!readable)
		v = below(c, 2) ? chaos_rand(c) : below(c, 2);
	else if (below(c, 4) == 0)
		v = cur;
	else if (below(c, 3))
		v = cur ^ (1ull << below(c, 64));
	else
		v = chaos_rand(c);
	if (msr == HV_MSR_HYPERCALL)
		v = safe_hypercall_msr(v, readable ? cur : 0);
	if (msr == MSR_IA32_APIC_BASE)
		v &= ~APIC_BASE_EXTD;

	trace(c, "wrmsr 0x%x <- 0x%lx", msr, v);
	vec = wrmsr_guarded(msr, v);
	c->msr_write++;
	c->msr_gp += vec >= 0;
	n++;
	if (!readable)
		return n;
	if (vec < 0) {				/* taken: put it back */
		trace(c, "wrmsr 0x%x <- 0x%lx (back)", msr, cur);
		vec = wrmsr_guarded(msr, cur);
		c->msr_write++;
		c->msr_gp += vec >= 0;
		n++;
		if (vec >= 0) {
			hv_snprintf(why, why_size,
				    "WRMSR 0x%x <- 0x%lx (its old value) raised %s after 0x%lx was taken",
				    msr, cur, trap_name((unsigned int)vec), v);
			return n;
		}
	}
	if (msr == MSR_IA32_TSC)
		return n;			/* it moves on by itself */
	trace(c, "rdmsr 0x%x (again)", msr);
	vec = rdmsr_guarded(msr, &back);
	c->msr_read++;
	c->msr_gp += vec >= 0;
	n++;
	if (vec >= 0)
		hv_snprintf(why, why_size, "RDMSR 0x%x raised %s after it had read 0x%lx",
			    msr, trap_name((unsigned int)vec), cur);
	else if (back != cur)
		hv_snprintf(why, why_size, "MSR 0x%x reads 0x%lx, was 0x%lx, after WRMSR 0x%lx and back",
			    msr, back, cur, v);
	return n;
}

unsigned int chaos_access(struct chaos *c, char *why, size_t why_size)
{
	why[0] = '\0';
	return below(c, 4) ? chaos_port(c) : chaos_msr(c, why, why_size);
}
