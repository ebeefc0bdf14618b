// SPDX-License-Identifier: MIT
/*
 * RDMSR and WRMSR. The MSR bitmap makes every MSR exit except the few the
 * guest may own outright (SYSCALL targets, KERNEL_GS_BASE, TSC_AUX; see
 * the backend). What exits reaches msr_handlers[]: the model keeps what
 * is vendor-neutral (MTRRs, MISC_ENABLE, machine check, the TSC's offset)
 * and hands what lives in the backend's state (EFER, PAT, SYSENTER, FS/GS
 * base) to it. Every other index raises #GP(0), as a CPU that lacks the
 * MSR does; so does a reserved bit. docs/platform.md has the table.
 */
#include "hv/msr.h"

#include "hv/apic.h"
#include "hv/cr.h"
#include "hv/dev/lapic.h"
#include "hv/arch.h"
#include "hv/errno.h"
#include "hv/hypercalls.h"
#include "hv/kvm_pv.h"
#include "hv/printk.h"
#include "hypercall.h"
#include "hv/vm.h"
#include "msr_index.h"

#define VECTOR_GP			13

#define FEATURE_CONTROL_LOCKED		1ULL

/* IA32_MISC_ENABLE (SDM Vol. 4, Table 2-2). */
#define MISC_ENABLE_FAST_STRING		(1ULL << 0)
#define MISC_ENABLE_PERF_MON		(1ULL << 7)	/* RO */
#define MISC_ENABLE_BTS_UNAVAIL		(1ULL << 11)	/* RO */
#define MISC_ENABLE_PEBS_UNAVAIL	(1ULL << 12)	/* RO */
#define MISC_ENABLE_XTPR_DISABLE	(1ULL << 23)
#define MISC_ENABLE_WRITABLE	(MISC_ENABLE_FAST_STRING | \
				 MISC_ENABLE_XTPR_DISABLE)
#define MISC_ENABLE_READ_ONLY	(MISC_ENABLE_PERF_MON | \
				 MISC_ENABLE_BTS_UNAVAIL | \
				 MISC_ENABLE_PEBS_UNAVAIL)

/* IA32_MTRRCAP: 8 variable ranges, fixed ranges, WC; no SMRR (SDM 11.11.1). */
#define MTRRCAP_FIX			(1ULL << 8)
#define MTRRCAP_WC			(1ULL << 10)
#define MTRRCAP_VALUE	(MTRR_VAR_RANGES | MTRRCAP_FIX | MTRRCAP_WC)
#define MTRR_DEF_TYPE_FE		(1ULL << 10)
#define MTRR_DEF_TYPE_E			(1ULL << 11)
#define MTRR_PHYSMASK_VALID		(1ULL << 11)

/* IA32_MCG_STATUS: RIPV, EIPV, MCIP (SDM 16.3.1.2). */
#define MCG_STATUS_WRITABLE		0x7ULL

void msr_vcpu_reset(struct vcpu_msrs *m, unsigned int phys_bits,
		    bool tsc_offsetting)
{
	*m = (struct vcpu_msrs){
		/* MTRRs disabled, every range invalid (SDM 11.11.5). */
		.mtrr_def_type = 0,
		.misc_enable = MISC_ENABLE_FAST_STRING |
			       MISC_ENABLE_BTS_UNAVAIL |
			       MISC_ENABLE_PEBS_UNAVAIL,
		.phys_bits = phys_bits < 36 || phys_bits > 52 ? 36 : phys_bits,
		.tsc_offsetting = tsc_offsetting,
	};
}

#define MTRR_UC		0x00
#define MTRR_WP		0x05
#define MTRR_WB		0x06
#define EIGHT(t)	(0x0101010101010101ULL * (t))

