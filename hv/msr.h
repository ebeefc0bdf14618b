/* SPDX-License-Identifier: MIT */
/*
 * The MSR model (docs/platform.md, "MSRs"): RDMSR and WRMSR that exit
 * reach a table of handlers, one per MSR or range; an index in no entry
 * raises #GP(0) as on a CPU without that MSR, and so does a write of a
 * reserved bit or an invalid value. Both are counted per guest and
 * reported when it ends.
 */
#ifndef HV_MSR_H
#define HV_MSR_H

#include <stdbool.h>
#include <stdint.h>

#include "hv/exit.h"

struct vm;

#define MTRR_VAR_RANGES		8	/* IA32_MTRRCAP.VCNT */
#define MTRR_FIXED_MSRS		11

/* The per-vCPU MSR state the backend does not keep. */
struct vcpu_msrs {
	uint64_t mtrr_def_type;
	uint64_t mtrr_var[2 * MTRR_VAR_RANGES];	/* PHYSBASEn, MASKn */
	uint64_t mtrr_fixed[MTRR_FIXED_MSRS];	/* in MSR index order */
	uint64_t misc_enable;
	uint64_t mcg_status;
	uint64_t tsc_offset;	/* guest TSC - host TSC */
	uint64_t tsc_adjust;	/* IA32_TSC_ADJUST (SDM 17.17.3) */
	unsigned int phys_bits;	/* MAXPHYADDR, for the MTRRs */
	bool tsc_offsetting;	/* the backend can move the guest's TSC */
	bool amd;		/* the guest's CPUID vendor: AMD's MSRs exist */
	uint64_t syscfg;	/* AMD's SYSCFG, its MTRR bits */
	/* What raised #GP: no such MSR, or a reserved bit / bad value. */
	uint64_t unknown, reserved;
	uint32_t last_unknown;
};

/* Power-on values; @phys_bits from the guest's CPUID.80000008h:EAX. */
void msr_vcpu_reset(struct vcpu_msrs *m, unsigned int phys_bits,
		    bool tsc_offsetting);

/*
 * The MTRRs as a PC's firmware leaves them for the kernel (SeaBIOS's
 * mtrr_setup(), which QEMU's guests find): on, WB by default, the fixed
 * ranges for the legacy areas, one variable range making the PCI hole
 * below 4 GiB UC above @ram_below_4g.
 */
void msr_firmware_mtrrs(struct vcpu_msrs *m, uint64_t ram_below_4g);

/*
 * The model: 0, -HV_ENOENT for an MSR that does not exist, -HV_EINVAL
 * for a reserved bit or an invalid value; both mean #GP(0) and are
 * counted.
 */
int msr_read(struct vcpu *v, uint32_t index, uint64_t *value);
int msr_write(struct vcpu *v, uint32_t index, uint64_t value);

/*
 * The microcode revision IA32_BIOS_SIGN_ID reports: the host CPU's
 * (@host, arch_microcode_revision()), or, where the CPU reports none (an
 * emulator), MICROCODE_REV_NEWEST: a PC with current microcode, not one
 * whose kernel must work around errata of its first revisions (Linux
 * turns off the TSC-deadline timer on Skylake-X below 0x2000014).
 * 0x7fffffff, not 0xffffffff: no update is newer even where a revision
 * is compared as a signed int.
 */
#define MICROCODE_REV_NEWEST	0x7fffffffu
uint32_t msr_microcode_revision(uint32_t host);

/* One line, if the guest took any #GP from an MSR. */
void msr_report(const struct vm *vm);

enum exit_action handle_msr_read(struct vcpu *v, const struct hv_exit *e);
enum exit_action handle_msr_write(struct vcpu *v, const struct hv_exit *e);

#endif
