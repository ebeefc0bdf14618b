// SPDX-License-Identifier: MIT
/*
 * hv/config.c: the hv.cfg parser. Every text is handed over without a NUL,
 * right before an inaccessible page (tests/unit/guard.h), so reading past
 * @len fails the test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hv/config.h"
#include "tests/unit/guard.h"

#define MIB (1ULL << 20)
#define GIB (1ULL << 30)

static struct boot_guest guests[BOOT_MAX_GUESTS];
static struct boot_options opts;

static int parse_n(const char *text, size_t len, unsigned int max,
		   unsigned int *count, struct config_error *err)
{
	const char *guarded = guard_place(text, len);
	int rc = -2;

	/* Junk everywhere, so nothing passes by being zero already. */
	memset(guests, 0xa5, sizeof(guests));
	memset(err, 'x', sizeof(*err));
	err->line = 12345;
	memset(&opts, 0xa5, sizeof(opts));
	GUARDED(rc = config_parse(guarded, len, guests, max, count, &opts, err));
	return rc;
}

/* Parse @text, which must be good; returns the guest count. */
static unsigned int parse_ok(const char *text)
{
	struct config_error err;
	unsigned int count = 999;

	if (parse_n(text, strlen(text), BOOT_MAX_GUESTS, &count, &err))
		fail_msg("unexpected error on line %u: %s", err.line, err.msg);
	return count;
}

/* Parse @text, which must be rejected; returns the error. */
static struct config_error parse_bad_n(const char *text, size_t len,
				       unsigned int max)
{
	struct config_error err;
	unsigned int count = 999;

	if (parse_n(text, len, max, &count, &err) != -1)
		fail_msg("accepted a bad configuration: \"%.*s\"", (int)len,
			 text);
	/* The message is one NUL-terminated line. */
	assert_non_null(memchr(err.msg, '\0', sizeof(err.msg)));
	assert_null(strchr(err.msg, '\n'));
	return err;
}

static struct config_error parse_bad(const char *text)
{
	return parse_bad_n(text, strlen(text), BOOT_MAX_GUESTS);
}

#define assert_contains(haystack, needle)				\
	do {								\
		if (!strstr((haystack), (needle)))			\
			fail_msg("\"%s\" does not contain \"%s\"",	\
				 (haystack), (needle));			\
	} while (0)

/* Check an error: the line it names and the facts its message states. */
#define assert_error(text, want_line, ...)				\
	do {								\
		struct config_error e_ = parse_bad(text);		\
		const char *const needles_[] = { __VA_ARGS__ };		\
									\
		assert_int_equal(e_.line, (want_line));			\
		for (size_t k_ = 0;					\
		     k_ < sizeof(needles_) / sizeof(needles_[0]); k_++)	\
			assert_contains(e_.msg, needles_[k_]);		\
	} while (0)

/* @prefix, then @fill, then @suffix: @len bytes in all, NUL-terminated. */
static char *line_of(const char *prefix, size_t len, char fill,
		     const char *suffix)
{
	size_t p = strlen(prefix), s = strlen(suffix);
	char *buf = malloc(len + 1);

	assert_non_null(buf);
	assert_true(p + s <= len);
	memcpy(buf, prefix, p);
	memset(buf + p, fill, len - p - s);
	memcpy(buf + len - s, suffix, s);
	buf[len] = '\0';
	return buf;
}

/* ------------------------------------------------------------ good input */

static void test_one_guest(void **state)
{
	assert_int_equal(parse_ok("guest name=hello image=guests/hello.elf mem=32M cmdline=\"verbose\"\n"),
			 1);
	assert_string_equal(guests[0].name, "hello");
	assert_string_equal(guests[0].image_path, "guests/hello.elf");
	assert_int_equal(guests[0].mem_bytes, 32 * MIB);
	assert_string_equal(guests[0].cmdline, "verbose");
	assert_int_equal(guests[0].config_line, 1);
	/* Fields the loader fills later start out zero, not as junk. */
	assert_int_equal(guests[0].image_phys, 0);
	assert_int_equal(guests[0].image_size, 0);
	assert_int_equal(guests[0].limit_ms, 0);	/* no limit= */
	assert_int_equal(opts.schedule, BOOT_SCHED_ROUND_ROBIN);
}

static void test_comments_and_blank_lines(void **state)
{
	static const char text[] =
		"# hv.cfg\n"
		"\n"
		"guest name=a image=a.elf mem=2M\n"
		"   \t  \n"
		"  # indented comment\n"
		"\tguest   name=b\timage=b.elf  mem=4M   # trailing comment\n"
		"#guest name=c image=c.elf mem=8M\n"
		"guest name=d image=d.elf mem=8M cmdline=x#y\n"
		"\n";

	assert_int_equal(parse_ok(text), 3);
	assert_string_equal(guests[0].name, "a");
	assert_int_equal(guests[0].config_line, 3);
	assert_string_equal(guests[1].name, "b");
	assert_string_equal(guests[1].image_path, "b.elf");
	assert_int_equal(guests[1].mem_bytes, 4 * MIB);
	assert_string_equal(guests[1].cmdline, "");
	assert_int_equal(guests[1].config_line, 6);
	assert_string_equal(guests[2].name, "d");
	/* '#' starts a comment only where a key would start. */
	assert_string_equal(guests[2].cmdline, "x#y");
	assert_int_equal(guests[2].config_line, 8);
}

