// SPDX-License-Identifier: MIT
/*
 * An EPT violation in a device window: the guest's instruction is decoded
 * and done by the hypervisor (arch_vcpu_emulate_mmio()), its access going
 * to the device model that claims the address (hv/mmio.c). The windows
 * are never mapped in the EPT (arch/x86/vmx/ept_map.c), so every access
 * comes here. An instruction the decoder does not know stops the VM with
 * its bytes: the guest would otherwise run on with a wrong result.
 */
#include "hv/mmio_emulate.h"

#include "hv/arch.h"
#include "hv/exit.h"
#include "hv/lib/format.h"
#include "hv/memmap.h"
#include "hv/mmio.h"
#include "hv/vm.h"

static const struct arch_mmio_ops mmio_ops = { mmio_read, mmio_write };

/* The stop reason as it was before MMIO: an address that is nothing. */
static enum exit_action stop_npf(struct vcpu *v, const struct hv_exit *e)
{
	struct vm *vm = v->vm;

	vm_stop(vm, "%s%s%s at guest-physical 0x%llx%s, RIP 0x%llx: %s",
		e->npf.read ? "read" : "", e->npf.write ? "write" : "",
		e->npf.fetch ? "instruction fetch" : "",
		(unsigned long long)e->npf.gpa,
		e->npf.page_walk ? " (walking the guest's page tables)" : "",
		(unsigned long long)e->guest_rip,
		e->npf.gpa >= vm->ram_size ? "outside the guest's RAM" :
		"not allowed by the EPT");
	return EXIT_STOP;
}

static void hex_bytes(char *buf, size_t size, const uint8_t *b,
		      unsigned int n)
{
	size_t at = 0;

	buf[0] = 0;
	for (unsigned int i = 0; i < n && at + 4 <= size; i++)
		at += (size_t)hv_snprintf(buf + at, size - at, "%s%02x",
					  i ? " " : "", b[i]);
}

enum exit_action handle_npf(struct vcpu *v, const struct hv_exit *e)
{
	struct vm *vm = v->vm;
	struct arch_emulate_info info;
	char bytes[3 * 15 + 1];

	/* Fetching code or walking page tables from a device: no emulation. */
	if (e->npf.fetch || e->npf.page_walk || !mmio_is_device(v, e->npf.gpa))
		return stop_npf(v, e);
	/*
	 * The CPU itself touched the device while delivering an event (the
	 * IDT, GDT, TSS or stack there): the instruction at RIP has nothing
	 * to do with the access, so there is nothing to emulate (KVM stops
	 * too: KVM_INTERNAL_ERROR_DELIVERY_EV).
	 */
	if (e->delivering) {
		vm_stop(vm, "mmio: the CPU accessed guest-physical 0x%llx while "
			"delivering vector %u (the guest's IDT, GDT, TSS or "
			"stack in a device window): not emulated",
			(unsigned long long)e->npf.gpa, e->delivering_vector);
		return EXIT_STOP;
	}
	switch (arch_vcpu_emulate_mmio(v, e->npf.gpa, &mmio_ops, &info)) {
	case ARCH_EMULATE_DONE:
		vm->mmio.emulated++;
		vcpu_complete_instruction(v, arch_vcpu_rflags(v));
		return EXIT_RESUME;
	case ARCH_EMULATE_NO_FETCH:
		vm_stop(vm, "mmio: cannot fetch the instruction at RIP 0x%llx "
			"(for guest-physical 0x%llx): not in guest RAM",
			(unsigned long long)e->guest_rip,
			(unsigned long long)e->npf.gpa);
		return EXIT_STOP;
	case ARCH_EMULATE_UNDECODABLE:
		hex_bytes(bytes, sizeof(bytes), info.bytes, info.nbytes);
		vm_stop(vm, "mmio: cannot decode %s at RIP 0x%llx "
			"(guest-physical 0x%llx)", bytes,
			(unsigned long long)e->guest_rip,
			(unsigned long long)e->npf.gpa);
		return EXIT_STOP;
	case ARCH_EMULATE_ELSEWHERE:
		vm_stop(vm, "mmio: the instruction at RIP 0x%llx accesses %u "
			"bytes at linear 0x%llx, not on the page that exited "
			"(guest-physical 0x%llx), or across two pages",
			(unsigned long long)e->guest_rip, info.size,
			(unsigned long long)info.gla,
			(unsigned long long)e->npf.gpa);
		return EXIT_STOP;
	case ARCH_EMULATE_ACCESS_FAILED:
		vm_stop(vm, "mmio: %s of %u bytes at guest-physical 0x%llx, "
			"RIP 0x%llx: no device there",
			info.write ? "write" : "read", info.size,
			(unsigned long long)info.gpa,
			(unsigned long long)e->guest_rip);
		return EXIT_STOP;
	}
	return EXIT_STOP;
}