void msr_firmware_mtrrs(struct vcpu_msrs *m, uint64_t ram_below_4g)
{
	const uint64_t four_g = 1ULL << 32;
	uint64_t hole = 1ULL << 31;

	/* The largest naturally aligned range below 4 GiB above RAM. */
	while (hole > (1ULL << 20) && four_g - hole < ram_below_4g)
		hole >>= 1;
	m->mtrr_fixed[0] = EIGHT(MTRR_WB);	/* 0-0x7ffff */
	m->mtrr_fixed[1] = EIGHT(MTRR_WB);	/* 0x80000-0x9ffff */
	m->mtrr_fixed[2] = EIGHT(MTRR_UC);	/* 0xa0000-0xbffff: VGA */
	for (int i = 3; i < MTRR_FIXED_MSRS; i++)
		m->mtrr_fixed[i] = EIGHT(MTRR_WP);	/* 0xc0000-: ROMs */
	m->mtrr_var[0] = (four_g - hole) | MTRR_UC;
	m->mtrr_var[1] = (~(hole - 1) & ((1ULL << m->phys_bits) - 1) &
			  ~0xfffULL) | MTRR_PHYSMASK_VALID;
	m->mtrr_def_type = MTRR_DEF_TYPE_E | MTRR_DEF_TYPE_FE | MTRR_WB;
}

/* ------------------------------------------------------------ TSC */

/*
 * IA32_TSC and IA32_TSC_ADJUST (SDM 17.17.3): a write of the TSC moves
 * TSC_ADJUST by as much as the TSC moved; a write of TSC_ADJUST moves the
 * TSC by as much as TSC_ADJUST moved. Both are the guest's offset from
 * the host's TSC, which the backend adds to RDTSC/RDTSCP.
 */
static uint64_t guest_tsc(struct vcpu *v)
{
	return arch_read_timestamp() + v->msrs.tsc_offset;
}

static int move_tsc(struct vcpu *v, uint64_t delta)
{
	int rc = arch_vcpu_set_tsc_offset(v, v->msrs.tsc_offset + delta);

	if (rc)
		return -HV_EINVAL;
	v->msrs.tsc_offset += delta;
	v->msrs.tsc_adjust += delta;
	kvm_pv_tsc_changed(v);	/* kvm-clock's TSC timestamp moved too */
	apic_tsc_moved(v);	/* and the TSC-deadline timer's deadline */
	return 0;
}

static int read_tsc(struct vcpu *v, uint32_t index, uint64_t *value)
{
	(void)index;
	*value = guest_tsc(v);
	return 0;
}

static int write_tsc(struct vcpu *v, uint32_t index, uint64_t value)
{
	(void)index;
	if (!v->msrs.tsc_offsetting)
		return -HV_EINVAL;	/* the TSC cannot be moved here */
	return move_tsc(v, value - guest_tsc(v));
}

static int read_tsc_adjust(struct vcpu *v, uint32_t index, uint64_t *value)
{
	(void)index;
	if (!v->msrs.tsc_offsetting)
		return -HV_ENOENT;	/* CPUID.7.0:EBX[1] is 0 then */
	*value = v->msrs.tsc_adjust;
	return 0;
}

static int write_tsc_adjust(struct vcpu *v, uint32_t index, uint64_t value)
{
	(void)index;
	if (!v->msrs.tsc_offsetting)
		return -HV_ENOENT;
	return move_tsc(v, value - v->msrs.tsc_adjust);
}

/* ------------------------------------------------------------ constants */

static int read_zero(struct vcpu *v, uint32_t index, uint64_t *value)
{
	(void)v;
	(void)index;
	*value = 0;
	return 0;
}

/* A write that changes nothing a guest can see: microcode probing. */
static int write_ignored(struct vcpu *v, uint32_t index, uint64_t value)
{
	(void)v;
	(void)index;
	(void)value;
	return 0;
}

uint32_t msr_microcode_revision(uint32_t host)
{
	return host ? host : MICROCODE_REV_NEWEST;
}

