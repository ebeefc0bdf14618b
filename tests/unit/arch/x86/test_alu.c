// SPDX-License-Identifier: MIT
/*
 * arch/x86/alu.c against the host CPU: every op at every width, on edge
 * values and a pseudo-random spread, with CF clear and set beforehand;
 * the result and the flags the SDM defines for the op must be the
 * CPU's. The reference runs the same instruction with inline asm (past
 * the red zone, since it pushes).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "arch/x86/alu.h"

#define FLAGS_IN_MASK	(X86_FLAGS_ARITH)

#define HOST_OP(name, insn, type)					\
static uint64_t name(uint64_t d, uint64_t s, uint64_t *flags)		\
{									\
	type dd = (type)d, ss = (type)s;				\
	uint64_t f = *flags;						\
									\
	__asm__ volatile("sub $128, %%rsp\n\t"				\
			 "push %[f]\n\tpopfq\n\t"			\
			 insn " %[s], %[d]\n\t"				\
			 "pushfq\n\tpop %[f]\n\t"			\
			 "add $128, %%rsp"				\
			 : [d] "+r"(dd), [f] "+r"(f)			\
			 : [s] "r"(ss) : "cc", "memory");		\
	*flags = f;							\
	return dd;							\
}

#define HOST_SIZES(op)							\
	HOST_OP(host_##op##1, #op, uint8_t)				\
	HOST_OP(host_##op##2, #op, uint16_t)				\
	HOST_OP(host_##op##4, #op, uint32_t)				\
	HOST_OP(host_##op##8, #op, uint64_t)

#define HOST_SIZES_NO_BYTE(op)						\
	HOST_OP(host_##op##2, #op, uint16_t)				\
	HOST_OP(host_##op##4, #op, uint32_t)				\
	HOST_OP(host_##op##8, #op, uint64_t)

HOST_SIZES(add)
HOST_SIZES(or)
HOST_SIZES(adc)
HOST_SIZES(sbb)
HOST_SIZES(and)
HOST_SIZES(sub)
HOST_SIZES(xor)
HOST_SIZES(cmp)
HOST_SIZES(test)
HOST_SIZES_NO_BYTE(bt)
HOST_SIZES_NO_BYTE(bts)
HOST_SIZES_NO_BYTE(btr)
HOST_SIZES_NO_BYTE(btc)

typedef uint64_t (*host_fn)(uint64_t, uint64_t, uint64_t *);

#define ROW(op, alu) { alu, #op, { host_##op##1, host_##op##2, host_##op##4, host_##op##8 } }
#define ROW_NB(op, alu) { alu, #op, { NULL, host_##op##2, host_##op##4, host_##op##8 } }

static const struct {
	enum alu_op op;
	const char *name;
	host_fn host[4];	/* 1, 2, 4, 8 bytes */
} ops[] = {
	ROW(add, ALU_ADD), ROW(or, ALU_OR), ROW(adc, ALU_ADC),
	ROW(sbb, ALU_SBB), ROW(and, ALU_AND), ROW(sub, ALU_SUB),
	ROW(xor, ALU_XOR), ROW(cmp, ALU_CMP), ROW(test, ALU_TEST),
	ROW_NB(bt, ALU_BT), ROW_NB(bts, ALU_BTS), ROW_NB(btr, ALU_BTR),
	ROW_NB(btc, ALU_BTC),
};

static const uint64_t edges[] = {
	0, 1, 2, 0xf, 0x10, 0x7f, 0x80, 0x81, 0xfe, 0xff, 0x100, 0x7fff,
	0x8000, 0x8001, 0xffff, 0x10000, 0x7fffffff, 0x80000000,
	0x80000001, 0xffffffff, 0x100000000ULL, 0x7fffffffffffffffULL,
	0x8000000000000000ULL, 0x8000000000000001ULL, 0xfffffffffffffffeULL,
	0xffffffffffffffffULL, 0x5555555555555555ULL, 0xaaaaaaaaaaaaaaaaULL,
};

