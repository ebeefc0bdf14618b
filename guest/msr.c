// SPDX-License-Identifier: MIT
/*
 * msr: the CPUID and MSR model as a kernel meets it (docs/platform.md,
 * "CPUID" and "MSRs"): the feature bits a PC without those features
 * clears, the topology of one CPU, then each MSR a kernel touches read,
 * written and read back, and the writes a CPU refuses with #GP(0). Only
 * what is the same on every run is printed; the lines QEMU's TCG answers
 * otherwise than hardware are listed in docs/platform.md.
 */
#include "guest/lib/guard.h"
#include "guest/lib/pit.h"
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/trap.h"
#include "guest/lib/x86.h"

#define MSR_IA32_TSC		0x10
#define MSR_IA32_TSC_ADJUST	0x3b
#define MSR_IA32_BIOS_SIGN_ID	0x8b
#define MSR_IA32_MTRRCAP	0xfe
#define MSR_IA32_SYSENTER_ESP	0x175
#define MSR_IA32_SYSENTER_EIP	0x176
#define MSR_IA32_MCG_CAP	0x179
#define MSR_IA32_MCG_STATUS	0x17a
#define MSR_IA32_MISC_ENABLE	0x1a0
#define MSR_MTRR_PHYSBASE0	0x200
#define MSR_MTRR_PHYSMASK0	0x201
#define MSR_MTRR_FIX64K_00000	0x250
#define MSR_MTRR_FIX4K_C0000	0x268
#define MSR_IA32_PAT		0x277
#define MSR_MTRR_DEF_TYPE	0x2ff
#define MSR_STAR		0xc0000081
#define MSR_LSTAR		0xc0000082
#define MSR_SYSCALL_MASK	0xc0000084
#define MSR_FS_BASE		0xc0000100
#define MSR_GS_BASE		0xc0000101
#define MSR_KERNEL_GS_BASE	0xc0000102
#define MSR_UNKNOWN		0x12345678	/* no CPU has it */

void kmain(uint32_t magic, uint32_t info);

static const char *outcome(int vec)
{
	if (vec < 0)
		return "ok";
	return vec == VEC_GP ? "#GP" : trap_name((unsigned int)vec);
}

static int bit(uint32_t reg, unsigned int n)
{
	return (reg >> n) & 1;
}

/* ---------------------------------------------------------------- CPUID */

/* Is @a within 2% of @b? */
static int near2(uint64_t a, uint64_t b)
{
	return a * 100 >= b * 98 && a * 100 <= b * 102;
}

/*
 * The TSC's frequency as leaves 0x15 (crystal clock times EBX/EAX) and
 * 0x16 (base MHz) give it, against the TSC measured over 50 ms of the
 * PIT: what Linux's native_calibrate_tsc() takes instead of measuring.
 */
static void tsc_leaves(void)
{
	struct cpuid_regs l15 = cpuid(0x15, 0), l16 = cpuid(0x16, 0);
	uint64_t t0, hz, from15 = 0;

	t0 = rdtsc();
	pit2_wait(PIT2_50MS);
	hz = (rdtsc() - t0) * 20;
	if (l15.eax)
		from15 = (uint64_t)l15.ecx * l15.ebx / l15.eax;
	printf("msr: cpuid 0x15: crystal given %d, TSC from it within 2%% of "
	       "the TSC against the PIT: %d\n", l15.ecx != 0, near2(from15, hz));
	printf("msr: cpuid 0x16: base MHz within 2%% of it: %d, maximum the "
	       "base: %d, bus 100 MHz: %d\n", near2(l16.eax * 1000000ull, hz),
	       l16.ebx == l16.eax, l16.ecx == 100);
}

