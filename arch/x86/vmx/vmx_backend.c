// SPDX-License-Identifier: MIT
/*
 * The VT-x backend as arch/x86/virt.c sees it: its functions in one table
 * (arch/x86/virt.h), chosen when CPUID.1:ECX.VMX says the CPU has VMX.
 */
#include "arch/x86/cpu.h"
#include "arch/x86/virt.h"
#include "arch/x86/vmx/vmx.h"
#include "arch/x86/vmx/vmx_names.h"

#define CPUID_1_ECX_VMX (1u << 5)

static bool vmx_present(void)
{
	return cpuid(1, 0).ecx & CPUID_1_ECX_VMX;
}

static void vmx_exit_mark_now(struct exit_mark *m)
{
	vmx_exit_mark(m);
}

const struct virt_ops vmx_virt_ops = {
	.name = "VT-x",
	.vendor_exit = "VM exit",
	.present = vmx_present,
	.virt_init = vmx_virt_init,
	.virt_enable = vmx_virt_enable,
	.vm_init = vmx_vm_init,
	.vm_destroy = vmx_vm_destroy,
	.vcpu_init = vmx_vcpu_init,
	.vcpu_load = vmx_vcpu_load,
	.vcpu_put = vmx_vcpu_put,
	.vcpu_run = vmx_vcpu_run,
	.exit_mark = vmx_exit_mark_now,
	.vcpu_skip_instruction = vmx_vcpu_skip_instruction,
	.vcpu_inject_exception = vmx_vcpu_inject_exception,
	.vcpu_interrupt_window_open = vmx_vcpu_interrupt_window_open,
	.vcpu_inject_interrupt = vmx_vcpu_inject_interrupt,
	.vcpu_nmi_window_open = vmx_vcpu_nmi_window_open,
	.vcpu_inject_nmi = vmx_vcpu_inject_nmi,
	.vcpu_set_deadline = vmx_vcpu_set_deadline,
	.vcpu_rflags = vmx_vcpu_rflags,
	.vcpu_set_rflags = vmx_vcpu_set_rflags,
	.vcpu_cpl = vmx_vcpu_cpl,
	.vcpu_segment_base = vmx_vcpu_segment_base,
	.vcpu_code_size = vmx_vcpu_code_size,
	.vcpu_rip = vmx_vcpu_rip,
	.vcpu_set_rip = vmx_vcpu_set_rip,
	.vcpu_rsp = vmx_vcpu_rsp,
	.vcpu_set_rsp = vmx_vcpu_set_rsp,
	.vcpu_read_dr6 = vmx_vcpu_read_dr6,
	.vcpu_write_dr6 = vmx_vcpu_write_dr6,
	.vcpu_64bit_code = vmx_vcpu_64bit_code,
	.vcpu_read_cr = vmx_vcpu_read_cr,
	.vcpu_write_cr = vmx_vcpu_write_cr,
	.vcpu_read_msr = vmx_vcpu_read_msr,
	.vcpu_write_msr = vmx_vcpu_write_msr,
	.tsc_offsetting = vmx_tsc_offsetting,
	.vcpu_set_tsc_offset = vmx_vcpu_set_tsc_offset,
	.vcpu_set_xcr0 = vmx_vcpu_set_xcr0,
	.vcpu_translate = vmx_vcpu_translate,
	.vcpu_dump = vmx_vcpu_dump,
	.hypercall_stub = vmx_hypercall_stub,
	.exit_reason_name = vmx_exit_reason_name,
};
