// SPDX-License-Identifier: MIT
/*
 * tour: the default guest. It prints, one per line, what it finds out about
 * the machine it runs on, and what it does to it: the same transcript
 * natively under QEMU and under the hypervisor. Two kinds of line describe
 * the host rather than the guest and may differ between the two:
 *
 *   "tour: cpuid: ..."  the CPU (vendor, hypervisor bit and signature)
 *   "tour: mmap: ..."   the firmware's memory description: mem_lower,
 *                       mem_upper and the map (QEMU's has holes and
 *                       reserved regions, the hypervisor's is one
 *                       available region: the RAM)
 */
#include "guest/lib/multiboot.h"
#include "guest/lib/paging.h"
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/trap.h"
#include "guest/lib/x86.h"

#define TIMER_HZ	100
#define TIMER_TICKS	10
#define UD2_LEN		2	/* 0f 0b */

void kmain(uint32_t magic, uint32_t info);

static const struct multiboot_info *tour_multiboot(uint32_t magic, uint32_t info)
{
	const struct multiboot_info *mi = mb_info(magic, info);
	const struct multiboot_mmap_entry *e;
	const char *args;
	uint32_t lower, upper;

	if (magic != MULTIBOOT_BOOTLOADER_MAGIC) {
		printf("tour: multiboot: bad magic 0x%x, not started by a Multiboot loader\n",
		       magic);
		return NULL;
	}
	if (!mi) {
		printf("tour: multiboot: information at 0x%x is out of reach\n", info);
		return NULL;
	}
	printf("tour: multiboot: magic 0x%x, started by a Multiboot loader\n", magic);

	args = mb_cmdline_args(mi);
	if (args)
		printf("tour: cmdline: \"%s\"\n", args);
	else
		printf("tour: cmdline: none\n");

	/*
	 * mem_upper is RAM from 1 MiB up, as the firmware reports it:
	 * SeaBIOS keeps its top 128 KiB for itself (and 1 KiB of lower
	 * memory), the hypervisor keeps nothing. Both round up to the same
	 * whole MiB; the raw values are the firmware's and may differ.
	 */
	if (mb_memory(mi, &lower, &upper) == 0) {
		printf("tour: memory: %u MiB of RAM (1 MiB + mem_upper, rounded up to a MiB)\n",
		       (1024 + upper + 1023) / 1024);
		printf("tour: mmap: mem_lower %u KiB, mem_upper %u KiB\n", lower, upper);
	} else {
		printf("tour: memory: not given\n");
	}

	for (e = mb_mmap_first(mi); e; e = mb_mmap_next(mi, e))
		printf("tour: mmap: base 0x%llx length 0x%llx type %u (%s)\n",
		       (unsigned long long)e->base, (unsigned long long)e->length,
		       e->type, mb_mmap_type_name(e->type));
	return mi;
}

static void tour_cpu(void)
{
	uint64_t efer = rdmsr(MSR_EFER);
	struct cpuid_regs r = cpuid(0, 0);
	char vendor[13];
	char sig[13];

	printf("tour: long mode: EFER.LME %d, EFER.LMA %d (RDMSR 0x%x)\n",
	       !!(efer & EFER_LME), !!(efer & EFER_LMA), MSR_EFER);
	printf("tour: paging: identity map of %llu MiB, 4 KiB pages below %llu MiB, 2 MiB pages above\n",
	       PAGING_MAPPED >> 20, PAGING_SMALL >> 20);

	/* The vendor string is EBX, EDX, ECX in that order (SDM Vol. 2A, CPUID). */
	__builtin_memcpy(vendor + 0, &r.ebx, 4);
	__builtin_memcpy(vendor + 4, &r.edx, 4);
	__builtin_memcpy(vendor + 8, &r.ecx, 4);
	vendor[12] = '\0';
	printf("tour: cpuid: vendor \"%s\", max basic leaf 0x%x\n", vendor, r.eax);

	r = cpuid(1, 0);
	if (!(r.ecx & CPUID_1_ECX_HYPERVISOR)) {
		printf("tour: cpuid: hypervisor bit clear\n");
		return;
	}
	printf("tour: cpuid: hypervisor bit set\n");

	/* The hypervisor's signature is EBX, ECX, EDX, as KVM and Xen have it. */
	r = cpuid(CPUID_HV_BASE, 0);
	__builtin_memcpy(sig + 0, &r.ebx, 4);
	__builtin_memcpy(sig + 4, &r.ecx, 4);
	__builtin_memcpy(sig + 8, &r.edx, 4);
	sig[12] = '\0';
	for (int i = 0; i < 12 && sig[i]; i++)
		if (sig[i] < 0x20 || sig[i] > 0x7e)
			sig[i] = '.';
	printf("tour: cpuid: hypervisor signature \"%s\", max leaf 0x%x\n", sig, r.eax);
}

static void tour_idt(void)
{
	struct desc_ptr idtr = sidt();

	printf("tour: idt: installed at 0x%lx, limit 0x%x, stubs for vectors 0-%d\n",
	       idtr.base, idtr.limit, TRAP_VECTORS - 1);
}

/* The ud2 the tour executes on purpose; its own function, so one copy. */
extern const char tour_ud2[];

static __attribute__((noinline)) void raise_ud(void)
{
	__asm__ volatile(".globl tour_ud2\ntour_ud2:\n\tud2" : : : "memory");
}

static volatile int ud_seen;

/* #UD is a fault: the saved RIP is the ud2 itself (SDM Vol. 3A, 6.5). */
static void on_ud(struct trap_frame *tf)
{
	printf("tour: trap: %s (vector %lu) at rip 0x%lx = tour_ud2+%lu, skipping its %d bytes\n",
	       trap_name((unsigned int)tf->vector), tf->vector, tf->rip,
	       tf->rip - (uint64_t)tour_ud2, UD2_LEN);
	tf->rip += UD2_LEN;
	ud_seen = 1;
}

static void tour_trap(void)
{
	trap_handler_t old = trap_set_handler(VEC_UD, on_ud);

	raise_ud();
	trap_set_handler(VEC_UD, old);
	printf("tour: trap: %s after the ud2\n", ud_seen ? "carried on" : "no #UD?");
}

static int tour_timer(void)
{
	if (platform_timer_start(TIMER_HZ)) {
		printf("tour: timer: cannot run at %d Hz\n", TIMER_HZ);
		return -1;
	}
	printf("tour: timer: started at %d Hz, waiting with HLT for %d ticks\n",
	       TIMER_HZ, TIMER_TICKS);
	while (platform_ticks() < TIMER_TICKS)
		platform_idle();
	printf("tour: timer: %d ticks\n", TIMER_TICKS);
	return 0;
}

void kmain(uint32_t magic, uint32_t info)
{
	trap_init();
	platform_init(magic, info);

	if (!tour_multiboot(magic, info))
		platform_exit(1);
	tour_cpu();
	tour_idt();
	tour_trap();
	if (tour_timer())
		platform_exit(2);
	printf("tour: done\n");
	platform_exit(0);
}