#define NEDGES (sizeof(edges) / sizeof(edges[0]))

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void compare(unsigned int i, unsigned int size, uint64_t d,
		    uint64_t s, uint64_t flags_in)
{
	uint64_t mask = size == 8 ? ~0ULL : (1ULL << (size * 8)) - 1;
	/* BT* from a register take the bit number modulo the width. */
	uint64_t src = ops[i].op >= ALU_BT ? s & (size * 8 - 1) : s;
	uint64_t hf = flags_in, ef = flags_in | 0x2;	/* bit 1 is always 1 */
	uint64_t defined = alu_defined_flags(ops[i].op);
	uint64_t hr = ops[i].host[size == 1 ? 0 : size == 2 ? 1 :
				  size == 4 ? 2 : 3](d, s, &hf);
	uint64_t er = alu_exec(ops[i].op, size, d, src, &ef);

	if ((hr & mask) != (er & mask) || ((hf ^ ef) & defined))
		fail_msg("%s%u 0x%llx, 0x%llx (flags in 0x%llx): CPU 0x%llx "
			 "flags 0x%llx, alu 0x%llx flags 0x%llx (compared 0x%llx)",
			 ops[i].name, size * 8, (unsigned long long)d,
			 (unsigned long long)s, (unsigned long long)flags_in,
			 (unsigned long long)(hr & mask),
			 (unsigned long long)(hf & X86_FLAGS_ARITH),
			 (unsigned long long)(er & mask),
			 (unsigned long long)(ef & X86_FLAGS_ARITH),
			 (unsigned long long)defined);
	/* Flags an op leaves alone stay as they were. */
	if ((ef ^ (flags_in | 0x2)) & ~X86_FLAGS_ARITH)
		fail_msg("%s changed a flag that is not arithmetic", ops[i].name);
}

static void run_all(uint64_t flags_in)
{
	for (unsigned int i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		for (unsigned int size = 1; size <= 8; size *= 2) {
			if (!ops[i].host[size == 1 ? 0 : size == 2 ? 1 :
					 size == 4 ? 2 : 3])
				continue;
			for (unsigned int a = 0; a < NEDGES; a++)
				for (unsigned int b = 0; b < NEDGES; b++)
					compare(i, size, edges[a], edges[b],
						flags_in);
			for (unsigned int k = 0; k < 2000; k++)
				compare(i, size, next_random(), next_random(),
					flags_in);
		}
}

static void test_cf_clear(void **state)
{
	(void)state;
	run_all(0x2);
}

static void test_cf_set(void **state)
{
	(void)state;
	run_all(0x2 | X86_FLAG_CF);
}

/* Every arithmetic flag set going in: each op must clear what it clears. */
static void test_all_flags_set(void **state)
{
	(void)state;
	run_all(0x2 | X86_FLAGS_ARITH);
}

/* Our choices for what the SDM leaves undefined (alu.h). */
static void test_undefined_flags(void **state)
{
	uint64_t f = X86_FLAGS_ARITH;

	(void)state;
	alu_exec(ALU_AND, 4, 0x10, 0x10, &f);
	assert_int_equal(f & X86_FLAG_AF, 0);
	f = X86_FLAG_ZF | X86_FLAG_SF;
	alu_exec(ALU_BT, 4, 1, 0, &f);
	assert_int_equal(f, X86_FLAG_ZF | X86_FLAG_SF | X86_FLAG_CF);
	assert_true(alu_writes_result(ALU_BTS));
	assert_false(alu_writes_result(ALU_CMP));
	assert_false(alu_writes_result(ALU_TEST));
	assert_false(alu_writes_result(ALU_BT));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cf_clear),
		cmocka_unit_test(test_cf_set),
		cmocka_unit_test(test_all_flags_set),
		cmocka_unit_test(test_undefined_flags),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
