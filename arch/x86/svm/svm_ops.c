// SPDX-License-Identifier: MIT
/*
 * The SVM backend as arch/x86/virt.c sees it: one table of functions
 * (arch/x86/virt.h), each with the contract of the hv/arch.h function of
 * the same name; and the few that fit nowhere else (the VMCB dump, the
 * hypercall stub).
 */
#include <stddef.h>

#include "arch/x86/svm/svm.h"
#include "arch/x86/virt.h"
#include "hv/printk.h"
#include "hv/vm.h"

/* Every field the hypervisor sets or reads, by its APM name. */
#define VMCB_FIELD(f, name) { offsetof(struct vmcb, f), \
			      sizeof(((struct vmcb *)0)->f), name }
static const struct {
	uint16_t offset, size;
	const char *name;
} vmcb_fields[] = {
	VMCB_FIELD(control.intercept_cr_read, "INTERCEPT_CR_READ"),
	VMCB_FIELD(control.intercept_cr_write, "INTERCEPT_CR_WRITE"),
	VMCB_FIELD(control.intercept_exceptions, "INTERCEPT_EXCEPTIONS"),
	VMCB_FIELD(control.intercept_misc1, "INTERCEPT_VECTOR_3"),
	VMCB_FIELD(control.intercept_misc2, "INTERCEPT_VECTOR_4"),
	VMCB_FIELD(control.iopm_base_pa, "IOPM_BASE_PA"),
	VMCB_FIELD(control.msrpm_base_pa, "MSRPM_BASE_PA"),
	VMCB_FIELD(control.tsc_offset, "TSC_OFFSET"),
	VMCB_FIELD(control.asid, "GUEST_ASID"),
	VMCB_FIELD(control.tlb_ctl, "TLB_CONTROL"),
	VMCB_FIELD(control.int_ctl, "V_INTR (V_TPR, V_IRQ, ...)"),
	VMCB_FIELD(control.int_state, "INTERRUPT_SHADOW"),
	VMCB_FIELD(control.exitcode, "EXITCODE"),
	VMCB_FIELD(control.exitinfo1, "EXITINFO1"),
	VMCB_FIELD(control.exitinfo2, "EXITINFO2"),
	VMCB_FIELD(control.exitintinfo, "EXITINTINFO"),
	VMCB_FIELD(control.np_enable, "NP_ENABLE"),
	VMCB_FIELD(control.eventinj, "EVENTINJ"),
	VMCB_FIELD(control.n_cr3, "N_CR3"),
	VMCB_FIELD(control.next_rip, "NRIP"),
	VMCB_FIELD(save.es.selector, "ES.SELECTOR"),
	VMCB_FIELD(save.es.attrib, "ES.ATTRIB"),
	VMCB_FIELD(save.es.base, "ES.BASE"),
	VMCB_FIELD(save.cs.selector, "CS.SELECTOR"),
	VMCB_FIELD(save.cs.attrib, "CS.ATTRIB"),
	VMCB_FIELD(save.cs.limit, "CS.LIMIT"),
	VMCB_FIELD(save.cs.base, "CS.BASE"),
	VMCB_FIELD(save.ss.selector, "SS.SELECTOR"),
	VMCB_FIELD(save.ss.attrib, "SS.ATTRIB"),
	VMCB_FIELD(save.ss.base, "SS.BASE"),
	VMCB_FIELD(save.ds.selector, "DS.SELECTOR"),
	VMCB_FIELD(save.ds.attrib, "DS.ATTRIB"),
	VMCB_FIELD(save.ds.base, "DS.BASE"),
	VMCB_FIELD(save.fs.selector, "FS.SELECTOR"),
	VMCB_FIELD(save.fs.base, "FS.BASE"),
	VMCB_FIELD(save.gs.selector, "GS.SELECTOR"),
	VMCB_FIELD(save.gs.base, "GS.BASE"),
	VMCB_FIELD(save.gdtr.limit, "GDTR.LIMIT"),
	VMCB_FIELD(save.gdtr.base, "GDTR.BASE"),
	VMCB_FIELD(save.ldtr.selector, "LDTR.SELECTOR"),
	VMCB_FIELD(save.idtr.limit, "IDTR.LIMIT"),
	VMCB_FIELD(save.idtr.base, "IDTR.BASE"),
	VMCB_FIELD(save.tr.selector, "TR.SELECTOR"),
	VMCB_FIELD(save.tr.attrib, "TR.ATTRIB"),
	VMCB_FIELD(save.tr.limit, "TR.LIMIT"),
	VMCB_FIELD(save.tr.base, "TR.BASE"),
	VMCB_FIELD(save.cpl, "CPL"),
	VMCB_FIELD(save.efer, "EFER"),
	VMCB_FIELD(save.cr0, "CR0"),
	VMCB_FIELD(save.cr2, "CR2"),
	VMCB_FIELD(save.cr3, "CR3"),
	VMCB_FIELD(save.cr4, "CR4"),
	VMCB_FIELD(save.dr6, "DR6"),
	VMCB_FIELD(save.dr7, "DR7"),
	VMCB_FIELD(save.rflags, "RFLAGS"),
	VMCB_FIELD(save.rip, "RIP"),
	VMCB_FIELD(save.rsp, "RSP"),
	VMCB_FIELD(save.rax, "RAX"),
	VMCB_FIELD(save.kernel_gs_base, "KERNEL_GS_BASE"),
	VMCB_FIELD(save.sysenter_cs, "SYSENTER_CS"),
	VMCB_FIELD(save.g_pat, "G_PAT"),
	VMCB_FIELD(save.dbgctl, "DBGCTL"),
};

