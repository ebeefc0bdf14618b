/* SPDX-License-Identifier: MIT */
/*
 * The configuration file (hv.cfg), parsed by the loader, which loads the
 * images it names, and handed to the hypervisor in struct boot_info.
 *
 *   # comment
 *   schedule round-robin
 *   guest name=hello image=guests/hello.elf mem=32M cmdline="verbose"
 *
 * "schedule round-robin" (the default) runs every guest at once, with time
 * slices; "schedule sequential" runs them one after the other, each alone
 * (for measurements).
 *
 * One guest per line. Keys: name (1-15 of [A-Za-z0-9_-], unique), image
 * (path relative to the directory of hv.cfg), mem (bytes with an optional
 * K, M or G suffix; a multiple of 4K between 2M and 3G), cmdline
 * (optional; quote it to include spaces), limit (optional: how long the
 * guest may run, "500ms" or "30s", at most 1 hour), module (optional,
 * repeatable, at most 8: a Multiboot module, module=PATH or
 * module="PATH args", the whole value being the module's string), pv
 * (optional: "eduhv", the default, offers EduHV's hypercalls; "none" a
 * bare PC).
 * docs/configuration.md has more.
 */
#ifndef HV_CONFIG_H
#define HV_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "boot_info.h"

#define CONFIG_LINE_MAX		1024
#define CONFIG_GUEST_MEM_MIN	(2ULL << 20)
#define CONFIG_GUEST_MEM_MAX	(3ULL << 30)
#define CONFIG_LIMIT_MAX_MS	3600000u	/* one hour */

struct config_error {
	unsigned int line;	/* 1-based; 0 when not about one line */
	char msg[192];
};

/*
 * Parse @len bytes of @text into at most @max guests and the hypervisor
 * options. Returns 0 and sets @count, or -1 with @err filled (the caller
 * prefixes the file name).
 */
int config_parse(const char *text, size_t len, struct boot_guest *guests,
		 unsigned int max, unsigned int *count,
		 struct boot_options *opts, struct config_error *err);

/* "500ms" -> 500, "30s" -> 30000. Returns 0, or -1 with a reason in @why. */
int config_parse_duration(const char *s, size_t len, uint32_t *ms,
			  const char **why);

/* "32M" -> 33554432. Returns 0, or -1 with a reason in @why. */
int config_parse_size(const char *s, size_t len, uint64_t *out,
		      const char **why);

#endif
