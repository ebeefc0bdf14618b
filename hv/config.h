/* SPDX-License-Identifier: MIT */
/*
 * The configuration file (hv.cfg), parsed by the loader, which loads the
 * images it names, and handed to the hypervisor in struct boot_info.
 *
 *   # comment
 *   guest name=hello image=guests/hello.elf mem=32M cmdline="verbose"
 *
 * One guest per line. Keys: name (1-15 of [A-Za-z0-9_-], unique), image
 * (path relative to the directory of hv.cfg), mem (bytes with an optional
 * K, M or G suffix; a multiple of 4K between 2M and 3G), cmdline
 * (optional; quote it to include spaces). docs/configuration.md has more.
 */
#ifndef HV_CONFIG_H
#define HV_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "boot_info.h"

#define CONFIG_LINE_MAX		1024
#define CONFIG_GUEST_MEM_MIN	(2ULL << 20)
#define CONFIG_GUEST_MEM_MAX	(3ULL << 30)

struct config_error {
	unsigned int line;	/* 1-based; 0 when not about one line */
	char msg[192];
};

/*
 * Parse @len bytes of @text into at most @max guests. Returns 0 and sets
 * @count, or -1 with @err filled (the caller prefixes the file name).
 */
int config_parse(const char *text, size_t len, struct boot_guest *guests,
		 unsigned int max, unsigned int *count, struct config_error *err);

/* "32M" -> 33554432. Returns 0, or -1 with a reason in @why. */
int config_parse_size(const char *s, size_t len, uint64_t *out,
		      const char **why);

#endif
