// SPDX-License-Identifier: MIT
/* The VMCS snapshot for debuggers (vmx_debug.h says why). */
#include "arch/x86/vmx/vmx_debug.h"

#include "arch/x86/vmx/vmcs.h"
#include "arch/x86/vmx/vmx_names.h"
#include "hv/vm.h"

volatile uint32_t vmx_debug_snapshot_on;
struct vmx_vmcs_snapshot vmx_vmcs_snapshot;

_Static_assert(sizeof(vmx_vmcs_snapshot.valid) == VMX_SNAPSHOT_FIELDS,
	       "one flag per field");

void vmx_debug_take_snapshot(struct vcpu *v)
{
	struct vmx_vmcs_snapshot *s = &vmx_vmcs_snapshot;
	size_t n = vmcs_fields_count < VMX_SNAPSHOT_FIELDS ?
		   vmcs_fields_count : VMX_SNAPSHOT_FIELDS;

	for (size_t i = 0; i < n; i++) {
		uint64_t value = 0;

		/* Fields this CPU lacks fail VMREAD: marked, not fatal. */
		s->valid[i] = __vmcs_read(vmcs_fields[i].encoding, &value) ==
			      VMX_SUCCEED;
		s->value[i] = value;
	}
	s->count = (uint32_t)n;
	s->exit_tsc = v->at_exit.tsc;
	s->vcpu = v;
}
