/* SPDX-License-Identifier: MIT */
/*
 * Reading the guest as its CPU would, for the backends and the MMIO
 * emulator alike (arch/x86/emulate.c): the instruction bytes at a linear
 * address, and guest-physical reads for the page walk (guest_walk.h).
 */
#ifndef ARCH_X86_EMULATE_H
#define ARCH_X86_EMULATE_H

#include <stdint.h>

struct vcpu;

/*
 * Up to X86_INSN_MAX bytes at linear address @lin in code of @mode bits
 * (addresses wrap at 4 GiB below 64), through the guest's page tables
 * and as far as guest RAM goes: the number fetched.
 */
unsigned int x86_fetch_insn(struct vcpu *v, uint64_t lin, unsigned int mode,
			    uint8_t *buf);

/* guest_paging.read for a VM (@ctx): 4 or 8 bytes of its RAM at @gpa. */
int x86_read_guest_phys(void *ctx, uint64_t gpa, unsigned int size,
			uint64_t *value);

#endif
