/* SPDX-License-Identifier: MIT */
/*
 * The seam between the vendor-neutral core (hv/) and the architecture
 * (arch/x86/, and within it the virtualization backend, arch/x86/vmx/).
 * Everything the core needs from the machine is declared here; the core
 * includes no header from arch/. Two backends (VT-x in arch/x86/vmx/, AMD
 * SVM in arch/x86/svm/) provide the backend-specific half; arch/x86/virt.c
 * picks one at boot from CPUID.
 */
#ifndef HV_ARCH_H
#define HV_ARCH_H

#include <stdbool.h>
#include <stdint.h>

struct boot_info;

/* CPU tables (GDT, TSS, IDT) of the boot CPU. */
void arch_cpu_init(void);

/*
 * Replace the loader's page tables with the hypervisor's own: physical
 * memory identity-mapped (no execute), the image mapped with per-section
 * permissions. Table pages come from the physical page allocator.
 */
void arch_mm_init(const struct boot_info *bi);

/* "GenuineIntel", "AuthenticAMD", ... and the brand string, if any. */
void arch_cpu_identify(char vendor[13], char brand[49]);

/*
 * Probe the virtualization extensions, print what they offer, and check
 * that the hypervisor can enter and leave VMX operation. Returns 0 when
 * guests can run, -HV_ENODEV when this CPU cannot run them (after printing
 * one line that says why and what to do instead).
 */
int arch_virt_init(void);

/*
 * Virtual machines. All return 0 or -HV_E*; on failure they print one
 * line saying why.
 */
struct vm;
struct vcpu;
struct hv_exit;

/* Enter VMX operation for good (after arch_virt_init() said yes). */
int arch_virt_enable(void);

/*
 * The VM's second-level page tables: guest-physical [0, ram_size) only,
 * but for the VGA window in it (a device window: MMIO, hv/mmio_emulate.c).
 */
int arch_vm_init(struct vm *vm);
void arch_vm_destroy(struct vm *vm);

/*
 * How a loader leaves the CPU for a kernel (Multiboot 0.6.96 3.2, Linux
 * boot protocol "32-bit boot protocol"): 32-bit protected mode, paging
 * off, interrupts off, flat 4 GiB segments whose descriptors are in the
 * guest's own GDT at @gdtr_base (written there by the loader).
 */
struct vcpu_boot_state {
	uint64_t rip;
	uint64_t gdtr_base;
	uint16_t gdtr_limit;
	uint16_t cs, ds;	/* selectors: SS, ES, FS and GS get @ds */
};

/* A vCPU in @s; the general registers are already in v->regs. */
int arch_vcpu_init(struct vcpu *v, const struct vcpu_boot_state *s);

/*
 * Make @v the vCPU this CPU runs (its VMCS current, its share of the
 * CPU's registers - CR2, XCR0, FPU/SSE state, the MSRs guests own - put
 * back), and take them out again when another one's turn comes.
 */
void arch_vcpu_load(struct vcpu *v);
void arch_vcpu_put(struct vcpu *v);

/*
 * Run the guest until the next exit, decoded into @e. Sets v->at_entry
 * just before the entry and v->at_exit just after the exit.
 */
void arch_vcpu_run(struct vcpu *v, struct hv_exit *e);

/* Now, as an exit_mark (the TSC and the state accesses so far). */
struct exit_mark;
void arch_exit_mark(struct exit_mark *m);

/*
 * Step over the instruction that caused the exit, as its completion
 * would: RIP moves on and blocking by STI or MOV SS ends (SDM 25.4.2,
 * KVM's skip_emulated_instruction). Returns the guest's RFLAGS, which the
 * caller finishes with: RF to clear, TF's single step to raise (or not);
 * the backend keeps no single step of its own pending. Callers go through
 * vcpu_skip_emulated_instruction() (hv/exit.h).
 */
uint64_t arch_vcpu_skip_instruction(struct vcpu *v);

/* Deliver an exception on the next entry. */
void arch_vcpu_inject_exception(struct vcpu *v, uint8_t vector,
				bool has_error_code, uint32_t error_code);

/*
 * Can an external interrupt be delivered on the next entry (RFLAGS.IF
 * set, no STI/MOV SS blocking, no other event on its way)? If not, the
 * backend arranges an exit for when it can (the interrupt window).
 */
bool arch_vcpu_interrupt_window_open(struct vcpu *v);