/*
 * IA32_BIOS_SIGN_ID: the revision in bits 63:32, whatever was written
 * (the guest's WRMSR 0 before CPUID 1 goes to write_ignored), as KVM and
 * QEMU keep it. The host's is read once, by the SDM's sequence.
 */
static int read_bios_sign_id(struct vcpu *v, uint32_t index, uint64_t *value)
{
	static uint32_t rev;

	(void)v;
	(void)index;
	if (!rev)
		rev = msr_microcode_revision(arch_microcode_revision());
	*value = (uint64_t)rev << 32;
	return 0;
}

static int read_feature_control(struct vcpu *v, uint32_t index,
				uint64_t *value)
{
	(void)v;
	(void)index;
	/* Locked, VMX off: what a guest without nested VT-x sees. */
	*value = FEATURE_CONTROL_LOCKED;
	return 0;
}

static int read_mtrrcap(struct vcpu *v, uint32_t index, uint64_t *value)
{
	(void)v;
	(void)index;
	*value = MTRRCAP_VALUE;
	return 0;
}

/* ------------------------------------------------------------ MISC_ENABLE */

static int read_misc_enable(struct vcpu *v, uint32_t index, uint64_t *value)
{
	(void)index;
	*value = v->msrs.misc_enable;
	return 0;
}

/*
 * Fast strings and xTPR disable are stored (neither changes what the
 * vCPU does: string instructions run natively, there is no xTPR); the
 * read-only bits ignore writes; the rest (limit CPUID maxval, XD disable,
 * the thermal and power bits) are not modelled and #GP.
 */
static int write_misc_enable(struct vcpu *v, uint32_t index, uint64_t value)
{
	(void)index;
	if (value & ~(MISC_ENABLE_WRITABLE | MISC_ENABLE_READ_ONLY))
		return -HV_EINVAL;
	v->msrs.misc_enable = (value & MISC_ENABLE_WRITABLE) |
			      (v->msrs.misc_enable & MISC_ENABLE_READ_ONLY);
	return 0;
}

/* ------------------------------------------------------------ machine check */

static int read_mcg_status(struct vcpu *v, uint32_t index, uint64_t *value)
{
	(void)index;
	*value = v->msrs.mcg_status;
	return 0;
}

static int write_mcg_status(struct vcpu *v, uint32_t index, uint64_t value)
{
	(void)index;
	if (value & ~MCG_STATUS_WRITABLE)
		return -HV_EINVAL;
	v->msrs.mcg_status = value;
	return 0;
}

/* ------------------------------------------------------------ MTRRs */

/* UC, WC, WT, WP, WB (SDM 11.11.1, Table 11-8); 2, 3 and 7+ reserved. */
static bool mtrr_type_valid(uint64_t t)
{
	return t == 0 || t == 1 || t == 4 || t == 5 || t == 6;
}

static uint64_t phys_mask(const struct vcpu *v)
{
	return ((1ULL << v->msrs.phys_bits) - 1) & ~0xfffULL;
}

static int read_mtrr_def_type(struct vcpu *v, uint32_t index,
			      uint64_t *value)
{
	(void)index;
	*value = v->msrs.mtrr_def_type;
	return 0;
}

static int write_mtrr_def_type(struct vcpu *v, uint32_t index,
			       uint64_t value)
{
	(void)index;
	if (value & ~(0xffULL | MTRR_DEF_TYPE_FE | MTRR_DEF_TYPE_E) ||
	    !mtrr_type_valid(value & 0xff))
		return -HV_EINVAL;
	v->msrs.mtrr_def_type = value;
	return 0;
}

static int read_mtrr_var(struct vcpu *v, uint32_t index, uint64_t *value)
{
	*value = v->msrs.mtrr_var[index - MSR_IA32_MTRR_PHYSBASE0];
	return 0;
}

