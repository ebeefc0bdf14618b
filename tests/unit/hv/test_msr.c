// SPDX-License-Identifier: MIT
/*
 * hv/msr.c: the MSR model's rules (Intel SDM Vol. 3A 11.11 MTRRs, 11.12
 * PAT, 16.3 machine check, 17.17 TSC; Vol. 4 for the indices, written out
 * here). The backend's side is a small register file standing in for the
 * VMCS fields (EFER, PAT, SYSENTER, FS/GS base); the TSC is a counter the
 * test moves. handle_msr_read/write are run for the register convention
 * and the #GP.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "hv/arch.h"
#include "hv/errno.h"
#include "hv/msr.h"
#include "hv/vm.h"

/* ------------------------------------------------------------ the backend */

static uint64_t host_tsc;
static uint64_t tsc_offset_set;
static int tsc_offset_calls;
static uint64_t backend_pat, backend_efer;
static int injected_vector, skipped;
static char printed[256];

static int microcode_probes;

uint32_t arch_microcode_revision(void)
{
	microcode_probes++;
	return 0;
}

uint64_t arch_read_timestamp(void)
{
	return host_tsc;
}

bool arch_tsc_offsetting(void)
{
	return true;
}

int arch_vcpu_set_tsc_offset(struct vcpu *v, uint64_t offset)
{
	(void)v;
	tsc_offset_set = offset;
	tsc_offset_calls++;
	return 0;
}

static uint64_t backend_debugctl, backend_fs_base, backend_cr0, backend_cr4;

uint64_t arch_vcpu_read_cr(struct vcpu *v, int cr)
{
	(void)v;
	return cr == 0 ? backend_cr0 : cr == 4 ? backend_cr4 : 0;
}

/*
 * EFER, PAT, FS_BASE and DEBUGCTL, stored as a backend stores them: the
 * rules are hv/msr.c's; nothing else.
 */
int arch_vcpu_read_msr(struct vcpu *v, uint32_t index, uint64_t *value)
{
	(void)v;
	if (index == 0x1d9) {
		*value = backend_debugctl;
		return 0;
	}
	if (index == 0x277) {
		*value = backend_pat;
		return 0;
	}
	if (index == 0xc0000080) {
		*value = backend_efer;
		return 0;
	}
	if (index == 0xc0000100) {
		*value = backend_fs_base;
		return 0;
	}
	return -HV_ENOENT;
}

int arch_vcpu_write_msr(struct vcpu *v, uint32_t index, uint64_t value)
{
	(void)v;
	if (index == 0x1d9) {
		backend_debugctl = value;
		return 0;
	}
	if (index == 0x277) {
		backend_pat = value;
		return 0;
	}
	if (index == 0xc0000080) {
		backend_efer = value;
		return 0;
	}
	if (index == 0xc0000100) {
		backend_fs_base = value;
		return 0;
	}
	return -HV_ENOENT;
}

void vcpu_queue_exception(struct vcpu *v, uint8_t vector,
			  bool has_error_code, uint32_t error_code)
{
	(void)v;
	assert_true(has_error_code);
	assert_int_equal(error_code, 0);
	injected_vector = vector;
}

bool vcpu_skip_emulated_instruction(struct vcpu *v)
{
	(void)v;
	skipped++;
	return false;
}

int hypercall_page_msr_write(struct vm *vm, uint64_t value)
{
	vm->hypercall_msr = value;
	return 0;
}

/* KVM's MSRs (hv/kvm_pv.c, tests/unit/hv/test_kvm_pv.c): calls recorded. */
static uint32_t kvm_index;
static int kvm_tsc_changes;

int kvm_pv_msr_read(struct vcpu *vcpu, uint32_t index, uint64_t *value)
{
	kvm_index = index;
	*value = 0;
	return vcpu->vm->pv_kvm ? 0 : -HV_ENOENT;
}

int kvm_pv_msr_write(struct vcpu *vcpu, uint32_t index, uint64_t value)
{
	(void)value;
	kvm_index = index;
	return vcpu->vm->pv_kvm ? 0 : -HV_ENOENT;
}

