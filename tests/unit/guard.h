/* SPDX-License-Identifier: MIT */
/*
 * Inputs that end right before an inaccessible page, for code that must not
 * read past the length it is given. ASan catches such a read in a heap
 * buffer too, but then aborts the whole test program; a fault on the guard
 * page fails just the one test, with a message that says what happened.
 *
 *	const char *text = guard_place(data, len);
 *	GUARDED(rc = parse(text, len));
 *
 * Include after <cmocka.h>.
 */
#ifndef TESTS_UNIT_GUARD_H
#define TESTS_UNIT_GUARD_H

#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define GUARD_AREA_BYTES (4u * 1024 * 1024)

static sigjmp_buf guard_jmp __attribute__((unused));
static uint8_t *guard_area __attribute__((unused));

static __attribute__((unused)) void guard_on_segv(int sig)
{
	siglongjmp(guard_jmp, 1);
}

/*
 * Copy @len bytes to the end of the guarded area: the byte after the last
 * one is on a PROT_NONE page. Valid until the next call.
 */
static __attribute__((unused)) void *guard_place(const void *data, size_t len)
{
	long page = sysconf(_SC_PAGESIZE);

	if (!guard_area) {
		void *m = mmap(NULL, GUARD_AREA_BYTES + (size_t)page,
			       PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		assert_true(m != MAP_FAILED);
		assert_int_equal(mprotect((uint8_t *)m + GUARD_AREA_BYTES,
					  (size_t)page, PROT_NONE), 0);
		guard_area = m;
	}
	assert_true(len <= GUARD_AREA_BYTES);
	memcpy(guard_area + GUARD_AREA_BYTES - len, data, len);
	return guard_area + GUARD_AREA_BYTES - len;
}

/* Run @stmt; a fault while it runs fails the test instead of the program. */
#define GUARDED(stmt)							\
	do {								\
		struct sigaction sa_ = { .sa_handler = guard_on_segv };	\
		struct sigaction old_;					\
									\
		sigemptyset(&sa_.sa_mask);				\
		sigaction(SIGSEGV, &sa_, &old_);			\
		if (sigsetjmp(guard_jmp, 1) == 0) {			\
			stmt;						\
			sigaction(SIGSEGV, &old_, NULL);		\
		} else {						\
			sigaction(SIGSEGV, &old_, NULL);		\
			fail_msg("read past the end of its input in: %s",	\
				 #stmt);				\
		}							\
	} while (0)

#endif
