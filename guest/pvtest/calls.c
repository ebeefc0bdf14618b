// SPDX-License-Identifier: MIT
/*
 * Calling: the stubs answer (HC_NULL, HC_VERSION), the register
 * convention holds (RAX is the result, every other register comes back
 * as it went in), and numbers without a call return -HV_ENOSYS, also
 * numbers the page has no stub for and ones above 32 bits.
 */
#include "guest/pvtest/pvtest.h"
#include "hv/lib/format.h"
#include "hv/lib/string.h"

#define NREGS	14

/* The registers regs_call() loads and compares, in its array order. */
static const char *const reg_names[NREGS] = {
	"rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "r8",
	"r9", "r10", "r11", "r12", "r13", "r14", "r15",
};

/*
 * uint64_t regs_call(const void *stub, const uint64_t in[14], uint64_t out[14]):
 * every general register but RAX and RSP from in[], CALL @stub, every
 * one of them to out[]; returns RAX. The stub address and out stay on
 * the stack, since no register is left to hold them.
 */
uint64_t regs_call(const void *stub, const uint64_t *in, uint64_t *out);
__asm__(
	"	.text\n"
	"	.globl regs_call\n"
	"	.type regs_call, @function\n"
	"regs_call:\n"
	"	push %rbx\n"
	"	push %rbp\n"
	"	push %r12\n"
	"	push %r13\n"
	"	push %r14\n"
	"	push %r15\n"
	"	push %rdx\n"			/* out */
	"	push %rdi\n"			/* stub */
	"	mov %rsi, %rax\n"
	"	mov 0(%rax), %rbx\n"
	"	mov 8(%rax), %rcx\n"
	"	mov 16(%rax), %rdx\n"
	"	mov 24(%rax), %rsi\n"
	"	mov 32(%rax), %rdi\n"
	"	mov 40(%rax), %rbp\n"
	"	mov 48(%rax), %r8\n"
	"	mov 56(%rax), %r9\n"
	"	mov 64(%rax), %r10\n"
	"	mov 72(%rax), %r11\n"
	"	mov 80(%rax), %r12\n"
	"	mov 88(%rax), %r13\n"
	"	mov 96(%rax), %r14\n"
	"	mov 104(%rax), %r15\n"
	"	call *(%rsp)\n"
	"	push %rax\n"			/* the result */
	"	mov 16(%rsp), %rax\n"		/* out */
	"	mov %rbx, 0(%rax)\n"
	"	mov %rcx, 8(%rax)\n"
	"	mov %rdx, 16(%rax)\n"
	"	mov %rsi, 24(%rax)\n"
	"	mov %rdi, 32(%rax)\n"
	"	mov %rbp, 40(%rax)\n"
	"	mov %r8, 48(%rax)\n"
	"	mov %r9, 56(%rax)\n"
	"	mov %r10, 64(%rax)\n"
	"	mov %r11, 72(%rax)\n"
	"	mov %r12, 80(%rax)\n"
	"	mov %r13, 88(%rax)\n"
	"	mov %r14, 96(%rax)\n"
	"	mov %r15, 104(%rax)\n"
	"	pop %rax\n"
	"	add $16, %rsp\n"		/* stub, out */
	"	pop %r15\n"
	"	pop %r14\n"
	"	pop %r13\n"
	"	pop %r12\n"
	"	pop %rbp\n"
	"	pop %rbx\n"
	"	ret\n"
	"	.size regs_call, . - regs_call\n");

int64_t hypercall_raw(uint64_t nr, uint64_t a1, uint64_t a2, uint64_t a3)
{
	const uint8_t *entry = pv_hypercall_page + STUB_MOV_LEN;
	int64_t ret = (int64_t)nr;

	__asm__ volatile("call *%[entry]"
			 : "+a"(ret)
			 : [entry] "r"(entry), "D"(a1), "S"(a2), "d"(a3)
			 : "rcx", "r11", "memory", "cc");
	return ret;
}

