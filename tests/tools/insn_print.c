// SPDX-License-Identifier: MIT
/*
 * For test_insn_objdump.py: decode each line of hex bytes on stdin with
 * arch/x86/insn.c in the mode given (16, 32 or 64) and print
 * "RC KIND LEN" for it.
 */
#include <stdio.h>
#include <stdlib.h>

#include "arch/x86/insn.h"

int main(int argc, char **argv)
{
	unsigned int mode = argc > 1 ? (unsigned int)atoi(argv[1]) : 64;
	char line[512];

	while (fgets(line, sizeof(line), stdin)) {
		uint8_t b[64];
		size_t n = 0;
		char *p = line;
		unsigned int v;
		int used;
		struct x86_sys_insn in;
		int rc;

		while (n < sizeof(b) && sscanf(p, "%x%n", &v, &used) == 1) {
			b[n++] = (uint8_t)v;
			p += used;
		}
		rc = x86_sys_decode(b, n, mode, &in);
		printf("%d %s %u\n", rc, rc ? "-" : x86_sys_kind_name(in.kind),
		       rc ? 0 : in.len);
	}
	return 0;
}
