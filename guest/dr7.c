// SPDX-License-Identifier: MIT
/*
 * dr7: a data breakpoint (DR0 on a 4-byte variable, writes, DR7.L0) set
 * once, then several instructions that leave the guest for the hypervisor
 * (CPUID, OUT to port 0x80, IN from the serial port), then a write to the
 * variable: the #DB trap must come right after that write with DR6.B0 set
 * (SDM Vol. 3A, 19.2), and DR0/DR7 must read back as written. Then
 * IA32_DEBUGCTL.BTF across the same exits (17.4.1; QEMU's TCG reads 0).
 */
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/trap.h"
#include "guest/lib/x86.h"

#define VEC_DB		1
#define MSR_IA32_DEBUGCTL 0x1d9
#define DEBUGCTL_BTF	(1ULL << 1)	/* single-step on branches, 17.4.3 */
#define DR6_RESET	0xffff0ff0ULL
/* L0, GE, R/W0 = 01 (data writes), LEN0 = 11 (4 bytes): SDM Figure 19-1. */
#define DR7_WATCH	(1ULL | 1ULL << 9 | 1ULL << 16 | 3ULL << 18)

void kmain(uint32_t magic, uint32_t info);
extern const char bp_write[], bp_after[];

static volatile uint32_t watched __attribute__((aligned(8)));
static unsigned int hits;
static uint64_t hit_rip, hit_dr6;

#define READ_DR(n)							\
static uint64_t read_dr##n(void)					\
{									\
	uint64_t v;							\
	__asm__ volatile("mov %%db" #n ", %0" : "=r"(v));		\
	return v;							\
}
READ_DR(0)
READ_DR(6)
READ_DR(7)

static void on_db(struct trap_frame *tf)
{
	hits++;
	hit_rip = tf->rip;
	hit_dr6 = read_dr6();
	__asm__ volatile("mov %0, %%db6" : : "r"(DR6_RESET));
}

void kmain(uint32_t magic, uint32_t info)
{
	trap_init();
	platform_init(magic, info);
	trap_set_handler(VEC_DB, on_db);
	__asm__ volatile("mov %0, %%db6" : : "r"(DR6_RESET));
	__asm__ volatile("mov %0, %%db0" : : "r"((uint64_t)&watched));
	__asm__ volatile("mov %0, %%db7" : : "r"(DR7_WATCH));
	cpuid(0, 0);
	outb(0x80, 0x55);
	(void)inb(0x3fd);
	cpuid(1, 0);
	printf("dr7: DR0 is the variable: %d\n",
	       read_dr0() == (uint64_t)&watched);
	printf("dr7: DR7 after exits 0x%lx\n", read_dr7());
	printf("dr7: #DB before the write: %u\n", hits);
	__asm__ volatile("bp_write:\n\t"
			 "movl $1, %0\n"
			 "bp_after:\n\t"
			 "nop"
			 : "=m"(watched) : : "memory");
	printf("dr7: #DB count %u\n", hits);
	printf("dr7: #DB right after the write: %d\n",
	       hit_rip == (uint64_t)bp_after);
	printf("dr7: DR6 at the #DB 0x%lx\n", hit_dr6);
	__asm__ volatile("mov %0, %%db7" : : "r"(0x400ULL));
	watched = 2;
	printf("dr7: #DB count with DR7 cleared %u\n", hits);
	/* IA32_DEBUGCTL is the guest's too: kept across the same exits. */
	wrmsr(MSR_IA32_DEBUGCTL, DEBUGCTL_BTF);
	cpuid(0, 0);
	outb(0x80, 0x55);
	(void)inb(0x3fd);
	printf("dr7: DEBUGCTL BTF after exits 0x%lx\n",
	       rdmsr(MSR_IA32_DEBUGCTL));
	wrmsr(MSR_IA32_DEBUGCTL, 0);
	printf("dr7: DEBUGCTL written 0 0x%lx\n", rdmsr(MSR_IA32_DEBUGCTL));
	printf("dr7: done\n");
	platform_exit(0);
}
