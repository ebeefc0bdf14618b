// SPDX-License-Identifier: MIT
/*
 * A guest that attacks the hypervisor, in the way its command line names
 * (the first word without '='), to show that the hypervisor contains it:
 *
 *   spin               cli; jmp . forever: no exit, no interrupt, only the
 *                      VMX-preemption timer takes the CPU back
 *   storm              RDMSR of an MSR nobody has, forever, with a #GP
 *                      handler that returns to the RDMSR: an exit and an
 *                      injected #GP each time
 *   hypercall-garbage  random hypercalls (numbers 0..0x210, random
 *                      arguments) forever; never HC_SHUTDOWN, HC_BLOCK or
 *                      HC_TIMER_SET, so it neither ends nor sleeps
 *   ports              random port I/O and RDMSR/WRMSR forever, never the
 *                      exit port 0xf4-0xf7
 *   kvm-msrs           (pv=kvm) KVM's MSRs 0x4b564d00-0x4b564d0f written
 *                      and read with hostile values forever (random,
 *                      misaligned, across pages, at and past the end of
 *                      RAM, on the APIC, and good addresses in a scratch
 *                      area fenced by bytes that must stay as they are),
 *                      and VMCALLs with random RAX
 *   triple             an empty IDT, then INT3: triple fault
 *   ept-read           read guest-physical 512 MiB, outside its RAM
 *   ept-write          write there
 *   other-ram          read just past its RAM, then at 64 MiB, 256 MiB,
 *                      512 MiB: where other guests' RAM might be
 *
 * Each prints one line saying what it is about to do, first; the last
 * four must be stopped at their first bad access, the first five run
 * until a time limit ends them. Options:
 *
 *   platform=pc|pv  pv needed for hypercall-garbage
 *   seed=N          for the random ones (default 1): a run repeats
 *   report=N        a line every N iterations (0, the default: never)
 *   com1=0          ports leaves COM1 alone (natively QEMU 7.2 aborts on
 *                   a word read of COM1)
 *   pit=0           ports never writes the PIT
 *   msg=any         hypercall-garbage may message other guests too
 *
 * Status 1: still running when it should not be; 2: a request it does
 * not know.
 */
#include "guest/lib/args.h"
#include "guest/lib/chaos.h"
#include "guest/lib/guard.h"
#include "guest/lib/multiboot.h"
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/pv.h"
#include "guest/lib/trap.h"
#include "guest/lib/x86.h"
#include "hv/lib/string.h"

#define MiB		(1ull << 20)
#define OUTSIDE_RAM	(512 * MiB)	/* as crash.c */
#define STORM_MSR	0x12345678u	/* no CPU has it */
#define BAD_SELECTOR	0xfff8		/* far beyond entry.asm's GDT */
#define DEFAULT_SEED	1

void kmain(uint32_t magic, uint32_t info);

static const struct multiboot_info *mi;
static uint64_t ram_bytes;
static uint64_t report;		/* a line every this many iterations; 0: none */

/*
 * Every line is followed by platform_console_flush(): pv buffers output,
 * and what is still in the buffer when the hypervisor stops us is lost.
 */

/* ---------------------------------------------------------------- spin */

static void spin(void)
{
	printf("hostile: spin: cli; jmp . forever, interrupts off: only the preemption timer takes the CPU back\n");
	platform_console_flush();
	__asm__ volatile("cli\n1:\tjmp 1b" : : : "memory");
	__builtin_unreachable();
}

/* ---------------------------------------------------------------- storm */

static volatile uint64_t storms;

/* Count it and return to the faulting instruction itself: it faults again. */
static void storm_gp(struct trap_frame *tf)
{
	(void)tf;
	storms++;
	if (report && storms % report == 0) {
		printf("hostile: storm: %lu #GPs\n", storms);
		platform_console_flush();
	}
}

static void storm(void)
{
	uint64_t v;

	/*
	 * Natively QEMU's TCG reads unknown MSRs as 0 (guest/exits knows it
	 * too): there a selector beyond the GDT makes the #GP instead. Under
	 * EduHV the RDMSR faults, and each fault is an exit.
	 */
	if (rdmsr_guarded(STORM_MSR, &v) == VEC_GP) {
		printf("hostile: storm: RDMSR 0x%x forever, its #GP handler returns to the RDMSR\n",
		       STORM_MSR);
		platform_console_flush();
		trap_set_handler(VEC_GP, storm_gp);
		__asm__ volatile("1:\trdmsr\n\tjmp 1b"
				 : : "c"(STORM_MSR) : "rax", "rdx", "memory");
	} else {
		printf("hostile: storm: RDMSR 0x%x does not fault here; MOV DS, 0x%x forever instead, its #GP handler returns to the MOV\n",
		       STORM_MSR, BAD_SELECTOR);
		platform_console_flush();
		trap_set_handler(VEC_GP, storm_gp);
		__asm__ volatile("1:\tmov %0, %%ds\n\tjmp 1b"
				 : : "r"((uint16_t)BAD_SELECTOR) : "memory");
	}
	__builtin_unreachable();
}

