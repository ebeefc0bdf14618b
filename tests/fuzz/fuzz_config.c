// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness for hv/config.c: config_parse() on arbitrary bytes.
 *
 * Input: byte 0 picks the number of guest slots (0..BOOT_MAX_GUESTS); the
 * rest is the text of hv.cfg. The slots are a heap array of exactly that
 * many entries (ASan catches a write past them), filled with junk first so
 * that a missing NUL shows. On success every guest must be one the
 * documented format allows (hv/config.h) and the schedule a known one; on
 * failure the error must name a line of the input (at most one past the
 * last) and be one non-empty, NUL-terminated line.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot_info.h"
#include "hv/config.h"

#define JUNK 0xa5

static void fail(const char *what, unsigned int i)
{
	fprintf(stderr, "fuzz_config: invariant broken: %s (guest %u)\n",
		what, i);
	abort();
}

#define CHECK(cond, i) do { if (!(cond)) fail(#cond, (i)); } while (0)

static int is_name_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || ch == '_' || ch == '-';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config_error err;
	struct boot_options opts;
	struct boot_guest *guests;
	unsigned int max, count = 0xdeadbeef, lines = 1;
	const char *text;
	size_t len;

	if (size < 1)
		return 0;
	max = data[0] % (BOOT_MAX_GUESTS + 1);
	text = (const char *)data + 1;
	len = size - 1;
	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';

	guests = malloc(max * sizeof(*guests) + !max);
	if (!guests)
		abort();
	memset(guests, JUNK, max * sizeof(*guests));
	memset(&err, JUNK, sizeof(err));
	memset(&opts, JUNK, sizeof(opts));

	if (config_parse(text, len, guests, max, &count, &opts, &err) == 0) {
		CHECK(count <= max, count);
		CHECK(err.line == 0 && err.msg[0] == '\0', 0);
		CHECK(opts.schedule == BOOT_SCHED_ROUND_ROBIN ||
		      opts.schedule == BOOT_SCHED_SEQUENTIAL, 0);
		for (unsigned int i = 0; i < count; i++) {
			const struct boot_guest *g = &guests[i];
			size_t n;

			n = strnlen(g->name, sizeof(g->name));
			CHECK(n >= 1 && n < sizeof(g->name), i);
			for (size_t k = 0; k < n; k++)
				CHECK(is_name_char(g->name[k]), i);
			n = strnlen(g->image_path, sizeof(g->image_path));
			CHECK(n >= 1 && n < sizeof(g->image_path), i);
			CHECK(strnlen(g->cmdline, sizeof(g->cmdline)) <
			      sizeof(g->cmdline), i);
			CHECK(g->mem_bytes >= CONFIG_GUEST_MEM_MIN &&
			      g->mem_bytes <= CONFIG_GUEST_MEM_MAX, i);
			CHECK((g->mem_bytes & 0xfff) == 0, i);
			CHECK(g->limit_ms <= CONFIG_LIMIT_MAX_MS, i);
			CHECK(g->pv == BOOT_PV_EDUHV || g->pv == BOOT_PV_NONE ||
			      g->pv == BOOT_PV_KVM, i);
			CHECK(g->config_line >= 1 && g->config_line <= lines, i);
			/* module=: at most 8, each "PATH [args]", PATH 1-127. */
			CHECK(g->module_count <= BOOT_GUEST_MODULES_MAX, i);
			for (unsigned int m = 0; m < g->module_count; m++) {
				const char *ms = g->modules[m].string;

				n = strnlen(ms, sizeof(g->modules[m].string));
				CHECK(n < sizeof(g->modules[m].string), i);
				n = strcspn(ms, " \t");
				CHECK(n >= 1 && n < BOOT_GUEST_PATH_MAX, i);
			}
			for (unsigned int j = 0; j < i; j++) {
				CHECK(strcmp(guests[j].name, g->name) != 0, i);
				CHECK(guests[j].config_line < g->config_line, i);
			}
		}
	} else {
		size_t n = strnlen(err.msg, sizeof(err.msg));

		CHECK(err.line <= lines + 1, err.line);
		CHECK(n > 0 && n < sizeof(err.msg), 0);
		CHECK(memchr(err.msg, '\n', n) == NULL, 0);
	}
	free(guests);
	return 0;
}
