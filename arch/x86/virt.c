// SPDX-License-Identifier: MIT
/*
 * One hypervisor, two vendors: pick the virtualization backend this CPU
 * has (VT-x or AMD SVM) once, at boot, and send every backend-specific
 * arch_*() of hv/arch.h to it (arch/x86/virt.h). The core never knows
 * which one runs it.
 */
#include "arch/x86/virt.h"
#include "hv/arch.h"
#include "hv/errno.h"

const struct virt_ops *virt;

/* In the order tried: a CPU has at most one of them. */
static const struct virt_ops *const backends[] = {
	&vmx_virt_ops,
	&svm_virt_ops,
};

#define NR_BACKENDS (sizeof(backends) / sizeof(backends[0]))

/*
 * The first backend whose extension CPUID shows is probed (it prints
 * what it finds and whether guests can run). With none, each backend
 * says in one line why it is not there, and how to run the hypervisor
 * somewhere it is.
 */
int arch_virt_init(void)
{
	int r;

	for (unsigned int i = 0; i < NR_BACKENDS; i++) {
		if (!backends[i]->present())
			continue;
		r = backends[i]->virt_init();
		if (r == 0)
			virt = backends[i];
		return r;
	}
	for (unsigned int i = 0; i < NR_BACKENDS; i++)
		backends[i]->virt_init();
	return -HV_ENODEV;
}

int arch_virt_enable(void)
{
	return virt->virt_enable();
}

int arch_vm_init(struct vm *vm)
{
	return virt->vm_init(vm);
}

void arch_vm_destroy(struct vm *vm)
{
	virt->vm_destroy(vm);
}

int arch_vcpu_init(struct vcpu *v, const struct vcpu_boot_state *s)
{
	return virt->vcpu_init(v, s);
}

void arch_vcpu_load(struct vcpu *v)
{
	virt->vcpu_load(v);
}

void arch_vcpu_put(struct vcpu *v)
{
	virt->vcpu_put(v);
}

void arch_vcpu_run(struct vcpu *v, struct hv_exit *e)
{
	virt->vcpu_run(v, e);
}

void arch_exit_mark(struct exit_mark *m)
{
	virt->exit_mark(m);
}

uint64_t arch_vcpu_skip_instruction(struct vcpu *v)
{
	return virt->vcpu_skip_instruction(v);
}

void arch_vcpu_inject_exception(struct vcpu *v, uint8_t vector,
				bool has_error_code, uint32_t error_code)
{
	virt->vcpu_inject_exception(v, vector, has_error_code, error_code);
}

bool arch_vcpu_interrupt_window_open(struct vcpu *v)
{
	return virt->vcpu_interrupt_window_open(v);
}

void arch_vcpu_inject_interrupt(struct vcpu *v, uint8_t vector)
{
	virt->vcpu_inject_interrupt(v, vector);
}

bool arch_vcpu_nmi_window_open(struct vcpu *v)
{
	return virt->vcpu_nmi_window_open(v);
}

void arch_vcpu_inject_nmi(struct vcpu *v)
{
	virt->vcpu_inject_nmi(v);
}

void arch_vcpu_set_deadline(struct vcpu *v, uint64_t tsc)
{
	virt->vcpu_set_deadline(v, tsc);
}

uint64_t arch_vcpu_rflags(struct vcpu *v)
{
	return virt->vcpu_rflags(v);
}

void arch_vcpu_set_rflags(struct vcpu *v, uint64_t rflags)
{
	virt->vcpu_set_rflags(v, rflags);
}

unsigned int arch_vcpu_cpl(struct vcpu *v)
{
	return virt->vcpu_cpl(v);
}

uint64_t arch_vcpu_segment_base(struct vcpu *v, unsigned int seg)
{
	return virt->vcpu_segment_base(v, seg);
}

unsigned int arch_vcpu_code_size(struct vcpu *v)
{
	return virt->vcpu_code_size(v);
}

uint64_t arch_vcpu_rip(struct vcpu *v)
{
	return virt->vcpu_rip(v);
}

void arch_vcpu_set_rip(struct vcpu *v, uint64_t rip)
{
	virt->vcpu_set_rip(v, rip);
}

uint64_t arch_vcpu_rsp(struct vcpu *v)
{
	return virt->vcpu_rsp(v);
}

void arch_vcpu_set_rsp(struct vcpu *v, uint64_t rsp)
{
	virt->vcpu_set_rsp(v, rsp);
}

uint64_t arch_vcpu_read_dr6(struct vcpu *v)
{
	return virt->vcpu_read_dr6(v);
}

void arch_vcpu_write_dr6(struct vcpu *v, uint64_t dr6)
{
	virt->vcpu_write_dr6(v, dr6);
}

bool arch_vcpu_64bit_code(struct vcpu *v)
{
	return virt->vcpu_64bit_code(v);
}

uint64_t arch_vcpu_read_cr(struct vcpu *v, int cr)
{
	return virt->vcpu_read_cr(v, cr);
}

int arch_vcpu_write_cr(struct vcpu *v, int cr, uint64_t value)
{
	return virt->vcpu_write_cr(v, cr, value);
}

int arch_vcpu_read_msr(struct vcpu *v, uint32_t index, uint64_t *value)
{
	return virt->vcpu_read_msr(v, index, value);
}

int arch_vcpu_write_msr(struct vcpu *v, uint32_t index, uint64_t value)
{
	return virt->vcpu_write_msr(v, index, value);
}

bool arch_tsc_offsetting(void)
{
	return virt->tsc_offsetting();
}

int arch_vcpu_set_tsc_offset(struct vcpu *v, uint64_t offset)
{
	return virt->vcpu_set_tsc_offset(v, offset);
}

void arch_vcpu_set_xcr0(struct vcpu *v, uint64_t xcr0)
{
	virt->vcpu_set_xcr0(v, xcr0);
}

int arch_vcpu_translate(struct vcpu *v, uint64_t gla, bool write,
			uint64_t *gpa)
{
	return virt->vcpu_translate(v, gla, write, gpa);
}

void arch_vcpu_dump(struct vcpu *v)
{
	virt->vcpu_dump(v);
}

void arch_hypercall_stub(uint8_t *stub, unsigned int size, uint32_t nr)
{
	virt->hypercall_stub(stub, size, nr);
}

const char * arch_exit_reason_name(uint32_t reason)
{
	return virt->exit_reason_name(reason);
}