static void test_empty_and_comment_only(void **state)
{
	assert_int_equal(parse_ok(""), 0);
	assert_int_equal(parse_ok("\n\n\n"), 0);
	assert_int_equal(parse_ok("# nothing here\n   # or here"), 0);
}

static void test_keys_in_any_order(void **state)
{
	assert_int_equal(parse_ok("guest cmdline=c mem=6M image=i.elf name=n\n"), 1);
	assert_string_equal(guests[0].name, "n");
	assert_string_equal(guests[0].image_path, "i.elf");
	assert_int_equal(guests[0].mem_bytes, 6 * MIB);
	assert_string_equal(guests[0].cmdline, "c");
}

static void test_quoting(void **state)
{
	static const char text[] =
		"guest name=\"q1\" image=\"my guests/a b.elf\" mem=\"16M\" cmdline=\"console=ttyS0 quiet\"\n"
		"guest name=q2 image=b.elf mem=2M cmdline=\"say \\\"hi\\\" \\\\ bye\"\n"
		"guest name=q3 image=c.elf mem=2M cmdline=\"\"\n"
		"guest name=q4 image=d.elf mem=2M cmdline=\"\t tab and  two spaces \"\n";

	assert_int_equal(parse_ok(text), 4);
	assert_string_equal(guests[0].name, "q1");
	assert_string_equal(guests[0].image_path, "my guests/a b.elf");
	assert_int_equal(guests[0].mem_bytes, 16 * MIB);
	assert_string_equal(guests[0].cmdline, "console=ttyS0 quiet");
	/* \" is a quote and \\ a backslash. */
	assert_string_equal(guests[1].cmdline, "say \"hi\" \\ bye");
	assert_string_equal(guests[2].cmdline, "");
	assert_string_equal(guests[3].cmdline, "\t tab and  two spaces ");
}

/* Outside quotes a backslash is just a character: UEFI paths use them. */
static void test_unquoted_backslash_is_literal(void **state)
{
	assert_int_equal(parse_ok("guest name=b image=guests\\hello.elf mem=2M "
				  "cmdline=a\\b\n"), 1);
	assert_string_equal(guests[0].image_path, "guests\\hello.elf");
	assert_string_equal(guests[0].cmdline, "a\\b");
}

static void test_limit(void **state)
{
	assert_int_equal(parse_ok("guest name=a image=a.elf mem=2M limit=500ms\n"
				  "guest name=b image=b.elf mem=2M limit=30s\n"
				  "guest name=c image=c.elf mem=2M limit=3600s\n"), 3);
	assert_int_equal(guests[0].limit_ms, 500);
	assert_int_equal(guests[1].limit_ms, 30000);
	assert_int_equal(guests[2].limit_ms, 3600000);
	assert_error("guest name=a image=a.elf mem=2M limit=10\n", 1,
		     "limit '10'", "give a unit: ms or s");
	assert_error("guest name=a image=a.elf mem=2M limit=5m\n", 1,
		     "limit '5m'", "give a unit: ms or s");
	assert_error("guest name=a image=a.elf mem=2M limit=0s\n", 1,
		     "limit '0s'", "more than 0");
	assert_error("guest name=a image=a.elf mem=2M limit=3601s\n", 1,
		     "limit '3601s'", "longer than an hour");
	assert_error("guest name=a image=a.elf mem=2M limit=99999999999999999999s\n",
		     1, "limit '99999999999999999999s'", "longer than an hour");
	assert_error("guest name=a image=a.elf mem=2M limit=ms\n", 1,
		     "limit 'ms'", "starts with a digit");
}

static void test_trace(void **state)
{
	assert_int_equal(parse_ok("guest name=a image=a.elf mem=2M trace=on\n"
				  "guest name=b image=b.elf mem=2M trace=off\n"
				  "guest name=c image=c.elf mem=2M\n"), 3);
	assert_int_equal(guests[0].trace, BOOT_TRACE_ON);
	assert_int_equal(guests[1].trace, BOOT_TRACE_OFF);
	assert_int_equal(guests[2].trace, BOOT_TRACE_OFF);
	assert_error("guest name=a image=a.elf mem=2M trace=yes\n", 1,
		     "trace 'yes'", "expected on or off");
	assert_error("guest name=a image=a.elf mem=2M trace=\n", 1,
		     "trace ''", "expected on or off");
	assert_error("guest name=a image=a.elf mem=2M trace=on trace=off\n", 1,
		     "key 'trace' given twice", "");
}

