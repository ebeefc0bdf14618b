// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness for arch/x86/insn.c, which reads the bytes at a
 * guest's RIP after an intercept (whatever the guest put there).
 *
 * Input (the layout of fuzz_decode):
 *   byte 0       mode: % 3 gives 16, 32 or 64
 *   bytes 1-8    a seed for the registers and RIP (splitmix64)
 *   then         the instruction bytes, in a heap block of exactly that
 *                size (ASan catches a read past it)
 *
 * Checked:
 *   - the result is OK, truncated or invalid;
 *   - a result other than truncated does not change when bytes are
 *     appended: the decoder looks only at what it needs, never past 15;
 *   - a decoded instruction is sane: OTHER has length 0 and nothing but
 *     lock/rep; the others length 1-15 within the input, a kind with a
 *     name, an operand size the kind can have, CR 0/2/3/4/8 or DR 0-7,
 *     LOCK only on MOV CR (as CR8), registers 8-15 and RIP-relative only
 *     in 64-bit mode, a memory operand only where the kind has one, with
 *     16-bit ModRM forms only BX/BP + SI/DI and disp16, the effective
 *     address within the address size;
 *   - its first len bytes alone decode the same, and fewer are truncated.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86/insn.h"

#define FAIL(...) do {							\
		fprintf(stderr, "fuzz_insn: " __VA_ARGS__);		\
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

static bool same(const struct x86_sys_insn *a, const struct x86_sys_insn *b)
{
	const struct x86_sys_mem *m = &a->mem, *n = &b->mem;

	return a->kind == b->kind && a->len == b->len &&
	       a->op_size == b->op_size && a->cr == b->cr &&
	       a->reg == b->reg && a->has_mem == b->has_mem &&
	       a->vector == b->vector && a->port_imm == b->port_imm &&
	       a->port == b->port && a->lock == b->lock && a->rep == b->rep &&
	       (!a->has_mem ||
		(m->seg == n->seg && m->addr_size == n->addr_size &&
		 m->base == n->base && m->index == n->index &&
		 m->scale == n->scale && m->rip_relative == n->rip_relative &&
		 m->disp == n->disp));
}

/* The operand sizes each kind can have; 0 where it has none. */
static bool op_size_ok(const struct x86_sys_insn *in, unsigned int mode)
{
	unsigned int s = in->op_size;

	switch (in->kind) {
	case X86_SYS_MOV_TO_CR:
	case X86_SYS_MOV_FROM_CR:
	case X86_SYS_MOV_TO_DR:
	case X86_SYS_MOV_FROM_DR:
		return s == (mode == 64 ? 8u : 4u);
	case X86_SYS_SMSW:
		return in->has_mem ? s == 2 : (s == 2 || s == 4 || s == 8);
	case X86_SYS_LMSW:
		return s == 2;
	case X86_SYS_IN:
	case X86_SYS_OUT:
	case X86_SYS_INS:
	case X86_SYS_OUTS:
		return s == 1 || s == 2 || s == 4;
	case X86_SYS_IRET:
		return s == 2 || s == 4 || (s == 8 && mode == 64);
	default:
		return s == 0;
	}
}

static bool has_mem_ok(const struct x86_sys_insn *in)
{
	switch (in->kind) {
	case X86_SYS_LMSW:
	case X86_SYS_SMSW:
		return in->has_mem == (in->reg < 0);
	case X86_SYS_INVLPG:
	case X86_SYS_INS:
	case X86_SYS_OUTS:
	case X86_SYS_MONITOR:
		return in->has_mem && in->reg < 0;
	default:
		return !in->has_mem;
	}
}

static void check_mem(const struct x86_sys_mem *m, unsigned int mode,
		      bool modrm, const uint64_t *gpr, uint64_t rip)
{
	int64_t lim = m->addr_size == 2 ? 0x8000 : 0x80000000LL;
	uint64_t ea, amask;

	if (m->seg > X86_GS)
		FAIL("segment %d", m->seg);
	if (m->addr_size != 2 && m->addr_size != 4 &&
	    !(m->addr_size == 8 && mode == 64))
		FAIL("address size %u in %u-bit mode", m->addr_size, mode);
	if (m->base < -1 || m->base > 15 || m->index < -1 || m->index > 15 ||
	    (mode != 64 && (m->base > 7 || m->index > 7)))
		FAIL("base %d, index %d in %u-bit mode", m->base, m->index,
		     mode);
	if (m->index == 4 || (m->scale != 1 && m->scale != 2 &&
			      m->scale != 4 && m->scale != 8))
		FAIL("index %d, scale %u", m->index, m->scale);
	if (m->rip_relative && (mode != 64 || m->base >= 0 || m->index >= 0))
		FAIL("RIP-relative in %u-bit mode, base %d, index %d", mode,
		     m->base, m->index);
	if (m->disp < -lim || m->disp >= lim)
		FAIL("displacement %lld for address size %u",
		     (long long)m->disp, m->addr_size);
	if (modrm && m->addr_size == 2 &&
	    ((m->base != -1 && m->base != 3 && m->base != 5 && m->base != 6 &&
	      m->base != 7) ||
	     (m->index != -1 && m->index != 6 && m->index != 7) ||
	     (m->index >= 0 && m->base != 3 && m->base != 5) ||
	     m->scale != 1))
		FAIL("16-bit form base %d index %d scale %u", m->base,
		     m->index, m->scale);
	amask = m->addr_size == 8 ? ~0ULL : (1ULL << (m->addr_size * 8)) - 1;
	ea = x86_sys_ea(m, gpr, rip);
	if (ea & ~amask)
		FAIL("address 0x%llx beyond address size %u",
		     (unsigned long long)ea, m->addr_size);
}

