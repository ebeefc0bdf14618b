// SPDX-License-Identifier: MIT
/*
 * The CPUID model (docs/platform.md, "CPUID"). Leaves are passed through,
 * masked (bits of features with no model: a kernel that sees a bit uses
 * the MSRs or instructions behind it, and those would #GP or #UD) or
 * synthesized (the topology of one vCPU, the TSC frequency, the
 * hypervisor leaves). Bit positions: Intel SDM Vol. 2A, CPUID, Tables 3-8
 * to 3-11; AMD's in APM Vol. 3, Appendix E.
 */
#include "hv/cpuid.h"

#include "drivers/tsc.h"
#include "hv/arch.h"
#include "hv/dev/lapic.h"
#include "hv/kvm_pv.h"
#include "hv/pv.h"
#include "hv/vm.h"

enum { EAX, EBX, ECX, EDX };

#define BIT(n)			(1u << (n))
#define ANY_SUBLEAF		0xffffffffu

/* The leaves the model synthesizes up to: 0x15/0x16 give the TSC rate. */
#define GUEST_MIN_MAX_BASIC	0x16u
#define GUEST_MAX_MAX_BASIC	0x1fu
#define GUEST_MAX_MAX_EXT	0x80000008u

#define CPUID1_ECX_X2APIC	BIT(21)
#define CPUID1_ECX_TSC_DEADLINE	BIT(24)
#define CPUID1_ECX_OSXSAVE	BIT(27)
#define CPUID1_ECX_HYPERVISOR	BIT(31)
#define CPUID1_EDX_APIC		BIT(9)
#define CPUID1_EDX_MTRR		BIT(12)
#define CPUID7_EBX_TSC_ADJUST	BIT(1)
#define CPUID7_ECX_OSPKE	BIT(4)
#define CR4_PKE			(1ULL << 22)
#define CR4_OSXSAVE		(1ULL << 18)

#define LEVEL_SMT		1u	/* 0xB/0x1F ECX[15:8] level types */
#define LEVEL_CORE		2u

/*
 * Bits cleared from the host's answer, and why. The unit tests check
 * each one; docs/platform.md lists them.
 */
struct cpuid_mask {
	uint32_t leaf, subleaf;
	uint8_t reg;
	uint32_t bits;
};