/* virtio=: the guest's virtio-mmio devices (docs/configuration.md). */
static void test_virtio(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("guest name=a image=a.elf mem=2M virtio=console\n"
				  "guest name=b image=b.elf mem=2M\n"
				  "guest name=c image=c.elf mem=2M virtio=none\n"),
			 3);
	assert_int_equal(guests[0].virtio, BOOT_VIRTIO_CONSOLE);
	assert_int_equal(guests[1].virtio, BOOT_VIRTIO_NONE);	/* the default */
	assert_int_equal(guests[2].virtio, BOOT_VIRTIO_NONE);
	assert_error("guest name=a image=a.elf mem=2M virtio=net\n", 1,
		     "virtio 'net'", "virtio= must be none or console");
	assert_error("guest name=a image=a.elf mem=2M virtio=Console\n", 1,
		     "virtio 'Console'");
	assert_error("guest name=a image=a.elf mem=2M virtio=none "
		     "virtio=console\n", 1, "key 'virtio' given twice");
}

/* pv=: which paravirtual interface a guest is offered (docs/hypercalls.md). */
static void test_pv(void **state)
{
	assert_int_equal(parse_ok("guest name=a image=a.elf mem=2M pv=none\n"
				  "guest name=b image=b.elf mem=2M pv=eduhv\n"
				  "guest name=c image=c.elf mem=2M\n"
				  "guest pv=\"none\" name=d image=d.elf mem=2M\n"),
			 4);
	assert_int_equal(guests[0].pv, BOOT_PV_NONE);
	assert_int_equal(guests[1].pv, BOOT_PV_EDUHV);
	assert_int_equal(guests[2].pv, BOOT_PV_EDUHV);	/* the default */
	assert_int_equal(guests[3].pv, BOOT_PV_NONE);
	assert_error("guest name=a image=a.elf mem=2M\n"
		     "guest name=b image=b.elf mem=2M pv=xen\n", 2,
		     "pv 'xen'", "pv= must be none or eduhv");
	assert_error("guest name=a image=a.elf mem=2M pv=\n", 1,
		     "pv ''", "pv= must be none or eduhv");
	/* Values are case-sensitive and whole words, like trace=. */
	assert_error("guest name=a image=a.elf mem=2M pv=None\n", 1,
		     "pv 'None'", "must be none or eduhv");
	assert_error("guest name=a image=a.elf mem=2M pv=nonex\n", 1,
		     "pv 'nonex'");
	assert_error("guest name=a image=a.elf mem=2M pv=edu\n", 1,
		     "pv 'edu'");
	assert_error("guest name=a image=a.elf mem=2M pv=none pv=eduhv\n", 1,
		     "key 'pv' given twice");
}

static void test_initrd(void **state)
{
	const char *pre = "guest name=a image=linux/bzImage mem=256M initrd=";
	char *line = line_of(pre, strlen(pre) + BOOT_GUEST_PATH_MAX, 'x', "\n");

	assert_int_equal(parse_ok("guest name=a image=linux/bzImage mem=256M "
				  "initrd=\"linux/initrd.cpio.gz\"\n"
				  "guest name=b image=b.elf mem=2M\n"), 2);
	assert_string_equal(guests[0].initrd_path, "linux/initrd.cpio.gz");
	assert_int_equal(guests[0].initrd_phys, 0);
	assert_int_equal(guests[0].initrd_size, 0);
	assert_string_equal(guests[1].initrd_path, "");
	assert_error("guest name=a image=a mem=2M initrd=\n", 1,
		     "initrd: empty path", "");
	assert_error("guest name=a image=a mem=2M initrd=x initrd=y\n", 1,
		     "key 'initrd' given twice", "");
	/* The longest path that fits, and one character more. */
	assert_int_equal(parse_ok(line), 1);
	assert_int_equal(strlen(guests[0].initrd_path), BOOT_GUEST_PATH_MAX - 1);
	free(line);
	line = line_of(pre, strlen(pre) + BOOT_GUEST_PATH_MAX + 1, 'x', "\n");
	assert_error(line, 1, "path longer than 127 characters", "");
	free(line);
}

