// SPDX-License-Identifier: MIT
/*
 * stiblock: STI holds interrupts back until the instruction after it is
 * done (SDM Vol. 2B, STI; Vol. 3A, 7.8.3), also when that instruction is
 * one a hypervisor carries out (CPUID, OUT, IN, RDMSR). With the PIT's
 * request already waiting at the PIC and IF clear, STI then X: the
 * interrupt must arrive right after X, not before and not later. The
 * handler logs where, as an offset from the STI, and returns with IF
 * clear so that the next round starts the same way.
 */
#include "guest/lib/pic.h"
#include "guest/lib/pit.h"
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/trap.h"
#include "guest/lib/x86.h"

#define TIMER_IRQ	0
#define RFLAGS_IF	(1ULL << 9)
#define POLL_MAX	10000000u
#define MSR_IA32_TSC	0x10

void kmain(uint32_t magic, uint32_t info);

static volatile unsigned int irqs;
static volatile uint64_t irq_rip;

static void on_timer(struct trap_frame *tf)
{
	irqs++;
	irq_rip = tf->rip;
	tf->rflags &= ~RFLAGS_IF;
	pic_eoi(TIMER_IRQ);
}

/* IF is clear: wait until the PIT's request is pending at the PIC. */
static int wait_request(void)
{
	for (unsigned int i = 0; i < POLL_MAX; i++)
		if (pic_read_irr() & (1u << TIMER_IRQ))
			return 0;
	return -1;
}

/*
 * One round: STI, then @insn; sti_N marks the STI and sti_N_end the
 * instruction after @insn.
 */
#define ROUND(n, insn, ...)						\
	static void round_##n(void)					\
	{								\
		extern const char sti_##n[], sti_##n##_end[];		\
		unsigned int before = irqs;				\
									\
		if (wait_request()) {					\
			printf("stiblock: " #n ": no timer request\n");	\
			return;						\
		}							\
		__asm__ volatile("sti_" #n ":\n\t"			\
				 "sti\n\t"				\
				 insn "\n"				\
				 "sti_" #n "_end:\n\t"			\
				 "nop\n\t"				\
				 "cli"					\
				 __VA_ARGS__);				\
		printf("stiblock: %s: %u interrupt(s), at sti+%ld "	\
		       "(after the instruction: %d)\n", #n,		\
		       irqs - before, (long)(irq_rip - (uint64_t)sti_##n), \
		       irq_rip == (uint64_t)sti_##n##_end);		\
	}

ROUND(cpuid, "cpuid", : : "a"(0), "c"(0) : "rbx", "rdx", "memory")
ROUND(out, "outb %%al, $0x80", : : "a"(0x55) : "memory")
ROUND(in, "inb $0x80, %%al", : : : "rax", "memory")
ROUND(rdmsr, "rdmsr", : : "c"(MSR_IA32_TSC) : "rax", "rdx", "memory")
ROUND(nop, "nop", : : : "memory")

void kmain(uint32_t magic, uint32_t info)
{
	trap_init();
	platform_init(magic, info);
	trap_set_handler(TRAP_IRQ_BASE + TIMER_IRQ, on_timer);
	pit_start_periodic(1000);
	pic_unmask(TIMER_IRQ);
	round_cpuid();
	round_out();
	round_in();
	round_rdmsr();
	round_nop();
	printf("stiblock: done\n");
	platform_exit(0);
}
