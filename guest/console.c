// SPDX-License-Identifier: MIT
/*
 * console: 64 KiB of text through printf(), 1024 lines of exactly 64
 * bytes (the newline included), each numbered so that no two are alike,
 * then the CRC-32 of all of it (zlib's, so a transcript can be checked).
 *
 * What it measures is the console path. On the bare PC every byte is a
 * status read and a data write to the UART: under the hypervisor, two
 * port I/O exits a byte (four for a newline, sent as "\r\n": an IN and an OUT each), some
 * 132,000 in all. pv sends the same bytes in 16 hypercalls of 4 KiB.
 */
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/trap.h"
#include "guest/lib/x86.h"
#include "hv/lib/format.h"

#define LINES		1024
#define LINE_LEN	64	/* bytes, '\n' included */
#define PREFIX_LEN	19	/* "console: line 0000 " */

void kmain(uint32_t magic, uint32_t info);

static const char alnum[] =
	"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/* CRC-32 as zlib computes it: reflected, polynomial 0xedb88320. */
static uint32_t crc32(uint32_t crc, const char *p, size_t n)
{
	crc = ~crc;
	while (n--) {
		crc ^= (uint8_t)*p++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
	}
	return ~crc;
}

/* Line @n: its number, then letters and digits that shift from line to line. */
static void make_line(char line[LINE_LEN + 1], unsigned int n)
{
	hv_snprintf(line, PREFIX_LEN + 1, "console: line %04u ", n);
	for (int i = PREFIX_LEN; i < LINE_LEN - 1; i++)
		line[i] = alnum[(n * 7 + (unsigned int)i) % (sizeof(alnum) - 1)];
	line[LINE_LEN - 1] = '\n';
	line[LINE_LEN] = '\0';
}

static void console_body(void)
{
	char line[LINE_LEN + 1];
	uint32_t crc = 0;

	for (unsigned int n = 0; n < LINES; n++) {
		make_line(line, n);
		crc = crc32(crc, line, LINE_LEN);
		printf("%s", line);
	}
	printf("console: %d lines, %d bytes, crc32 0x%08x\n",
	       LINES, LINES * LINE_LEN, crc);
}

void kmain(uint32_t magic, uint32_t info)
{
	uint64_t t0, t1;

	trap_init();
	platform_init(magic, info);
	printf("console: platform=%s\n", platform_name());

	t0 = rdtsc();
	console_body();
	platform_console_flush();	/* what pv still holds is part of the work */
	t1 = rdtsc();

	printf("console: done, guest time %lu TSC cycles\n", t1 - t0);
	platform_exit(0);
}