void kvm_pv_tsc_changed(struct vcpu *vcpu)
{
	(void)vcpu;
	kvm_tsc_changes++;
}

/* The TSC-deadline timer follows a move (hv/apic.c): calls counted. */
static int apic_tsc_moves;

void apic_tsc_moved(struct vcpu *vcpu)
{
	(void)vcpu;
	apic_tsc_moves++;
}

/* The local APIC's MSRs (hv/apic.c, tested with it): calls recorded. */
static uint32_t apic_index;
static uint64_t apic_written;
static int x2apic_rc;	/* what the x2APIC MSRs answer */

int apic_msr_read(struct vcpu *vcpu, uint32_t index, uint64_t *value)
{
	(void)vcpu;
	apic_index = index;
	*value = 0xfee00900;
	return x2apic_rc;
}

int apic_msr_write(struct vcpu *vcpu, uint32_t index, uint64_t value)
{
	(void)vcpu;
	apic_index = index;
	apic_written = value;
	if (index >= 0x800 && index <= 0x8ff)
		return x2apic_rc;
	return value & (1u << 9) ? -HV_EINVAL : 0;	/* reserved */
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(printed, sizeof(printed), fmt, ap);
	va_end(ap);
}

/* ------------------------------------------------------------ fixtures */

static struct vm vm;
static struct vcpu *v = &vm.vcpu;

static int setup(void **state)
{
	(void)state;
	memset(&vm, 0, sizeof(vm));
	strcpy(vm.name, "g");
	vm.vcpu.vm = &vm;
	vm.pv = true;			/* pv=eduhv, the default */
	msr_vcpu_reset(&v->msrs, 39, true);
	host_tsc = 1000000;
	tsc_offset_set = 0;
	tsc_offset_calls = 0;
	kvm_tsc_changes = 0;
	apic_tsc_moves = 0;
	backend_cr0 = backend_cr4 = backend_fs_base = 0;
	kvm_index = 0;
	backend_pat = 0x0007040600070406ULL;
	backend_efer = 0;
	injected_vector = -1;
	skipped = 0;
	printed[0] = 0;
	return 0;
}

static uint64_t rd(uint32_t index)
{
	uint64_t value = 0xdeadbeef;

	assert_int_equal(msr_read(v, index, &value), 0);
	return value;
}

static void wr_ok(uint32_t index, uint64_t value)
{
	if (msr_write(v, index, value))
		fail_msg("WRMSR %#x <- %#llx refused", index,
			 (unsigned long long)value);
}

static void wr_gp(uint32_t index, uint64_t value)
{
	if (msr_write(v, index, value) != -HV_EINVAL)
		fail_msg("WRMSR %#x <- %#llx accepted", index,
			 (unsigned long long)value);
}

/* ------------------------------------------------------------ unknown */

static void test_unknown_msrs(void **state)
{
	/* SPEC_CTRL, ARCH_CAPABILITIES, PERF_CAPABILITIES, MC0_CTL, either
	 * side of the x2APIC range, ... */
	static const uint32_t unknown[] = {
		0x48, 0x10a, 0x345, 0x400, 0x7ff, 0x17b, 0x1a2, 0x900, 0x9ff,
		0xc0010000, 0x12345678, 0xffffffff,
	};
	uint64_t value;

	for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		assert_int_equal(msr_read(v, unknown[i], &value), -HV_ENOENT);
		assert_int_equal(msr_write(v, unknown[i], 0), -HV_ENOENT);
	}
	assert_int_equal(v->msrs.unknown, 2 * 12);
	assert_int_equal(v->msrs.reserved, 0);
	assert_int_equal(v->msrs.last_unknown, 0xffffffff);
}

/*
 * SYSCFG: on an AMD guest its MTRR bits (18-22) are kept and read back,
 * other bits #GP; on an Intel guest the MSR does not exist.
 */
