// SPDX-License-Identifier: MIT
/*
 * arch/x86/execute.c: decoded instructions (arch/x86/decode.c) run on
 * registers and a memory operand kept here, which records each access.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "arch/x86/execute.h"

struct mem {
	uint64_t value;			/* what a read returns */
	unsigned int reads, writes;
	unsigned int last_size;
	uint64_t written;
	int fail;			/* returned by every access */
};

static int mem_read(void *ctx, unsigned int size, uint64_t *v)
{
	struct mem *m = ctx;

	m->reads++;
	m->last_size = size;
	*v = m->value;
	return m->fail;
}

static int mem_write(void *ctx, unsigned int size, uint64_t v)
{
	struct mem *m = ctx;

	m->writes++;
	m->last_size = size;
	m->written = v;
	return m->fail;
}

static uint64_t gpr[16], rflags;
static struct mem mem;

/* Decode @b in 64-bit mode and run it. */
static int run(const uint8_t *b, size_t n)
{
	struct x86_cpu cpu = { .mode = 64, .rip = 0x1000 };
	struct x86_mem_ops ops = { mem_read, mem_write, &mem };
	struct x86_insn in;

	memcpy(cpu.gpr, gpr, sizeof(gpr));
	assert_int_equal(x86_decode(b, n, &cpu, &in), 0);
	return x86_execute(&in, gpr, &rflags, &ops);
}

#define RUN(...) do {							\
		const uint8_t b_[] = { __VA_ARGS__ };			\
		assert_int_equal(run(b_, sizeof(b_)), 0);		\
	} while (0)

static int setup(void **state)
{
	(void)state;
	for (unsigned int i = 0; i < 16; i++)
		gpr[i] = 0x1122334455667788ULL;
	gpr[7] = 0x8000;			/* RDI: the operand's address */
	rflags = 0x2;
	memset(&mem, 0, sizeof(mem));
	mem.value = 0xfedcba9876543210ULL;
	return 0;
}

/* SDM Vol. 1, 3.4.1.1: 32-bit results zero-extend, 8 and 16 merge. */
static void test_load_widths(void **state)
{
	(void)state;
	RUN(0x8a, 0x07);			/* mov (%rdi), %al */
	assert_int_equal(gpr[0], 0x1122334455667710ULL);
	assert_int_equal(mem.last_size, 1);
	RUN(0x8a, 0x27);			/* mov (%rdi), %ah */
	assert_int_equal(gpr[0], 0x1122334455661010ULL);
	RUN(0x66, 0x8b, 0x0f);			/* mov (%rdi), %cx */
	assert_int_equal(gpr[1], 0x1122334455663210ULL);
	RUN(0x8b, 0x17);			/* mov (%rdi), %edx */
	assert_int_equal(gpr[2], 0x76543210ULL);
	RUN(0x4c, 0x8b, 0x07);			/* mov (%rdi), %r8 */
	assert_int_equal(gpr[8], 0xfedcba9876543210ULL);
	assert_int_equal(mem.writes, 0);
}

static void test_extend(void **state)
{
	(void)state;
	mem.value = 0x80;
	RUN(0x0f, 0xbe, 0x07);			/* movsbl (%rdi), %eax */
	assert_int_equal(gpr[0], 0xffffff80ULL);
	RUN(0x48, 0x0f, 0xbe, 0x0f);		/* movsbq (%rdi), %rcx */
	assert_int_equal(gpr[1], 0xffffffffffffff80ULL);
	RUN(0x66, 0x0f, 0xb6, 0x17);		/* movzbw (%rdi), %dx */
	assert_int_equal(gpr[2], 0x1122334455660080ULL);
	mem.value = 0x80000000;
	RUN(0x48, 0x63, 0x1f);			/* movslq (%rdi), %rbx */
	assert_int_equal(gpr[3], 0xffffffff80000000ULL);
}

static void test_stores(void **state)
{
	(void)state;
	RUN(0x88, 0x3f);			/* mov %bh, (%rdi) */
	assert_int_equal(mem.written, 0x77);
	assert_int_equal(mem.last_size, 1);
	assert_int_equal(mem.reads, 0);
	RUN(0x48, 0xc7, 0x07, 0xfe, 0xff, 0xff, 0xff);	/* movq $-2, (%rdi) */
	assert_int_equal(mem.written, 0xfffffffffffffffeULL);
	assert_int_equal(mem.last_size, 8);
	assert_int_equal(mem.reads, 0);
}

static void test_rmw(void **state)
{
	(void)state;
	mem.value = 0xffffffff;
	RUN(0x83, 0x07, 0x01);			/* addl $1, (%rdi) */
	assert_int_equal(mem.reads, 1);
	assert_int_equal(mem.written, 0);
	assert_int_equal(rflags & X86_FLAGS_ARITH,
			 X86_FLAG_CF | X86_FLAG_PF | X86_FLAG_AF | X86_FLAG_ZF);
	RUN(0x39, 0x07);			/* cmp %eax, (%rdi): no write */
	assert_int_equal(mem.writes, 1);
	gpr[0] = 5;
	mem.value = 7;
	RUN(0x2b, 0x07);			/* sub (%rdi), %eax */
	assert_int_equal(gpr[0], 0xfffffffeULL);
	assert_true(rflags & X86_FLAG_CF);
	assert_int_equal(mem.writes, 1);
}

static void test_xchg_and_bt(void **state)
{
	(void)state;
	gpr[1] = 0x42;
	mem.value = 0x99;
	RUN(0x86, 0x0f);			/* xchg %cl, (%rdi) */
	assert_int_equal(mem.written, 0x42);
	assert_int_equal(gpr[1] & 0xff, 0x99);
	mem.value = 0;
	RUN(0x0f, 0xba, 0x2f, 0x03);		/* btsl $3, (%rdi) */
	assert_int_equal(mem.written, 8);
	assert_false(rflags & X86_FLAG_CF);
	mem.value = 8;
	RUN(0x0f, 0xba, 0x27, 0x03);		/* btl $3, (%rdi) */
	assert_true(rflags & X86_FLAG_CF);
	assert_int_equal(mem.writes, 2);	/* XCHG, BTS; not BT */
}

/* A failed access leaves the registers and flags alone. */
static void test_failed_access(void **state)
{
	const uint8_t add[] = { 0x03, 0x07 };	/* add (%rdi), %eax */
	const uint8_t xchg[] = { 0x87, 0x07 };	/* xchg %eax, (%rdi) */

	(void)state;
	mem.fail = -7;
	assert_int_equal(run(add, sizeof(add)), -7);
	assert_int_equal(run(xchg, sizeof(xchg)), -7);
	assert_int_equal(gpr[0], 0x1122334455667788ULL);
	assert_int_equal(rflags, 0x2);
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_load_widths),
		T(test_extend),
		T(test_stores),
		T(test_rmw),
		T(test_xchg_and_bt),
		T(test_failed_access),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