/* ---------------------------------------------------------------- random */

static uint64_t seed(void)
{
	uint64_t s = DEFAULT_SEED;

	mb_cmdline_u64(mi, "seed", &s);
	return s;
}

static void hypercall_garbage(void)
{
	static struct hv_self_abi self;
	static struct chaos c;
	struct chaos_call k;
	char buf[8];
	unsigned int flags = 0;
	uint64_t s = seed();

	if (strcmp(platform_name(), "pv")) {
		printf("hostile: hypercall-garbage: needs platform=pv under EduHV\n");
		platform_exit(EXIT_NO_HYPERVISOR);
	}
	if (mb_cmdline_value(mi, "msg", buf, sizeof(buf)) >= 0 && !strcmp(buf, "any"))
		flags |= CHAOS_MSG_ANY;
	chaos_init(&c, s, ram_bytes, flags);
	if (hypercall1(HC_SELF, (uint64_t)(uintptr_t)&self) == 0)
		chaos_calls_init(&c, self.id, self.guest_count);
	else
		chaos_calls_init(&c, 0, 1);
	printf("hostile: hypercall-garbage: random hypercalls 0..0x%x, random arguments, forever (seed %lu; never HC_SHUTDOWN, HC_BLOCK, HC_TIMER_SET)\n",
	       CHAOS_NR_MAX, s);
	platform_console_flush();
	for (uint64_t n = 1;; n++) {
		chaos_pick_call(&c, &k);
		chaos_issue(&k);
		if (report && n % report == 0) {
			printf("hostile: hypercall-garbage: %lu calls\n", n);
			platform_console_flush();
		}
	}
}

static void ports(void)
{
	static struct chaos c;
	char why[160];
	uint64_t s = seed(), com1 = 1, n = 0, next = report;

	mb_cmdline_u64(mi, "com1", &com1);
	chaos_init(&c, s, ram_bytes, com1 ? 0 : CHAOS_NO_COM1);
	printf("hostile: ports: random port I/O and RDMSR/WRMSR forever (seed %lu; never ports 0xf4-0xf7%s)\n",
	       s, com1 ? "" : " nor COM1 0x3f8-0x3ff");
	platform_console_flush();
	for (;;) {
		n += chaos_access(&c, why, sizeof(why));
		if (report && n >= next) {
			printf("hostile: ports: %lu accesses (%lu in, %lu out, %lu string, %lu rdmsr, %lu wrmsr, %lu #GP)\n",
			       n, c.port_in, c.port_out, c.port_string,
			       c.msr_read, c.msr_write, c.msr_gp);
			platform_console_flush();
			next += report;
		}
	}
}

/*
 * kvm-msrs: the hypervisor may write a registered structure only into
 * the scratch area (the good addresses point there), never into the
 * fences around it, never outside RAM, and must #GP the rest.
 */
#define KVM_FENCE	4096
static uint8_t kvm_area[3 * 4096] __attribute__((aligned(4096)));

static int kvm_fences_intact(void)
{
	for (size_t i = 0; i < KVM_FENCE; i++)
		if (kvm_area[i] != 0x5a ||
		    kvm_area[sizeof(kvm_area) - 1 - i] != 0x5a)
			return 0;
	return 1;
}

static uint64_t kvm_hostile_value(struct chaos *c)
{
	uint64_t r = chaos_rand(c), scratch = (uint64_t)kvm_area + KVM_FENCE;

	switch (r % 8) {
	case 0:
		return chaos_rand(c);			/* anything */
	case 1:
		return scratch + (r >> 8) % 4096;  /* misaligned, across */
	case 2:
		return (ram_bytes - (r >> 8) % 64) | (r >> 16 & 1);
	case 3:
		return ram_bytes + ((r >> 8) % 4096) * 4096 + 1;
	case 4:
		return 0xfee00001;			/* the APIC's page */
	case 5:
		return (1ull << (32 + (r >> 8) % 20)) | 1;
	default:					/* good ones */
		return scratch + ((r >> 8) % 64) * 64 + (r >> 16 & 1);
	}
}

