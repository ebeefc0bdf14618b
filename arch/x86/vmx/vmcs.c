// SPDX-License-Identifier: MIT
/*
 * What a failed VMREAD or VMWRITE in the typed accessors (vmcs.h) does:
 * say which field and why, then panic, since the hypervisor itself is
 * broken (docs/errors.md). Code that reads fields a CPU may lack uses
 * __vmcs_read() and copes with the result instead.
 */
#include "arch/x86/vmx/vmcs.h"

#include "arch/x86/vmx/vmx_names.h"
#include "hv/panic.h"

/* Why an instruction failed: VMfailInvalid, or VMfailValid and its error. */
uint64_t vmcs_read_count, vmcs_write_count;

static const char *failure(enum vmx_result r, uint64_t *error)
{
	const char *name;

	*error = 0;
	if (r == VMX_FAIL_INVALID)
		return "VMfailInvalid (no current VMCS)";
	/* SDM 31.2: VMfailValid leaves the number in VM_INSTRUCTION_ERROR. */
	if (__vmcs_read(VM_INSTRUCTION_ERROR, error) != VMX_SUCCEED)
		return "VMfailValid";
	name = vmx_instruction_error_name((uint32_t)*error);
	return name ? name : "VMfailValid, unknown VM-instruction error";
}

void vmread_error(uint32_t field, enum vmx_result r)
{
	uint64_t error;
	const char *why = failure(r, &error);
	const char *name = vmcs_field_name(field);

	panic("vmx: VMREAD %s (0x%x) failed: %s (VM-instruction error %llu)",
	      name ? name : "?", field, why, (unsigned long long)error);
}

void vmwrite_error(uint32_t field, uint64_t value, enum vmx_result r)
{
	uint64_t error;
	const char *why = failure(r, &error);
	const char *name = vmcs_field_name(field);

	panic("vmx: VMWRITE %s (0x%x) = 0x%llx failed: %s "
	      "(VM-instruction error %llu)", name ? name : "?", field,
	      (unsigned long long)value, why, (unsigned long long)error);
}
