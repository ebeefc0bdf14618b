// SPDX-License-Identifier: MIT
/*
 * kvmpv: KVM's paravirtual interface as a guest with pv=kvm in hv.cfg
 * meets it (hv/kvm_pv.c, docs/pv-linux.md), the way Linux's
 * arch/x86/kernel/kvm.c and kvmclock.c use it: the hypervisor bit and
 * "KVMKVMKVM" at 0x40000000, the features at 0x40000001 and nothing of
 * EduHV's; kvm-clock (system time read twice under the version protocol,
 * monotonic and at the TSC's pace; the wall clock a plausible date);
 * steal time; PV EOI on a self-IPI; addresses KVM's MSRs must refuse
 * (#GP) and MSRs whose feature is not offered (#GP); KVM hypercalls,
 * EduHV's numbers among them, answered -KVM_ENOSYS. Without pv=kvm it
 * checks the other side: no KVM signature, KVM's MSRs #GP and write
 * nothing. One line per fact, "FAIL" where a check fails, then "kvmpv:
 * done, N failed" (pv=kvm) or the not-KVM line; status 0 if all held.
 */
#include "guest/lib/apic.h"
#include "guest/lib/guard.h"
#include "guest/lib/multiboot.h"
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/trap.h"
#include "guest/lib/x86.h"
#include "hv/lib/string.h"
#include "hypercall.h"

void kmain(uint32_t magic, uint32_t info);

#define MSR_KVM_WALL_CLOCK_NEW	0x4b564d00u
#define MSR_KVM_SYSTEM_TIME_NEW	0x4b564d01u
#define MSR_KVM_ASYNC_PF_EN	0x4b564d02u
#define MSR_KVM_STEAL_TIME	0x4b564d03u
#define MSR_KVM_PV_EOI_EN	0x4b564d04u
#define MSR_KVM_POLL_CONTROL	0x4b564d05u

#define FEATURE(n)		(1u << (n))
#define PVCLOCK_TSC_STABLE_BIT	1u
#define PV_EOI_VEC		0x51

/* Linux's layouts (arch/x86/include/asm/pvclock-abi.h, kvm_para.h). */
struct pvclock_vcpu_time_info {
	uint32_t version, pad0;
	uint64_t tsc_timestamp, system_time;
	uint32_t tsc_to_system_mul;
	int8_t tsc_shift;
	uint8_t flags, pad[2];
};

struct pvclock_wall_clock {
	uint32_t version, sec, nsec;
};

struct kvm_steal_time {
	uint64_t steal;
	uint32_t version, flags;
	uint8_t preempted, u8_pad[3];
	uint32_t pad[11];
};

static volatile struct pvclock_vcpu_time_info pvti
	__attribute__((aligned(64)));
static volatile struct pvclock_wall_clock wall __attribute__((aligned(16)));
static volatile struct kvm_steal_time steal __attribute__((aligned(64)));
static volatile uint32_t pv_eoi_flag __attribute__((aligned(4)));
static uint8_t page[8192] __attribute__((aligned(4096)));

static unsigned int failed;
static int amd;

static void check(int ok, const char *what)
{
	if (!ok) {
		failed++;
		printf("kvmpv: FAIL %s\n", what);
	}
}

static const char *vec_name(int vec)
{
	return vec < 0 ? "no fault" : trap_name((unsigned int)vec);
}

/* ------------------------------------------------------------ CPUID */

static uint32_t features;
static int kvm;			/* KVM's signature found */

static void signature(void)
{
	struct cpuid_regs r = cpuid(1, 0), h, eduhv;
	char sig[13] = { 0 };

	printf("kvmpv: cpuid 1: hypervisor bit %s\n",
	       r.ecx & CPUID_1_ECX_HYPERVISOR ? "set" : "clear");
	r = cpuid(0, 0);
	amd = r.ebx == 0x68747541;		/* "Auth" enticAMD */
	h = cpuid(CPUID_HV_BASE, 0);
	memcpy(sig, &h.ebx, 4);
	memcpy(sig + 4, &h.ecx, 4);
	memcpy(sig + 8, &h.edx, 4);
	printf("kvmpv: cpuid 0x40000000: max 0x%x, signature \"%s\"%s\n",
	       h.eax, sig, !memcmp(sig, "KVMKVMKVM\0\0\0", 12) ?
	       " (KVM's)" : "");
	kvm = !memcmp(sig, "KVMKVMKVM\0\0\0", 12);
	if (!kvm)
		return;		/* not_kvm() goes on */
	check(h.eax == 0x40000001, "KVM's highest leaf");
	r = cpuid(CPUID_HV_BASE + 1, 0);
	features = r.eax;
	printf("kvmpv: cpuid 0x40000001: features 0x%x, hints 0x%x\n", r.eax,
	       r.edx);
	printf("kvmpv: features: nop_io_delay %d clocksource2 %d steal_time %d "
	       "pv_eoi %d stable_bit %d\n", !!(r.eax & FEATURE(1)),
	       !!(r.eax & FEATURE(3)), !!(r.eax & FEATURE(5)),
	       !!(r.eax & FEATURE(6)), !!(r.eax & FEATURE(24)));
	/* Past the maximum: what the CPU answers there, not EduHV's. */
	eduhv = cpuid(CPUID_HV_BASE + 2, 0);
	check(memcmp(&eduhv, "EduH", 4) && eduhv.ecx != HV_MSR_HYPERCALL,
	      "no EduHV leaf");
}