static void test_amd_syscfg(void **state)
{
	uint64_t value = 1;

	(void)state;
	assert_int_equal(msr_read(v, 0xc0010010, &value), -HV_ENOENT);
	assert_int_equal(msr_write(v, 0xc0010010, 0), -HV_ENOENT);
	v->msrs.amd = true;
	assert_int_equal(msr_read(v, 0xc0010010, &value), 0);
	assert_int_equal(value, 0);	/* MtrrFixDramModEn clear, as firmware leaves it */
	assert_int_equal(msr_write(v, 0xc0010010, 0x740000), 0);
	assert_int_equal(msr_read(v, 0xc0010010, &value), 0);
	assert_int_equal(value, 0x740000);
	assert_int_equal(msr_write(v, 0xc0010010, 1ULL << 23), -HV_EINVAL); /* SMEE */
	assert_int_equal(msr_write(v, 0xc0010010, 1ULL << 32), -HV_EINVAL);
	assert_int_equal(msr_read(v, 0xc0010010, &value), 0);
	assert_int_equal(value, 0x740000);
	assert_int_equal(v->msrs.unknown, 2);
	assert_int_equal(v->msrs.reserved, 2);
}

/* Interrupt Pending Message, AMD only: C1E is not on (reads 0). */
static void test_amd_int_pending_msg(void **state)
{
	uint64_t value = 1;

	(void)state;
	assert_int_equal(msr_read(v, 0xc0010055, &value), -HV_ENOENT);
	v->msrs.amd = true;
	assert_int_equal(msr_read(v, 0xc0010055, &value), 0);
	assert_int_equal(value, 0);
	assert_int_equal(msr_write(v, 0xc0010055, 0), 0);
	assert_int_equal(msr_write(v, 0xc0010055, 1ULL << 27), -HV_EINVAL);
}

/* The backend's MSRs it does not know count as unknown too. */
static void test_backend_unknown(void **state)
{
	uint64_t value;

	/* SYSENTER_CS is in the table but this backend stub lacks it. */
	assert_int_equal(msr_read(v, 0x174, &value), -HV_ENOENT);
	assert_int_equal(v->msrs.unknown, 1);
}

/* ------------------------------------------------------------ read-only */

static void test_read_only(void **state)
{
	assert_int_equal(rd(0xfe), 0x508);	/* MTRRCAP: 8 var, FIX, WC */
	wr_gp(0xfe, 0x508);
	assert_int_equal(rd(0x179), 0);		/* MCG_CAP: no banks */
	wr_gp(0x179, 0);
	assert_int_equal(rd(0x3a), 1);		/* FEATURE_CONTROL: locked */
	wr_gp(0x3a, 5);
	assert_int_equal(rd(0x17), 0);		/* PLATFORM_ID */
	wr_gp(0x17, 0);
	assert_int_equal(v->msrs.reserved, 4);
	assert_int_equal(v->msrs.unknown, 0);
	/*
	 * Microcode probing (WRMSR 0, CPUID 1, RDMSR): writes accepted,
	 * the revision in bits 63:32. This host reports none (as Bochs):
	 * the newest.
	 */
	wr_ok(0x8b, 0);
	assert_int_equal(rd(0x8b), (uint64_t)MICROCODE_REV_NEWEST << 32);
	assert_int_equal(microcode_probes, 1);
	assert_int_equal(rd(0x8b), (uint64_t)MICROCODE_REV_NEWEST << 32);
	assert_int_equal(microcode_probes, 1);	/* read once */
	/* A host that reports its revision: that one. */
	assert_int_equal(msr_microcode_revision(0x2007006), 0x2007006);
	assert_int_equal(msr_microcode_revision(0), 0x7fffffff);
}

/* ------------------------------------------------------------ PAT */

static void test_pat(void **state)
{
	assert_int_equal(rd(0x277), 0x0007040600070406ULL);
	/* Every valid type in every entry: UC WC WT WP WB UC- WB UC. */
	wr_ok(0x277, 0x0006070605040100ULL);
	assert_int_equal(rd(0x277), 0x0006070605040100ULL);
	assert_int_equal(backend_pat, 0x0006070605040100ULL);
	/* 2 and 3 are reserved, as is anything above 7, in any entry. */
	for (int i = 0; i < 8; i++) {
		uint64_t others = 0x0007040600070406ULL & ~(0xffULL << (8 * i));

		wr_gp(0x277, others | 2ULL << (8 * i));
		wr_gp(0x277, others | 3ULL << (8 * i));
		wr_gp(0x277, 0x0007040600070406ULL | 0x10ULL << (8 * i));
	}
	assert_int_equal(backend_pat, 0x0006070605040100ULL);
	assert_int_equal(v->msrs.reserved, 24);
}

