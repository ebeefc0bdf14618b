// SPDX-License-Identifier: MIT
/*
 * When VM entry fails, say why in words a student can act on:
 *   - VMLAUNCH/VMRESUME itself failed (VMfailValid): the VM-instruction
 *     error number and its SDM meaning (31.4), e.g. "invalid control
 *     field(s)" or "invalid host-state field(s)";
 *   - the entry failed on the guest state (exit reason 33 with bit 31
 *     set, SDM 27.8): the software pre-flight checker (vmx_check.c) runs
 *     the SDM's guest-state checks and names each field and rule broken.
 */
#include "arch/x86/vmx/vmcs.h"
#include "arch/x86/vmx/vmx.h"
#include "arch/x86/vmx/vmx_check.h"
#include "arch/x86/vmx/vmx_exit_reasons.h"
#include "arch/x86/vmx/vmx_names.h"
#include "hv/arch.h"
#include "hv/printk.h"
#include "hv/vm.h"

static void print_line(void *ctx, const char *line)
{
	const struct vm *vm = ctx;

	printk("[%s] %s\n", vm->name, line);
}

void vmx_explain_entry_failure(struct vcpu *v, int vmfail, uint32_t reason)
{
	struct vm *vm = v->vm;
	struct vmx_guest_state gs;
	unsigned int n;

	if (vmfail == 1) {
		printk("[%s] VM entry failed: VMfailInvalid (no current VMCS)\n",
		       vm->name);
		return;
	}
	if (vmfail) {
		uint32_t err = vmcs_read32(VM_INSTRUCTION_ERROR);

		printk("[%s] VM entry failed: VM-instruction error %u: %s\n",
		       vm->name, err, vmx_instruction_error_name(err));
	} else {
		printk("[%s] VM entry failed: exit reason %u (%s), "
		       "qualification 0x%llx\n", vm->name,
		       VMX_EXIT_REASON_BASIC(reason),
		       vmx_exit_reason_name(VMX_EXIT_REASON_BASIC(reason)),
		       (unsigned long long)vmcs_readl(EXIT_QUALIFICATION));
	}
	vmx_guest_state_read(&gs);
	n = vmx_check_print(&gs, print_line, vm);
	if (n)
		printk("[%s] the pre-flight checker found %u broken rule%s "
		       "above\n", vm->name, n, n == 1 ? "" : "s");
	else
		printk("[%s] the pre-flight checker found no broken guest-state "
		       "rule; the VMCS:\n", vm->name);
	if (!n)
		vmx_vcpu_dump(v);
}