static void cpuid_bits(void)
{
	struct cpuid_regs r = cpuid(1, 0), r7;
	uint32_t max = cpuid(0, 0).eax;

	printf("msr: cpuid 1 ecx: DTES64 %d DS-CPL %d VMX %d SMX %d EST %d "
	       "TM2 %d xTPR %d PDCM %d DCA %d\n", bit(r.ecx, 2), bit(r.ecx, 4),
	       bit(r.ecx, 5), bit(r.ecx, 6), bit(r.ecx, 7), bit(r.ecx, 8),
	       bit(r.ecx, 14), bit(r.ecx, 15), bit(r.ecx, 18));
	printf("msr: cpuid 1 ecx: x2APIC %d TSC-deadline %d\n",
	       bit(r.ecx, 21), bit(r.ecx, 24));
	printf("msr: cpuid 1 ecx: MONITOR %d\n", bit(r.ecx, 3));
	printf("msr: cpuid 1 edx: DS %d TM %d PBE %d MTRR %d PAT %d MCE %d "
	       "MCA %d\n", bit(r.edx, 21), bit(r.edx, 29), bit(r.edx, 31),
	       bit(r.edx, 12), bit(r.edx, 16), bit(r.edx, 7), bit(r.edx, 14));
	printf("msr: cpuid 1 edx: ACPI %d\n", bit(r.edx, 22));
	printf("msr: cpuid 1 ebx: logical processors %u, APIC ID %u\n",
	       (r.ebx >> 16) & 0xff, r.ebx >> 24);
	r7 = cpuid(7, 0);
	printf("msr: cpuid 7 ebx: SGX %d RDT-M %d RDT-A %d PT %d\n",
	       bit(r7.ebx, 2), bit(r7.ebx, 12), bit(r7.ebx, 15),
	       bit(r7.ebx, 25));
	printf("msr: cpuid 7 ecx: WAITPKG %d TME %d KL %d ENQCMD %d\n",
	       bit(r7.ecx, 5), bit(r7.ecx, 13), bit(r7.ecx, 23),
	       bit(r7.ecx, 29));
	printf("msr: cpuid 7 edx: IBRS/IBPB %d STIBP %d L1D_FLUSH %d "
	       "ARCH_CAPABILITIES %d CORE_CAPABILITIES %d SSBD %d\n",
	       bit(r7.edx, 26), bit(r7.edx, 27), bit(r7.edx, 28),
	       bit(r7.edx, 29), bit(r7.edx, 30), bit(r7.edx, 31));
	printf("msr: cpuid 7 ebx: TSC_ADJUST %d\n", bit(r7.ebx, 1));
	printf("msr: cpuid 0x80000001 ecx: SVM %d\n",
	       bit(cpuid(0x80000001, 0).ecx, 2));
	if (max < 0xb) {
		printf("msr: cpuid: no leaf 0xb (max %u)\n", max);
		return;
	}
	/* One thread, one core (SDM Vol. 3A, 9.9.1). */
	for (uint32_t sub = 0; sub < 3; sub++) {
		r = cpuid(0xb, sub);
		printf("msr: cpuid 0xb.%u: shift %u, count %u, level type %u, "
		       "x2APIC ID %u\n", sub, r.eax & 0x1f, r.ebx & 0xffff,
		       (r.ecx >> 8) & 0xff, r.edx);
	}
	printf("msr: cpuid: max basic leaf >= 0x16: %d\n", max >= 0x16);
	if (max >= 0x16)
		tsc_leaves();
	/* 0x1F, where there is one, as 0xB (SDM Vol. 2A, CPUID). */
	for (uint32_t sub = 0; max >= 0x1f && sub < 3; sub++) {
		struct cpuid_regs a = cpuid(0x1f, sub), b = cpuid(0xb, sub);

		printf("msr: cpuid 0x1f.%u: level type %u, the same as 0xb.%u: "
		       "%d\n", sub, (a.ecx >> 8) & 0xff, sub,
		       a.eax == b.eax && a.ebx == b.ebx && a.ecx == b.ecx &&
		       a.edx == b.edx);
	}
}

/* ---------------------------------------------------------------- MSRs */

/* Write @val, read it back: "ok 0x..." or the fault. */
static void write_read(const char *name, uint32_t msr, uint64_t val)
{
	uint64_t back = 0, old = 0;
	int vec = rdmsr_guarded(msr, &old);

	if (vec < 0)
		vec = wrmsr_guarded(msr, val);
	if (vec < 0)
		vec = rdmsr_guarded(msr, &back);
	if (vec < 0)
		printf("msr: %s: wrote 0x%lx, read 0x%lx\n", name, val, back);
	else
		printf("msr: %s: %s\n", name, outcome(vec));
	wrmsr_guarded(msr, old);
}