/* ------------------------------------------------------------ MTRRs */

static void test_mtrr_reset(void **state)
{
	/* MTRRs disabled, nothing valid (SDM 11.11.5). */
	assert_int_equal(rd(0x2ff), 0);
	for (uint32_t i = 0x200; i < 0x210; i++)
		assert_int_equal(rd(i), 0);
	assert_int_equal(rd(0x250), 0);
	assert_int_equal(rd(0x26f), 0);
}

/* SeaBIOS's layout, as QEMU's guests find it (16 MiB, 40-bit MAXPHYADDR). */
static void test_mtrr_firmware(void **state)
{
	msr_vcpu_reset(&v->msrs, 40, true);
	msr_firmware_mtrrs(&v->msrs, 16 << 20);
	assert_int_equal(rd(0x2ff), 0xc06);
	assert_int_equal(rd(0x200), 0x80000000);
	assert_int_equal(rd(0x201), 0xff80000800ULL);
	for (uint32_t i = 0x202; i < 0x210; i++)
		assert_int_equal(rd(i), 0);
	assert_int_equal(rd(0x250), 0x0606060606060606ULL);
	assert_int_equal(rd(0x258), 0x0606060606060606ULL);
	assert_int_equal(rd(0x259), 0);
	for (uint32_t i = 0x268; i < 0x270; i++)
		assert_int_equal(rd(i), 0x0505050505050505ULL);
	/* 2.5 GiB of RAM: the hole shrinks to 1 GiB at 3 GiB. */
	msr_firmware_mtrrs(&v->msrs, 2560ULL << 20);
	assert_int_equal(rd(0x200), 0xc0000000);
	assert_int_equal(rd(0x201), 0xffc0000800ULL);
	/* 3.5 GiB: 512 MiB at 0xe0000000. */
	msr_firmware_mtrrs(&v->msrs, 3584ULL << 20);
	assert_int_equal(rd(0x200), 0xe0000000);
	assert_int_equal(rd(0x201), 0xffe0000800ULL);
	/* What the firmware wrote, the guest may write too. */
	wr_ok(0x200, rd(0x200));
	wr_ok(0x201, rd(0x201));
}

static void test_mtrr_def_type(void **state)
{
	wr_ok(0x2ff, 0xc06);			/* E, FE, WB: SeaBIOS's */
	assert_int_equal(rd(0x2ff), 0xc06);
	wr_ok(0x2ff, 0x800);
	assert_int_equal(rd(0x2ff), 0x800);
	wr_gp(0x2ff, 0xc02);			/* type 2 reserved */
	wr_gp(0x2ff, 0xc07);			/* 7 is UC- in PAT only */
	wr_gp(0x2ff, 0x1c06);			/* bit 12 reserved */
	wr_gp(0x2ff, 0x100);			/* bits 9:8 reserved */
	wr_gp(0x2ff, 1ULL << 32 | 6);
	assert_int_equal(rd(0x2ff), 0x800);
}

static void test_mtrr_variable(void **state)
{
	/* 39-bit physical addresses: bases and masks up to bit 38. */
	for (uint32_t n = 0; n < 8; n++) {
		uint64_t base = (0x80000000ULL + (n << 24)) | 6;
		uint64_t mask = 0x7fff000000ULL | 0x800;

		wr_ok(0x200 + 2 * n, base);
		wr_ok(0x201 + 2 * n, mask);
		assert_int_equal(rd(0x200 + 2 * n), base);
		assert_int_equal(rd(0x201 + 2 * n), mask);
	}
	wr_ok(0x200, 0x7ffffff000ULL | 1);	/* WC, the highest base */
	wr_gp(0x200, 0x8000000000ULL | 6);	/* bit 39: past MAXPHYADDR */
	wr_gp(0x200, 0x100 | 6);		/* bits 11:8 reserved */
	wr_gp(0x200, 0x80000000ULL | 3);	/* type 3 reserved */
	wr_gp(0x201, 0x8000000800ULL);
	wr_gp(0x201, 0xff000000ULL | 0x801);	/* bits 10:0 reserved */
	assert_int_equal(rd(0x200), 0x7ffffff000ULL | 1);
	assert_int_equal(rd(0x201), 0x7fff000800ULL);
	/* 0x210 is past the 8 ranges MTRRCAP.VCNT gives. */
	assert_int_equal(msr_write(v, 0x210, 0), -HV_ENOENT);
}