static const struct cpuid_mask masks[] = {
	/*
	 * 1.ECX: DTES64 (2), MONITOR (3), DS-CPL (4), VMX (5), SMX (6), EST
	 * (7), TM2 (8), CNXT-ID (10), SDBG (11), xTPR (14), PDCM (15), DCA
	 * (18). x2APIC (21) and TSC-deadline (24) are set: see cpuid_guest().
	 */
	{ 1, ANY_SUBLEAF, ECX, BIT(2) | BIT(3) | BIT(4) | BIT(5) | BIT(6) |
			       BIT(7) | BIT(8) | BIT(10) | BIT(11) | BIT(14) |
			       BIT(15) | BIT(18) },
	/*
	 * 1.EDX: PSN (18), DS (21), ACPI (22: thermal MSRs; with an APIC,
	 * Linux's intel_init_thermal() would program IA32_THERM_INTERRUPT),
	 * HTT (28: one logical processor), TM (29), PBE (31). APIC (9) is
	 * set: see cpuid_guest().
	 */
	{ 1, ANY_SUBLEAF, EDX, BIT(18) | BIT(21) | BIT(22) |
			       BIT(28) | BIT(29) | BIT(31) },
	/*
	 * 7.0.EBX: SGX (2), RDT-M (12), MPX (14: no BNDCFGS in the VMCS
	 * setup), RDT-A (15), PT (25). TSC_ADJUST (1): see cpuid_filter().
	 */
	{ 7, 0, EBX, BIT(2) | BIT(12) | BIT(14) | BIT(15) | BIT(25) },
	/*
	 * 7.0.ECX: WAITPKG (5: UMWAIT control MSR), CET_SS (7), TME (13),
	 * KL (23), ENQCMD (29: PASID MSR), SGX_LC (30).
	 */
	{ 7, 0, ECX, BIT(5) | BIT(7) | BIT(13) | BIT(23) | BIT(29) | BIT(30) },
	/*
	 * 7.0.EDX: SRBDS_CTRL (9), TSX_FORCE_ABORT (13), PCONFIG (18),
	 * ARCH_LBR (19), CET_IBT (20), AMX (22, 24, 25: XFD not modelled),
	 * IBRS/IBPB (26), STIBP (27), L1D_FLUSH (28), ARCH_CAPABILITIES
	 * (29), CORE_CAPABILITIES (30), SSBD (31): all MSRs with no model.
	 */
	{ 7, 0, EDX, BIT(9) | BIT(13) | BIT(18) | BIT(19) | BIT(20) |
		     BIT(22) | BIT(24) | BIT(25) | BIT(26) | BIT(27) |
		     BIT(28) | BIT(29) | BIT(30) | BIT(31) },
	/* 7.1.EAX: HRESET (22: its MSR), LAM (26: CR3/CR4 bits). */
	{ 7, 1, EAX, BIT(22) | BIT(26) },
	/* 0xD.0.EAX: the AMX tile states (17, 18). */
	{ 0xd, 0, EAX, BIT(17) | BIT(18) },
	/*
	 * 0xD.1.EAX: XSAVES (3: no IA32_XSS), XFD (4), and with XSAVES its
	 * companion XSAVEC (1): no CPU has XSAVEC without XSAVES, and Linux
	 * 6.1 then sizes its buffer compacted but checks it standard
	 * ("XSAVE consistency problem: size 2432 != kernel_size 2688").
	 */
	{ 0xd, 1, EAX, BIT(1) | BIT(3) | BIT(4) },
	/* 0xD.1.ECX: the supervisor states IA32_XSS would enable. */
	{ 0xd, 1, ECX, 0xffffffff },
	{ 0xd, 1, EDX, 0xffffffff },
	/*
	 * 0x80000001.ECX: SVM (2), ExtApicSpace (3), OSVW (9), IBS (10),
	 * SKINIT (12), WDT (13), LWP (15), TCE (17), NodeId (19), TopoExt
	 * (22), the AMD performance counter extensions (23, 24, 27, 28),
	 * DataBkptExt (26), MONITORX (29), AddrMaskExt (30).
	 */
	{ 0x80000001, ANY_SUBLEAF, ECX, BIT(2) | BIT(3) | BIT(9) | BIT(10) |
					BIT(12) | BIT(13) | BIT(15) |
					BIT(17) | BIT(19) | BIT(22) |
					BIT(23) | BIT(24) | BIT(26) |
					BIT(27) | BIT(28) | BIT(29) | BIT(30) },
	/* 0x80000007.EDX: power management; the invariant TSC (8) stays. */
	{ 0x80000007, ANY_SUBLEAF, EDX, ~BIT(8) },
	/*
	 * 0x80000008.EBX: AMD's feature bits; CLZERO (0), XSaveErPtr (2) and
	 * WBNOINVD (9) stay, the rest (IRPERF, RDPRU, IBPB, IBRS, STIBP,
	 * SSBD, ...) are MSRs with no model. ECX: one core, no APIC ID bits.
	 */
	{ 0x80000008, ANY_SUBLEAF, EBX, ~(BIT(0) | BIT(2) | BIT(9)) },
	{ 0x80000008, ANY_SUBLEAF, ECX, 0xffffffff },
	{ 0x80000008, ANY_SUBLEAF, EDX, 0xffffffff },
};

/*
 * Whole leaves a guest reads as zeros: 3 (processor serial number), 5
 * (MONITOR/MWAIT), 6 (thermal and power), 8, 9 (DCA), 0xA (performance
 * monitoring), 0xC, 0xE, 0xF and 0x10 (resource director), 0x11, 0x12
 * (SGX), 0x13, 0x14 (PT), 0x17 (SoC vendor), 0x19 (Key Locker), 0x1B
 * (PCONFIG), 0x1C (LBR), 0x1D and 0x1E (AMX). The rest of the basic
 * range is passed through (0, 2, 0xD, 0x18, 0x1A), filtered (1, 4, 7)
 * or synthesized (0xB, 0x15, 0x16, 0x1F).
 */
static bool basic_leaf_zeroed(uint32_t leaf)
{
	static const uint32_t zeroed = BIT(3) | BIT(5) | BIT(6) | BIT(8) |
		BIT(9) | BIT(0xa) | BIT(0xc) | BIT(0xe) | BIT(0xf) |
		BIT(0x10) | BIT(0x11) | BIT(0x12) | BIT(0x13) | BIT(0x14) |
		BIT(0x17) | BIT(0x19) | BIT(0x1b) | BIT(0x1c) | BIT(0x1d) |
		BIT(0x1e);

	return leaf < 32 && (zeroed & BIT(leaf));
}