static void refused(const char *name, uint32_t msr, uint64_t val)
{
	uint64_t before = 0, after = 0;
	int vec;

	rdmsr_guarded(msr, &before);
	vec = wrmsr_guarded(msr, val);
	rdmsr_guarded(msr, &after);
	printf("msr: %s: 0x%lx: %s, value %s\n", name, val, outcome(vec),
	       after == before ? "kept" : "changed");
	if (after != before)
		wrmsr_guarded(msr, before);
}

static void pat(void)
{
	uint64_t v = 0;

	rdmsr_guarded(MSR_IA32_PAT, &v);
	printf("msr: PAT at reset: 0x%lx\n", v);
	write_read("PAT", MSR_IA32_PAT, 0x0006070605040100ul);
	refused("PAT entry 2 reserved", MSR_IA32_PAT, 0x0007040600070402ul);
	refused("PAT entry 8", MSR_IA32_PAT, 0x0007040600070408ul);
}

/*
 * What the firmware left (SeaBIOS natively, the hypervisor's loader
 * otherwise): MTRRs on, WB by default, the PCI hole below 4 GiB UC, the
 * legacy VGA window UC and the option ROM area WP. The mask's bits above
 * 4 GiB depend on MAXPHYADDR and are not printed.
 */
static void boot_mtrrs(void)
{
	static const uint32_t fixed[] = {
		0x250, 0x258, 0x259, 0x268, 0x269, 0x26a, 0x26b, 0x26c,
		0x26d, 0x26e, 0x26f,
	};
	uint64_t t = 0, base = 0, mask = 0;
	unsigned int valid = 0;

	rdmsr_guarded(MSR_MTRR_DEF_TYPE, &t);
	printf("msr: MTRRdefType at boot: 0x%lx\n", t);
	rdmsr_guarded(MSR_MTRR_PHYSBASE0, &base);
	rdmsr_guarded(MSR_MTRR_PHYSMASK0, &mask);
	printf("msr: MTRR 0 at boot: base 0x%lx, mask 0x%lx (bits 31:0)\n",
	       base, mask & 0xffffffff);
	for (uint32_t i = 1; i < 8; i++) {
		rdmsr_guarded(MSR_MTRR_PHYSMASK0 + 2 * i, &mask);
		valid += (mask >> 11) & 1;
	}
	printf("msr: MTRR 1-7 at boot: %u valid\n", valid);
	for (unsigned int i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		rdmsr_guarded(fixed[i], &t);
		printf("msr: MTRR fixed 0x%x at boot: 0x%lx\n", fixed[i], t);
	}
}

static void mtrrs(void)
{
	uint64_t cap = 0;
	int vec = rdmsr_guarded(MSR_IA32_MTRRCAP, &cap);

	printf("msr: MTRRCAP: %s, VCNT %lu, FIX %lu, WC %lu\n", outcome(vec),
	       cap & 0xff, (cap >> 8) & 1, (cap >> 10) & 1);
	boot_mtrrs();
	write_read("MTRRdefType", MSR_MTRR_DEF_TYPE, 0xc06);
	write_read("MTRRphysBase0", MSR_MTRR_PHYSBASE0, 0xc0000000ul | 0);
	write_read("MTRRphysMask0", MSR_MTRR_PHYSMASK0, 0xfc0000000ul | 0x800);
	write_read("MTRRfix64K_00000", MSR_MTRR_FIX64K_00000,
		   0x0606060606060606ul);
	write_read("MTRRfix4K_C0000", MSR_MTRR_FIX4K_C0000,
		   0x0505050505050505ul);
	refused("MTRRdefType type 2", MSR_MTRR_DEF_TYPE, 0xc02);
	refused("MTRRdefType bit 12", MSR_MTRR_DEF_TYPE, 0x1c06);
	refused("MTRRphysBase0 bits 11:8", MSR_MTRR_PHYSBASE0, 0x106);
	refused("MTRRfix64K_00000 type 7", MSR_MTRR_FIX64K_00000,
		0x0606060606060607ul);
}

/*
 * The microcode revision as a kernel reads it (SDM Vol. 3A 10.11.7.1):
 * WRMSR 0, CPUID 1, RDMSR, bits 63:32. The value is the CPU's (QEMU's
 * default, or the hypervisor's): only whether there is one is printed.
 */
static void microcode(void)
{
	uint64_t v = 0;
	int wr = wrmsr_guarded(MSR_IA32_BIOS_SIGN_ID, 0), rd;

	(void)cpuid(1, 0);
	rd = rdmsr_guarded(MSR_IA32_BIOS_SIGN_ID, &v);
	printf("msr: BIOS_SIGN_ID: WRMSR 0 %s, RDMSR %s, a revision %d\n",
	       outcome(wr), outcome(rd), (v >> 32) != 0);
}