static void test_modules(void **state)
{
	char *line;

	assert_int_equal(parse_ok("guest name=a image=k.elf mem=16M "
				  "module=mods/a.bin module=\"/abs/b.bin alpha "
				  "\\\"beta\\\"\" cmdline=x module=c\n"
				  "guest name=b image=b.elf mem=2M\n"), 2);
	assert_int_equal(guests[0].module_count, 3);
	/* The value as written is the module's string, its path first. */
	assert_string_equal(guests[0].modules[0].string, "mods/a.bin");
	assert_string_equal(guests[0].modules[1].string,
			    "/abs/b.bin alpha \"beta\"");
	assert_string_equal(guests[0].modules[2].string, "c");
	assert_int_equal(guests[0].modules[0].phys, 0);
	assert_int_equal(guests[0].modules[0].size, 0);
	assert_int_equal(guests[1].module_count, 0);
	assert_error("guest name=a image=a mem=2M module=\n", 1,
		     "module: empty path", "");
	assert_error("guest name=a image=a mem=2M module=\" x\"\n", 1,
		     "module: empty path", "");
	/* At most BOOT_GUEST_MODULES_MAX. */
	assert_int_equal(parse_ok("guest name=a image=a mem=2M module=1 "
				  "module=2 module=3 module=4 module=5 "
				  "module=6 module=7 module=8\n"), 1);
	assert_int_equal(guests[0].module_count, BOOT_GUEST_MODULES_MAX);
	assert_string_equal(guests[0].modules[7].string, "8");
	assert_error("guest name=a image=a mem=2M module=1 module=2 module=3 "
		     "module=4 module=5 module=6 module=7 module=8 module=9\n",
		     1, "module: more than 8 modules", "");
	/* The path: at most 127 characters; the string: 255. */
	line = line_of("guest name=a image=a mem=2M module=",
		       strlen("guest name=a image=a mem=2M module=") + 128, 'p',
		       "\n");
	assert_int_equal(parse_ok(line), 1);
	assert_int_equal(strlen(guests[0].modules[0].string), 127);
	free(line);
	line = line_of("guest name=a image=a mem=2M module=",
		       strlen("guest name=a image=a mem=2M module=") + 129, 'p',
		       "\n");
	assert_error(line, 1, "path longer than 127 characters", "");
	free(line);
	line = line_of("guest name=a image=a mem=2M module=\"p ",
		       strlen("guest name=a image=a mem=2M module=\"p ") + 255,
		       's', "\"\n");
	assert_int_equal(parse_ok(line), 1);
	assert_int_equal(strlen(guests[0].modules[0].string), 255);
	free(line);
	line = line_of("guest name=a image=a mem=2M module=\"p ",
		       strlen("guest name=a image=a mem=2M module=\"p ") + 256,
		       's', "\"\n");
	assert_error(line, 1, "module: longer than 255 characters", "");
	free(line);
}

static void test_schedule(void **state)
{
	assert_int_equal(parse_ok("schedule sequential   # one at a time\n"
				  "guest name=a image=a.elf mem=2M\n"), 1);
	assert_int_equal(opts.schedule, BOOT_SCHED_SEQUENTIAL);
	assert_int_equal(parse_ok("  schedule\tround-robin\n"), 0);
	assert_int_equal(opts.schedule, BOOT_SCHED_ROUND_ROBIN);
	assert_error("schedule fifo\n", 1, "schedule 'fifo'",
		     "expected round-robin or sequential");
	assert_error("schedule sequential\nschedule sequential\n", 2,
		     "schedule given twice", "");
	assert_error("schedule sequential now\n", 1, "unexpected 'now'", "");
	assert_error("scheduler sequential\n", 1, "unknown directive 'scheduler'",
		     "expected 'guest' or 'schedule'");
}

static void test_mem_spellings(void **state)
{
	static const struct {
		const char *mem;
		uint64_t bytes;
	} cases[] = {
		{ "2097152", 2 * MIB },
		{ "2048K", 2 * MIB },
		{ "2048k", 2 * MIB },
		{ "2M", 2 * MIB },
		{ "2m", 2 * MIB },
		{ "64MiB", 64 * MIB },
		{ "64MB", 64 * MIB },
		{ "1G", GIB },
		{ "1g", GIB },
		{ "3G", 3 * GIB },
		{ "3072M", 3 * GIB },
		{ "2101248", 2 * MIB + 4096 },
	};
	char text[128];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text),
			 "guest name=g image=g.elf mem=%s\n", cases[i].mem);
		assert_int_equal(parse_ok(text), 1);
		assert_int_equal(guests[0].mem_bytes, cases[i].bytes);
	}
}

static void test_no_trailing_newline(void **state)
{
	assert_int_equal(parse_ok("guest name=a image=a.elf mem=2M\nguest name=b image=b.elf mem=4M"), 2);
	assert_string_equal(guests[1].name, "b");
	assert_int_equal(guests[1].mem_bytes, 4 * MIB);
	assert_int_equal(guests[1].config_line, 2);

	/* An unquoted value that runs to the very last byte. */
	assert_int_equal(parse_ok("guest name=a image=a.elf mem=2M cmdline=end"), 1);
	assert_string_equal(guests[0].cmdline, "end");
}

static void test_crlf(void **state)
{
	static const char text[] =
		"# written on Windows\r\n"
		"\r\n"
		"guest name=a image=a.elf mem=2M\r\n"
		"guest name=b image=\"x y.elf\" mem=4M cmdline=\"q r\"\r\n"
		"guest name=c image=c.elf mem=8M cmdline=last\r\n";

	assert_int_equal(parse_ok(text), 3);
	/* No '\r' may stick to the values. */
	assert_string_equal(guests[0].name, "a");
	assert_int_equal(guests[0].mem_bytes, 2 * MIB);
	assert_int_equal(guests[0].config_line, 3);
	assert_string_equal(guests[1].image_path, "x y.elf");
	assert_string_equal(guests[1].cmdline, "q r");
	assert_string_equal(guests[2].cmdline, "last");
	assert_int_equal(guests[2].config_line, 5);
}