static void check_insn(const struct x86_sys_insn *in, size_t n,
		       unsigned int mode, const uint64_t *gpr, uint64_t rip)
{
	bool cr = in->kind == X86_SYS_MOV_TO_CR ||
		  in->kind == X86_SYS_MOV_FROM_CR;
	bool dr = in->kind == X86_SYS_MOV_TO_DR ||
		  in->kind == X86_SYS_MOV_FROM_DR;
	bool reg_kind = cr || dr || in->kind == X86_SYS_LMSW ||
			in->kind == X86_SYS_SMSW;

	if (in->rep && in->rep != 0xf2 && in->rep != 0xf3)
		FAIL("rep 0x%x", in->rep);
	if (in->kind == X86_SYS_OTHER) {
		if (in->len || in->op_size || in->cr || in->reg != -1 ||
		    in->has_mem || in->vector || in->port_imm || in->port)
			FAIL("OTHER with fields set (len %u)", in->len);
		return;
	}
	if ((unsigned int)in->kind >= X86_SYS_KIND_NR ||
	    !strcmp(x86_sys_kind_name(in->kind), "?"))
		FAIL("kind %d", in->kind);
	if (!in->len || in->len > X86_INSN_MAX || in->len > n)
		FAIL("%s: length %u of %zu bytes", x86_sys_kind_name(in->kind),
		     in->len, n);
	if (!op_size_ok(in, mode))
		FAIL("%s: operand size %u", x86_sys_kind_name(in->kind),
		     in->op_size);
	if ((cr && in->cr != 0 && in->cr != 2 && in->cr != 3 &&
	     in->cr != 4 && in->cr != 8) || (dr && in->cr > 7) ||
	    (!cr && !dr && in->cr))
		FAIL("%s: CR/DR %u", x86_sys_kind_name(in->kind), in->cr);
	if (in->lock && !(cr && in->cr == 8))
		FAIL("%s: LOCK accepted", x86_sys_kind_name(in->kind));
	if (in->reg < -1 || in->reg > 15 || (mode != 64 && in->reg > 7) ||
	    (reg_kind ? (cr || dr) && in->reg < 0 : in->reg != -1))
		FAIL("%s: register %d in %u-bit mode",
		     x86_sys_kind_name(in->kind), in->reg, mode);
	if (!has_mem_ok(in))
		FAIL("%s: has_mem %d, register %d", x86_sys_kind_name(in->kind),
		     in->has_mem, in->reg);
	if (in->has_mem)
		check_mem(&in->mem, mode, reg_kind ||
			  in->kind == X86_SYS_INVLPG, gpr, rip);
	if ((in->port_imm || in->port) && in->kind != X86_SYS_IN &&
	    in->kind != X86_SYS_OUT)
		FAIL("%s: port", x86_sys_kind_name(in->kind));
	if (!in->port_imm && in->port)
		FAIL("port %u without port_imm", in->port);
	if ((in->kind == X86_SYS_INT1 && in->vector != 1) ||
	    (in->kind == X86_SYS_INT3 && in->vector != 3) ||
	    (in->kind == X86_SYS_INTO && (in->vector != 4 || mode == 64)) ||
	    (in->kind != X86_SYS_INTN && in->kind != X86_SYS_INT1 &&
	     in->kind != X86_SYS_INT3 && in->kind != X86_SYS_INTO &&
	     in->vector))
		FAIL("%s: vector %u", x86_sys_kind_name(in->kind), in->vector);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned int modes[3] = { 16, 32, 64 };
	static const uint8_t tail[4] = { 0x66, 0x0f, 0x01, 0xd9 };
	struct x86_sys_insn in, again;
	uint64_t seed = 0, gpr[16], rip;
	unsigned int mode;
	uint8_t *bytes, *longer;
	size_t n;
	int rc;

	if (size < 9)
		return 0;
	mode = modes[data[0] % 3];
	memcpy(&seed, data + 1, 8);
	for (unsigned int i = 0; i < 16; i++)
		gpr[i] = splitmix(&seed);
	rip = splitmix(&seed);
	n = size - 9;
	bytes = malloc(n ? n : 1);
	memcpy(bytes, data + 9, n);

	rc = x86_sys_decode(bytes, n, mode, &in);
	if (rc != X86_SYS_OK && rc != X86_SYS_TRUNCATED &&
	    rc != X86_SYS_INVALID)
		FAIL("returned %d", rc);
	if (rc == X86_SYS_TRUNCATED && n >= X86_INSN_MAX)
		FAIL("truncated with %zu bytes", n);

	/* More bytes change nothing it decided. */
	longer = malloc(n + sizeof(tail));
	memcpy(longer, bytes, n);
	memcpy(longer + n, tail, sizeof(tail));
	if (rc != X86_SYS_TRUNCATED &&
	    (x86_sys_decode(longer, n + sizeof(tail), mode, &again) != rc ||
	     (rc == X86_SYS_OK && !same(&in, &again))))
		FAIL("bytes after the instruction changed the result");
	free(longer);

	if (rc == X86_SYS_OK) {
		check_insn(&in, n, mode, gpr, rip);
		if (in.kind != X86_SYS_OTHER) {
			if (x86_sys_decode(bytes, in.len, mode, &again) ||
			    !same(&in, &again))
				FAIL("its own %u bytes decode differently",
				     in.len);
			for (size_t k = 0; k < in.len; k++)
				if (x86_sys_decode(bytes, k, mode, &again) !=
				    X86_SYS_TRUNCATED)
					FAIL("%zu of its %u bytes are not "
					     "truncated", k, in.len);
		}
	}
	free(bytes);
	return 0;
}
