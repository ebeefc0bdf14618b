// SPDX-License-Identifier: MIT
/*
 * singlestep: RFLAGS.TF over instructions a hypervisor carries out for
 * the guest (CPUID, OUT to port 0x80, RDMSR) and ones the CPU runs itself
 * (NOP, MOV), an MMIO write and read (the IOAPIC's IOREGSEL and IOWIN,
 * which the hypervisor emulates), and a REP OUTSB of three bytes, which
 * traps after each
 * iteration. A single-step #DB is a trap after each instruction (SDM
 * Vol. 3A, 19.3.1.4) with DR6.BS set, but none between a MOV SS and the
 * instruction after it, here a CPUID (SDM 7.8.3). The handler logs where
 * it stopped, as an offset from the label, and DR6, and puts DR6 back to
 * its reset value as a debugger must (the CPU never clears BS).
 */
#include "guest/lib/apic.h"
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/trap.h"
#include "guest/lib/x86.h"

#define VEC_DB		1
#define RFLAGS_TF	(1ULL << 8)
#define DR6_RESET	0xffff0ff0ULL
#define MAX_STEPS	24
#define MSR_IA32_TSC	0x10

void kmain(uint32_t magic, uint32_t info);
extern const char ss_start[], ss_rep[], ss_end[];

static const uint8_t rep_bytes[3] = { 0x11, 0x22, 0x33 };
static unsigned int steps;
static uint64_t step_rip[MAX_STEPS], step_dr6[MAX_STEPS];
static uint64_t step_flags[MAX_STEPS], step_rcx[MAX_STEPS];

static uint64_t read_dr6(void)
{
	uint64_t v;

	__asm__ volatile("mov %%db6, %0" : "=r"(v));
	return v;
}

static void write_dr6(uint64_t v)
{
	__asm__ volatile("mov %0, %%db6" : : "r"(v));
}

static uint64_t read_rflags(void)
{
	uint64_t v;

	__asm__ volatile("pushfq; popq %0" : "=r"(v));
	return v;
}

static void on_db(struct trap_frame *tf)
{
	if (steps < MAX_STEPS) {
		step_rip[steps] = tf->rip;
		step_dr6[steps] = read_dr6();
		step_flags[steps] = tf->rflags;
		step_rcx[steps] = tf->rcx;
	}
	steps++;
	write_dr6(DR6_RESET);
	if (tf->rip == (uint64_t)ss_end || steps >= MAX_STEPS)
		tf->rflags &= ~RFLAGS_TF;
}

void kmain(uint32_t magic, uint32_t info)
{
	trap_init();
	platform_init(magic, info);
	trap_set_handler(VEC_DB, on_db);
	apic_map();
	write_dr6(DR6_RESET);
	/* POPF sets TF: the first trap is after the instruction after it. */
	__asm__ volatile("pushfq\n\t"
			 "orq $0x100, (%%rsp)\n\t"
			 "popfq\n"
			 "ss_start:\n\t"
			 "nop\n\t"
			 "xorl %%eax, %%eax\n\t"
			 "xorl %%ecx, %%ecx\n\t"
			 "cpuid\n\t"
			 "movb $0x55, %%al\n\t"
			 "outb %%al, $0x80\n\t"
			 "movl %[tsc], %%ecx\n\t"
			 "rdmsr\n\t"
			 "movw %%ss, %%ax\n\t"
			 "movw %%ax, %%ss\n\t"
			 "cpuid\n\t"
			 "movq %[ioapic], %%rdi\n\t"
			 "movl $1, (%%rdi)\n\t"
			 "movl 0x10(%%rdi), %%eax\n\t"
			 "leaq %[rep], %%rsi\n\t"
			 "movl $3, %%ecx\n\t"
			 "movw $0x80, %%dx\n"
			 "ss_rep:\n\t"
			 "rep outsb\n\t"
			 "nop\n"
			 "ss_end:\n\t"
			 : : [tsc] "i"(MSR_IA32_TSC), [rep] "m"(rep_bytes),
			   [ioapic] "i"((uint64_t)IOAPIC_BASE)
			 : "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "memory",
			   "cc");
	printf("singlestep: #DB count %u\n", steps);
	/* RCX only from the REP on: before, CPUID put the CPU's in it. */
	for (unsigned int i = 0; i < steps && i < MAX_STEPS; i++) {
		printf("singlestep: step %u: rip ss_start+%lu dr6 0x%lx tf %d",
		       i, step_rip[i] - (uint64_t)ss_start, step_dr6[i],
		       !!(step_flags[i] & RFLAGS_TF));
		if (step_rip[i] >= (uint64_t)ss_rep)
			printf(" rcx %lu", step_rcx[i] & 0xffffffff);
		printf("\n");
	}
	printf("singlestep: TF after the last step: %d\n",
	       !!(read_rflags() & RFLAGS_TF));
	printf("singlestep: done\n");
	platform_exit(0);
}
