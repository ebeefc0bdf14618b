// SPDX-License-Identifier: MIT
/*
 * The IDT and the one C entry point of every exception and interrupt.
 * Order of handling: a guarded instruction (guard.h), then the handler
 * registered for the vector, then trap_fatal().
 */
#include "guest/lib/trap.h"
#include "guest/lib/guard.h"
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/x86.h"

#define GDT_CODE	0x08		/* entry.asm */
#define GATE_INTR	0x8e		/* present, DPL 0, 64-bit interrupt gate */

/* SDM Vol. 3A, Figure 6-8 "64-Bit IDT Gate Descriptors". */
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

/* All 256 gates; a vector with no handler is reported and fatal. */
static struct idt_gate idt[256] __attribute__((aligned(16)));
static trap_handler_t handlers[TRAP_VECTORS];

extern const uint64_t trap_stubs[TRAP_VECTORS];	/* isr.asm */

static const char *const exception_names[32] = {
	"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM",
	"#DF", "CSO", "#TS", "#NP", "#SS", "#GP", "#PF", "#15",
	"#MF", "#AC", "#MC", "#XM", "#VE", "#CP", "#22", "#23",
	"#24", "#25", "#26", "#27", "#HV", "#VC", "#SX", "#31",
};

static const char *const irq_names[16] = {
	"IRQ0", "IRQ1", "IRQ2", "IRQ3", "IRQ4", "IRQ5", "IRQ6", "IRQ7",
	"IRQ8", "IRQ9", "IRQ10", "IRQ11", "IRQ12", "IRQ13", "IRQ14", "IRQ15",
};

const char *trap_name(unsigned int vector)
{
	if (vector < 32)
		return exception_names[vector];
	if (vector - TRAP_IRQ_BASE < 16)
		return irq_names[vector - TRAP_IRQ_BASE];
	return "vector";
}

void trap_init(void)
{
	struct desc_ptr p = { sizeof(idt) - 1, (uint64_t)idt };

	for (unsigned int v = 0; v < TRAP_VECTORS; v++) {
		uint64_t a = trap_stubs[v];

		idt[v] = (struct idt_gate){
			.offset_low = (uint16_t)a,
			.selector = GDT_CODE,
			.type_attr = GATE_INTR,
			.offset_mid = (uint16_t)(a >> 16),
			.offset_high = (uint32_t)(a >> 32),
		};
	}
	__asm__ volatile("lidt %0" : : "m"(p) : "memory");
}

trap_handler_t trap_set_handler(unsigned int vector, trap_handler_t h)
{
	trap_handler_t old;

	if (vector >= TRAP_VECTORS)
		return NULL;
	old = handlers[vector];
	handlers[vector] = h;
	return old;
}

void trap_dispatch(struct trap_frame *tf)
{
	trap_handler_t h;

	if (guard_catch(tf))
		return;
	h = tf->vector < TRAP_VECTORS ? handlers[tf->vector] : NULL;
	if (!h)
		trap_fatal(tf);
	h(tf);
}

void trap_fatal(const struct trap_frame *tf)
{
	static int dying;

	if (dying++)			/* a fault while reporting one */
		platform_exit(EXIT_UNHANDLED_TRAP);
	printf("trap: unhandled %s (vector %lu), error 0x%lx, rip 0x%lx\n",
	       trap_name((unsigned int)tf->vector), tf->vector, tf->error,
	       tf->rip);
	if (tf->vector == VEC_PF)
		printf("trap:   cr2 0x%lx\n", read_cr2());
	printf("trap:   cs 0x%lx rflags 0x%lx rsp 0x%lx ss 0x%lx\n",
	       tf->cs, tf->rflags, tf->rsp, tf->ss);
	printf("trap:   rax 0x%lx rbx 0x%lx rcx 0x%lx rdx 0x%lx\n",
	       tf->rax, tf->rbx, tf->rcx, tf->rdx);
	printf("trap:   rsi 0x%lx rdi 0x%lx rbp 0x%lx\n",
	       tf->rsi, tf->rdi, tf->rbp);
	printf("trap:   r8 0x%lx r9 0x%lx r10 0x%lx r11 0x%lx\n",
	       tf->r8, tf->r9, tf->r10, tf->r11);
	printf("trap:   r12 0x%lx r13 0x%lx r14 0x%lx r15 0x%lx\n",
	       tf->r12, tf->r13, tf->r14, tf->r15);
	platform_exit(EXIT_UNHANDLED_TRAP);
}