/* ------------------------------------------------------------ kvm-clock */

/* Linux's __pvclock_read_cycles() under the version protocol. */
static uint64_t pvclock_read(uint64_t *tsc_out, unsigned int *retries)
{
	uint32_t version;
	uint64_t ns, tsc;

	*retries = 0;
	do {
		version = pvti.version;
		__asm__ volatile("" ::: "memory");
		tsc = rdtsc();
		{
			uint64_t d = tsc - pvti.tsc_timestamp;
			int8_t shift = pvti.tsc_shift;

			d = shift < 0 ? d >> -shift : d << shift;
			ns = pvti.system_time +
			     (uint64_t)(((unsigned __int128)d *
					 pvti.tsc_to_system_mul) >> 32);
		}
		__asm__ volatile("" ::: "memory");
		if ((version & 1) || version != pvti.version)
			(*retries)++;
		else
			break;
	} while (*retries < 1000);
	*tsc_out = tsc;
	return ns;
}

static uint64_t tsc_khz_of(uint32_t mul, int8_t shift)
{
	uint64_t khz = (1000000ULL << 32) / mul;

	return shift < 0 ? khz << -shift : khz >> shift;
}

static void kvm_clock(void)
{
	uint64_t t1, t2, tsc1, tsc2, khz, expect;
	unsigned int r1, r2;
	int vec;

	vec = wrmsr_guarded(MSR_KVM_SYSTEM_TIME_NEW, (uint64_t)&pvti | 1);
	printf("kvmpv: wrmsr SYSTEM_TIME_NEW: %s, version %s, flags 0x%x\n",
	       vec_name(vec), pvti.version & 1 ? "odd" : "even",
	       pvti.flags);
	check(vec < 0 && pvti.version && !(pvti.version & 1) &&
	      pvti.tsc_to_system_mul, "system time filled at once");
	if (vec >= 0 || !pvti.tsc_to_system_mul)
		return;
	check(rdmsr((MSR_KVM_SYSTEM_TIME_NEW)) == ((uint64_t)&pvti | 1),
	      "SYSTEM_TIME_NEW reads back");
	khz = tsc_khz_of(pvti.tsc_to_system_mul, pvti.tsc_shift);
	printf("kvmpv: kvm-clock: TSC %llu kHz (mul 0x%x shift %d)\n",
	       (unsigned long long)khz, pvti.tsc_to_system_mul,
	       pvti.tsc_shift);
	t1 = pvclock_read(&tsc1, &r1);
	while (rdtsc() - tsc1 < 2000000)
		cpu_relax();
	t2 = pvclock_read(&tsc2, &r2);
	/* At the TSC's pace: (tsc2 - tsc1) / kHz ms, within 0.1 %. */
	expect = (tsc2 - tsc1) * 1000000ULL / khz;
	printf("kvmpv: kvm-clock read twice: %s, %s the TSC, retries %u\n",
	       t2 > t1 ? "monotonic" : "FAIL backward",
	       t2 - t1 >= expect - expect / 1000 &&
	       t2 - t1 <= expect + expect / 1000 + 1 ? "at the pace of" :
	       "FAIL not at the pace of", r1 + r2);
	check(t2 > t1 && t2 - t1 >= expect - expect / 1000 &&
	      t2 - t1 <= expect + expect / 1000 + 1, "clock plausible");
}

/* Seconds since 1970 to a year (Gregorian, 1970-2105). */
static unsigned int year_of(uint32_t sec)
{
	unsigned int y = 1970;
	uint32_t days = sec / 86400;

	for (;;) {
		unsigned int len = (y % 4 == 0 && (y % 100 || y % 400 == 0)) ?
				   366 : 365;

		if (days < len)
			return y;
		days -= len;
		y++;
	}
}

