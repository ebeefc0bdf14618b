// SPDX-License-Identifier: MIT
/*
 * cr4: control-register and XCR0 writes a processor refuses with #GP(0)
 * (SDM Vol. 2B, MOV to/from Control Registers, XSETBV; Vol. 3A, 2.5),
 * each next to one it takes: a reserved CR4 bit, CR4.VMXE (this CPU has
 * no VMX in CPUID), CR4 bits 63:32, clearing CR4.PAE or toggling LA57 in
 * long mode, CR4.PCIDE with CR3[11:0] not 0, CR0.PG without PE, CR0.PG
 * cleared in 64-bit code, CR0.NW without CD, CR0 bits 63:32, XCR0
 * without x87 or with AVX but not SSE. A fault's pushed RFLAGS.RF is
 * printed too: the CPU sets it for faults (SDM 19.3.1.1, 7.12.1).
 */
#include "guest/lib/guard.h"
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/trap.h"
#include "guest/lib/x86.h"

#define CR0_PE		(1ULL << 0)
#define CR0_PG		(1ULL << 31)
#define CR3_PWT		(1ULL << 3)
#define CR4_PCIDE	(1ULL << 17)
#define CPUID1_ECX_PCID	(1u << 17)
#define CR0_NW		(1ULL << 29)
#define CR0_CD		(1ULL << 30)
#define CR4_PAE		(1ULL << 5)
#define CR4_LA57	(1ULL << 12)
#define CPUID1_ECX_VMX	(1u << 5)
#define CPUID1_ECX_XSAVE (1u << 26)
#define RFLAGS_RF	(1ULL << 16)

void kmain(uint32_t magic, uint32_t info);

/*
 * QEMU 7.2's TCG hangs on a MOV to CR4 with a reserved bit (it takes an
 * SVM exit path outside SVM) and takes illegal CR0 values without #GP:
 * natively under TCG those writes are not tried (docs/platform.md).
 */
static int qemu_tcg;

static int skip(const char *what, int tcg_wrong)
{
	if (!(qemu_tcg && tcg_wrong))
		return 0;
	printf("cr4: %s: not tried on QEMU TCG\n", what);
	return 1;
}

static int on_qemu_tcg(void)
{
	struct cpuid_regs r = cpuid(0x40000000, 0);

	/* "TCGTCGTCGTCG" in EBX, ECX, EDX. */
	return r.ebx == 0x54474354 && r.ecx == 0x43544743 &&
	       r.edx == 0x47435447;
}

static void report(const char *what)
{
	if (guard_fault.vector < 0) {
		printf("cr4: %s: no fault\n", what);
	} else {
		printf("cr4: %s: %s error 0x%lx\n", what,
		       trap_name((unsigned int)guard_fault.vector),
		       guard_fault.error);
		printf("cr4: %s: pushed RF %d\n", what,
		       !!(guard_fault.rflags & RFLAGS_RF));
	}
}

static void try_cr4(const char *what, uint64_t v, int tcg_wrong)
{
	if (skip(what, tcg_wrong))
		return;
	guard_begin();
	__asm__ volatile(GUARDED("mov %0, %%cr4") : : "r"(v) : "memory");
	report(what);
}

static void try_cr0(const char *what, uint64_t v, int tcg_wrong)
{
	if (skip(what, tcg_wrong))
		return;
	guard_begin();
	__asm__ volatile(GUARDED("mov %0, %%cr0") : : "r"(v) : "memory");
	report(what);
}

static void try_xsetbv(const char *what, uint64_t v)
{
	guard_begin();
	__asm__ volatile(GUARDED("xsetbv")
			 : : "c"(0), "a"((uint32_t)v), "d"((uint32_t)(v >> 32))
			 : "memory");
	report(what);
}

void kmain(uint32_t magic, uint32_t info)
{
	uint64_t cr0, cr4;

	trap_init();
	platform_init(magic, info);
	qemu_tcg = on_qemu_tcg();
	cr0 = read_cr0();
	cr4 = read_cr4();
	printf("cr4: VMX in CPUID: %d\n", !!(cpuid(1, 0).ecx & CPUID1_ECX_VMX));
	try_cr4("CR4 as it is", cr4, 0);
	try_cr4("CR4 bit 32", cr4 | (1ULL << 32), 1);
	try_cr4("CR4 reserved bit 15", cr4 | (1ULL << 15), 1);
	try_cr4("CR4.VMXE", cr4 | CR4_VMXE, 1);
	try_cr4("CR4.PAE cleared in long mode", cr4 & ~CR4_PAE, 1);
	try_cr4("CR4.LA57 toggled in long mode", cr4 ^ CR4_LA57, 0);
	printf("cr4: CR4 unchanged: %d\n", read_cr4() == cr4);
	/* PCIDE only with CR3[11:0] clear (Vol. 3A 4.10.1, Vol. 2B MOV CRn). */
	printf("cr4: PCID in CPUID: %d\n", !!(cpuid(1, 0).ecx & CPUID1_ECX_PCID));
	if (cpuid(1, 0).ecx & CPUID1_ECX_PCID) {
		uint64_t cr3 = read_cr3();

		write_cr3(cr3 | CR3_PWT);
		try_cr4("CR4.PCIDE with CR3[11:0] not 0", cr4 | CR4_PCIDE, 0);
		write_cr3(cr3);
		try_cr4("CR4.PCIDE with CR3[11:0] 0", cr4 | CR4_PCIDE, 0);
		printf("cr4: CR4.PCIDE then: %d\n", !!(read_cr4() & CR4_PCIDE));
		write_cr4(cr4);
	}
	try_cr0("CR0 as it is", cr0, 0);
	try_cr0("CR0.PG without PE", cr0 & ~CR0_PE, 1);
	try_cr0("CR0.NW without CD", (cr0 | CR0_NW) & ~CR0_CD, 1);
	try_cr0("CR0 bit 32", cr0 | (1ULL << 32), 1);
	try_cr0("CR0.PG cleared in 64-bit code", cr0 & ~CR0_PG, 1);
	printf("cr4: CR0 unchanged: %d\n", read_cr0() == cr0);
	if (cpuid(1, 0).ecx & CPUID1_ECX_XSAVE) {
		try_cr4("CR4.OSXSAVE", cr4 | CR4_OSXSAVE, 0);
		try_xsetbv("XCR0 x87 and SSE", 0x3);
		try_xsetbv("XCR0 without x87", 0x2);
		try_xsetbv("XCR0 AVX without SSE", 0x5);
		printf("cr4: XCR0 0x%lx\n", xgetbv(0));
	}
	printf("cr4: done\n");
	platform_exit(0);
}
