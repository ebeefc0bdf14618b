// SPDX-License-Identifier: MIT
/*
 * A hypercall completes as an instruction the CPU runs (docs/platform.md,
 * "CPU state across exits"), even HC_NULL, which the backends answer on
 * their fast paths:
 *
 *   step-null:   under RFLAGS.TF, a single-step #DB right after the
 *                VMCALL/VMMCALL (SDM Vol. 3A, 19.3.1.4), with DR6.BS;
 *   shadow-null: STI then the hypercall, with an interrupt waiting: the
 *                STI shadow covers the hypercall only, so the interrupt
 *                comes right after it (SDM Vol. 3A, 7.8.3), not one
 *                instruction later;
 *   rf-null:     execute breakpoints on the hypercall and on the NOP after
 *                it, each #DB returning with RF set (as a debugger
 *                resumes): the hypercall completes, which clears RF, so
 *                both are hit (SDM Vol. 3A, 19.3.1.1), B0 then B1.
 *
 * The instruction is the page's own (stub bytes copied after the MOV EAX),
 * so the test is the same on both vendors.
 */
#include "guest/lib/apic.h"
#include "guest/lib/trap.h"
#include "guest/pvtest/pvtest.h"
#include "hv/lib/string.h"

#define VEC_DB		1
#define VEC_SELF	0xe0		/* any vector above the exceptions */
#define RFLAGS_TF	(1ULL << 8)
#define RFLAGS_RF	(1ULL << 16)
#define DR6_BS		(1ULL << 14)
#define DR6_RESET	0xffff0ff0ULL
#define MAX_STEPS	8

static uint8_t code[16];
static unsigned int steps;
static uint64_t step_at[MAX_STEPS], step_dr6;
static uint64_t irq_at;
static unsigned int bp_hits;
static uint64_t bp_at[MAX_STEPS], bp_dr6[MAX_STEPS];

static void on_db(struct trap_frame *tf)
{
	uint64_t dr6;

	__asm__ volatile("mov %%db6, %0" : "=r"(dr6));
	if (steps < MAX_STEPS)
		step_at[steps] = tf->rip - (uint64_t)code;
	steps++;
	step_dr6 |= dr6;
	__asm__ volatile("mov %0, %%db6" : : "r"(DR6_RESET));
	/* Stop before the RET: the caller's own steps are no test. */
	if (tf->rip == (uint64_t)code + 4 || steps >= MAX_STEPS)
		tf->rflags &= ~RFLAGS_TF;
}

static void on_breakpoint(struct trap_frame *tf)
{
	uint64_t dr6;

	__asm__ volatile("mov %%db6, %0" : "=r"(dr6));
	if (bp_hits < MAX_STEPS) {
		bp_at[bp_hits] = tf->rip - (uint64_t)code;
		bp_dr6[bp_hits] = dr6;
	} else {
		__asm__ volatile("mov %0, %%db7" : : "r"(0x400ULL));
	}
	bp_hits++;
	__asm__ volatile("mov %0, %%db6" : : "r"(DR6_RESET));
	tf->rflags |= RFLAGS_RF;
}

static void on_self_ipi(struct trap_frame *tf)
{
	irq_at = tf->rip - (uint64_t)code;
	lapic_eoi();
}

/* code = <the hypercall's 3 bytes>, NOP, RET; CALLed with TF set. */
static void check_step(const uint8_t *insn)
{
	uint64_t rax = HC_NULL;
	trap_handler_t old = trap_set_handler(VEC_DB, on_db);

	memcpy(code, insn, 3);
	code[3] = 0x90;
	code[4] = 0xc3;
	steps = 0;
	step_dr6 = 0;
	__asm__ volatile("mov %0, %%db6" : : "r"(DR6_RESET));
	/* POPF sets TF: the first trap is after the CALL. */
	__asm__ volatile("pushfq\n\t"
			 "orq $0x100, (%%rsp)\n\t"
			 "popfq\n\t"
			 "call *%1"
			 : "+a"(rax) : "r"(code)
			 : "rcx", "r11", "memory", "cc");
	trap_set_handler(VEC_DB, old);
	if (steps != 3 || step_at[0] != 0 || step_at[1] != 3 ||
	    step_at[2] != 4)
		check_fail("step-null", "%u single steps, at code+%lu, +%lu, +%lu; "
			   "expected 3, at +0 (CALL), +3 (the hypercall), +4 (NOP)",
			   steps, step_at[0], step_at[1], step_at[2]);
	else if (!(step_dr6 & DR6_BS))
		check_fail("step-null", "DR6 0x%lx: BS not set", step_dr6);
	else
		check_ret("step-null", (int64_t)rax, 0);
}