/* Deliver external interrupt @vector on the next entry. */
void arch_vcpu_inject_interrupt(struct vcpu *v, uint8_t vector);

/*
 * Can an NMI be delivered on the next entry: no NMI blocking (from the
 * last NMI's delivery to the guest's IRET, SDM 6.7.1), no MOV SS and (as
 * KVM has it) no STI blocking, no other event on its way? RFLAGS.IF does
 * not matter. If not, the backend arranges an exit for the first moment
 * it can (the NMI window: VT-x's NMI-window exiting, SVM's IRET
 * intercept and a single step over the IRET).
 */
bool arch_vcpu_nmi_window_open(struct vcpu *v);

/* Deliver an NMI on the next entry; NMI blocking starts with it. */
void arch_vcpu_inject_nmi(struct vcpu *v);

/* NMIs the host itself took (none is the guest's: they count, no more). */
uint64_t arch_host_nmis(void);

/* Exit when the TSC reaches @tsc (0: no deadline). */
void arch_vcpu_set_deadline(struct vcpu *v, uint64_t tsc);

uint64_t arch_vcpu_rflags(struct vcpu *v);
void arch_vcpu_set_rflags(struct vcpu *v, uint64_t rflags);

/*
 * The guest's current privilege level, 0 to 3: SS.DPL, which always
 * equals the CPL (SDM Vol. 3C, 25.4.1 "Guest Register State"; 3 in
 * virtual-8086 mode, 0 in real mode).
 */
unsigned int arch_vcpu_cpl(struct vcpu *v);

/*
 * What an instruction emulator (MMIO, hv/mmio_emulate.c) needs. Segments
 * by their encoding (ES 0, CS 1, SS 2, DS 3, FS 4, GS 5); the code size is
 * 64 in 64-bit mode (EFER.LMA and CS.L), else 32 or 16 by CS.D. Setting
 * RIP completes the instruction, as arch_vcpu_skip_instruction() does.
 */
uint64_t arch_vcpu_segment_base(struct vcpu *v, unsigned int seg);
unsigned int arch_vcpu_code_size(struct vcpu *v);
uint64_t arch_vcpu_rip(struct vcpu *v);
void arch_vcpu_set_rip(struct vcpu *v, uint64_t rip);
uint64_t arch_vcpu_rsp(struct vcpu *v);
void arch_vcpu_set_rsp(struct vcpu *v, uint64_t rsp);

/*
 * Emulate the guest's instruction at RIP, whose memory access exited (an
 * EPT violation at guest-physical @gpa): fetch it through the guest's page
 * tables, decode it (arch/x86/decode.c), do its access through @ops (on
 * @gpa's page only) and update the registers, flags and RIP as the CPU
 * would. *@info says what was fetched and accessed, for a diagnostic.
 */
struct arch_mmio_ops {
	int (*read)(struct vcpu *v, uint64_t gpa, unsigned int size,
		    uint64_t *value);
	int (*write)(struct vcpu *v, uint64_t gpa, unsigned int size,
		     uint64_t value);
};

enum arch_emulate_result {
	ARCH_EMULATE_DONE = 0,		/* RIP is past the instruction */
	ARCH_EMULATE_NO_FETCH,		/* RIP is not mapped to guest RAM */
	ARCH_EMULATE_UNDECODABLE,	/* see info->bytes */
	ARCH_EMULATE_ELSEWHERE,		/* not on @gpa's page: see info->gla */
	ARCH_EMULATE_ACCESS_FAILED,	/* @ops said no (at info->gpa) */
};

struct arch_emulate_info {
	uint8_t bytes[15];
	unsigned int nbytes;		/* fetched */
	uint64_t gla, gpa;		/* what the instruction accesses */
	unsigned int size;
	bool write;
};

enum arch_emulate_result arch_vcpu_emulate_mmio(struct vcpu *v, uint64_t gpa,
		const struct arch_mmio_ops *ops, struct arch_emulate_info *info);

/* The guest's DR6 (debug status, SDM 19.2.3) while it is loaded. */
uint64_t arch_vcpu_read_dr6(struct vcpu *v);
void arch_vcpu_write_dr6(struct vcpu *v, uint64_t dr6);

/* Is the guest running 64-bit code (long mode and CS.L)? */
bool arch_vcpu_64bit_code(struct vcpu *v);

