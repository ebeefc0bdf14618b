// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness for hv/guest_mem.c, the checker every guest pointer a
 * hypercall gets goes through (guest_read/guest_write).
 *
 * The input describes a fake guest and what it asks for:
 *
 *   byte 0       RAM size: bit 0 set: (bytes 1-2 % 17) whole pages;
 *                clear: bytes 1-2 % (16 pages + 1), any size
 *   byte 3       number of page-table entries (% 33), then 4 bytes each
 *                (+ 8 for an arbitrary frame):
 *                  vkind: low pages, the top of the lower half, the bottom
 *                         of the upper half, the top of the address space,
 *                         and non-canonical pages on both sides of the hole
 *                  vidx:  which page in that region
 *                  fkind: 0 unmapped (a hole), 1-2 a frame in or just past
 *                         RAM, 3 any 4K-aligned 64-bit frame
 *                  fidx:  the frame number for 1-2
 *   then         operations until the input ends (at most 64): one byte,
 *                bit 0 write, bits 1-3 how the address is chosen, bits
 *                4-6 how the length is chosen, then their bytes (near
 *                mapped pages, page ends, the ends of both canonical
 *                halves, the hole, raw 64-bit values; lengths small, a
 *                few pages, raw, 0, powers of two +-1, ending near 2^64,
 *                at the hole, or across it).
 *
 * Later page-table entries override earlier ones. The fake translation
 * asserts that it is only asked about canonical addresses inside the
 * range of the call under way. A model of the guest's RAM is kept next to
 * the real one; for each call the expected outcome is computed from the
 * page table alone (every byte canonical, no wrap, every page mapped to a
 * frame whose bytes lie inside RAM), and then:
 *   - the return value is 0 or -HV_EFAULT, and the expected one;
 *   - a failed read leaves the destination as it was, a failed write
 *     leaves RAM as it was (a call has no effect, or all of it);
 *   - a successful read returns the model's bytes, a successful write
 *     changes RAM exactly as the model's walk does;
 *   - buffers are exact-size heap blocks: ASan catches a copy past them.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hv/errno.h"
#include "hv/guest_mem.h"

#define PAGE		4096ULL
#define RAM_PAGES	16
#define NMAP		32
#define MAX_OPS		64
/* A successful call covers at most NMAP mapped pages: no buffer need be larger. */
#define CAP		((NMAP + 1) * PAGE)
#define FAIL_BUF	(3 * PAGE)	/* buffer for a call that should fail */
#define HOLE_LO		0x0000800000000000ULL	/* first non-canonical */
#define HOLE_HI		0xffff7fffffffffffULL	/* last non-canonical */

struct pte {
	uint64_t vpn, frame;
	bool present;
};

struct fake {
	struct pte map[NMAP];
	unsigned int nmap;
	uint64_t ram_size;
	/* The call under way: translate() may only be asked about these. */
	uint64_t gva, len;
};

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

static bool canonical(uint64_t a)
{
	return a < HOLE_LO || a > HOLE_HI;
}

static const struct pte *lookup(const struct fake *f, uint64_t vpn)
{
	for (unsigned int i = f->nmap; i-- > 0;)
		if (f->map[i].vpn == vpn)
			return f->map[i].present ? &f->map[i] : NULL;
	return NULL;
}

static void die(const struct fake *f, const char *what)
{
	fprintf(stderr, "fuzz_guest_mem: %s (gva 0x%llx len 0x%llx, ram 0x%llx, "
		"%u page-table entries)\n", what, (unsigned long long)f->gva,
		(unsigned long long)f->len, (unsigned long long)f->ram_size,
		f->nmap);
	for (unsigned int i = 0; i < f->nmap; i++)
		fprintf(stderr, "  vpn 0x%llx -> %s 0x%llx\n",
			(unsigned long long)f->map[i].vpn,
			f->map[i].present ? "frame" : "(unmapped)",
			(unsigned long long)f->map[i].frame);
	abort();
}

/*
 * Fill patterns, made once: the harness's own loops would otherwise
 * dominate the run time (they are instrumented too). @pattern has room
 * for RAM or a buffer starting at any of 256 offsets.
 */
