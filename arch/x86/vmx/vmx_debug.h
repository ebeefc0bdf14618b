/* SPDX-License-Identifier: MIT */
/*
 * What a debugger needs from VMX that it cannot read from memory: the
 * VMCS. Its in-memory format is the processor's own (SDM 25.2: software
 * must use VMREAD and VMWRITE), so a debugger stopped in the hypervisor
 * cannot see it. When a debugger asks (it sets vmx_debug_snapshot_on,
 * tools/gdb/hv.py does so when it loads), every full VM exit copies every
 * field the hypervisor knows into vmx_vmcs_snapshot, where the GDB
 * commands hv-vmcs, hv-regs and hv-exit read them. Off, it costs one
 * test per exit; the hypercall fast path never looks.
 */
#ifndef ARCH_X86_VMX_VMX_DEBUG_H
#define ARCH_X86_VMX_VMX_DEBUG_H

#include <stdint.h>

#define VMX_SNAPSHOT_FIELDS	192

struct vcpu;

struct vmx_vmcs_snapshot {
	const struct vcpu *vcpu;	/* whose VMCS, NULL: none yet */
	uint64_t exit_tsc;		/* at which exit (vcpu->at_exit.tsc) */
	uint32_t count;			/* fields in vmcs_fields[] order */
	uint8_t valid[VMX_SNAPSHOT_FIELDS];	/* VMREAD succeeded */
	uint64_t value[VMX_SNAPSHOT_FIELDS];
};

extern volatile uint32_t vmx_debug_snapshot_on;
extern struct vmx_vmcs_snapshot vmx_vmcs_snapshot;

void vmx_debug_take_snapshot(struct vcpu *v);

/* Copy the current VMCS, if a debugger asked for it. */
static inline void vmx_debug_exit(struct vcpu *v)
{
	if (__builtin_expect(vmx_debug_snapshot_on, 0))
		vmx_debug_take_snapshot(v);
}

#endif
