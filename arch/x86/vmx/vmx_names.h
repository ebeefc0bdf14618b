/* SPDX-License-Identifier: MIT */
/*
 * Names for logging: VMCS fields, basic exit reasons and VM-instruction
 * errors. Each returns NULL for a number the SDM does not define (or this
 * hypervisor does not list); print it with "%s" and it shows "(null)".
 */
#ifndef ARCH_X86_VMX_NAMES_H
#define ARCH_X86_VMX_NAMES_H

#include <stddef.h>
#include <stdint.h>

/* Every field of enum vmcs_field, in encoding order, for a full VMCS dump. */
struct vmcs_field_desc {
	uint32_t encoding;
	const char *name;
};

extern const struct vmcs_field_desc vmcs_fields[];
extern const size_t vmcs_fields_count;

/* "GUEST_CS_AR_BYTES" for 0x4816. */
const char *vmcs_field_name(uint32_t field);

/* "HLT" for EXIT_REASON_HLT (12); the basic reason, bits 15:0 only. */
const char *vmx_exit_reason_name(uint32_t basic_reason);

/*
 * The SDM's words (31.4, Table 31-1), shortened: "VMLAUNCH with non-clear
 * VMCS" for VMXERR_VMLAUNCH_NONCLEAR_VMCS (4).
 */
const char *vmx_instruction_error_name(uint32_t error);

#endif