static void wall_clock(void)
{
	int vec = wrmsr_guarded(MSR_KVM_WALL_CLOCK_NEW, (uint64_t)&wall);
	unsigned int year = year_of(wall.sec);

	printf("kvmpv: wrmsr WALL_CLOCK_NEW: %s, version %s, year %s\n",
	       vec_name(vec), wall.version & 1 ? "odd" : "even",
	       year >= 2024 && year < 2100 ? "plausible" : "FAIL implausible");
	check(vec < 0 && wall.version && !(wall.version & 1) &&
	      year >= 2024 && year < 2100 && wall.nsec < 1000000000u,
	      "wall clock");
}

/* ------------------------------------------------------------ steal */

static void steal_time(void)
{
	int vec = wrmsr_guarded(MSR_KVM_STEAL_TIME, (uint64_t)&steal | 1);

	printf("kvmpv: wrmsr STEAL_TIME: %s, version %s\n", vec_name(vec),
	       steal.version & 1 ? "odd" : "even");
	check(vec < 0 && !(steal.version & 1), "steal time registered");
}

/* ------------------------------------------------------------ PV EOI */

static volatile unsigned int eoi_pv, eoi_written;

/* Linux's kvm_guest_apic_eoi_write(): the flag set means "no EOI write". */
static void pv_eoi_irq(struct trap_frame *tf)
{
	uint32_t was;

	(void)tf;
	__asm__ volatile("btrl $0, %1; setc %b0; movzbl %b0, %0"
			 : "=q"(was), "+m"(pv_eoi_flag) : : "cc");
	if (was) {
		eoi_pv++;
	} else {
		eoi_written++;
		lapic_eoi();
	}
}

static void pv_eoi(void)
{
	int vec, in_service = 0;

	apic_map();
	lapic_write(APIC_SVR, lapic_read(APIC_SVR) | APIC_SVR_ENABLE);
	trap_set_handler(PV_EOI_VEC, pv_eoi_irq);
	vec = wrmsr_guarded(MSR_KVM_PV_EOI_EN, (uint64_t)&pv_eoi_flag | 1);
	printf("kvmpv: wrmsr PV_EOI_EN: %s\n", vec_name(vec));
	for (int i = 0; i < 3; i++) {
		lapic_write(APIC_ICR, APIC_ICR_SELF | PV_EOI_VEC);
		sti();
		for (int k = 0; k < 1000; k++)
			cpu_relax();
		cli();
		in_service += lapic_bit(APIC_ISR, PV_EOI_VEC);
	}
	printf("kvmpv: pv eoi: 3 self-IPIs, %u by the flag, %u written, "
	       "in service after %d\n", eoi_pv, eoi_written, in_service);
	check(vec < 0 && eoi_pv + eoi_written == 3 && eoi_pv >= 1 &&
	      !in_service, "pv eoi");
}

/* ------------------------------------------------------------ refusals */

static uint64_t ram_end;

static void refuse(uint32_t msr, uint64_t value, const char *what)
{
	uint64_t before = 0, after = 0;
	int vec;

	rdmsr_guarded(msr, &before);
	vec = wrmsr_guarded(msr, value);
	rdmsr_guarded(msr, &after);
	printf("kvmpv: wrmsr 0x%x %s: %s%s\n", msr, what, vec_name(vec),
	       after == before ? "" : ", FAIL value changed");
	check(vec == VEC_GP && after == before, what);
}

static void refusals(void)
{
	uint64_t p = (uint64_t)page;
	uint64_t value;
	int vec;

	memset(page, 0x5a, sizeof(page));
	refuse(MSR_KVM_SYSTEM_TIME_NEW, (p + 2) | 1, "misaligned");
	refuse(MSR_KVM_SYSTEM_TIME_NEW, (p + 4096 - 16) | 1, "across a page");
	refuse(MSR_KVM_SYSTEM_TIME_NEW, ram_end | 1, "outside RAM");
	refuse(MSR_KVM_SYSTEM_TIME_NEW, 0xfee00000 | 1, "on the APIC");
	refuse(MSR_KVM_WALL_CLOCK_NEW, p + 1, "misaligned");
	refuse(MSR_KVM_WALL_CLOCK_NEW, p + 4096 - 8, "across a page");
	refuse(MSR_KVM_WALL_CLOCK_NEW, ram_end - 4, "over RAM's end");
	refuse(MSR_KVM_STEAL_TIME, (p + 32) | 1, "reserved bits");
	refuse(MSR_KVM_STEAL_TIME, (ram_end + 4096) | 1, "outside RAM");
	refuse(MSR_KVM_PV_EOI_EN, (p + 2) | 1, "misaligned");
	refuse(MSR_KVM_PV_EOI_EN, (1ULL << 40) | 1, "outside RAM");
	refuse(MSR_KVM_ASYNC_PF_EN, p | 1, "(not offered)");
	refuse(MSR_KVM_POLL_CONTROL, 1, "(not offered)");
	vec = rdmsr_guarded(HV_MSR_HYPERCALL, &value);
	printf("kvmpv: rdmsr 0x40000000 (EduHV's hypercall MSR): %s\n",
	       vec_name(vec));
	check(vec == VEC_GP, "no EduHV hypercall MSR");
	for (size_t i = 0; i < sizeof(page); i++)
		if (page[i] != 0x5a) {
			check(0, "refused addresses left untouched");
			return;
		}
	printf("kvmpv: the refused addresses are untouched\n");
}