/* PHYSBASEn: type in 7:0, base from bit 12; PHYSMASKn: V in 11, mask. */
static int write_mtrr_var(struct vcpu *v, uint32_t index, uint64_t value)
{
	uint32_t n = index - MSR_IA32_MTRR_PHYSBASE0;

	if (n % 2 == 0) {
		if (value & ~(phys_mask(v) | 0xffULL) ||
		    !mtrr_type_valid(value & 0xff))
			return -HV_EINVAL;
	} else if (value & ~(phys_mask(v) | MTRR_PHYSMASK_VALID)) {
		return -HV_EINVAL;
	}
	v->msrs.mtrr_var[n] = value;
	return 0;
}

/* The fixed-range MSRs in index order: 0x250, 0x258, 0x259, 0x268-0x26f. */
static int mtrr_fixed_slot(uint32_t index)
{
	if (index == MSR_IA32_MTRR_FIX64K_00000)
		return 0;
	if (index == MSR_IA32_MTRR_FIX16K_80000 ||
	    index == MSR_IA32_MTRR_FIX16K_A0000)
		return 1 + (int)(index - MSR_IA32_MTRR_FIX16K_80000);
	if (index >= MSR_IA32_MTRR_FIX4K_C0000 &&
	    index < MSR_IA32_MTRR_FIX4K_C0000 + 8)
		return 3 + (int)(index - MSR_IA32_MTRR_FIX4K_C0000);
	return -1;
}

static int read_mtrr_fixed(struct vcpu *v, uint32_t index, uint64_t *value)
{
	*value = v->msrs.mtrr_fixed[mtrr_fixed_slot(index)];
	return 0;
}

/* Eight ranges of one type each, one per byte. */
static int write_mtrr_fixed(struct vcpu *v, uint32_t index, uint64_t value)
{
	for (int i = 0; i < 8; i++)
		if (!mtrr_type_valid(value >> (8 * i) & 0xff))
			return -HV_EINVAL;
	v->msrs.mtrr_fixed[mtrr_fixed_slot(index)] = value;
	return 0;
}

/* ------------------------------------------------------------ PAT */

/*
 * Each entry must name a memory type (SDM 11.12.2): UC, WC, WT, WP, WB,
 * UC-; 2, 3 and 8-255 #GP. The backend loads the value on every entry
 * as the guest's own PAT (VMX: the PAT entry/exit controls).
 */
static bool pat_valid(uint64_t pat)
{
	for (int i = 0; i < 8; i++) {
		uint8_t t = (uint8_t)(pat >> (8 * i));

		if (t > 7 || t == 2 || t == 3)
			return false;
	}
	return true;
}

static int write_pat(struct vcpu *v, uint32_t index, uint64_t value)
{
	if (!pat_valid(value))
		return -HV_EINVAL;
	return arch_vcpu_write_msr(v, index, value);
}

/*
 * IA32_DEBUGCTL (SDM 17.4.1): the guest's own, kept across exits by the
 * VMCS's debug controls. Only BTF (bit 1, single-step on branches) is
 * offered: LBR, BTS and the rest need MSRs that are not modelled, and
 * setting them #GPs, as KVM does for what it does not support.
 */
#define DEBUGCTL_BTF			(1ULL << 1)

static int write_debugctl(struct vcpu *v, uint32_t index, uint64_t value)
{
	if (value & ~DEBUGCTL_BTF)
		return -HV_EINVAL;
	return arch_vcpu_write_msr(v, index, value);
}

/* ------------------------------------------------------------ the rest */

static int read_arch(struct vcpu *v, uint32_t index, uint64_t *value)
{
	return arch_vcpu_read_msr(v, index, value);
}

static int write_arch(struct vcpu *v, uint32_t index, uint64_t value)
{
	return arch_vcpu_write_msr(v, index, value);
}

/*
 * EFER (SDM Vol. 3A 2.2.1, Vol. 4 table 2-2): SCE, LME, NXE writable,
 * LMA read-only (the backend keeps it, as CR0.PG and LME make it); LME
 * may not change while paging is on (SDM 10.8.5). Written once here for
 * both backends, which only store the value.
 */