/*
 * CR0, CR3 and CR4 as the guest sees them. A write has passed hv/cr.c's
 * rules; the backend may still refuse what it cannot run (-HV_EINVAL:
 * #GP). CR8 is the local APIC's TPR: the core keeps it (hv/exit.c).
 */
uint64_t arch_vcpu_read_cr(struct vcpu *v, int cr);
int arch_vcpu_write_cr(struct vcpu *v, int cr, uint64_t value);

/* MSRs the backend keeps in its own state (EFER, PAT, FS/GS base...). */
int arch_vcpu_read_msr(struct vcpu *v, uint32_t index, uint64_t *value);
int arch_vcpu_write_msr(struct vcpu *v, uint32_t index, uint64_t value);

/*
 * The guest's TSC is the host's plus @offset (RDTSC, RDTSCP): -HV_ENODEV
 * if the backend cannot offset it (arch_tsc_offsetting() says so).
 */
bool arch_tsc_offsetting(void);
int arch_vcpu_set_tsc_offset(struct vcpu *v, uint64_t offset);

/* XCR0 for this vCPU (validated by the caller). */
void arch_vcpu_set_xcr0(struct vcpu *v, uint64_t xcr0);

/* Guest linear -> guest physical through the guest's own page tables. */
int arch_vcpu_translate(struct vcpu *v, uint64_t gla, bool write,
			uint64_t *gpa);

/* Every guest-state and control field, named, for a diagnosis. */
void arch_vcpu_dump(struct vcpu *v);

void arch_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t out[4]);

/* The host CPU's microcode revision (Intel), 0 if it reports none. */
uint32_t arch_microcode_revision(void);

/*
 * Write hypercall stub @nr into @stub (@size bytes): load the number into
 * EAX, the backend's hypercall instruction (VMCALL; VMMCALL on SVM),
 * return; the rest padded with INT3.
 */
void arch_hypercall_stub(uint8_t *stub, unsigned int size, uint32_t nr);

/* The backend's name for its exit reason number ("IO_INSTRUCTION"). */
const char *arch_exit_reason_name(uint32_t reason);

/* The local APIC's MMIO base if it is enabled in xAPIC mode, else 0. */
uint64_t arch_lapic_base(void);

void arch_irq_disable(void);
void arch_cpu_relax(void);	/* in a spin loop */
uint64_t arch_read_timestamp(void);

/* Port I/O, for drivers of the hypervisor's own devices. */
void arch_outb(uint16_t port, uint8_t v);
void arch_outw(uint16_t port, uint16_t v);
uint8_t arch_inb(uint16_t port);

void __attribute__((noreturn)) arch_halt(void);


/*
 * The other way round: the seam is one-way. These are the only functions
 * and data of the core that arch/ may use, and the exit fast path's
 * inline helpers the only inline ones; tools/seamcheck checks every
 * arch/ object's undefined symbols, and every call in arch/ to a static
 * inline function of hv/, against these two lists. Everything else a
 * backend has to say goes back through return values and struct hv_exit.
 *
 * arch-callbacks: hv_main printk panic print_symbol alloc_pages_zeroed
 * arch-callbacks: pmm_free hv_pmm hv_snprintf memset memcpy memcmp
 * arch-callbacks: vm_gpa_to_hva selftest_point
 * arch-inline-callbacks: hypercall_fastpath_wanted hypercall_fastpath
 * arch-inline-callbacks: vm_account_fast_exit vm_account_exit exit_stats_add
 * arch-inline-callbacks: guest_gpr
 *
 *   hv_main                    the core's entry point (arch/x86/entry.asm)
 *   printk, panic, print_symbol  hv/printk.h, hv/panic.h, hv/backtrace.h
 *   alloc_pages_zeroed, pmm_free, hv_pmm  pages (hv/pmm.h)
 *   hv_snprintf, mem*()        hv/lib/ (the compiler may call mem*() too)
 *   vm_gpa_to_hva              guest RAM, bounds-checked (hv/vm.h)
 *   selftest_point             test seams (hv/selftest.h)
 *   hypercall_fastpath*()      which exits the backend may finish at once
 *                              (hv/hypercalls.h, as KVM's exit fastpath)
 *   vm_account_fast_exit()     counting them (hv/vm.h, hv/stats.h)
 *   guest_gpr()                a vCPU's register by its number (hv/vm.h)
 */

#endif