/*
 * Not pv=kvm (pv=eduhv or pv=none): KVM's MSRs are not there, good
 * addresses or not, and nothing is written.
 */
static void not_kvm(void)
{
	static const uint32_t msrs[] = {
		MSR_KVM_WALL_CLOCK_NEW, MSR_KVM_SYSTEM_TIME_NEW,
		MSR_KVM_STEAL_TIME, MSR_KVM_PV_EOI_EN,
	};
	unsigned int gp = 0;

	memset((void *)&pvti, 0x5a, sizeof(pvti));
	for (size_t i = 0; i < sizeof(msrs) / sizeof(msrs[0]); i++) {
		uint64_t value;

		gp += rdmsr_guarded(msrs[i], &value) == VEC_GP;
		gp += wrmsr_guarded(msrs[i], (uint64_t)&pvti | 1) == VEC_GP;
	}
	printf("kvmpv: not KVM: %u of 8 accesses to KVM's MSRs #GP, the "
	       "area is %s\n", gp, pvti.version == 0x5a5a5a5a &&
	       pvti.tsc_timestamp == 0x5a5a5a5a5a5a5a5aULL ? "untouched" :
	       "FAIL written");
	check(gp == 8, "KVM's MSRs absent");
	check(pvti.version == 0x5a5a5a5a, "nothing written");
}

/* ------------------------------------------------------------ hypercalls */

static int64_t kvm_hypercall(uint64_t nr, int *vec)
{
	uint64_t rax = nr;

	guard_begin();
	if (amd)
		__asm__ volatile(GUARDED("vmmcall") : "+a"(rax) : : "memory");
	else
		__asm__ volatile(GUARDED("vmcall") : "+a"(rax) : : "memory");
	*vec = guard_fault.vector;
	return (int64_t)rax;
}

static void hypercalls(void)
{
	/* KVM_HC_VAPIC_POLL_IRQ, KICK_CPU, CLOCK_PAIRING, SEND_IPI,
	 * SCHED_YIELD, and EduHV's HC_NULL, HC_SHUTDOWN. */
	static const uint64_t nrs[] = { 1, 5, 9, 10, 11, HC_NULL, HC_SHUTDOWN };

	for (size_t i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++) {
		int vec;
		int64_t r = kvm_hypercall(nrs[i], &vec);

		printf("kvmpv: %s %llu: %s, rax %lld\n",
		       amd ? "vmmcall" : "vmcall", (unsigned long long)nrs[i],
		       vec_name(vec), (long long)r);
		check(vec < 0 && r == -1000, "hypercall -KVM_ENOSYS");
	}
}

static void steal_report(void)
{
	uint32_t v;
	uint64_t s;

	do {
		v = steal.version;
		__asm__ volatile("" ::: "memory");
		s = steal.steal;
		__asm__ volatile("" ::: "memory");
	} while ((v & 1) || v != steal.version);
	printf("kvmpv: steal time: version %s, %s\n", v & 1 ? "odd" : "even",
	       s ? "some stolen" : "none stolen");
}

void kmain(uint32_t magic, uint32_t info)
{
	const struct multiboot_info *mi;

	trap_init();
	platform_init(magic, info);
	mi = mb_info(magic, info);
	ram_end = mi && (mi->flags & MB_INFO_MEMORY) ?
		  (1024ULL + mi->mem_upper) * 1024 : 16ULL << 20;
	signature();
	if (!kvm) {
		not_kvm();
		platform_exit(failed ? 1 : 0);
	}
	kvm_clock();
	wall_clock();
	steal_time();
	pv_eoi();
	refusals();
	hypercalls();
	/* A while, for a guest beside us to take some of. */
	for (uint64_t t = rdtsc(); rdtsc() - t < 20000000ULL;)
		cpu_relax();
	steal_report();
	printf("kvmpv: done, %u failed\n", failed);
	platform_exit(failed ? 1 : 0);
}