static void test_max_guests_exactly(void **state)
{
	static const char text[] =
		"guest name=a image=a.elf mem=2M\n"
		"guest name=b image=b.elf mem=2M\n";
	struct config_error err;
	unsigned int count = 0;

	assert_int_equal(parse_n(text, strlen(text), 2, &count, &err), 0);
	assert_int_equal(count, 2);
}

static void test_longest_values(void **state)
{
	char *name = line_of("guest name=", 11 + 15, 'n', "");
	char *text;
	size_t len;

	/* 15 characters of name, 127 of path, 255 of cmdline all fit. */
	len = strlen(name) + 200 + 300;
	text = malloc(len);
	assert_non_null(text);
	snprintf(text, len, "%s image=%0127d mem=2M cmdline=%0255d\n", name,
		 0, 0);
	assert_int_equal(parse_ok(text), 1);
	assert_int_equal(strlen(guests[0].name), 15);
	assert_int_equal(strlen(guests[0].image_path), 127);
	assert_int_equal(strlen(guests[0].cmdline), 255);
	free(text);
	free(name);
}

/* The limits count characters after escapes, not bytes in the file. */
static void test_cmdline_limit_after_escapes(void **state)
{
	char text[1024], *p = text;

	p += sprintf(p, "guest name=a image=a.elf mem=2M cmdline=\"");
	for (int i = 0; i < 10; i++)
		p += sprintf(p, "\\\"");
	for (int i = 0; i < 245; i++)
		*p++ = 'c';
	strcpy(p, "\"\n");

	assert_int_equal(parse_ok(text), 1);
	assert_int_equal(strlen(guests[0].cmdline), 255);
	assert_memory_equal(guests[0].cmdline, "\"\"\"\"\"\"\"\"\"\"ccc", 13);
}

static void test_line_of_exactly_max(void **state)
{
	char *line = line_of("guest name=a image=a.elf mem=2M #",
			     CONFIG_LINE_MAX, 'x', "");
	char *text = malloc(CONFIG_LINE_MAX + 2);

	assert_non_null(text);
	sprintf(text, "%s\n", line);
	assert_int_equal(parse_ok(text), 1);
	free(text);
	free(line);
}

/* ------------------------------------------------------------ bad input */

static void test_unknown_key(void **state)
{
	assert_error("guest name=a image=a.elf mem=2M color=red\n", 1,
		     "unknown key 'color'", "name, image, mem, cmdline, limit, trace, initrd, module, pv or virtio");
	/* Keys are case-sensitive. */
	assert_error("# x\nguest Name=a image=a.elf mem=2M\n", 2,
		     "unknown key 'Name'");
	assert_error("guest =a image=a.elf mem=2M\n", 1, "unknown key ''");
}

static void test_missing_keys(void **state)
{
	assert_error("guest image=a.elf mem=2M\n", 1, "missing name=");
	assert_error("\nguest name=a mem=2M\n", 2, "missing image=");
	assert_error("\n\nguest name=a image=a.elf cmdline=x\n", 3,
		     "missing mem=");
	assert_error("guest\n", 1, "missing name=");
	assert_error("guest   # all commented out\n", 1, "missing name=");
}

static void test_not_key_value(void **state)
{
	assert_error("guest name=a image=a.elf mem=2M quiet\n", 1,
		     "'quiet': expected key=value");
	assert_error("guest name =a image=a.elf mem=2M\n", 1,
		     "'name': expected key=value");
}

static void test_duplicate_key(void **state)
{
	assert_error("guest name=a image=a.elf mem=2M mem=4M\n", 1,
		     "key 'mem' given twice");
	assert_error("guest name=a name=b image=a.elf mem=2M\n", 1,
		     "key 'name' given twice");
	assert_error("guest cmdline=x name=a image=a.elf mem=2M cmdline=y\n",
		     1, "key 'cmdline' given twice");
}

static void test_duplicate_guest_name(void **state)
{
	static const char text[] =
		"guest name=web image=a.elf mem=2M\n"
		"# two lines later\n"
		"guest name=db image=b.elf mem=2M\n"
		"\n"
		"guest name=web image=c.elf mem=2M\n";

	/* The error is on the second use and names the first. */
	assert_error(text, 5, "'web'", "already used", "line 1");
	/* Names differing only in case are different names. */
	assert_int_equal(parse_ok("guest name=a image=a.elf mem=2M\nguest name=A image=b.elf mem=2M\n"),
			 2);
	/* A prefix is a different name too. */
	assert_int_equal(parse_ok("guest name=ab image=a.elf mem=2M\nguest name=a image=b.elf mem=2M\n"),
			 2);
}