static void test_mtrr_phys_bits(void **state)
{
	msr_vcpu_reset(&v->msrs, 46, true);
	wr_ok(0x200, 0x3fff00000000ULL | 6);
	wr_gp(0x200, 0x400000000000ULL | 6);
	/* A CPUID that says nothing sensible: 36 bits. */
	msr_vcpu_reset(&v->msrs, 0, true);
	wr_ok(0x200, 0xf00000000ULL);
	wr_gp(0x200, 0x1000000000ULL);
}

static void test_mtrr_fixed(void **state)
{
	static const uint32_t fixed[] = {
		0x250, 0x258, 0x259, 0x268, 0x269, 0x26a, 0x26b, 0x26c,
		0x26d, 0x26e, 0x26f,
	};

	static const uint8_t types[] = { 0, 1, 4, 5, 6 };

	/* Each MSR its own value: a mix-up of slots shows. */
	for (size_t i = 0; i < 11; i++)
		wr_ok(fixed[i], 0x0606060606060000ULL | types[i % 5] |
				(uint64_t)types[i / 5] << 8);
	for (size_t i = 0; i < 11; i++)
		assert_int_equal(rd(fixed[i]),
				 0x0606060606060000ULL | types[i % 5] |
				 (uint64_t)types[i / 5] << 8);
	wr_ok(0x259, 0);				/* VGA hole UC */
	wr_ok(0x268, 0x0505050505050505ULL);	/* ROM WP */
	wr_ok(0x250, 0x0006050401000600ULL);
	for (int i = 0; i < 8; i++) {
		wr_gp(0x258, (0x0606060606060606ULL & ~(0xffULL << (8 * i))) |
			     2ULL << (8 * i));
		wr_gp(0x26f, 7ULL << (8 * i));
	}
	assert_int_equal(rd(0x258), 0x0606060606060001ULL);
	/* 0x251-0x257, 0x25a-0x267: no such MSRs. */
	assert_int_equal(msr_write(v, 0x251, 0), -HV_ENOENT);
	assert_int_equal(msr_write(v, 0x25a, 0), -HV_ENOENT);
	assert_int_equal(msr_write(v, 0x267, 0), -HV_ENOENT);
	assert_int_equal(msr_write(v, 0x270, 0), -HV_ENOENT);
}

/* ------------------------------------------------------------ MISC_ENABLE */

static void test_misc_enable(void **state)
{
	/* Fast strings; no BTS, no PEBS; no perfmon (CPUID.0xA is 0). */
	assert_int_equal(rd(0x1a0), 0x1801);
	/* What Linux writes back: the same value. */
	wr_ok(0x1a0, 0x1801);
	wr_ok(0x1a0, 0x801801);			/* xTPR disable */
	assert_int_equal(rd(0x1a0), 0x801801);
	wr_ok(0x1a0, 0);			/* read-only bits stay */
	assert_int_equal(rd(0x1a0), 0x1800);
	wr_ok(0x1a0, 0x81);			/* perfmon: ignored */
	assert_int_equal(rd(0x1a0), 0x1801);
	wr_gp(0x1a0, 0x1801 | 1ULL << 22);	/* limit CPUID maxval */
	wr_gp(0x1a0, 0x1801 | 1ULL << 34);	/* XD disable */
	wr_gp(0x1a0, 0x1801 | 1ULL << 16);	/* EIST */
	wr_gp(0x1a0, 0x1801 | 1ULL << 18);	/* MONITOR FSM */
	wr_gp(0x1a0, 1ULL << 63);
	assert_int_equal(rd(0x1a0), 0x1801);
}