void svm_virt_dump(struct vcpu *v)
{
	const uint8_t *vmcb = (const uint8_t *)to_svm(v)->vmcb;

	for (size_t i = 0; i < sizeof(vmcb_fields) / sizeof(vmcb_fields[0]); i++) {
		const uint8_t *p = vmcb + vmcb_fields[i].offset;
		uint64_t value = 0;

		for (unsigned int b = 0; b < vmcb_fields[i].size; b++)
			value |= (uint64_t)p[b] << (8 * b);
		printk("  %-36s 0x%llx\n", vmcb_fields[i].name,
		       (unsigned long long)value);
	}
}

/* MOV EAX, nr; VMMCALL (0F 01 D9, APM vol. 3); RET; padded with INT3. */
static void svm_hypercall_stub(uint8_t *stub, unsigned int size, uint32_t nr)
{
	static const uint8_t vmmcall[] = { 0x0f, 0x01, 0xd9 };
	unsigned int i = 0;

	stub[i++] = 0xb8;
	for (int b = 0; b < 4; b++)
		stub[i++] = (uint8_t)(nr >> (8 * b));
	for (unsigned int b = 0; b < sizeof(vmmcall); b++)
		stub[i++] = vmmcall[b];
	stub[i++] = 0xc3;
	while (i < size)
		stub[i++] = 0xcc;
}

const struct virt_ops svm_virt_ops = {
	.name = "SVM",
	.vendor_exit = "#VMEXIT",
	.present = svm_present,
	.virt_init = svm_virt_init,
	.virt_enable = svm_virt_enable,
	.vm_init = svm_vm_init,
	.vm_destroy = svm_vm_destroy,
	.vcpu_init = svm_vcpu_init,
	.vcpu_load = svm_vcpu_load,
	.vcpu_put = svm_vcpu_put,
	.vcpu_run = svm_vcpu_run,
	.exit_mark = svm_exit_mark,
	.vcpu_skip_instruction = svm_vcpu_skip_instruction,
	.vcpu_inject_exception = svm_vcpu_inject_exception,
	.vcpu_interrupt_window_open = svm_vcpu_interrupt_window_open,
	.vcpu_inject_interrupt = svm_vcpu_inject_interrupt,
	.vcpu_nmi_window_open = svm_vcpu_nmi_window_open,
	.vcpu_inject_nmi = svm_vcpu_inject_nmi,
	.vcpu_set_deadline = svm_vcpu_set_deadline,
	.vcpu_rflags = svm_vcpu_rflags,
	.vcpu_set_rflags = svm_vcpu_set_rflags,
	.vcpu_cpl = svm_vcpu_cpl,
	.vcpu_segment_base = svm_vcpu_segment_base,
	.vcpu_code_size = svm_vcpu_code_size,
	.vcpu_rip = svm_vcpu_rip,
	.vcpu_set_rip = svm_vcpu_set_rip,
	.vcpu_rsp = svm_vcpu_rsp,
	.vcpu_set_rsp = svm_vcpu_set_rsp,
	.vcpu_read_dr6 = svm_vcpu_read_dr6,
	.vcpu_write_dr6 = svm_vcpu_write_dr6,
	.vcpu_64bit_code = svm_vcpu_64bit_code,
	.vcpu_read_cr = svm_vcpu_read_cr,
	.vcpu_write_cr = svm_vcpu_write_cr,
	.vcpu_read_msr = svm_vcpu_read_msr,
	.vcpu_write_msr = svm_vcpu_write_msr,
	.tsc_offsetting = svm_tsc_offsetting,
	.vcpu_set_tsc_offset = svm_vcpu_set_tsc_offset,
	.vcpu_set_xcr0 = svm_vcpu_set_xcr0,
	.vcpu_translate = svm_vcpu_translate,
	.vcpu_dump = svm_virt_dump,
	.hypercall_stub = svm_hypercall_stub,
	.exit_reason_name = svm_exit_reason_name,
};
