/* SPDX-License-Identifier: MIT */
/*
 * Reaching a guest's memory through a pointer the guest gave us: every
 * page of the range is translated through the guest's own page tables and
 * checked against its RAM. Any doubt (non-canonical, wrapping, not mapped
 * by the guest, outside its RAM) is -HV_EFAULT; nothing is read or written
 * then. Pure: the translation is a callback, so the host tests run it.
 */
#ifndef HV_GUEST_MEM_H
#define HV_GUEST_MEM_H

#include <stdbool.h>
#include <stdint.h>

struct guest_mem {
	uint8_t *ram;			/* guest-physical 0 */
	uint64_t ram_size;
	/* Guest-virtual -> guest-physical: 0, or non-zero if not mapped. */
	int (*translate)(void *ctx, uint64_t gva, uint64_t *gpa);
	void *ctx;
};

/* Would the whole range be readable and writable? 0 or -HV_EFAULT. */
int guest_check(const struct guest_mem *m, uint64_t gva, uint64_t len);

/* Copy @len bytes at guest-virtual @gva into @dst. 0 or -HV_EFAULT. */
int guest_read(const struct guest_mem *m, uint64_t gva, void *dst,
	       uint64_t len);

/* Copy @len bytes from @src to guest-virtual @gva. 0 or -HV_EFAULT. */
int guest_write(const struct guest_mem *m, uint64_t gva, const void *src,
		uint64_t len);

#endif
