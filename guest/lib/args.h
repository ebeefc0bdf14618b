/* SPDX-License-Identifier: MIT */
/*
 * Parameters from the Multiboot command line, for guests that take more
 * than platform=: numbers ("count=100000", "seed=0x2a") and a bare word
 * that names what to do ("hostile spin" -> "spin"). Built on
 * mb_cmdline_value(), so the last "key=" counts, as in Linux.
 */
#ifndef GUEST_LIB_ARGS_H
#define GUEST_LIB_ARGS_H

#include "guest/lib/multiboot.h"

#include <stddef.h>
#include <stdint.h>

/*
 * "@key=N", N decimal or 0x-prefixed hexadecimal, into @val. Returns 0,
 * -1 if there is no such word (@val untouched), -2 if N is no number or
 * does not fit in 64 bits.
 */
int mb_cmdline_u64(const struct multiboot_info *mi, const char *key,
		   uint64_t *val);

/*
 * The first argument without '=' (the image's own name not counted),
 * copied NUL-terminated to @buf and cut to @size - 1 bytes; "" if there
 * is none. Returns @buf.
 */
const char *mb_cmdline_word(const struct multiboot_info *mi, char *buf,
			    size_t size);

#endif