#define EFER_SCE	(1ULL << 0)
#define EFER_NXE	(1ULL << 11)
#define EFER_WRITABLE	(EFER_SCE | X86_EFER_LME | X86_EFER_LMA | EFER_NXE)

static int write_efer(struct vcpu *v, uint32_t index, uint64_t value)
{
	uint64_t old;

	if ((value & ~EFER_WRITABLE) || arch_vcpu_read_msr(v, index, &old))
		return -HV_EINVAL;
	if ((arch_vcpu_read_cr(v, 0) & X86_CR0_PG) &&
	    ((value ^ old) & X86_EFER_LME))
		return -HV_EINVAL;
	return arch_vcpu_write_msr(v, index, value);
}

/*
 * Linear addresses in MSRs (SYSENTER_ESP/EIP, FS/GS base) must be
 * canonical: 48 bits, or 57 with CR4.LA57 (SDM Vol. 2B, WRMSR).
 */
static int write_canonical(struct vcpu *v, uint32_t index, uint64_t value)
{
	if (!guest_canonical(arch_vcpu_read_cr(v, 4), value))
		return -HV_EINVAL;
	return arch_vcpu_write_msr(v, index, value);
}

static int read_hypercall(struct vcpu *v, uint32_t index, uint64_t *value)
{
	(void)index;
	if (!v->vm->pv)
		return -HV_ENOENT;	/* pv=none: a bare PC has no such MSR */
	*value = v->vm->hypercall_msr;
	return 0;
}

static int write_hypercall(struct vcpu *v, uint32_t index, uint64_t value)
{
	(void)index;
	if (!v->vm->pv)
		return -HV_ENOENT;	/* pv=none: a bare PC has no such MSR */
	return hypercall_page_msr_write(v->vm, value);
}

/* IA32_APIC_BASE, IA32_TSC_DEADLINE, x2APIC: the local APIC's (hv/apic.c). */
static int read_apic(struct vcpu *v, uint32_t index, uint64_t *value)
{
	return apic_msr_read(v, index, value);
}

static int write_apic(struct vcpu *v, uint32_t index, uint64_t value)
{
	return apic_msr_write(v, index, value);
}

/*
 * SYSCFG (AMD APM Vol. 2, 7.9.1, "Memory Type Range Registers"): every
 * AMD CPU of family 0Fh on has it, and Linux reads it with the
 * fixed-range MTRRs (k8_check_syscfg_dram_mod_en()). Its MTRR bits are
 * the guest's, kept and read back: MtrrFixDramEn, MtrrFixDramModEn (0
 * once firmware is done, as here), MtrrVarDramEn, MtrrTom2En,
 * Tom2ForceMemTypeWB. The rest (SMEE, SNP...) is not offered: #GP. On an
 * Intel CPU there is no such MSR.
 */
#define SYSCFG_MTRR_BITS	(0x1fULL << 18)

static int read_syscfg(struct vcpu *v, uint32_t index, uint64_t *value)
{
	(void)index;
	if (!v->msrs.amd)
		return -HV_ENOENT;
	*value = v->msrs.syscfg;
	return 0;
}

static int write_syscfg(struct vcpu *v, uint32_t index, uint64_t value)
{
	(void)index;
	if (!v->msrs.amd)
		return -HV_ENOENT;
	if (value & ~SYSCFG_MTRR_BITS)
		return -HV_EINVAL;
	v->msrs.syscfg = value;
	return 0;
}

/*
 * Interrupt Pending Message (AMD BKDG for family 0Fh/10h): Linux reads it
 * on the CPUs with erratum 400 (family 0Fh from model 41h, family 10h),
 * which CPUID may name, to find whether C1E is on. It is not: reads 0,
 * as KVM gives it; writing 0 keeps it so, anything else #GP.
 */