/* code = STI, <the hypercall's 3 bytes>, NOP, CLI, RET; IF=0, IRR set. */
static void check_shadow(const uint8_t *insn)
{
	uint64_t rax = HC_NULL;
	trap_handler_t old = trap_set_handler(VEC_SELF, on_self_ipi);

	code[0] = 0xfb;
	memcpy(code + 1, insn, 3);
	code[4] = 0x90;
	code[5] = 0xfa;
	code[6] = 0xc3;
	irq_at = ~0ull;
	apic_map();
	lapic_write(APIC_SVR, APIC_SVR_ENABLE | 0xff);
	lapic_write(APIC_TPR, 0);
	__asm__ volatile("cli" ::: "memory");
	lapic_write(APIC_ICR, APIC_ICR_SELF | VEC_SELF);	/* waits: IF=0 */
	__asm__ volatile("call *%1"
			 : "+a"(rax) : "r"(code)
			 : "rcx", "r11", "memory", "cc");
	lapic_write(APIC_SVR, 0xff);	/* software-disabled, as it was */
	trap_set_handler(VEC_SELF, old);
	if (irq_at != 4)
		check_fail("shadow-null", "the interrupt came at code+%ld; expected "
			   "+4, right after the hypercall in the STI shadow",
			   (long)irq_at);
	else
		check_ret("shadow-null", (int64_t)rax, 0);
}

/* code = <the hypercall's 3 bytes>, NOP, RET; DR0 on +0, DR1 on +3. */
static void check_rf(const uint8_t *insn)
{
	uint64_t rax = HC_NULL;
	trap_handler_t old = trap_set_handler(VEC_DB, on_breakpoint);

	memcpy(code, insn, 3);
	code[3] = 0x90;
	code[4] = 0xc3;
	bp_hits = 0;
	__asm__ volatile("mov %0, %%db6" : : "r"(DR6_RESET));
	__asm__ volatile("mov %0, %%db0" : : "r"((uint64_t)code));
	__asm__ volatile("mov %0, %%db1" : : "r"((uint64_t)code + 3));
	/* L0, L1; R/W and LEN 00: instruction breakpoints (SDM Fig. 19-1). */
	__asm__ volatile("mov %0, %%db7" : : "r"(0x405ULL));
	__asm__ volatile("call *%1"
			 : "+a"(rax) : "r"(code)
			 : "rcx", "r11", "memory", "cc");
	__asm__ volatile("mov %0, %%db7" : : "r"(0x400ULL));
	trap_set_handler(VEC_DB, old);
	if (bp_hits != 2 || bp_at[0] != 0 || bp_at[1] != 3)
		check_fail("rf-null", "%u breakpoints, at code+%lu, +%lu; expected "
			   "2, at +0 (the hypercall) and +3 (NOP)",
			   bp_hits, bp_at[0], bp_at[1]);
	else if ((bp_dr6[0] & 0xf) != 1 || (bp_dr6[1] & 0xf) != 2)
		check_fail("rf-null", "DR6 0x%lx, 0x%lx: expected B0, then B1",
			   bp_dr6[0], bp_dr6[1]);
	else
		check_ret("rf-null", (int64_t)rax, 0);
}

void pvtest_step(void)
{
	const uint8_t *insn = pv_hypercall_page + HC_NULL * HV_HYPERCALL_STUB_SIZE +
			      STUB_MOV_LEN;

	if (!stub_ok(HC_NULL) || insn[3] != 0xc3) {
		check_fail("step-null", "stub %u is not \"mov eax, %u; <3 bytes>; ret\"",
			   HC_NULL, HC_NULL);
		return;
	}
	check_step(insn);
	check_shadow(insn);
	check_rf(insn);
}
