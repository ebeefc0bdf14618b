// SPDX-License-Identifier: MIT
/*
 * hvbench: what make compare's Linux rows measure (tools/compare,
 * docs/compare.md), each between two marks. A mark is a write of its
 * number to EduHV's mark port 0xF8 (hv/io.c): the hypervisor keeps its
 * exit counts as they are at that exit and prints them when the guest
 * ends, so the difference of two marks is what the guest cost in between.
 * The work runs in this one process, so no fork or exec falls between
 * its marks.
 *
 *   hvbench mark N                one mark
 *   hvbench write DEV BYTES N     marks N, BYTES of text to DEV, tcdrain
 *                                 (every byte sent), marks N + 1
 *   hvbench sleep MS N            marks N, sleeps MS ms, marks N + 1
 *   hvbench clock COUNT N         marks N, COUNT clock_gettime() calls
 *                                 (CLOCK_MONOTONIC), marks N + 1
 *
 * Built with gcc -static by tools/linux/mklinux.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define MARK_PORT 0xf8
#define LINE 64		/* bytes per line written, '\n' included */

static void mark(unsigned int n)
{
	outl(n, MARK_PORT);
}

static int usage(void)
{
	fprintf(stderr, "usage: hvbench mark N | write DEV BYTES N | "
		"sleep MS N | clock COUNT N\n");
	return 2;
}

/* BYTES of lines like "hvbench 0001 abcdef...\n", written as one buffer. */
static int do_write(const char *dev, unsigned long bytes, unsigned int n)
{
	char *buf = malloc(bytes);
	unsigned long off;
	int fd;

	if (!buf)
		return 1;
	for (off = 0; off < bytes; off++) {
		unsigned long col = off % LINE;

		buf[off] = col == LINE - 1 ? '\n' :
			   "0123456789abcdefghijklmnopqrstuvwxyz"[col % 36];
	}
	for (off = 0; off + LINE <= bytes; off += LINE) {
		char head[32];

		snprintf(head, sizeof(head), "hvbench %04lu",
			 off / LINE % 10000);
		memcpy(buf + off, head, strlen(head));
	}
	fd = open(dev, O_WRONLY | O_NOCTTY);
	if (fd < 0) {
		perror(dev);
		return 1;
	}
	tcdrain(fd);		/* nothing of before in the measurement */
	mark(n);
	for (off = 0; off < bytes;) {
		ssize_t w = write(fd, buf + off, bytes - off);

		if (w <= 0) {
			perror("hvbench: write");
			return 1;
		}
		off += (unsigned long)w;
	}
	tcdrain(fd);		/* until the last byte has left */
	mark(n + 1);
	close(fd);
	return 0;
}

static int do_sleep(unsigned long ms, unsigned int n)
{
	struct timespec t = { ms / 1000, (long)(ms % 1000) * 1000000 };

	mark(n);
	nanosleep(&t, NULL);
	mark(n + 1);
	return 0;
}

static int do_clock(unsigned long count, unsigned int n)
{
	struct timespec a, b, t;

	clock_gettime(CLOCK_MONOTONIC, &a);
	mark(n);
	for (unsigned long i = 0; i < count; i++)
		clock_gettime(CLOCK_MONOTONIC, &t);
	mark(n + 1);
	clock_gettime(CLOCK_MONOTONIC, &b);
	/* Monotonic, and the loop's reads used: say how long it took. */
	printf("hvbench: %lu clock reads in %ld us\n", count,
	       (long)((b.tv_sec - a.tv_sec) * 1000000 +
		      (b.tv_nsec - a.tv_nsec) / 1000));
	return t.tv_sec < a.tv_sec;
}

int main(int argc, char **argv)
{
	unsigned int n;

	if (argc < 3)
		return usage();
	if (ioperm(MARK_PORT, 4, 1)) {
		perror("hvbench: ioperm");
		return 1;
	}
	n = (unsigned int)strtoul(argv[argc - 1], NULL, 0);
	if (!strcmp(argv[1], "mark") && argc == 3) {
		mark(n);
		return 0;
	}
	if (!strcmp(argv[1], "write") && argc == 5)
		return do_write(argv[2], strtoul(argv[3], NULL, 0), n);
	if (!strcmp(argv[1], "sleep") && argc == 4)
		return do_sleep(strtoul(argv[2], NULL, 0), n);
	if (!strcmp(argv[1], "clock") && argc == 4)
		return do_clock(strtoul(argv[2], NULL, 0), n);
	return usage();
}