static int read_int_pending_msg(struct vcpu *v, uint32_t index,
				uint64_t *value)
{
	(void)index;
	if (!v->msrs.amd)
		return -HV_ENOENT;
	*value = 0;
	return 0;
}

static int write_int_pending_msg(struct vcpu *v, uint32_t index,
				 uint64_t value)
{
	(void)index;
	if (!v->msrs.amd)
		return -HV_ENOENT;
	return value ? -HV_EINVAL : 0;
}

/*
 * One entry per MSR or range of MSRs. A NULL read or write: that access
 * #GPs (a read-only MSR, or a write-only one). The x2APIC range
 * (0x800-0x8ff) #GPs outside x2APIC mode, as an unknown MSR.
 */
struct msr_handler {
	uint32_t first, last;
	int (*read)(struct vcpu *v, uint32_t index, uint64_t *value);
	int (*write)(struct vcpu *v, uint32_t index, uint64_t value);
};

static const struct msr_handler msr_handlers[] = {
	{ MSR_IA32_TSC, MSR_IA32_TSC, read_tsc, write_tsc },
	{ MSR_IA32_APIC_BASE, MSR_IA32_APIC_BASE, read_apic, write_apic },
	{ MSR_IA32_TSC_DEADLINE, MSR_IA32_TSC_DEADLINE, read_apic, write_apic },
	{ X2APIC_MSR_FIRST, X2APIC_MSR_LAST, read_apic, write_apic },
	{ MSR_IA32_PLATFORM_ID, MSR_IA32_PLATFORM_ID, read_zero, NULL },
	{ MSR_IA32_FEATURE_CONTROL, MSR_IA32_FEATURE_CONTROL,
	  read_feature_control, NULL },
	{ MSR_IA32_TSC_ADJUST, MSR_IA32_TSC_ADJUST,
	  read_tsc_adjust, write_tsc_adjust },
	{ MSR_IA32_BIOS_SIGN_ID, MSR_IA32_BIOS_SIGN_ID,
	  read_bios_sign_id, write_ignored },
	{ MSR_IA32_MTRRCAP, MSR_IA32_MTRRCAP, read_mtrrcap, NULL },
	{ MSR_IA32_SYSENTER_CS, MSR_IA32_SYSENTER_CS, read_arch, write_arch },
	{ MSR_IA32_SYSENTER_ESP, MSR_IA32_SYSENTER_EIP,
	  read_arch, write_canonical },
	{ MSR_IA32_MCG_CAP, MSR_IA32_MCG_CAP, read_zero, NULL }, /* no banks */
	{ MSR_IA32_MCG_STATUS, MSR_IA32_MCG_STATUS,
	  read_mcg_status, write_mcg_status },
	{ MSR_IA32_MISC_ENABLE, MSR_IA32_MISC_ENABLE,
	  read_misc_enable, write_misc_enable },
	{ MSR_IA32_MTRR_PHYSBASE0,
	  MSR_IA32_MTRR_PHYSBASE0 + 2 * MTRR_VAR_RANGES - 1,
	  read_mtrr_var, write_mtrr_var },
	{ MSR_IA32_MTRR_FIX64K_00000, MSR_IA32_MTRR_FIX64K_00000,
	  read_mtrr_fixed, write_mtrr_fixed },
	{ MSR_IA32_MTRR_FIX16K_80000, MSR_IA32_MTRR_FIX16K_A0000,
	  read_mtrr_fixed, write_mtrr_fixed },
	{ MSR_IA32_MTRR_FIX4K_C0000, MSR_IA32_MTRR_FIX4K_C0000 + 7,
	  read_mtrr_fixed, write_mtrr_fixed },
	{ MSR_IA32_PAT, MSR_IA32_PAT, read_arch, write_pat },
	{ MSR_IA32_DEBUGCTL, MSR_IA32_DEBUGCTL, read_arch, write_debugctl },
	{ MSR_IA32_MTRR_DEF_TYPE, MSR_IA32_MTRR_DEF_TYPE,
	  read_mtrr_def_type, write_mtrr_def_type },
	{ HV_MSR_HYPERCALL, HV_MSR_HYPERCALL, read_hypercall, write_hypercall },
	/* pv=kvm only, each as its feature bit (hv/kvm_pv.c). */
	{ MSR_KVM_FIRST, MSR_KVM_LAST, kvm_pv_msr_read, kvm_pv_msr_write },
	/* EFER; the SYSCALL MSRs and KERNEL_GS_BASE/TSC_AUX do not exit. */
	{ MSR_EFER, MSR_EFER, read_arch, write_efer },
	{ MSR_FS_BASE, MSR_GS_BASE, read_arch, write_canonical },
	{ MSR_AMD64_SYSCFG, MSR_AMD64_SYSCFG, read_syscfg, write_syscfg },
	{ MSR_K8_INT_PENDING_MSG, MSR_K8_INT_PENDING_MSG, read_int_pending_msg,
	  write_int_pending_msg },
};

