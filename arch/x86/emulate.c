// SPDX-License-Identifier: MIT
/*
 * arch_vcpu_emulate_mmio() (hv/arch.h): a guest instruction that touched
 * a device, done by the hypervisor. Vendor-neutral: the backend gives the
 * state through the arch_vcpu_* accessors.
 */
#include "arch/x86/decode.h"
#include "arch/x86/emulate.h"
#include "arch/x86/execute.h"
#include "hv/arch.h"
#include "hv/vm.h"

#define PAGE	4096ULL

/* Up to X86_INSN_MAX bytes at the guest's CS:RIP, as far as RAM goes. */
unsigned int x86_fetch_insn(struct vcpu *v, uint64_t lin, unsigned int mode,
			    uint8_t *buf)
{
	unsigned int n = 0;

	while (n < X86_INSN_MAX) {
		uint64_t a = mode == 64 ? lin + n : (uint32_t)(lin + n), gpa;
		unsigned int chunk = (unsigned int)(PAGE - (a & (PAGE - 1)));
		const uint8_t *p;

		if (chunk > X86_INSN_MAX - n)
			chunk = X86_INSN_MAX - n;
		if (arch_vcpu_translate(v, a, false, &gpa))
			break;
		/* The part of the page that is RAM (the rest may be a device). */
		while (chunk && !(p = vm_gpa_to_hva(v->vm, gpa, chunk)))
			chunk--;
		if (!chunk)
			break;
		for (unsigned int i = 0; i < chunk; i++)
			buf[n + i] = p[i];
		n += chunk;
	}
	return n;
}

int x86_read_guest_phys(void *ctx, uint64_t gpa, unsigned int size,
			uint64_t *value)
{
	const uint8_t *p = vm_gpa_to_hva(ctx, gpa, size);

	if (!p)
		return -1;
	*value = size == 8 ? *(const uint64_t *)p : *(const uint32_t *)p;
	return 0;
}

struct access {
	struct vcpu *v;
	const struct arch_mmio_ops *ops;
	struct arch_emulate_info *info;
};

static int mem_read(void *ctx, unsigned int size, uint64_t *value)
{
	struct access *a = ctx;

	return a->ops->read(a->v, a->info->gpa, size, value);
}

static int mem_write(void *ctx, unsigned int size, uint64_t value)
{
	struct access *a = ctx;

	a->info->write = true;
	return a->ops->write(a->v, a->info->gpa, size, value);
}

enum arch_emulate_result arch_vcpu_emulate_mmio(struct vcpu *v, uint64_t gpa,
		const struct arch_mmio_ops *ops, struct arch_emulate_info *info)
{
	struct x86_cpu cpu = { .mode = arch_vcpu_code_size(v),
			       .rip = arch_vcpu_rip(v) };
	struct x86_insn in;
	struct access acc = { v, ops, info };
	struct x86_mem_ops mem = { mem_read, mem_write, &acc };
	uint64_t base, lin, rflags, rip_mask;

	*info = (struct arch_emulate_info){ 0 };
	rip_mask = cpu.mode == 64 ? ~0ULL : 0xffffffffULL;
	base = cpu.mode == 64 ? 0 : arch_vcpu_segment_base(v, X86_CS);
	info->nbytes = x86_fetch_insn(v, (base + cpu.rip) & rip_mask, cpu.mode,
			     info->bytes);
	if (!info->nbytes)
		return ARCH_EMULATE_NO_FETCH;
	for (unsigned int i = 0; i < 16; i++)
		cpu.gpr[i] = *guest_gpr(&v->regs, i);
	cpu.gpr[GPR_RSP] = arch_vcpu_rsp(v);
	if (x86_decode(info->bytes, info->nbytes, &cpu, &in))
		return ARCH_EMULATE_UNDECODABLE;

	/* In 64-bit mode only FS and GS have a base (SDM Vol. 3A, 3.4.4). */
	base = cpu.mode == 64 && in.seg != X86_FS && in.seg != X86_GS ? 0 :
	       arch_vcpu_segment_base(v, in.seg);
	lin = base + in.ea;
	if (cpu.mode != 64)
		lin = (uint32_t)lin;
	info->gla = lin;
	info->size = in.size;
	info->write = in.to_mem && (in.kind != X86_ALU ||
				    alu_writes_result(in.alu));
	if (arch_vcpu_translate(v, lin, info->write, &info->gpa))
		return ARCH_EMULATE_ELSEWHERE;
	/*
	 * The exit said which page; the bytes may have changed since, or
	 * the access may span two pages: neither is emulated.
	 */
	if ((info->gpa & ~(PAGE - 1)) != (gpa & ~(PAGE - 1)) ||
	    (lin & (PAGE - 1)) + in.size > PAGE)
		return ARCH_EMULATE_ELSEWHERE;
	rflags = arch_vcpu_rflags(v);
	info->write = false;		/* set again if a write happens */
	if (x86_execute(&in, cpu.gpr, &rflags, &mem))
		return ARCH_EMULATE_ACCESS_FAILED;
	for (unsigned int i = 0; i < 16; i++)
		if (i != GPR_RSP)
			*guest_gpr(&v->regs, i) = cpu.gpr[i];
	if (cpu.gpr[GPR_RSP] != arch_vcpu_rsp(v))
		arch_vcpu_set_rsp(v, cpu.gpr[GPR_RSP]);
	if (rflags != arch_vcpu_rflags(v))
		arch_vcpu_set_rflags(v, rflags);
	arch_vcpu_set_rip(v, (cpu.rip + in.len) & rip_mask);
	return ARCH_EMULATE_DONE;
}