#define PATTERN_SIZE	(CAP + 256)
static uint8_t pattern[PATTERN_SIZE], untouched[CAP];

static void make_patterns(void)
{
	for (uint64_t i = 0; i < PATTERN_SIZE; i++)
		pattern[i] = (uint8_t)(i * 7 + i / 4096 + 1);
	memset(untouched, 0x5a, sizeof(untouched));
}

static int translate(void *ctx, uint64_t gva, uint64_t *gpa)
{
	const struct fake *f = ctx;
	const struct pte *e;

	if (!f->len || gva < f->gva || gva - f->gva >= f->len)
		die(f, "translate() asked about an address outside the range");
	if (!canonical(gva))
		die(f, "translate() asked about a non-canonical address");
	e = lookup(f, gva / PAGE);
	if (!e)
		return -1;
	*gpa = e->frame + gva % PAGE;
	return 0;
}

/* The expected outcome, from the page table alone. */
static int model_check(const struct fake *f, uint64_t gva, uint64_t len,
		       uint64_t ram_size)
{
	uint64_t last;

	if (!len)
		return 0;
	last = gva + len - 1;
	if (last < gva)
		return -HV_EFAULT;
	if (!(last < HOLE_LO || gva > HOLE_HI))
		return -HV_EFAULT;	/* some byte is non-canonical */
	/* At most NMAP + 1 rounds: every round but the last needs a mapping. */
	for (uint64_t page = gva & ~(PAGE - 1); ; page += PAGE) {
		const struct pte *e = lookup(f, page / PAGE);
		uint64_t end = last - page < PAGE ? last : page + PAGE - 1;

		if (!e || e->frame + (end - page) >= ram_size)
			return -HV_EFAULT;
		if (end == last)
			return 0;
	}
}

/* Copy between @buf and the model RAM, as the walk says (checked first). */
static void model_copy(const struct fake *f, uint8_t *model, uint64_t gva,
		       uint8_t *buf, uint64_t len, bool to_guest)
{
	while (len) {
		uint64_t n = PAGE - gva % PAGE < len ? PAGE - gva % PAGE : len;
		uint8_t *g = model + lookup(f, gva / PAGE)->frame + gva % PAGE;

		if (to_guest)
			memcpy(g, buf, n);
		else
			memcpy(buf, g, n);
		gva += n;
		buf += n;
		len -= n;
	}
}

static uint64_t pick_vpn(struct reader *r)
{
	unsigned int kind = (unsigned int)get(r, 1), idx = (unsigned int)get(r, 1);

	switch (kind % 6) {
	case 0: return idx % 64;
	case 1: return ((HOLE_LO - 1) >> 12) - idx % 16;
	case 2: return ((HOLE_HI + 1) >> 12) + idx % 16;
	case 3: return (UINT64_MAX >> 12) - idx % 16;
	case 4: return (HOLE_LO >> 12) + idx % 16;
	default: return (HOLE_HI >> 12) - idx % 16;
	}
}

static uint64_t pick_gva(struct reader *r, const struct fake *f,
			 unsigned int kind)
{
	uint64_t vpn = 1;

	if (kind <= 1 && f->nmap)
		vpn = f->map[get(r, 1) % f->nmap].vpn;
	switch (kind) {
	case 0: return vpn * PAGE + get(r, 2) % PAGE;
	case 1: return vpn * PAGE + PAGE - 1 - get(r, 1) % 32;
	case 2: return get(r, 8);
	case 3: return HOLE_LO - 1 - get(r, 2) % 0x3000;
	case 4: return HOLE_HI + 1 + get(r, 2) % 0x3000;
	case 5: return UINT64_MAX - get(r, 2) % 0x3000;
	case 6: return (get(r, 1) % 64) * PAGE + get(r, 2) % PAGE;
	default: return HOLE_LO + get(r, 2);
	}
}

