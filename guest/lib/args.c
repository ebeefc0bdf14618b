// SPDX-License-Identifier: MIT
/* Numbers and bare words from the Multiboot command line (args.h). */
#include "guest/lib/args.h"

#define NUM_MAX	24	/* "0x" and 16 digits, and room to notice more */

static int digit(char c, unsigned int base)
{
	int d = c >= '0' && c <= '9' ? c - '0' :
		c >= 'a' && c <= 'f' ? c - 'a' + 10 :
		c >= 'A' && c <= 'F' ? c - 'A' + 10 : 99;

	return d < (int)base ? d : -1;
}

int mb_cmdline_u64(const struct multiboot_info *mi, const char *key,
		   uint64_t *val)
{
	char buf[NUM_MAX];
	const char *s = buf;
	unsigned int base = 10;
	uint64_t v = 0;
	int len, d;

	len = mi ? mb_cmdline_value(mi, key, buf, sizeof(buf)) : -1;
	if (len < 0)
		return -1;
	if (len == 0 || len >= (int)sizeof(buf))
		return -2;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		if (!*s)
			return -2;
	}
	for (; *s; s++) {
		d = digit(*s, base);
		if (d < 0 || v > (UINT64_MAX - (uint64_t)d) / base)
			return -2;
		v = v * base + (uint64_t)d;
	}
	*val = v;
	return 0;
}

const char *mb_cmdline_word(const struct multiboot_info *mi, char *buf,
			    size_t size)
{
	const char *s = mi ? mb_cmdline_args(mi) : NULL;
	size_t n = 0;
	const char *w;

	buf[0] = '\0';
	while (s && *s) {
		for (w = s; *s && *s != ' ' && *s != '='; s++)
			;
		if (*s != '=') {	/* a bare word: ours */
			while (w < s && n + 1 < size)
				buf[n++] = *w++;
			buf[n] = '\0';
			return buf;
		}
		while (*s && *s != ' ')
			s++;
		while (*s == ' ')
			s++;
	}
	return buf;
}
