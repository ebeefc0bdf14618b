/* SPDX-License-Identifier: MIT */
/*
 * The virtualization backends behind hv/arch.h: one table of functions
 * per vendor (VT-x in arch/x86/vmx/, AMD SVM in arch/x86/svm/), as KVM's
 * kvm_x86_ops. arch/x86/virt.c picks one at run time from CPUID and
 * implements every backend-specific arch_*() of hv/arch.h as a call
 * through it; each field has the meaning and contract of the arch_*()
 * function of the same name there (arch_vcpu_run -> .vcpu_run).
 *
 * Each backend keeps its own state behind struct vm's and struct vcpu's
 * opaque arch pointers (struct vmx_vm/vmx_vcpu, struct svm_vm/svm_vcpu);
 * only the backend that created them looks inside.
 */
#ifndef ARCH_X86_VIRT_H
#define ARCH_X86_VIRT_H

#include <stdbool.h>
#include <stdint.h>

#include "hv/arch.h"

struct vm;
struct vcpu;
struct hv_exit;
struct exit_mark;

struct virt_ops {
	const char *name;		/* "VT-x", "SVM" */
	const char *vendor_exit;	/* "VM exit", "#VMEXIT" */

	/*
	 * Is the extension there at all (CPUID only, prints nothing)? The
	 * first backend that says yes is probed with .virt_init, which
	 * prints what it finds, and is the one used.
	 */
	bool (*present)(void);
	int (*virt_init)(void);
	int (*virt_enable)(void);

	int (*vm_init)(struct vm *vm);
	void (*vm_destroy)(struct vm *vm);

	int (*vcpu_init)(struct vcpu *v, const struct vcpu_boot_state *s);
	void (*vcpu_load)(struct vcpu *v);
	void (*vcpu_put)(struct vcpu *v);
	void (*vcpu_run)(struct vcpu *v, struct hv_exit *e);
	void (*exit_mark)(struct exit_mark *m);
	uint64_t (*vcpu_skip_instruction)(struct vcpu *v);
	void (*vcpu_inject_exception)(struct vcpu *v, uint8_t vector,
				      bool has_error_code, uint32_t error_code);
	bool (*vcpu_interrupt_window_open)(struct vcpu *v);
	void (*vcpu_inject_interrupt)(struct vcpu *v, uint8_t vector);
	bool (*vcpu_nmi_window_open)(struct vcpu *v);
	void (*vcpu_inject_nmi)(struct vcpu *v);
	void (*vcpu_set_deadline)(struct vcpu *v, uint64_t tsc);

	uint64_t (*vcpu_rflags)(struct vcpu *v);
	void (*vcpu_set_rflags)(struct vcpu *v, uint64_t rflags);
	unsigned int (*vcpu_cpl)(struct vcpu *v);
	uint64_t (*vcpu_segment_base)(struct vcpu *v, unsigned int seg);
	unsigned int (*vcpu_code_size)(struct vcpu *v);
	uint64_t (*vcpu_rip)(struct vcpu *v);
	void (*vcpu_set_rip)(struct vcpu *v, uint64_t rip);
	uint64_t (*vcpu_rsp)(struct vcpu *v);
	void (*vcpu_set_rsp)(struct vcpu *v, uint64_t rsp);
	uint64_t (*vcpu_read_dr6)(struct vcpu *v);
	void (*vcpu_write_dr6)(struct vcpu *v, uint64_t dr6);
	bool (*vcpu_64bit_code)(struct vcpu *v);
	uint64_t (*vcpu_read_cr)(struct vcpu *v, int cr);
	int (*vcpu_write_cr)(struct vcpu *v, int cr, uint64_t value);
	int (*vcpu_read_msr)(struct vcpu *v, uint32_t index, uint64_t *value);
	int (*vcpu_write_msr)(struct vcpu *v, uint32_t index, uint64_t value);
	bool (*tsc_offsetting)(void);
	int (*vcpu_set_tsc_offset)(struct vcpu *v, uint64_t offset);
	void (*vcpu_set_xcr0)(struct vcpu *v, uint64_t xcr0);
	int (*vcpu_translate)(struct vcpu *v, uint64_t gla, bool write,
			      uint64_t *gpa);
	void (*vcpu_dump)(struct vcpu *v);
	void (*hypercall_stub)(uint8_t *stub, unsigned int size, uint32_t nr);
	const char *(*exit_reason_name)(uint32_t reason);
};

extern const struct virt_ops vmx_virt_ops;
extern const struct virt_ops svm_virt_ops;

/* The backend in use: set by arch_virt_init(), NULL before. */
extern const struct virt_ops *virt;

#endif