/* ------------------------------------------------------------ MCG */

static void test_mcg_status(void **state)
{
	assert_int_equal(rd(0x17a), 0);
	wr_ok(0x17a, 7);
	assert_int_equal(rd(0x17a), 7);
	wr_ok(0x17a, 0);
	wr_gp(0x17a, 8);
	wr_gp(0x17a, 1ULL << 63);
	assert_int_equal(rd(0x17a), 0);
}

/* ------------------------------------------------------------ TSC */

static void test_tsc(void **state)
{
	assert_int_equal(rd(0x10), 1000000);
	assert_int_equal(rd(0x3b), 0);
	/* Writing the TSC moves TSC_ADJUST by as much (SDM 17.17.3). */
	wr_ok(0x10, 5000000);
	assert_int_equal(tsc_offset_set, 4000000);
	assert_int_equal(rd(0x3b), 4000000);
	host_tsc += 10;
	assert_int_equal(rd(0x10), 5000010);
	/* Writing TSC_ADJUST moves the TSC by as much. */
	wr_ok(0x3b, 3000000);
	assert_int_equal(rd(0x3b), 3000000);
	assert_int_equal(rd(0x10), 4000010);
	assert_int_equal(tsc_offset_set, 3000000);
	/* Back in time: the offset wraps, as on hardware. */
	wr_ok(0x10, 10);
	assert_int_equal(rd(0x10), 10);
	assert_int_equal(tsc_offset_set, (uint64_t)10 - 1000010);
	assert_int_equal(rd(0x3b), (uint64_t)10 - 1000010);
	wr_ok(0x3b, 0);
	assert_int_equal(rd(0x10), 1000010);
	assert_int_equal(tsc_offset_calls, 4);
	/* Each move reaches kvm-clock, whose TSC timestamp moved with it,
	 * and the TSC-deadline timer, whose deadline is a TSC value. */
	assert_int_equal(kvm_tsc_changes, 4);
	assert_int_equal(apic_tsc_moves, 4);
}

static void test_tsc_without_offsetting(void **state)
{
	uint64_t value;

	msr_vcpu_reset(&v->msrs, 39, false);
	assert_int_equal(rd(0x10), 1000000);
	/* No TSC_ADJUST (CPUID says so); the TSC cannot be written. */
	assert_int_equal(msr_read(v, 0x3b, &value), -HV_ENOENT);
	assert_int_equal(msr_write(v, 0x3b, 1), -HV_ENOENT);
	wr_gp(0x10, 0);
	assert_int_equal(tsc_offset_calls, 0);
}

/* ------------------------------------------------------------ backend */

static void test_backend_msrs(void **state)
{
	wr_ok(0xc0000080, 0x500);		/* EFER.LME|LMA */
	assert_int_equal(rd(0xc0000080), 0x500);
	wr_gp(0xc0000080, 0x2);			/* reserved bit 1 */
	wr_gp(0xc0000080, 0x1000);		/* bit 12 (SVME): not the guest's */
	/* LME may not change while paging is on (SDM 10.8.5); SCE may. */
	backend_cr0 = 1ULL << 31;
	wr_gp(0xc0000080, 0x400);
	wr_ok(0xc0000080, 0x501);
	backend_cr0 = 0;
	wr_ok(0xc0000080, 0x001);
	assert_int_equal(rd(0xc0000080), 0x001);
	/* FS_BASE: canonical for 48 bits, or 57 with CR4.LA57. */
	wr_ok(0xc0000100, 0xffff800000000000ULL);
	wr_gp(0xc0000100, 0x0000800000000000ULL);
	backend_cr4 = 1ULL << 12;
	wr_ok(0xc0000100, 0x0000800000000000ULL);
	wr_gp(0xc0000100, 0x0100000000000000ULL);
	assert_int_equal(rd(0xc0000100), 0x0000800000000000ULL);
	assert_int_equal(v->msrs.reserved, 5);	/* each #GP counted */
	/* The hypercall page MSR. */
	wr_ok(0x40000000, 0x5001);
	assert_int_equal(rd(0x40000000), 0x5001);
}