/* HC_VERSION with a distinct value in every register: only RAX may change. */
static void check_registers(void)
{
	uint64_t in[NREGS], out[NREGS], ret;

	for (int i = 0; i < NREGS; i++)
		in[i] = 0x0101010101010101ull * (uint64_t)(0x11 + i);
	ret = regs_call(pv_hypercall_page + HC_VERSION * HV_HYPERCALL_STUB_SIZE,
			in, out);
	if (ret != HV_ABI_VERSION) {
		check_fail("registers", "RAX 0x%lx, expected 0x%x", ret, HV_ABI_VERSION);
		return;
	}
	for (int i = 0; i < NREGS; i++) {
		if (out[i] != in[i]) {
			check_fail("registers", "%s was 0x%lx, came back 0x%lx",
				   reg_names[i], in[i], out[i]);
			return;
		}
	}
	check_ok("registers");
}

/* @nr has no call: -HV_ENOSYS, through its stub if it has one. */
static void check_unknown(uint64_t nr)
{
	char what[32];

	hv_snprintf(what, sizeof(what), "unknown-0x%lx", nr);
	if (nr < PV_STUBS) {
		if (!stub_ok((unsigned int)nr))
			check_fail(what, "stub %lu is not \"mov eax, %lu; ...; ret\"", nr, nr);
		else
			check_ret(what, hypercall0((unsigned int)nr), -HV_ENOSYS);
	} else if (!stub_ok(0)) {
		check_fail(what, "cannot call: stub 0 is not \"mov eax, 0; ...; ret\"");
	} else {
		check_ret(what, hypercall_raw(nr, 0, 0, 0), -HV_ENOSYS);
	}
}

/*
 * The backend's instruction behind a redundant DS prefix (3E) is still
 * the hypercall, four bytes long, and the guest goes on after all four.
 * HC_NULL is answered on the backends' fast paths, which skip the exit's
 * usual decoding but must still step over the whole instruction (on SVM
 * without NRIP save its length is decoded). Stepped over three bytes
 * only, the CPU would run the last one and then "mov eax, 0xdeadbeef".
 */
static void check_prefixed(void)
{
	static uint8_t code[16];
	const uint8_t *stub = pv_hypercall_page + HC_NULL * HV_HYPERCALL_STUB_SIZE;
	static const uint8_t tail[] = {
		0xc3,				/* ret */
		0xb8, 0xef, 0xbe, 0xad, 0xde,	/* mov eax, 0xdeadbeef */
		0xc3,				/* ret */
	};
	uint64_t rax = HC_NULL;

	if (!stub_ok(HC_NULL) || stub[STUB_MOV_LEN + 3] != 0xc3) {
		check_fail("prefixed", "stub %u is not \"mov eax, %u; <3 bytes>; ret\"",
			   HC_NULL, HC_NULL);
		return;
	}
	code[0] = 0x3e;
	memcpy(code + 1, stub + STUB_MOV_LEN, 3);
	memcpy(code + 4, tail, sizeof(tail));
	__asm__ volatile("call *%1"
			 : "+a"(rax) : "r"(code) : "rcx", "r11", "memory", "cc");
	check_ret("prefixed", (int64_t)rax, 0);
}

void pvtest_calls(void)
{
	static const uint64_t unknown[] = {
		HC_COUNT, PV_STUBS - 1, 0xff, HC_ARCH_FIRST, HC_ARCH_LAST,
		0x200, 0xffffffff,
		1ull << 32,		/* HC_NULL, if only EAX were read */
	};

	check_ret("null", hypercall0(HC_NULL), 0);
	check_ret("version", hypercall0(HC_VERSION), HV_ABI_VERSION);
	check_registers();
	check_prefixed();

	/* The raw entry itself, on a number that has a call. */
	if (stub_ok(0))
		check_ret("raw-entry", hypercall_raw(HC_VERSION, 0, 0, 0), HV_ABI_VERSION);
	else
		check_fail("raw-entry", "stub 0 is not \"mov eax, 0; ...; ret\"");
	for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++)
		check_unknown(unknown[i]);
}
