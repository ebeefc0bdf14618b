// SPDX-License-Identifier: MIT
/*
 * rf: RFLAGS.RF across instructions a hypervisor completes. Two execute
 * breakpoints (DR7 R/W = 00, LEN = 00): DR0 on an instruction that leaves
 * the guest (CPUID, OUT to port 0x80, a write to the IOAPIC's MMIO), DR1
 * on the one right after it. The #DB handler sets RF in the RFLAGS it
 * returns to, as a debugger resumes from an instruction breakpoint: RF
 * lets the instruction run once without its breakpoint, and the processor
 * clears RF when it completes (SDM Vol. 3A, 19.3.1.1), so the breakpoint
 * on the next instruction is hit too: two #DBs, B0 then B1 in DR6.
 */
#include "guest/lib/apic.h"
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/trap.h"
#include "guest/lib/x86.h"

#define VEC_DB		1
#define RFLAGS_RF	(1ULL << 16)
#define DR6_RESET	0xffff0ff0ULL
/* L0 and L1, R/W0 = R/W1 = 00 (execute), LEN = 00: SDM Figure 19-1. */
#define DR7_EXEC01	(0x400ULL | 1ULL | 1ULL << 2)
#define DR7_OFF		0x400ULL
#define MAX_HITS	4		/* more: RF is not honoured, stop */

void kmain(uint32_t magic, uint32_t info);
extern const char rf_cpuid[], rf_cpuid_next[];
extern const char rf_out[], rf_out_next[];
extern const char rf_mmio[], rf_mmio_next[];

static unsigned int hits;
static uint64_t hit_rip[MAX_HITS], hit_dr6[MAX_HITS];

static uint64_t read_dr6(void)
{
	uint64_t v;

	__asm__ volatile("mov %%db6, %0" : "=r"(v));
	return v;
}

static void write_dr(unsigned int n, uint64_t v)
{
	switch (n) {
	case 0: __asm__ volatile("mov %0, %%db0" : : "r"(v)); break;
	case 1: __asm__ volatile("mov %0, %%db1" : : "r"(v)); break;
	case 6: __asm__ volatile("mov %0, %%db6" : : "r"(v)); break;
	case 7: __asm__ volatile("mov %0, %%db7" : : "r"(v)); break;
	}
}

static void on_db(struct trap_frame *tf)
{
	if (hits < MAX_HITS) {
		hit_rip[hits] = tf->rip;
		hit_dr6[hits] = read_dr6();
	} else {
		write_dr(7, DR7_OFF);
	}
	hits++;
	write_dr(6, DR6_RESET);
	tf->rflags |= RFLAGS_RF;
}

static void arm(const char *first, const char *next)
{
	hits = 0;
	write_dr(6, DR6_RESET);
	write_dr(0, (uint64_t)first);
	write_dr(1, (uint64_t)next);
	write_dr(7, DR7_EXEC01);
}

static void report(const char *what, const char *first)
{
	write_dr(7, DR7_OFF);
	printf("rf: %s: #DB count %u\n", what, hits);
	for (unsigned int i = 0; i < hits && i < MAX_HITS; i++)
		printf("rf: %s: #DB %u at +%ld, DR6 0x%lx\n", what, i,
		       (long)(hit_rip[i] - (uint64_t)first), hit_dr6[i]);
}

void kmain(uint32_t magic, uint32_t info)
{
	uint32_t a = 0, b, c = 0, d;

	trap_init();
	platform_init(magic, info);
	apic_map();
	trap_set_handler(VEC_DB, on_db);

	arm(rf_cpuid, rf_cpuid_next);
	__asm__ volatile("rf_cpuid:\n\t"
			 "cpuid\n"
			 "rf_cpuid_next:\n\t"
			 "nop"
			 : "+a"(a), "=b"(b), "+c"(c), "=d"(d) : : "memory");
	report("CPUID", rf_cpuid);

	arm(rf_out, rf_out_next);
	__asm__ volatile("rf_out:\n\t"
			 "outb %%al, $0x80\n"
			 "rf_out_next:\n\t"
			 "nop"
			 : : "a"(0x55) : "memory");
	report("OUT", rf_out);

	/* IOREGSEL = 1 (the version register): an MMIO write, emulated. */
	arm(rf_mmio, rf_mmio_next);
	__asm__ volatile("rf_mmio:\n\t"
			 "movl %%eax, (%1)\n"
			 "rf_mmio_next:\n\t"
			 "nop"
			 : : "a"(IOAPIC_REG_VER), "r"((uint64_t)IOAPIC_BASE)
			 : "memory");
	report("MMIO", rf_mmio);

	printf("rf: done\n");
	platform_exit(0);
}