/* ------------------------------------------------------------ the exits */

static void test_handle_rdmsr(void **state)
{
	v->regs.rcx = 0xffffffff000000feULL;	/* ECX only */
	v->regs.rax = v->regs.rdx = 0x1234567812345678ULL;
	handle_msr_read(v, NULL);
	assert_int_equal(v->regs.rax, 0x508);
	assert_int_equal(v->regs.rdx, 0);
	assert_int_equal(skipped, 1);
	assert_int_equal(injected_vector, -1);
	v->regs.rcx = 0x48;			/* SPEC_CTRL: no model */
	handle_msr_read(v, NULL);
	assert_int_equal(injected_vector, 13);
	assert_int_equal(skipped, 1);		/* a fault: no skip */
	assert_int_equal(v->regs.rax, 0x508);	/* nor a result */
}

static void test_handle_wrmsr(void **state)
{
	v->regs.rcx = 0x277;
	v->regs.rax = 0xffffffff00070406ULL;	/* EAX only */
	v->regs.rdx = 0x00000000000000006ULL;
	handle_msr_write(v, NULL);
	assert_int_equal(backend_pat, 0x0000000600070406ULL);
	assert_int_equal(skipped, 1);
	v->regs.rdx = 2;
	handle_msr_write(v, NULL);
	assert_int_equal(injected_vector, 13);
	assert_int_equal(skipped, 1);
	assert_int_equal(backend_pat, 0x0000000600070406ULL);
}

static void test_report(void **state)
{
	uint64_t value;

	msr_report(&vm);
	assert_string_equal(printed, "");	/* nothing to say */
	msr_read(v, 0x48, &value);
	msr_write(v, 0x10a, 1);
	msr_write(v, 0x277, 2);
	msr_report(&vm);
	assert_string_equal(printed, "msr: guest=g gp_unknown=2 gp_reserved=1 "
				     "last_unknown=0x10a\n");
}

/* IA32_DEBUGCTL: BTF only; LBR, BTS and the rest #GP (reserved). */
static void test_debugctl(void **state)
{
	backend_debugctl = 0;
	wr_ok(0x1d9, 0x2);
	assert_int_equal(rd(0x1d9), 0x2);
	wr_gp(0x1d9, 0x1);		/* LBR */
	wr_gp(0x1d9, 0x80);		/* BTS */
	assert_int_equal(rd(0x1d9), 0x2);
	wr_ok(0x1d9, 0);
	assert_int_equal(v->msrs.reserved, 2);
}

/* pv=none: a bare PC has no hypercall MSR; it #GPs as unknown. */
static void test_hypercall_msr_only_with_pv(void **state)
{
	uint64_t value;

	vm.pv = false;
	assert_int_equal(msr_read(v, 0x40000000, &value), -HV_ENOENT);
	assert_int_equal(msr_write(v, 0x40000000, 0x1000), -HV_ENOENT);
	assert_int_equal(v->msrs.unknown, 2);
}

/*
 * 0x4b564d00-0x4b564dff is KVM's (hv/kvm_pv.c decides): pv=kvm only,
 * else #GP as unknown; EduHV's hypercall MSR is not there for pv=kvm.
 */
static void test_kvm_msrs_only_with_pv_kvm(void **state)
{
	uint64_t value;

	assert_int_equal(msr_write(v, 0x4b564d01, 0x1001), -HV_ENOENT);
	assert_int_equal(kvm_index, 0x4b564d01);
	vm.pv = false;
	vm.pv_kvm = true;
	assert_int_equal(msr_write(v, 0x4b564d00, 0x2000), 0);
	assert_int_equal(kvm_index, 0x4b564d00);
	assert_int_equal(msr_read(v, 0x4b564dff, &value), 0);
	assert_int_equal(kvm_index, 0x4b564dff);
	kvm_index = 0;
	assert_int_equal(msr_read(v, 0x4b564e00, &value), -HV_ENOENT);
	assert_int_equal(msr_read(v, 0x4b564cff, &value), -HV_ENOENT);
	assert_int_equal(kvm_index, 0);
	assert_int_equal(msr_read(v, 0x40000000, &value), -HV_ENOENT);
	assert_int_equal(msr_write(v, 0x40000000, 0x1001), -HV_ENOENT);
	assert_int_equal(v->msrs.unknown, 5);
}