static void test_bad_size(void **state)
{
	assert_error("guest name=a image=a.elf mem=32T\n", 1, "mem '32T'",
		     "unknown size suffix");
	assert_error("guest name=a image=a.elf mem=big\n", 1, "mem 'big'",
		     "starts with a digit");
	assert_error("guest name=a image=a.elf mem=-2M\n", 1,
		     "starts with a digit");
	assert_error("guest name=a image=a.elf mem=\n", 1, "empty size");
	assert_error("guest name=a image=a.elf mem=\"\"\n", 1, "empty size");
	assert_error("guest name=a image=a.elf mem=32MX\n", 1,
		     "unexpected characters after the size suffix");
	assert_error("guest name=a image=a.elf mem=0x200000\n", 1,
		     "unknown size suffix");
	assert_error("guest name=a image=a.elf mem=\"32 M\"\n", 1,
		     "unknown size suffix");
}

static void test_size_out_of_range(void **state)
{
	assert_error("guest name=a image=a.elf mem=1M\n", 1, "mem '1M'",
		     "between 2M and 3G");
	assert_error("guest name=a image=a.elf mem=2044K\n", 1,
		     "between 2M and 3G");
	assert_error("guest name=a image=a.elf mem=0\n", 1,
		     "between 2M and 3G");
	assert_error("guest name=a image=a.elf mem=3073M\n", 1, "mem '3073M'",
		     "between 2M and 3G");
	assert_error("guest name=a image=a.elf mem=4G\n", 1,
		     "between 2M and 3G");
}

static void test_size_not_page_multiple(void **state)
{
	assert_error("guest name=a image=a.elf mem=2097153\n", 1,
		     "mem '2097153'", "multiple of 4K");
	assert_error("guest name=a image=a.elf mem=2049K\n", 1,
		     "multiple of 4K");
}

static void test_size_overflow(void **state)
{
	assert_error("guest name=a image=a.elf mem=99999999999999999999G\n", 1,
		     "mem '99999999999999999999G'", "number too large");
	/* Digits fit in 64 bits, the product with G does not. */
	assert_error("guest name=a image=a.elf mem=17179869184G\n", 1,
		     "number too large");
}

static void test_too_many_guests(void **state)
{
	static const char text[] =
		"guest name=a image=a.elf mem=2M\n"
		"guest name=b image=b.elf mem=2M\n"
		"# the third one\n"
		"guest name=c image=c.elf mem=2M\n";
	struct config_error err;

	err = parse_bad_n(text, strlen(text), 2);
	assert_int_equal(err.line, 4);
	assert_contains(err.msg, "too many guests");
	assert_contains(err.msg, "at most 2");

	err = parse_bad_n(text, strlen(text), 0);
	assert_int_equal(err.line, 1);
	assert_contains(err.msg, "at most 0");
}

static void test_bad_name(void **state)
{
	char *name16 = line_of("guest name=", 11 + 16 + 20, 'n',
			       " image=a.elf mem=2M\n");

	assert_error(name16, 1, "must be 1 to 15 characters");
	free(name16);
	assert_error("guest name= image=a.elf mem=2M\n", 1,
		     "must be 1 to 15 characters");
	assert_error("guest name=\"\" image=a.elf mem=2M\n", 1,
		     "must be 1 to 15 characters");
	assert_error("guest name=a.b image=a.elf mem=2M\n", 1, "name 'a.b'",
		     "only letters, digits, '_' and '-'");
	assert_error("guest name=a/b image=a.elf mem=2M\n", 1,
		     "only letters");
	assert_error("guest name=\"a b\" image=a.elf mem=2M\n", 1,
		     "only letters");
	assert_error("guest name=\"a\\\"b\" image=a.elf mem=2M\n", 1,
		     "only letters");
	/* Every allowed character at once. */
	assert_int_equal(parse_ok("guest name=az_AZ-09 image=a.elf mem=2M\n"), 1);
	assert_string_equal(guests[0].name, "az_AZ-09");
}

static void test_bad_image(void **state)
{
	char *text = line_of("guest name=a mem=2M image=", 26 + 128 + 1, 'p',
			     "\n");

	assert_error(text, 1, "path longer than 127 characters");
	free(text);
	assert_error("guest name=a mem=2M image=\n", 1, "image: empty path");
	assert_error("guest name=a mem=2M image=\"\"\n", 1, "image: empty path");
}

static void test_cmdline_too_long(void **state)
{
	char *text = line_of("guest name=a image=a.elf mem=2M cmdline=",
			     40 + 256 + 1, 'c', "\n");

	assert_error(text, 1, "cmdline: longer than 255 characters");
	free(text);
}

static void test_line_too_long(void **state)
{
	char *line = line_of("# ", CONFIG_LINE_MAX + 1, 'x', "");
	char *text = malloc(CONFIG_LINE_MAX + 64);

	/* Too long even though it is only a comment; named by its line. */
	assert_non_null(text);
	sprintf(text, "guest name=a image=a.elf mem=2M\n%s\n", line);
	assert_error(text, 2, "line longer than 1024 characters");
	/* The same on the last line, without a newline. */
	sprintf(text, "\n\n%s", line);
	assert_error(text, 3, "line longer than 1024 characters");
	free(text);
	free(line);
}