static const struct msr_handler *find_handler(uint32_t index)
{
	for (size_t i = 0; i < sizeof(msr_handlers) / sizeof(msr_handlers[0]);
	     i++)
		if (index >= msr_handlers[i].first &&
		    index <= msr_handlers[i].last)
			return &msr_handlers[i];
	return NULL;
}

static int count(struct vcpu *v, uint32_t index, int rc)
{
	if (rc == -HV_ENOENT) {
		v->msrs.unknown++;
		v->msrs.last_unknown = index;
	} else if (rc) {
		v->msrs.reserved++;
		rc = -HV_EINVAL;
	}
	return rc;
}

int msr_read(struct vcpu *v, uint32_t index, uint64_t *value)
{
	const struct msr_handler *h = find_handler(index);

	if (!h)
		return count(v, index, -HV_ENOENT);
	if (!h->read)
		return count(v, index, -HV_EINVAL);
	return count(v, index, h->read(v, index, value));
}

int msr_write(struct vcpu *v, uint32_t index, uint64_t value)
{
	const struct msr_handler *h = find_handler(index);

	if (!h)
		return count(v, index, -HV_ENOENT);
	if (!h->write)
		return count(v, index, -HV_EINVAL);	/* read-only */
	return count(v, index, h->write(v, index, value));
}

void msr_report(const struct vm *vm)
{
	const struct vcpu_msrs *m = &vm->vcpu.msrs;

	if (!m->unknown && !m->reserved)
		return;
	printk("msr: guest=%s gp_unknown=%llu gp_reserved=%llu "
	       "last_unknown=0x%x\n", vm->name,
	       (unsigned long long)m->unknown,
	       (unsigned long long)m->reserved, m->last_unknown);
}

enum exit_action handle_msr_read(struct vcpu *v, const struct hv_exit *e)
{
	uint64_t value;

	(void)e;
	if (msr_read(v, (uint32_t)v->regs.rcx, &value)) {
		vcpu_queue_exception(v, VECTOR_GP, true, 0);
		return EXIT_RESUME;
	}
	v->regs.rax = (uint32_t)value;
	v->regs.rdx = value >> 32;
	vcpu_skip_emulated_instruction(v);
	return EXIT_RESUME;
}

enum exit_action handle_msr_write(struct vcpu *v, const struct hv_exit *e)
{
	uint64_t value = (v->regs.rdx << 32) | (uint32_t)v->regs.rax;

	(void)e;
	if (msr_write(v, (uint32_t)v->regs.rcx, value)) {
		vcpu_queue_exception(v, VECTOR_GP, true, 0);
		return EXIT_RESUME;
	}
	vcpu_skip_emulated_instruction(v);
	return EXIT_RESUME;
}
