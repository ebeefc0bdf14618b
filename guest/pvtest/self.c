// SPDX-License-Identifier: MIT
/*
 * HC_SELF: the name from the configuration (a valid one: 1 to 15 of
 * A-Z a-z 0-9 _ -, NUL-terminated), an id among the guests, the RAM the
 * Multiboot information announced, a TSC frequency. One "info" line shows
 * them, for a test that knows the configuration to compare.
 */
#include "guest/pvtest/pvtest.h"
#include "guest/lib/printf.h"
#include "hv/lib/string.h"

#define MAX_GUESTS	16	/* docs/configuration.md */

static int name_ok(const char name[16])
{
	size_t n;

	for (n = 0; n < 16 && name[n]; n++) {
		char c = name[n];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return 0;
	}
	return n >= 1 && n < 16;
}

void pvtest_self(void)
{
	struct hv_self_abi s;

	memset(&s, 0xa5, sizeof(s));
	if (check_ret("self", hypercall1(HC_SELF, (uintptr_t)&s), 0))
		return;
	if (!name_ok(s.name)) {
		s.name[15] = '\0';
		check_fail("self-name", "\"%s\" is no name from a configuration", s.name);
		return;
	}
	check_ok("self-name");
	printf("pvtest: info: guest \"%s\", id %u of %u, %lu KiB of RAM, TSC %lu Hz\n",
	       s.name, s.id, s.guest_count, s.ram_bytes >> 10, s.tsc_hz);

	if (s.guest_count < 1 || s.guest_count > MAX_GUESTS || s.id >= s.guest_count)
		check_fail("self-id", "id %u of %u guests", s.id, s.guest_count);
	else
		check_ok("self-id");
	if (s.ram_bytes != ram_bytes)
		check_fail("self-ram", "%lu bytes, Multiboot says %lu", s.ram_bytes, ram_bytes);
	else
		check_ok("self-ram");
	if (!s.tsc_hz)
		check_fail("self-tsc", "TSC frequency 0");
	else
		check_ok("self-tsc");

	check_bad_out_pointer("self", HC_SELF, sizeof(struct hv_self_abi));
}