static void test_control_characters(void **state)
{
	static const char nul[] = "guest name=a image=a.elf mem=2M\n\nab\0cd\n";
	struct config_error err;

	assert_error("guest name=a image=a\x01.elf mem=2M\n", 1,
		     "control character 0x01 at column 21");
	assert_error("\nguest name=a image=a.elf mem=2M cmdline=\"\x1b[0m\"\n",
		     2, "control character 0x1b at column 42");
	assert_error("guest\vname=a image=a.elf mem=2M\n", 1,
		     "control character 0x0b at column 6");
	/* A NUL byte inside @len is just a bad byte, not the end. */
	err = parse_bad_n(nul, sizeof(nul) - 1, BOOT_MAX_GUESTS);
	assert_int_equal(err.line, 3);
	assert_contains(err.msg, "control character 0x00 at column 3");
}

static void test_non_ascii(void **state)
{
	assert_error("guest name=a image=a.elf mem=2M cmdline=caf\xc3\xa9\n",
		     1, "non-ASCII byte 0xc3 at column 44");
	assert_error("\n\nguest name=a image=\xff mem=2M\n", 3,
		     "non-ASCII byte 0xff at column 20");
	assert_error("guest name=a image=a.elf mem=2M\x7f\n", 1,
		     "byte 0x7f at column 32");
}

static void test_unknown_directive(void **state)
{
	assert_error("vm name=a image=a.elf mem=2M\n", 1,
		     "unknown directive 'vm'", "expected 'guest'");
	assert_error("\nguests name=a image=a.elf mem=2M\n", 2,
		     "unknown directive 'guests'");
	assert_error("Guest name=a image=a.elf mem=2M\n", 1,
		     "unknown directive 'Guest'");
	assert_error("gues\n", 1, "unknown directive 'gues'");
	assert_error("  guest=a\n", 1, "unknown directive 'guest=a'");
}

static void test_missing_closing_quote(void **state)
{
	assert_error("guest name=a image=a.elf mem=2M cmdline=\"abc\n", 1,
		     "cmdline: missing closing quote");
	/* An escaped quote does not close. */
	assert_error("guest name=a image=a.elf mem=2M cmdline=\"abc\\\"\n", 1,
		     "cmdline: missing closing quote");
	assert_error("\nguest name=\"a image=a.elf mem=2M\n", 2,
		     "name: missing closing quote");
	/* Nor does a quote on the next line. */
	assert_error("guest name=a image=\"a.elf\nmem=2M\"\n", 1,
		     "image: missing closing quote");
	assert_error("guest name=a image=a.elf mem=2M cmdline=\"abc", 1,
		     "cmdline: missing closing quote");
}

static void test_text_after_closing_quote(void **state)
{
	assert_error("guest name=a image=a.elf mem=2M cmdline=\"a\"b\n", 1,
		     "cmdline: unexpected 'b' after closing quote");
	assert_error("guest name=a image=\"a\"\"b\" mem=2M\n", 1,
		     "image: unexpected '\"' after closing quote");
}

static void test_error_line_without_trailing_newline(void **state)
{
	assert_error("guest name=a image=a.elf mem=2M\n\nguest name=b mem=2M",
		     3, "missing image=");
}

/*
 * BUG (in hv/lib/format.c): errors quote the offending word with "%.*s".
 * When that word is the last thing in the file, formatting it reads the
 * byte after the text (format.c put_str() looks at str[n] before checking
 * the precision), which here is an inaccessible page.
 */
static void test_error_quotes_word_at_end_of_text(void **state)
{
	assert_error("guest name=a image=a.elf mem=2M quiet", 1,
		     "'quiet': expected key=value");
	assert_error("guest name=a image=a.elf mem=1M", 1, "mem '1M'");
	assert_error("guest name=a image=a.elf mem=2M color=red", 1,
		     "unknown key 'color'");
	assert_error("gues", 1, "unknown directive 'gues'");
}

static void test_error_line_crlf(void **state)
{
	assert_error("guest name=a image=a.elf mem=2M\r\n\r\nguest name=a image=b.elf mem=2M\r\n",
		     3, "'a' already used on line 1");
}

/* ------------------------------------------------------ config_parse_size */