/* IA32_APIC_BASE and IA32_TSC_DEADLINE go to the local APIC, as they are. */
static void test_apic_msrs_reach_the_apic(void **state)
{
	uint64_t value = 0;

	assert_int_equal(msr_read(v, 0x1b, &value), 0);
	assert_int_equal(apic_index, 0x1b);
	assert_int_equal(value, 0xfee00900);
	assert_int_equal(msr_write(v, 0x6e0, 12345), 0);
	assert_int_equal(apic_index, 0x6e0);
	assert_int_equal(apic_written, 12345);
	/* What the APIC refuses is a reserved-bit #GP, counted. */
	assert_int_equal(msr_write(v, 0x1b, 0xfee00b00), -HV_EINVAL);
	assert_int_equal(v->msrs.reserved, 1);
	assert_int_equal(v->msrs.unknown, 0);
}

/*
 * 0x800-0x8ff go to the local APIC too: what it calls no register (or
 * not x2APIC mode) is counted unknown, a broken rule reserved.
 */
static void test_x2apic_msrs_reach_the_apic(void **state)
{
	uint64_t value = 0;

	x2apic_rc = 0;
	assert_int_equal(msr_read(v, 0x800, &value), 0);
	assert_int_equal(apic_index, 0x800);
	assert_int_equal(msr_write(v, 0x8ff, 7), 0);
	assert_int_equal(apic_index, 0x8ff);
	assert_int_equal(apic_written, 7);
	x2apic_rc = -HV_ENOENT;
	assert_int_equal(msr_read(v, 0x80e, &value), -HV_ENOENT);
	assert_int_equal(v->msrs.unknown, 1);
	assert_int_equal(v->msrs.last_unknown, 0x80e);
	x2apic_rc = -HV_EINVAL;
	assert_int_equal(msr_write(v, 0x80b, 1), -HV_EINVAL);
	assert_int_equal(v->msrs.reserved, 1);
	x2apic_rc = 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_unknown_msrs, setup),
		cmocka_unit_test_setup(test_x2apic_msrs_reach_the_apic, setup),
		cmocka_unit_test_setup(test_backend_unknown, setup),
		cmocka_unit_test_setup(test_amd_syscfg, setup),
		cmocka_unit_test_setup(test_amd_int_pending_msg, setup),
		cmocka_unit_test_setup(test_read_only, setup),
		cmocka_unit_test_setup(test_pat, setup),
		cmocka_unit_test_setup(test_mtrr_reset, setup),
		cmocka_unit_test_setup(test_mtrr_firmware, setup),
		cmocka_unit_test_setup(test_mtrr_def_type, setup),
		cmocka_unit_test_setup(test_mtrr_variable, setup),
		cmocka_unit_test_setup(test_mtrr_phys_bits, setup),
		cmocka_unit_test_setup(test_mtrr_fixed, setup),
		cmocka_unit_test_setup(test_misc_enable, setup),
		cmocka_unit_test_setup(test_mcg_status, setup),
		cmocka_unit_test_setup(test_tsc, setup),
		cmocka_unit_test_setup(test_tsc_without_offsetting, setup),
		cmocka_unit_test_setup(test_backend_msrs, setup),
		cmocka_unit_test_setup(test_handle_rdmsr, setup),
		cmocka_unit_test_setup(test_handle_wrmsr, setup),
		cmocka_unit_test_setup(test_report, setup),
		cmocka_unit_test_setup(test_apic_msrs_reach_the_apic, setup),
		cmocka_unit_test_setup(test_hypercall_msr_only_with_pv, setup),
		cmocka_unit_test_setup(test_kvm_msrs_only_with_pv_kvm, setup),
		cmocka_unit_test_setup(test_debugctl, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