static void machine_check(void)
{
	uint64_t v = 0;
	int vec = rdmsr_guarded(MSR_IA32_MCG_CAP, &v);

	printf("msr: MCG_CAP: %s, banks %lu\n", outcome(vec), v & 0xff);
	vec = rdmsr_guarded(MSR_IA32_MCG_STATUS, &v);
	printf("msr: MCG_STATUS: %s, 0x%lx\n", outcome(vec), v);
}

static void misc(void)
{
	uint64_t v = 0;
	int vec = rdmsr_guarded(MSR_IA32_MISC_ENABLE, &v);

	printf("msr: MISC_ENABLE: %s, fast strings %lu\n", outcome(vec), v & 1);
	vec = rdmsr_guarded(MSR_EFER, &v);
	printf("msr: EFER: %s, LME %lu, LMA %lu\n", outcome(vec),
	       (unsigned long)(v & EFER_LME) >> 8,
	       (unsigned long)(v & EFER_LMA) >> 10);
	write_read("SYSENTER_CS", MSR_IA32_SYSENTER_CS, 0x10);
	write_read("SYSENTER_ESP", MSR_IA32_SYSENTER_ESP, 0xffff800000001000ul);
	write_read("SYSENTER_EIP", MSR_IA32_SYSENTER_EIP, 0xffff800000002000ul);
	write_read("STAR", MSR_STAR, 0x0023001000000000ul);
	write_read("LSTAR", MSR_LSTAR, 0xffffffff81000000ul);
	write_read("SFMASK", MSR_SYSCALL_MASK, 0x47700);
	write_read("FS_BASE", MSR_FS_BASE, 0x7f0000001000ul);
	write_read("GS_BASE", MSR_GS_BASE, 0x7f0000002000ul);
	write_read("KERNEL_GS_BASE", MSR_KERNEL_GS_BASE, 0xffff888000000000ul);
	refused("FS_BASE non-canonical", MSR_FS_BASE, 0x0000800000000000ul);
}

static void unknown(void)
{
	uint64_t v = 0;

	printf("msr: RDMSR 0x%x: %s\n", MSR_UNKNOWN,
	       outcome(rdmsr_guarded(MSR_UNKNOWN, &v)));
	printf("msr: WRMSR 0x%x: %s\n", MSR_UNKNOWN,
	       outcome(wrmsr_guarded(MSR_UNKNOWN, 0)));
}

/*
 * The TSC is writable, and with TSC_ADJUST the adjustment follows the
 * write (SDM 17.17.3). Only the direction is printed: time runs on.
 */
static void tsc(void)
{
	uint64_t t = 0, adj0 = 0, adj1 = 0;
	int has_adjust = bit(cpuid(7, 0).ebx, 1);
	int vec;

	if (has_adjust)
		rdmsr_guarded(MSR_IA32_TSC_ADJUST, &adj0);
	vec = wrmsr_guarded(MSR_IA32_TSC, 1ul << 40);
	rdmsr_guarded(MSR_IA32_TSC, &t);
	printf("msr: TSC written 2^40: %s, reads on from there %d, RDTSC "
	       "agrees %d\n", outcome(vec), t >= 1ul << 40 &&
	       t < (1ul << 40) + (1ul << 36), rdtsc() >= t);
	if (!has_adjust)
		return;
	rdmsr_guarded(MSR_IA32_TSC_ADJUST, &adj1);
	printf("msr: TSC_ADJUST moved forward with it: %d\n",
	       adj1 - adj0 > (1ul << 39));
	wrmsr_guarded(MSR_IA32_TSC_ADJUST, adj0);
	rdmsr_guarded(MSR_IA32_TSC, &t);
	printf("msr: TSC_ADJUST written back: TSC below 2^40 again %d\n",
	       t < 1ul << 40);
}

void kmain(uint32_t magic, uint32_t info)
{
	trap_init();
	platform_init(magic, info);
	cpuid_bits();
	pat();
	mtrrs();
	microcode();
	machine_check();
	misc();
	unknown();
	tsc();
	printf("msr: done\n");
	platform_exit(0);
}