static uint64_t pick_len(struct reader *r, uint64_t gva, unsigned int kind)
{
	uint64_t b;

	switch (kind) {
	case 0: return get(r, 1);
	case 1: return get(r, 2) % (3 * PAGE + 1);
	case 2: return get(r, 8);
	case 3: return 0;
	case 4:
		b = get(r, 1);
		return (1ULL << (b % 64)) - !!(b & 0x40) + !!(b & 0x80);
	case 5: return 0 - gva + (uint64_t)(int64_t)(int8_t)get(r, 1);
	case 6: return HOLE_LO - gva + (uint64_t)(int64_t)(int8_t)get(r, 1);
	default: return HOLE_HI + 1 - gva + get(r, 2) % 0x3000;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct reader r = { data, size };
	struct guest_mem m;
	struct fake f = { .nmap = 0 };
	uint64_t ram_size;
	uint8_t *ram, *model;
	unsigned int kind;

	if (!untouched[0])
		make_patterns();
	kind = (unsigned int)get(&r, 1);
	if (kind & 1)
		ram_size = (get(&r, 2) % (RAM_PAGES + 1)) * PAGE;
	else
		ram_size = get(&r, 2) % (RAM_PAGES * PAGE + 1);
	f.ram_size = ram_size;
	f.nmap = (unsigned int)(get(&r, 1) % (NMAP + 1));
	for (unsigned int i = 0; i < f.nmap; i++) {
		struct pte *e = &f.map[i];
		unsigned int fkind, fidx;

		e->vpn = pick_vpn(&r);
		fkind = (unsigned int)get(&r, 1) % 4;
		fidx = (unsigned int)get(&r, 1);
		e->present = fkind != 0;
		if (fkind == 3)
			e->frame = get(&r, 8) & ~(PAGE - 1);
		else
			e->frame = (fidx % (RAM_PAGES + 2)) * PAGE;
	}

	ram = malloc(ram_size + !ram_size);
	model = malloc(ram_size + !ram_size);
	if (!ram || !model)
		abort();
	memcpy(ram, pattern, ram_size);
	memcpy(model, pattern, ram_size);
	m = (struct guest_mem){ ram, ram_size, translate, &f };

	for (int n = 0; n < MAX_OPS && r.n; n++) {
		unsigned int op = (unsigned int)get(&r, 1);
		bool write = op & 1;
		uint64_t gva = pick_gva(&r, &f, (op >> 1) & 7);
		uint64_t len = pick_len(&r, gva, (op >> 4) & 7);
		uint64_t bsz;
		uint8_t *buf, *want;
		int expect, rc;

		f.gva = gva;
		f.len = len;
		expect = model_check(&f, gva, len, ram_size);
		if (expect == 0 && len > CAP)
			die(&f, "harness: a success longer than CAP");
		/*
		 * Exactly @len bytes when the call should succeed; when it
		 * should fail it must not touch the buffer at all, so a few
		 * pages are enough (ASan catches a copy past them).
		 */
		bsz = expect == 0 || len < FAIL_BUF ? len : FAIL_BUF;
		buf = malloc(bsz + !bsz);
		if (!buf)
			abort();
		if (write) {
			memcpy(buf, pattern + 1 + n * 3, bsz);
			rc = guest_write(&m, gva, buf, len);
		} else {
			memset(buf, 0x5a, bsz);
			rc = guest_read(&m, gva, buf, len);
		}
		if (rc != 0 && rc != -HV_EFAULT)
			die(&f, "returned neither 0 nor -HV_EFAULT");
		if (rc != expect)
			die(&f, rc ? "refused a range the page table maps into RAM" :
				"accepted a range the page table does not map into RAM");
		if (rc == 0 && write) {
			model_copy(&f, model, gva, buf, len, true);
		} else if (rc == 0) {
			want = malloc(bsz + !bsz);
			if (!want)
				abort();
			model_copy(&f, model, gva, want, len, false);
			if (memcmp(buf, want, bsz))
				die(&f, "read returned other bytes than the model's walk");
			free(want);
		} else if (!write) {
			if (memcmp(buf, untouched, bsz))
				die(&f, "a failed read changed the destination");
		}
		if (memcmp(ram, model, ram_size))
			die(&f, !write ? "a read changed RAM" :
				rc ? "a failed write changed RAM" :
				"a write changed RAM other than the model's walk");
		free(buf);
	}
	free(ram);
	free(model);
	return 0;
}