uint32_t cpuid_guest_max_basic(const struct cpuid_host *h)
{
	uint32_t max = h->max_basic;

	if (max < GUEST_MIN_MAX_BASIC)
		max = GUEST_MIN_MAX_BASIC;
	return max > GUEST_MAX_MAX_BASIC ? GUEST_MAX_MAX_BASIC : max;
}

uint32_t cpuid_guest_max_ext(const struct cpuid_host *h)
{
	if (h->max_ext < 0x80000000u)
		return 0;	/* no extended leaves at all */
	return h->max_ext > GUEST_MAX_MAX_EXT ? GUEST_MAX_MAX_EXT : h->max_ext;
}

static bool in_hypervisor_range(uint32_t leaf)
{
	return leaf >= HV_CPUID_BASE && leaf <= HV_CPUID_BASE + 0xff;
}

static bool in_range(const struct cpuid_host *h, uint32_t leaf)
{
	if (leaf < 0x80000000u)
		return leaf <= cpuid_guest_max_basic(h) ||
		       in_hypervisor_range(leaf);
	return leaf <= cpuid_guest_max_ext(h);
}

uint32_t cpuid_effective_leaf(const struct cpuid_host *h, uint32_t leaf)
{
	if (in_range(h, leaf) || h->amd)
		return leaf;
	return cpuid_guest_max_basic(h);
}

static void zero(uint32_t regs[4])
{
	regs[EAX] = regs[EBX] = regs[ECX] = regs[EDX] = 0;
}

static void signature(uint32_t regs[4])
{
	const char *sig = HV_CPUID_SIGNATURE;

	regs[EAX] = HV_CPUID_MAX;
	for (int i = 0; i < 12; i++) {
		uint32_t *r = &regs[EBX + i / 4];

		if (i % 4 == 0)
			*r = 0;
		*r |= (uint32_t)(uint8_t)sig[i] << (8 * (i % 4));
	}
}

static void hypervisor_leaf(uint32_t leaf, uint32_t regs[4])
{
	zero(regs);
	if (leaf == HV_CPUID_BASE) {
		signature(regs);
	} else if (leaf == HV_CPUID_FEATURES) {
		regs[EAX] = HV_ABI_VERSION;
		regs[EBX] = HV_FEATURE_HYPERCALL_PAGE | HV_FEATURE_CONSOLE |
			    HV_FEATURE_TIME | HV_FEATURE_TIMER |
			    HV_FEATURE_MESSAGES | HV_FEATURE_EXIT_STATS |
			    HV_FEATURE_EXIT_TRACE;
		regs[ECX] = HV_MSR_HYPERCALL;
	}
}

/*
 * 0xB and 0x1F, extended topology (SDM Vol. 3A, 9.9.1): one thread in one
 * core, x2APIC ID 0. Each level shifts the ID by 0 bits and counts one
 * logical processor; past the core level the level type is 0 (invalid).
 */
static void topology_leaf(uint32_t subleaf, uint32_t regs[4])
{
	zero(regs);
	regs[ECX] = subleaf & 0xff;
	if (subleaf == 0) {
		regs[EBX] = 1;
		regs[ECX] |= LEVEL_SMT << 8;
	} else if (subleaf == 1) {
		regs[EBX] = 1;
		regs[ECX] |= LEVEL_CORE << 8;
	}
}

/*
 * 0x15: TSC/crystal ratio EBX/EAX and the crystal's Hz in ECX. The
 * crystal is the local APIC timer's clock (SDM 10.5.4: the timer counts
 * the core crystal clock when leaf 0x15 enumerates it), LAPIC_BUS_HZ,
 * and kernels rely on that: Linux's native_calibrate_tsc() sets
 * lapic_timer_period from ECX and never calibrates the APIC timer. (ECX
 * = the TSC's rate made Linux believe the timer ran 20 times slower than
 * it does under Bochs: a tick 20 times too fast, docs/platform.md.)
 * Linux multiplies ECX / 1000 by EBX in 32 bits, so EBX stays <= 4294:
 * the ratio is rounded to that, about 1e-4 at worst, the precision of
 * drivers/tsc.c's 10 ms measurement against the PIT anyway.
 */
#define CRYSTAL_MAX_NUMERATOR	(0xffffffffu / (LAPIC_BUS_HZ / 1000))

