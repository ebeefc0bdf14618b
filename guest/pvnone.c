// SPDX-License-Identifier: MIT
/*
 * pvnone: what a guest with pv=none in hv.cfg finds where EduHV's
 * paravirtual interface would be: nothing a bare PC does not have. No
 * hypervisor bit (CPUID.1:ECX[31]), leaves 0x40000000-0x400000ff
 * answered as any leaf past the highest one (SDM Vol. 2A, CPUID: "If a
 * value entered for CPUID.EAX is higher than the maximum input value for
 * basic or extended function for that processor then the data for the
 * highest basic information leaf is returned"; AMD processors return
 * zeros), and VMCALL raising #UD, as outside VMX operation (SDM Vol. 2C,
 * VMCALL). The VMCALLs ask for things that would show if they acted: end
 * the guest, fill a buffer.
 *
 * Natively, QEMU runs it with -cpu max,hypervisor=off: TCG's "max" CPU
 * sets the hypervisor bit (QEMU is a hypervisor to its guest), and
 * tcg-cpuid=off: it answers leaf 0x40000000 with "TCGTCGTCGTCG" otherwise.
 * docs/platform.md lists the lines that differ: QEMU's TCG gives zeros
 * for leaves 0x40000000-0x40000001 and no #GP for an MSR it lacks.
 */
#include "guest/lib/guard.h"
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/trap.h"
#include "guest/lib/x86.h"
#include "hv/lib/string.h"
#include "hypercall.h"

void kmain(uint32_t magic, uint32_t info);

static int same(struct cpuid_regs a, struct cpuid_regs b)
{
	return a.eax == b.eax && a.ebx == b.ebx && a.ecx == b.ecx &&
	       a.edx == b.edx;
}

/*
 * How leaves [@first, @last] answer: like the highest basic leaf (Intel
 * hardware), zeros (AMD hardware), or otherwise (a hypervisor's leaves).
 */
static void leaves(uint32_t first, uint32_t last)
{
	struct cpuid_regs highest = cpuid(cpuid(0, 0).eax, 0);
	struct cpuid_regs zero = { 0, 0, 0, 0 };
	unsigned int like_highest = 0, zeros = 0, other = 0;

	for (uint32_t leaf = first; leaf <= last; leaf++) {
		struct cpuid_regs r = cpuid(leaf, 0);

		if (same(r, highest))
			like_highest++;
		else if (same(r, zero))
			zeros++;
		else
			other++;
	}
	printf("pvnone: cpuid 0x%x-0x%x: %u like the highest basic leaf, "
	       "%u zeros, %u other\n", first, last, like_highest, zeros,
	       other);
}

/* VMCALL with @nr in RAX and @a1 in RDI: which vector it raised. */
static int vmcall_guarded(uint64_t nr, uint64_t a1, uint64_t *rax_after)
{
	uint64_t rax = nr;

	guard_begin();
	__asm__ volatile(GUARDED("vmcall")
			 : "+a"(rax) : "D"(a1) : "memory");
	*rax_after = rax;
	return guard_fault.vector;
}

static uint8_t buffer[sizeof(struct hv_exit_stats_abi)];
static uint8_t page[HV_HYPERCALL_PAGE_SIZE]
	__attribute__((aligned(HV_HYPERCALL_PAGE_SIZE)));

static int untouched(const uint8_t *p, size_t n, uint8_t fill)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != fill)
			return 0;
	return 1;
}

static void vmcalls(void)
{
	static const struct { uint64_t nr, a1; const char *what; } calls[] = {
		{ HC_SHUTDOWN, 42, "HC_SHUTDOWN(42)" },
		{ HC_EXIT_STATS, (uint64_t)buffer, "HC_EXIT_STATS(buffer)" },
		{ HC_NULL, 0, "HC_NULL" },
	};
	uint64_t rax;

	memset(buffer, 0x5a, sizeof(buffer));
	for (unsigned int i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		int vec = vmcall_guarded(calls[i].nr, calls[i].a1, &rax);

		printf("pvnone: vmcall %s: %s%s, rax %s\n", calls[i].what,
		       vec < 0 ? "no fault" : trap_name((unsigned int)vec),
		       vec >= 0 && !guard_fault.after ? " at the vmcall" : "",
		       rax == calls[i].nr ? "unchanged" : "changed");
	}
	printf("pvnone: the buffer is %s\n",
	       untouched(buffer, sizeof(buffer), 0x5a) ? "untouched" :
	       "FAIL changed");
}

void kmain(uint32_t magic, uint32_t info)
{
	struct cpuid_regs r;
	uint64_t value = 0;
	int vec;

	trap_init();
	platform_init(magic, info);
	r = cpuid(1, 0);
	printf("pvnone: cpuid 1: hypervisor bit %s\n",
	       r.ecx & CPUID_1_ECX_HYPERVISOR ? "set" : "clear");
	r = cpuid(HV_CPUID_BASE, 0);
	printf("pvnone: cpuid 0x40000000: %s\n",
	       !memcmp(&r.ebx, "EduH", 4) ? "EduHV's signature" :
	       "no EduHV signature");
	/* QEMU's TCG answers these two with zeros, whatever the vendor. */
	leaves(HV_CPUID_BASE, HV_CPUID_FEATURES);
	leaves(HV_CPUID_FEATURES + 1, HV_CPUID_BASE + 0xff);
	vec = rdmsr_guarded(HV_MSR_HYPERCALL, &value);
	printf("pvnone: rdmsr 0x40000000 (EduHV's hypercall MSR): %s\n",
	       vec < 0 ? "no fault" : trap_name((unsigned int)vec));
	memset(page, 0x5a, sizeof(page));
	vec = wrmsr_guarded(HV_MSR_HYPERCALL, (uint64_t)page | 1);
	printf("pvnone: wrmsr 0x40000000 (a page, enabled): %s, "
	       "the page is %s\n",
	       vec < 0 ? "no fault" : trap_name((unsigned int)vec),
	       untouched(page, sizeof(page), 0x5a) ? "untouched" :
	       "FAIL filled");
	vmcalls();
	printf("pvnone: done\n");
	platform_exit(0);
}
