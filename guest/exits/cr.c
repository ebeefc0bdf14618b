// SPDX-License-Identifier: MIT
/*
 * MOV to CR0/CR3/CR4, an exit for the bits the hypervisor owns (CR0/CR4
 * guest/host masks, "CR3-load exiting"; SDM Vol. 3C, 26.1.3). Writing back
 * what was read must change nothing; setting CR4.VMXE on a CPU that shows
 * no VMX must raise #GP, as on real hardware (SDM Vol. 3A, 2.5: reserved
 * CR4 bits).
 */
#include "guest/exits/exits.h"
#include "guest/lib/guard.h"
#include "guest/lib/x86.h"

static int write_cr4_guarded(uint64_t v)
{
	guard_begin();
	__asm__ volatile(GUARDED("mov %0, %%cr4") : : "r"(v) : "memory");
	return guard_fault.vector;
}

static void check_same(const char *kind, uint64_t before, uint64_t after)
{
	if (after != before)
		check_fail(kind, "wrote 0x%lx, read 0x%lx", before, after);
	else
		check_ok(kind);
}

void exits_cr(void)
{
	static volatile int canary = 0x5a;
	uint64_t v;
	int vec;

	v = read_cr0();
	write_cr0(v);
	check_same("cr0", v, read_cr0());

	/* Reloading CR3 flushes the TLB: memory must still be there. */
	v = read_cr3();
	write_cr3(v);
	if (canary != 0x5a)
		check_fail("cr3", "memory changed across the reload");
	else
		check_same("cr3", v, read_cr3());

	v = read_cr4();
	write_cr4(v);
	check_same("cr4", v, read_cr4());

	if (cpuid(1, 0).ecx & CPUID_1_ECX_VMX) {
		check_skip("cr4-vmxe", "skipped, the CPU shows VMX");
		return;
	}
	if (on_qemu_tcg()) {
		check_skip("cr4-vmxe", "skipped, QEMU TCG hangs on reserved CR4 bits");
		return;
	}
	vec = write_cr4_guarded(v | CR4_VMXE);
	if (read_cr4() != v)
		check_fail("cr4-vmxe", "CR4 changed to 0x%lx", read_cr4());
	else
		check_vector("cr4-vmxe", vec, VEC_GP);
}