static void test_parse_size_good(void **state)
{
	static const struct {
		const char *s;
		uint64_t v;
	} cases[] = {
		{ "0", 0 },
		{ "1", 1 },
		{ "4096", 4096 },
		{ "1K", 1024 },
		{ "1k", 1024 },
		{ "1KB", 1024 },
		{ "1Kb", 1024 },
		{ "1KiB", 1024 },
		{ "1Ki", 1024 },
		{ "5M", 5 * MIB },
		{ "5MiB", 5 * MIB },
		{ "3G", 3 * GIB },
		{ "16g", 16 * GIB },
		{ "007M", 7 * MIB },
		{ "18014398509481983K", UINT64_MAX - 1023 },
		{ "17179869183G", 17179869183ULL * GIB },
		{ "18446744073709551609", 18446744073709551609ULL },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *why = NULL;
		uint64_t v = 0xdead;

		if (config_parse_size(cases[i].s, strlen(cases[i].s), &v, &why))
			fail_msg("\"%s\": %s", cases[i].s, why);
		assert_int_equal(v, cases[i].v);
	}
}

/* Only @len bytes count: "32Mjunk" with len 3 is "32M". */
static void test_parse_size_honours_len(void **state)
{
	const char *why = NULL;
	uint64_t v = 0;

	assert_int_equal(config_parse_size("32Mjunk", 3, &v, &why), 0);
	assert_int_equal(v, 32 * MIB);
	assert_int_equal(config_parse_size("1234", 2, &v, &why), 0);
	assert_int_equal(v, 12);
	assert_int_equal(config_parse_size("1234", 0, &v, &why), -1);
	assert_string_equal(why, "empty size");
}

static void test_parse_size_bad(void **state)
{
	static const struct {
		const char *s;
		const char *why;
	} cases[] = {
		{ "", "empty size" },
		{ "M", "a size starts with a digit" },
		{ " 1", "a size starts with a digit" },
		{ "-1", "a size starts with a digit" },
		{ "+1", "a size starts with a digit" },
		{ "12T", "unknown size suffix (use K, M or G)" },
		{ "12 M", "unknown size suffix (use K, M or G)" },
		{ "1.5G", "unknown size suffix (use K, M or G)" },
		{ "12MM", "unexpected characters after the size suffix" },
		{ "12MiBx", "unexpected characters after the size suffix" },
		{ "12BM", "unknown size suffix (use K, M or G)" },
		{ "12MBi", "unexpected characters after the size suffix" },
		{ "12M ", "unexpected characters after the size suffix" },
		{ "18446744073709551616", "number too large" },
		{ "99999999999999999999", "number too large" },
		{ "99999999999999999999G", "number too large" },
		{ "17179869184G", "number too large" },
		{ "18014398509481984K", "number too large" },
		{ "17592186044416M", "number too large" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *why = NULL;
		uint64_t v = 0;

		if (config_parse_size(cases[i].s, strlen(cases[i].s), &v,
				      &why) != -1)
			fail_msg("\"%s\" accepted as %llu", cases[i].s,
				 (unsigned long long)v);
		assert_non_null(why);
		if (strcmp(why, cases[i].why))
			fail_msg("\"%s\": why \"%s\", want \"%s\"", cases[i].s,
				 why, cases[i].why);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_guest),
		cmocka_unit_test(test_comments_and_blank_lines),
		cmocka_unit_test(test_empty_and_comment_only),
		cmocka_unit_test(test_keys_in_any_order),
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_limit),
		cmocka_unit_test(test_trace),
		cmocka_unit_test(test_schedule),
		cmocka_unit_test(test_pv),
		cmocka_unit_test(test_virtio),
		cmocka_unit_test(test_initrd),
		cmocka_unit_test(test_modules),
		cmocka_unit_test(test_unquoted_backslash_is_literal),
		cmocka_unit_test(test_mem_spellings),
		cmocka_unit_test(test_no_trailing_newline),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_max_guests_exactly),
		cmocka_unit_test(test_longest_values),
		cmocka_unit_test(test_cmdline_limit_after_escapes),
		cmocka_unit_test(test_line_of_exactly_max),
		cmocka_unit_test(test_unknown_key),
		cmocka_unit_test(test_missing_keys),
		cmocka_unit_test(test_not_key_value),
		cmocka_unit_test(test_duplicate_key),
		cmocka_unit_test(test_duplicate_guest_name),
		cmocka_unit_test(test_bad_size),
		cmocka_unit_test(test_size_out_of_range),
		cmocka_unit_test(test_size_not_page_multiple),
		cmocka_unit_test(test_size_overflow),
		cmocka_unit_test(test_too_many_guests),
		cmocka_unit_test(test_bad_name),
		cmocka_unit_test(test_bad_image),
		cmocka_unit_test(test_cmdline_too_long),
		cmocka_unit_test(test_line_too_long),
		cmocka_unit_test(test_control_characters),
		cmocka_unit_test(test_non_ascii),
		cmocka_unit_test(test_unknown_directive),
		cmocka_unit_test(test_missing_closing_quote),
		cmocka_unit_test(test_text_after_closing_quote),
		cmocka_unit_test(test_error_line_without_trailing_newline),
		cmocka_unit_test(test_error_quotes_word_at_end_of_text),
		cmocka_unit_test(test_error_line_crlf),
		cmocka_unit_test(test_parse_size_good),
		cmocka_unit_test(test_parse_size_honours_len),
		cmocka_unit_test(test_parse_size_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