static void kvm_msrs(void)
{
	static struct chaos c;
	uint64_t s = seed(), gp = 0, ok = 0, value;

	struct cpuid_regs h = cpuid(CPUID_HV_BASE, 0);

	/* Random VMCALLs are harmless only under KVM's numbers. */
	if (h.ebx != 0x4b4d564b || h.ecx != 0x564b4d56 || h.edx != 0x4d) {
		printf("hostile: kvm-msrs: needs pv=kvm (KVM's signature)\n");
		platform_exit(EXIT_NO_HYPERVISOR);
	}
	chaos_init(&c, s, ram_bytes, 0);
	memset(kvm_area, 0x5a, sizeof(kvm_area));
	printf("hostile: kvm-msrs: KVM's MSRs with hostile values and random "
	       "VMCALLs forever (seed %lu)\n", s);
	platform_console_flush();
	for (uint64_t n = 1;; n++) {
		uint32_t msr = 0x4b564d00u + (uint32_t)(chaos_rand(&c) % 16);
		uint64_t rax = chaos_rand(&c) % 0x20;

		if (wrmsr_guarded(msr, kvm_hostile_value(&c)) < 0)
			ok++;
		else
			gp++;
		rdmsr_guarded(msr, &value);
		guard_begin();
		__asm__ volatile(GUARDED("vmcall") : "+a"(rax) : : "memory");
		if (report && n % report == 0) {
			printf("hostile: kvm-msrs: %lu writes (%lu accepted, "
			       "%lu #GP), fences %s\n", n, ok, gp,
			       kvm_fences_intact() ? "intact" : "WRITTEN");
			platform_console_flush();
		}
	}
}

/* ---------------------------------------------------------------- stopped at once */

static void triple(void)
{
	struct desc_ptr empty = { 0, 0 };

	printf("hostile: triple: an empty IDT, then INT3: #BP finds no gate, nor does #GP, nor #DF: triple fault\n");
	platform_console_flush();
	__asm__ volatile("lidt %0; int3" : : "m"(empty));
}

static void ept_read(void)
{
	printf("hostile: ept-read: reading guest-physical 0x%llx, outside its RAM\n",
	       OUTSIDE_RAM);
	platform_console_flush();
	printf("hostile: ept-read: read 0x%lx\n",
	       *(volatile uint64_t *)(uintptr_t)OUTSIDE_RAM);
}

static void ept_write(void)
{
	printf("hostile: ept-write: writing guest-physical 0x%llx, outside its RAM\n",
	       OUTSIDE_RAM);
	platform_console_flush();
	*(volatile uint64_t *)(uintptr_t)OUTSIDE_RAM = 1;
}

/*
 * Just past our RAM, then where the RAM of other guests might lie if the
 * hypervisor gave out host memory as it comes: all of it below the GiB
 * entry.asm maps, so the access is ours to make and the EPT's to refuse.
 */
static void other_ram(void)
{
	const uint64_t where[] = { ram_bytes, 64 * MiB, 256 * MiB, 512 * MiB };

	for (size_t i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
		if (where[i] < ram_bytes || (i && where[i] == ram_bytes))
			continue;
		if (i == 0)
			printf("hostile: other-ram: reading guest-physical 0x%lx, just past its %lu KiB of RAM\n",
			       where[i], ram_bytes >> 10);
		else
			printf("hostile: other-ram: reading guest-physical 0x%lx (%lu MiB)\n",
			       where[i], where[i] >> 20);
		platform_console_flush();
		printf("hostile: other-ram: read 0x%lx at 0x%lx and was not stopped\n",
		       *(volatile uint64_t *)(uintptr_t)where[i], where[i]);
	}
}

/* ---------------------------------------------------------------- main */

static const struct {
	const char *name;
	void (*run)(void);
} modes[] = {
	{ "spin", spin },
	{ "storm", storm },
	{ "hypercall-garbage", hypercall_garbage },
	{ "ports", ports },
	{ "kvm-msrs", kvm_msrs },
	{ "triple", triple },
	{ "ept-read", ept_read },
	{ "ept-write", ept_write },
	{ "other-ram", other_ram },
};

/* 1 MiB plus mem_upper: exact under EduHV, SeaBIOS keeps a little natively. */
static uint64_t multiboot_ram(void)
{
	uint32_t lower, upper;

	if (!mi || mb_memory(mi, &lower, &upper))
		return 2 * MiB;
	return (1024ull + upper) * 1024;
}

void kmain(uint32_t magic, uint32_t info)
{
	char what[24];

	trap_init();
	platform_init(magic, info);
	mi = mb_info(magic, info);
	ram_bytes = multiboot_ram();
	mb_cmdline_u64(mi, "report", &report);
	mb_cmdline_word(mi, what, sizeof(what));

	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		if (strcmp(what, modes[i].name))
			continue;
		modes[i].run();
		printf("hostile: %s: still running, which it should not be\n", what);
		platform_exit(1);
	}
	printf("hostile: unknown request \"%s\"; use spin, storm, hypercall-garbage, ports, kvm-msrs, triple, ept-read, ept-write or other-ram\n",
	       what);
	platform_exit(2);
}
