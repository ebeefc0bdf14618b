// SPDX-License-Identifier: MIT
#include "hv/guest_mem.h"

#include "hv/errno.h"

#define PAGE 4096ULL

static bool canonical(uint64_t a)
{
	return (uint64_t)((int64_t)(a << 16) >> 16) == a;
}

/*
 * Check the whole range first, so that a bad page at the end leaves the
 * destination untouched: a failed call has no effect.
 */
int guest_check(const struct guest_mem *m, uint64_t gva, uint64_t len)
{
	uint64_t last;

	if (!len)
		return 0;
	last = gva + len - 1;
	/*
	 * Wrapping, or leaving the canonical space at either end or across
	 * the hole between its halves: both ends in the same half.
	 */
	if (last < gva || !canonical(gva) || !canonical(last) ||
	    (gva >> 63) != (last >> 63))
		return -HV_EFAULT;
	for (uint64_t page = gva & ~(PAGE - 1); ; page += PAGE) {
		uint64_t start = page < gva ? gva : page;
		uint64_t end = page + PAGE - 1 < last ? page + PAGE - 1 : last;
		uint64_t gpa;

		if (m->translate(m->ctx, start, &gpa) ||
		    gpa >= m->ram_size || end - start >= m->ram_size - gpa)
			return -HV_EFAULT;
		if (end == last)
			return 0;
	}
}

static int copy(const struct guest_mem *m, uint64_t gva, uint8_t *host,
		uint64_t len, bool to_guest)
{
	int rc = guest_check(m, gva, len);

	if (rc)
		return rc;
	while (len) {
		uint64_t chunk = PAGE - (gva & (PAGE - 1)), gpa;
		uint8_t *g;

		if (chunk > len)
			chunk = len;
		m->translate(m->ctx, gva, &gpa);	/* checked above */
		g = m->ram + gpa;
		for (uint64_t i = 0; i < chunk; i++) {
			if (to_guest)
				g[i] = host[i];
			else
				host[i] = g[i];
		}
		gva += chunk;
		host += chunk;
		len -= chunk;
	}
	return 0;
}

int guest_read(const struct guest_mem *m, uint64_t gva, void *dst,
	       uint64_t len)
{
	return copy(m, gva, dst, len, false);
}

int guest_write(const struct guest_mem *m, uint64_t gva, const void *src,
		uint64_t len)
{
	return copy(m, gva, (uint8_t *)src, len, true);
}