static uint64_t gcd(uint64_t a, uint64_t b)
{
	while (b) {
		uint64_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

static void tsc_leaf(uint64_t tsc_hz, uint32_t regs[4])
{
	uint64_t den, num, g;

	zero(regs);
	if (!tsc_hz)
		return;
	/* The largest denominator whose numerator still fits. */
	den = CRYSTAL_MAX_NUMERATOR * LAPIC_BUS_HZ / tsc_hz;
	if (den > 0xffffffffu)
		den = 0xffffffffu;
	if (!den)
		den = 1;
	num = (tsc_hz * den + LAPIC_BUS_HZ / 2) / LAPIC_BUS_HZ;
	if (!num)
		num = 1;
	g = gcd(num, den);
	regs[EAX] = (uint32_t)(den / g);
	regs[EBX] = (uint32_t)(num / g);
	regs[ECX] = (uint32_t)LAPIC_BUS_HZ;
}

/* 0x16: base and maximum frequency in MHz (the TSC's), bus 100 MHz. */
static void frequency_leaf(uint64_t tsc_hz, uint32_t regs[4])
{
	uint32_t mhz = (uint32_t)((tsc_hz + 500000) / 1000000);

	zero(regs);
	regs[EAX] = mhz;
	regs[EBX] = mhz;
	regs[ECX] = 100;
}

static void apply_masks(uint32_t leaf, uint32_t subleaf, uint32_t regs[4])
{
	for (unsigned int i = 0; i < sizeof(masks) / sizeof(masks[0]); i++) {
		const struct cpuid_mask *m = &masks[i];

		if (m->leaf == leaf &&
		    (m->subleaf == ANY_SUBLEAF || m->subleaf == subleaf))
			regs[m->reg] &= ~m->bits;
	}
}

/* The XCR0 bits a guest may set: the host's, less the masked states. */
static uint64_t guest_xcr0(const struct cpuid_host *h)
{
	uint32_t r[4] = { (uint32_t)h->xcr0, 0, 0, (uint32_t)(h->xcr0 >> 32) };

	apply_masks(0xd, 0, r);
	return (uint64_t)r[EDX] << 32 | r[EAX];
}

/*
 * 0xD, subleaf n >= 2: the size and offset of state component n, given
 * only for the states XCR0 may enable (IA32_XSS is not modelled).
 */
static void xsave_component(const struct cpuid_host *h, uint32_t subleaf,
			    uint32_t regs[4])
{
	if (subleaf >= 64 || !(guest_xcr0(h) & (1ULL << subleaf)))
		zero(regs);
}

void cpuid_filter(const struct cpuid_host *h, uint32_t leaf,
		  uint32_t subleaf, uint32_t regs[4])
{
	if (in_hypervisor_range(leaf)) {
		hypervisor_leaf(leaf, regs);
		return;
	}
	if (!in_range(h, leaf)) {
		zero(regs);		/* AMD: out of range reads 0 */
		return;
	}
	/* Between the host's maximum and ours the host has no data. */
	if ((leaf < 0x80000000u && leaf > h->max_basic) ||
	    basic_leaf_zeroed(leaf))
		zero(regs);
	apply_masks(leaf, subleaf, regs);
	switch (leaf) {
	case 0:
		regs[EAX] = cpuid_guest_max_basic(h);
		break;
	case 1:
		regs[ECX] |= CPUID1_ECX_HYPERVISOR;
		/*
		 * The local APIC, its x2APIC mode and TSC-deadline timer:
		 * hv/dev/lapic.c and x2apic.c, whatever the host has.
		 */
		regs[ECX] |= CPUID1_ECX_X2APIC | CPUID1_ECX_TSC_DEADLINE;
		regs[EDX] |= CPUID1_EDX_APIC;
		regs[EDX] |= CPUID1_EDX_MTRR;	/* modelled: hv/msr.c */
		/*
		 * APIC ID 0; CLFLUSH size and brand index kept. The count
		 * of logical processors (23:16) is valid only with HTT,
		 * which one vCPU clears: 0, as QEMU's pc gives one CPU.
		 */
		regs[EBX] &= 0xffff;
		break;
	case 4:
		/* Deterministic cache parameters: one core, one thread. */
		regs[EAX] &= ~(0x3fu << 26 | 0xfffu << 14);
		break;
	case 7:
		if (subleaf > 1) {
			zero(regs);
			break;
		}
		if (subleaf == 1)
			break;
		if (regs[EAX] > 1)
			regs[EAX] = 1;	/* subleaves 0 and 1 only */
		/* Modelled whenever the backend can offset the TSC. */
		regs[EBX] &= ~CPUID7_EBX_TSC_ADJUST;
		if (h->tsc_adjust)
			regs[EBX] |= CPUID7_EBX_TSC_ADJUST;
		break;
	case 0xb:
	case 0x1f:
		topology_leaf(subleaf, regs);
		break;
	case 0xd:
		if (subleaf >= 2)
			xsave_component(h, subleaf, regs);
		break;
	case 0x15:
		tsc_leaf(h->tsc_hz, regs);
		break;
	case 0x16:
		frequency_leaf(h->tsc_hz, regs);
		break;
	case 0x80000000:
		regs[EAX] = cpuid_guest_max_ext(h);
		break;
	}
}

static const struct cpuid_host *this_host(void)
{
	static struct cpuid_host host;
	static bool known;
	uint32_t r[4];

	if (!known) {
		arch_cpuid(0, 0, r);
		host.max_basic = r[EAX];
		/* "AuthenticAMD" */
		host.amd = r[EBX] == 0x68747541 && r[EDX] == 0x69746e65 &&
			   r[ECX] == 0x444d4163;
		arch_cpuid(0x80000000u, 0, r);
		host.max_ext = r[EAX];
		if (host.max_basic >= 0xd) {
			arch_cpuid(0xd, 0, r);
			host.xcr0 = (uint64_t)r[EDX] << 32 | r[EAX];
		}
		host.tsc_hz = tsc_hz;
		host.tsc_adjust = arch_tsc_offsetting();
		known = true;
	}
	return &host;
}

void cpuid_guest(uint32_t leaf, uint32_t subleaf, uint32_t regs[4])
{
	const struct cpuid_host *h = this_host();
	uint32_t eff = cpuid_effective_leaf(h, leaf);

	arch_cpuid(eff, subleaf, regs);
	cpuid_filter(h, eff, subleaf, regs);
}

/*
 * pv=none: the leaf whose answer @leaf gets on a bare PC, by the guest's
 * leaf 0; false: zeros.
 */
static bool bare_pc_leaf(uint32_t *leaf)
{
	uint32_t leaf0[4];

	if (!pv_cpuid_leaf(*leaf))
		return true;
	cpuid_guest(0, 0, leaf0);
	return pv_none_cpuid_leaf(*leaf, leaf0, leaf);
}

enum exit_action handle_cpuid(struct vcpu *v, const struct hv_exit *e)
{
	uint32_t leaf = (uint32_t)v->regs.rax, subleaf = (uint32_t)v->regs.rcx;
	const struct cpuid_host *h = this_host();
	uint32_t eff, regs[4];
	uint64_t cr4 = 0;

	(void)e;
	if (v->vm->pv_kvm && kvm_pv_cpuid(leaf, regs)) {
		/* pv=kvm: KVM's two leaves; past them as pv=none. */
	} else if (!v->vm->pv && !bare_pc_leaf(&leaf)) {  /* pv=none: hv/pv.h */
		regs[EAX] = regs[EBX] = regs[ECX] = regs[EDX] = 0;
	} else {
		cpuid_guest(leaf, subleaf, regs);
		if (!v->vm->pv && !v->vm->pv_kvm)
			pv_none_cpuid_bits(leaf, regs);
	}
	eff = cpuid_effective_leaf(h, leaf);
	/* OSXSAVE and OSPKE mirror the guest's CR4, not the hypervisor's. */
	if (eff == 1 || (eff == 7 && subleaf == 0))
		cr4 = arch_vcpu_read_cr(v, 4);
	if (eff == 1) {
		regs[ECX] &= ~CPUID1_ECX_OSXSAVE;
		if (cr4 & CR4_OSXSAVE)
			regs[ECX] |= CPUID1_ECX_OSXSAVE;
		/* A globally disabled APIC is not there (SDM 10.4.3). */
		if (!lapic_hw_enabled(&v->lapic))
			regs[EDX] &= ~CPUID1_EDX_APIC;
	} else if (eff == 7 && subleaf == 0) {
		regs[ECX] &= ~CPUID7_ECX_OSPKE;
		if (cr4 & CR4_PKE)
			regs[ECX] |= CPUID7_ECX_OSPKE;
	}
	/* CPUID writes 32-bit results: the upper halves become 0. */
	v->regs.rax = regs[EAX];
	v->regs.rbx = regs[EBX];
	v->regs.rcx = regs[ECX];
	v->regs.rdx = regs[EDX];
	vcpu_skip_emulated_instruction(v);
	return EXIT_RESUME;
}
