// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness for arch/x86/decode.c and execute.c, which read the
 * bytes of whatever instruction a guest aimed at a device.
 *
 * Input:
 *   byte 0       mode: % 3 gives 16, 32 or 64
 *   bytes 1-8    a seed for the registers and RIP (splitmix64)
 *   then         the instruction bytes, in a heap block of exactly that
 *                size (ASan catches a read past it)
 *
 * Checked:
 *   - the result is OK, truncated or unsupported;
 *   - the decoder reads at most 15 bytes: the same bytes with anything
 *     after the 15th changed decode the same;
 *   - a decoded instruction is sane: length 1-15 within the input, sizes
 *     1/2/4/8, register -1..15, high-byte registers only 0-3, segment
 *     ES..GS, address size 2/4/8 and the address within it, LOCK only
 *     where allowed;
 *   - its first len bytes alone decode the same, and fewer are truncated;
 *   - running it touches memory only at its size, at most one read and
 *     one write, and only a read-modify-write or XCHG writes after a read.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86/decode.h"
#include "arch/x86/execute.h"

#define FAIL(...) do {							\
		fprintf(stderr, "fuzz_decode: " __VA_ARGS__);		\
		fputc('\n', stderr);					\
		abort();						\
	} while (0)

static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

struct mem {
	const struct x86_insn *in;
	unsigned int reads, writes;
};

static int mem_read(void *ctx, unsigned int size, uint64_t *v)
{
	struct mem *m = ctx;

	if (size != m->in->size)
		FAIL("read of %u bytes for a %u-byte operand", size, m->in->size);
	if (m->reads++ || m->writes)
		FAIL("a second read, or a read after a write");
	*v = 0xa5a5a5a5a5a5a5a5ULL;
	return 0;
}

static int mem_write(void *ctx, unsigned int size, uint64_t v)
{
	struct mem *m = ctx;

	(void)v;
	if (size != m->in->size)
		FAIL("write of %u bytes for a %u-byte operand", size, m->in->size);
	if (m->writes++)
		FAIL("a second write");
	return 0;
}

static bool same(const struct x86_insn *a, const struct x86_insn *b)
{
	return a->kind == b->kind && a->alu == b->alu && a->len == b->len &&
	       a->size == b->size && a->reg_size == b->reg_size &&
	       a->to_mem == b->to_mem && a->reg == b->reg &&
	       a->reg_high == b->reg_high && a->imm == b->imm &&
	       a->seg == b->seg && a->addr_size == b->addr_size &&
	       a->ea == b->ea && a->lock == b->lock && a->rep == b->rep;
}

static bool width_ok(unsigned int s)
{
	return s == 1 || s == 2 || s == 4 || s == 8;
}

static void check_insn(const struct x86_insn *in, size_t n)
{
	uint64_t amask = in->addr_size == 8 ? ~0ULL :
			 (1ULL << (in->addr_size * 8)) - 1;

	if (!in->len || in->len > X86_INSN_MAX || in->len > n)
		FAIL("length %u of %zu bytes", in->len, n);
	if (!width_ok(in->size) || !width_ok(in->reg_size) ||
	    (in->reg_size < in->size && in->kind != X86_MOVSX))
		FAIL("sizes %u/%u", in->size, in->reg_size);
	if (in->reg < -1 || in->reg > 15 || (in->reg_high && in->reg > 3))
		FAIL("register %d (high %d)", in->reg, in->reg_high);
	if (in->seg > X86_GS || (in->addr_size != 2 && in->addr_size != 4 &&
				 in->addr_size != 8) || (in->ea & ~amask))
		FAIL("segment %d, address size %u, address 0x%llx", in->seg,
		     in->addr_size, (unsigned long long)in->ea);
	if (in->kind == X86_ALU && in->alu >= ALU_NR)
		FAIL("ALU op %d", in->alu);
	if (in->lock && in->kind != X86_XCHG &&
	    !(in->kind == X86_ALU && in->to_mem && alu_writes_result(in->alu)))
		FAIL("LOCK accepted on an instruction that cannot take it");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned int modes[3] = { 16, 32, 64 };
	struct x86_cpu cpu;
	struct x86_insn in, again;
	uint64_t seed = 0, gpr[16], rflags;
	struct mem m = { &in, 0, 0 };
	struct x86_mem_ops ops = { mem_read, mem_write, &m };
	uint8_t *bytes, *longer;
	size_t n;
	int rc;

	if (size < 9)
		return 0;
	cpu.mode = modes[data[0] % 3];
	memcpy(&seed, data + 1, 8);
	for (unsigned int i = 0; i < 16; i++)
		cpu.gpr[i] = splitmix(&seed);
	cpu.rip = splitmix(&seed);
	n = size - 9;
	bytes = malloc(n ? n : 1);
	memcpy(bytes, data + 9, n);

	rc = x86_decode(bytes, n, &cpu, &in);
	if (rc != X86_DECODE_OK && rc != X86_DECODE_TRUNCATED &&
	    rc != X86_DECODE_UNSUPPORTED)
		FAIL("returned %d", rc);

	/* Bytes past the 15th make no difference. */
	longer = malloc(n + 4);
	memcpy(longer, bytes, n);
	memset(longer + n, 0x66, 4);
	if (n >= X86_INSN_MAX) {
		longer[X86_INSN_MAX] ^= 0xff;
		if (x86_decode(longer, n + 4, &cpu, &again) != rc ||
		    (!rc && !same(&in, &again)))
			FAIL("a byte past the 15th changed the result");
	}
	free(longer);

	if (rc == X86_DECODE_OK) {
		check_insn(&in, n);
		if (x86_decode(bytes, in.len, &cpu, &again) || !same(&in, &again))
			FAIL("its own %u bytes decode differently", in.len);
		for (size_t k = 0; k < in.len; k++)
			if (x86_decode(bytes, k, &cpu, &again) !=
			    X86_DECODE_TRUNCATED)
				FAIL("%zu of its %u bytes are not truncated",
				     k, in.len);
		memcpy(gpr, cpu.gpr, sizeof(gpr));
		rflags = splitmix(&seed);
		if (x86_execute(&in, gpr, &rflags, &ops))
			FAIL("x86_execute failed with accesses that succeed");
		if (!m.reads && !(in.kind == X86_MOV && in.to_mem))
			FAIL("no read");
		if (m.writes && m.reads && in.kind != X86_XCHG &&
		    !(in.kind == X86_ALU && alu_writes_result(in.alu)))
			FAIL("a write after a read for an op that only reads");
	}
	free(bytes);
	return 0;
}
