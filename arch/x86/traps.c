// SPDX-License-Identifier: MIT
/*
 * The IDT and what happens when the hypervisor itself takes an exception:
 * a report a person can act on (vector name, error code, RIP with its
 * symbol, CR2, every register, a symbolized backtrace), then panic. The
 * hypervisor runs with interrupts off and handles no exception of its own,
 * so any exception here is a bug. An NMI is not: it is counted and
 * returns (isr.asm's host_nmi_entry).
 */
#include <stdint.h>

#include "arch/x86/cpu.h"
#include "arch/x86/gdt.h"
#include "arch/x86/traps.h"
#include "hv/arch.h"
#include "hv/backtrace.h"
#include "hv/panic.h"
#include "hv/printk.h"

struct idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
} __attribute__((packed));

_Static_assert(sizeof(struct idt_gate) == 16, "SDM Figure 6-8");

extern const uint64_t isr_stub_table[32];
extern const char host_nmi_entry[];	/* isr.asm */

/* Host NMIs so far: isr.asm's host_nmi_entry counts them. */
uint64_t host_nmis;

uint64_t arch_host_nmis(void)
{
	return __atomic_load_n(&host_nmis, __ATOMIC_RELAXED);
}
static struct idt_gate idt[256];	/* 32-255: trap_set_interrupt_gate() */

static const char *const vector_names[32] = {
	[0] = "#DE divide error",
	[1] = "#DB debug",
	[2] = "NMI",
	[3] = "#BP breakpoint",
	[4] = "#OF overflow",
	[5] = "#BR bound range",
	[6] = "#UD invalid opcode",
	[7] = "#NM device not available",
	[8] = "#DF double fault",
	[9] = "coprocessor segment overrun",
	[10] = "#TS invalid TSS",
	[11] = "#NP segment not present",
	[12] = "#SS stack fault",
	[13] = "#GP general protection",
	[14] = "#PF page fault",
	[16] = "#MF x87 error",
	[17] = "#AC alignment check",
	[18] = "#MC machine check",
	[19] = "#XM SIMD error",
	[20] = "#VE virtualization exception",
	[21] = "#CP control protection",
	[29] = "#VC VMM communication",
	[30] = "#SX security",
};

void trap_init(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) idtr = { sizeof(idt) - 1, (uint64_t)idt };

	for (int v = 0; v < 32; v++) {
		uint64_t a = isr_stub_table[v];

		idt[v] = (struct idt_gate){
			.offset_low = a & 0xffff,
			.selector = GDT_KERNEL_CS,
			.type_attr = 0x8e,	/* present, DPL0, interrupt gate */
			.offset_mid = a >> 16 & 0xffff,
			.offset_high = a >> 32,
		};
	}
	idt[8].ist = IST_DOUBLE_FAULT;
	/* A host NMI is counted, not a panic (the VM exits' NMIs land here too). */
	trap_set_interrupt_gate(2, host_nmi_entry);
	idt[2].ist = IST_NMI;
	idt[18].ist = IST_MACHINE_CHECK;
	__asm__ volatile("lidt %0" : : "m"(idtr));
}

void trap_set_interrupt_gate(uint8_t vector, const void *handler)
{
	uint64_t a = (uint64_t)handler;

	idt[vector] = (struct idt_gate){
		.offset_low = a & 0xffff,
		.selector = GDT_KERNEL_CS,
		.type_attr = 0x8e,	/* present, DPL0, interrupt gate */
		.offset_mid = a >> 16 & 0xffff,
		.offset_high = a >> 32,
	};
}

static void print_page_fault(uint64_t err)
{
	/* SDM Vol. 3A, Figure 4-12 "Page-Fault Error Code". */
	printk("  page fault: %s, %s, %s%s%s\n",
	       err & 1 ? "protection violation" : "page not present",
	       err & 2 ? "write" : "read",
	       err & 4 ? "user" : "supervisor",
	       err & 8 ? ", reserved bit set" : "",
	       err & 16 ? ", instruction fetch" : "");
}

void trap_handler(struct trap_frame *f)
{
	const char *name = f->vector < 32 ? vector_names[f->vector] : NULL;

	printk("\n*** exception %llu (%s) in the hypervisor, error code 0x%llx\n",
	       (unsigned long long)f->vector, name ? name : "reserved",
	       (unsigned long long)f->error_code);
	printk("  RIP %016llx ", (unsigned long long)f->rip);
	print_symbol(f->rip);
	printk("\n  CR2 %016llx  CR3 %016llx  RFLAGS %016llx\n",
	       (unsigned long long)read_cr2(), (unsigned long long)read_cr3(),
	       (unsigned long long)f->rflags);
	if (f->vector == 14)
		print_page_fault(f->error_code);
	printk("  RAX %016llx  RBX %016llx  RCX %016llx  RDX %016llx\n"
	       "  RSI %016llx  RDI %016llx  RBP %016llx  RSP %016llx\n"
	       "  R8  %016llx  R9  %016llx  R10 %016llx  R11 %016llx\n"
	       "  R12 %016llx  R13 %016llx  R14 %016llx  R15 %016llx\n"
	       "  CS %04llx  SS %04llx\n",
	       (unsigned long long)f->rax, (unsigned long long)f->rbx,
	       (unsigned long long)f->rcx, (unsigned long long)f->rdx,
	       (unsigned long long)f->rsi, (unsigned long long)f->rdi,
	       (unsigned long long)f->rbp, (unsigned long long)f->rsp,
	       (unsigned long long)f->r8, (unsigned long long)f->r9,
	       (unsigned long long)f->r10, (unsigned long long)f->r11,
	       (unsigned long long)f->r12, (unsigned long long)f->r13,
	       (unsigned long long)f->r14, (unsigned long long)f->r15,
	       (unsigned long long)f->cs, (unsigned long long)f->ss);
	panic("unhandled exception %llu (%s) at %016llx",
	      (unsigned long long)f->vector, name ? name : "reserved",
	      (unsigned long long)f->rip);
}
