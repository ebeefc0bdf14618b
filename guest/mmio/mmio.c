// SPDX-License-Identifier: MIT
/*
 * mmio: every instruction form the hypervisor's MMIO decoder knows
 * (arch/x86/decode.h), done on an address where a PC has no device:
 * guest-physical 0xfed40100, in the device window below 4 GiB, where
 * QEMU's "pc" machine has nothing (no TPM). The page is mapped at virtual
 * 0x3ff40100 (a 2 MiB page at the top of the first GiB), so the accesses
 * go through a guest page walk and RIP-relative forms reach it; in 64-bit
 * mode, then in compatibility mode with 32- and 16-bit code.
 *
 * What such an address reads as differs: all ones under the hypervisor
 * (a PC's master abort), 0 on QEMU 7.2. So each form runs twice at the
 * same virtual address, once with the page backed by the device window
 * and once by RAM filled with what the window reads, and the line says
 * whether the registers and the flags the instruction defines came out
 * the same. Natively QEMU runs both; under the hypervisor the first is
 * emulated and the second is the CPU's own.
 *
 * With a command line: "past-ram" reads guest-physical 512 MiB (past RAM,
 * no device window: the hypervisor stops the guest), "sse" does a MOVDQA
 * from the window (not decoded: the hypervisor stops the guest with the
 * instruction's bytes).
 */
#include "guest/lib/multiboot.h"
#include "guest/lib/paging.h"
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/trap.h"
#include "guest/lib/x86.h"

#define WINDOW_PA	0xfec00000ull		/* the 2 MiB page mapped */
#define WINDOW_VA	0x3fe00000ull		/* PD[511] */
#define MMIO		((volatile void *)(WINDOW_VA + 0x140100))	/* 0xfed40100 */
#define TWIN_PA		0xc00000ull		/* 12 MiB: RAM behind the same page */
#define PTE_PWT		(1ull << 3)
#define PTE_PCD		(1ull << 4)

#define F_ARITH	0x8d5		/* OF SF ZF AF PF CF */
#define F_LOGIC	0x8c5		/* AF is undefined after AND, OR, XOR, TEST */
#define F_BT	0x001		/* BT*: only CF is defined */
#define F_NONE	0x000

#define A0	0x1122334455667788ull

/*
 * A symbol at the window, for RIP-relative forms (within 2 GiB of the
 * code): defined in window.c, so that the assembler here leaves the
 * displacement to the linker.
 */
extern const char mmio_window[];

extern volatile uint64_t boot_pd[512];	/* entry.asm */

void kmain(uint32_t magic, uint32_t info);

static int is(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

/* The instruction's text, with the asm's "%%" as "%". */
static void name_of(const char *insn, char *name, unsigned int size)
{
	unsigned int n = 0;

	for (const char *p = insn; *p && n < size - 1; p++) {
		if (p[0] == '%' && p[1] == '%')
			continue;
		name[n++] = *p == '\n' ? ';' : *p == '\t' ? ' ' : *p;
	}
	name[n] = 0;
}

struct regs {
	uint64_t a, c, d, flags;
};

static unsigned int forms, differ;
static uint8_t floating;		/* what the window reads as */

/*
 * Back the 2 MiB page at WINDOW_VA by the device window, or by a RAM
 * twin filled with what the window reads as: the same instruction, at
 * the same virtual address, runs on both.
 */
static void back_by(int device)
{
	if (device) {
		boot_pd[511] = WINDOW_PA | PTE_P | PTE_W | PTE_PS | PTE_PCD |
			       PTE_PWT;
	} else {
		volatile uint8_t *twin = (volatile uint8_t *)(TWIN_PA + 0x13f000);

		for (unsigned int i = 0; i < 3 * 4096; i++)
			twin[i] = floating;
		boot_pd[511] = TWIN_PA | PTE_P | PTE_W | PTE_PS;
	}
	write_cr3(read_cr3());
}

static void check(const char *insn, const struct regs *cpu,
		  const struct regs *dev, uint64_t mask)
{
	char name[96];

	name_of(insn, name, sizeof(name));
	forms++;
	if (cpu->a == dev->a && cpu->c == dev->c && cpu->d == dev->d &&
	    !((cpu->flags ^ dev->flags) & mask)) {
		printf("mmio: %s: same\n", name);
		return;
	}
	differ++;
	printf("mmio: %s: DIFFERENT: RAM rax=%llx rcx=%llx rdx=%llx "
	       "flags=%llx, device rax=%llx rcx=%llx rdx=%llx flags=%llx\n",
	       name, (unsigned long long)cpu->a, (unsigned long long)cpu->c,
	       (unsigned long long)cpu->d,
	       (unsigned long long)(cpu->flags & mask),
	       (unsigned long long)dev->a, (unsigned long long)dev->c,
	       (unsigned long long)dev->d,
	       (unsigned long long)(dev->flags & mask));
}

#define RUN(insn, r, a0, c0, d0) do {					\
	(r).a = (a0);							\
	(r).c = (c0);							\
	(r).d = (d0);							\
	__asm__ volatile(insn "\n\tpushfq\n\tpopq %3"			\
			 : "+a"((r).a), "+c"((r).c), "+d"((r).d),	\
			   "=S"((r).flags)				\
			 : "D"(MMIO)					\
			 : "memory", "cc", "r8", "r9", "r10", "r11",	\
			   "r12", "r13");				\
} while (0)

/* @insn on RAM (the CPU) and on the device (emulated under a hypervisor). */
#define T(mask, a, c, d, insn) do {					\
	struct regs cpu_, dev_;						\
									\
	back_by(0);							\
	RUN(insn, cpu_, a, c, d);					\
	back_by(1);							\
	RUN(insn, dev_, a, c, d);					\
	check(insn, &cpu_, &dev_, mask);				\
} while (0)

static void movs(void)
{
	T(F_NONE, A0, 0, 0, "movb (%%rdi), %%al");
	T(F_NONE, A0, 0, 0, "movb (%%rdi), %%ah");
	T(F_NONE, A0, 0, 0, "movw (%%rdi), %%ax");
	T(F_NONE, A0, 0, 0, "movl (%%rdi), %%eax");
	T(F_NONE, A0, 0, 0, "movq (%%rdi), %%rax");
	T(F_NONE, A0, A0, 0, "movb (%%rdi), %%ch");
	T(F_NONE, A0, A0, A0, "movw 2(%%rdi), %%dx");
	T(F_NONE, 0, 0x5a, 0, "movb %%cl, (%%rdi)");
	T(F_NONE, 0, 0x5a5a, 0, "movw %%cx, (%%rdi)");
	T(F_NONE, 0, 0x5a5a5a5a, 0, "movl %%ecx, (%%rdi)");
	T(F_NONE, 0, 7, 0, "movq %%rcx, (%%rdi)");
	T(F_NONE, 0, 0x100, 0, "movb %%ch, 1(%%rdi)");
	T(F_NONE, 0, 0, 0, "movb $0x12, (%%rdi)");
	T(F_NONE, 0, 0, 0, "movw $0x1234, (%%rdi)");
	T(F_NONE, 0, 0, 0, "movl $0x12345678, (%%rdi)");
	T(F_NONE, 0, 0, 0, "movq $-2, (%%rdi)");
	/* moffs: A0-A3, with a 64-bit address, and a 32-bit one (67). */
	T(F_NONE, A0, 0, 0, "movabsb 0x3ff40100, %%al");
	T(F_NONE, A0, 0, 0, "movabsw 0x3ff40100, %%ax");
	T(F_NONE, A0, 0, 0, "movabsl 0x3ff40100, %%eax");
	T(F_NONE, A0, 0, 0, "movabsq 0x3ff40100, %%rax");
	T(F_NONE, 0x42, 0, 0, "movabsb %%al, 0x3ff40100");
	T(F_NONE, A0, 0, 0, "movabsq %%rax, 0x3ff40100");
	T(F_NONE, A0, 0, 0, ".byte 0x67, 0xa1, 0x00, 0x01, 0xf4, 0x3f");
	T(F_NONE, A0, 0, 0, ".byte 0x67, 0xa2, 0x04, 0x01, 0xf4, 0x3f");
}

static void extends(void)
{
	T(F_NONE, A0, 0, 0, "movzbl (%%rdi), %%eax");
	T(F_NONE, A0, 0, 0, "movzbw (%%rdi), %%ax");
	T(F_NONE, A0, 0, 0, "movzbq (%%rdi), %%rax");
	T(F_NONE, A0, 0, 0, "movzwl (%%rdi), %%eax");
	T(F_NONE, A0, 0, 0, "movzwq (%%rdi), %%rax");
	T(F_NONE, A0, 0, 0, "movsbl (%%rdi), %%eax");
	T(F_NONE, A0, 0, 0, "movsbw (%%rdi), %%ax");
	T(F_NONE, A0, 0, 0, "movsbq (%%rdi), %%rax");
	T(F_NONE, A0, 0, 0, "movswl (%%rdi), %%eax");
	T(F_NONE, A0, 0, 0, "movswq (%%rdi), %%rax");
	T(F_NONE, A0, 0, 0, "movslq (%%rdi), %%rax");
	T(F_NONE, A0, 0, 0, "movsxd (%%rdi), %%eax");
}

/* Each ALU op, memory op= register and register op= memory. */
#define ALU(op, flags)							\
	do {								\
		T(flags, A0, 1, 0, "clc\n\t" op "b %%cl, (%%rdi)");	\
		T(flags, A0, 0x80, 0, "stc\n\t" op "w %%cx, (%%rdi)");	\
		T(flags, A0, 0x7fffffff, 0, "clc\n\t" op "l %%ecx, (%%rdi)"); \
		T(flags, A0, 0, 0, "stc\n\t" op "q %%rcx, (%%rdi)");	\
		T(flags, 0x100, 0, 0, "clc\n\t" op "b (%%rdi), %%ah");	\
		T(flags, 0x1, 0, 0, "stc\n\t" op "b (%%rdi), %%al");	\
		T(flags, 0x8000, 0, 0, "clc\n\t" op "w (%%rdi), %%ax");	\
		T(flags, 0, 0, 0, "stc\n\t" op "l (%%rdi), %%eax");	\
		T(flags, A0, 0, 0, "clc\n\t" op "q (%%rdi), %%rax");	\
		T(flags, 0, 0, 0, "stc\n\t" op "b $1, (%%rdi)");	\
		T(flags, 0, 0, 0, "clc\n\t" op "w $-2, (%%rdi)");	\
		T(flags, 0, 0, 0, "stc\n\t" op "l $0x12345, (%%rdi)");	\
		T(flags, 0, 0, 0, "clc\n\t" op "l $1, 4(%%rdi)");	\
		T(flags, 0, 0, 0, "stc\n\t" op "q $-0x80000000, (%%rdi)"); \
		T(flags, 0, 0, 0, "clc\n\t" op "q $0x7f, (%%rdi)");	\
	} while (0)

static void alu(void)
{
	ALU("add", F_ARITH);
	ALU("or", F_LOGIC);
	ALU("adc", F_ARITH);
	ALU("sbb", F_ARITH);
	ALU("and", F_LOGIC);
	ALU("sub", F_ARITH);
	ALU("xor", F_LOGIC);
	ALU("cmp", F_ARITH);
	T(F_ARITH, 0, 0, 0, ".byte 0x66, 0x83, 0x07, 0x01");	/* addw $1 */
}

static void tests_and_bits(void)
{
	T(F_LOGIC, 0, 0x80, 0, "testb %%cl, (%%rdi)");
	T(F_LOGIC, 0, 0x8000, 0, "testb %%ch, (%%rdi)");
	T(F_LOGIC, 0, 0, 0, "testw %%cx, (%%rdi)");
	T(F_LOGIC, 0, 0x80000001, 0, "testl %%ecx, (%%rdi)");
	T(F_LOGIC, 0, 1ull << 63, 0, "testq %%rcx, (%%rdi)");
	T(F_LOGIC, 0, 0, 0, "testb $0x01, (%%rdi)");
	T(F_LOGIC, 0, 0, 0, "testw $0x8000, (%%rdi)");
	T(F_LOGIC, 0, 0, 0, "testl $0, (%%rdi)");
	T(F_LOGIC, 0, 0, 0, "testq $-1, (%%rdi)");

	T(F_BT, 0, 3, 0, "clc\n\tbtl %%ecx, (%%rdi)");
	T(F_BT, 0, 35, 0, "clc\n\tbtq %%rcx, (%%rdi)");
	T(F_BT, 0, -1ull, 0, "clc\n\tbtq %%rcx, (%%rdi)");
	T(F_BT, 0, 17, 0, "clc\n\tbtsw %%cx, (%%rdi)");
	T(F_BT, 0, -9ull, 0, "clc\n\tbtrl %%ecx, (%%rdi)");
	T(F_BT, 0, 100, 0, "clc\n\tbtcq %%rcx, (%%rdi)");
	T(F_BT, 0, 0, 0, "clc\n\tbtl $5, (%%rdi)");
	T(F_BT, 0, 0, 0, "clc\n\tbtsq $63, (%%rdi)");
	T(F_BT, 0, 0, 0, "clc\n\tbtrw $15, (%%rdi)");
	T(F_BT, 0, 0, 0, "clc\n\tbtcl $33, (%%rdi)");
}

static void xchgs(void)
{
	T(F_NONE, 0x12, 0, 0, "xchgb %%al, (%%rdi)");
	T(F_NONE, 0x1200, 0, 0, "xchgb %%ah, (%%rdi)");
	T(F_NONE, 0, 0x1234, 0, "xchgw %%cx, (%%rdi)");
	T(F_NONE, 0, A0, 0, "xchgl %%ecx, (%%rdi)");
	T(F_NONE, 0, 0, A0, "xchgq (%%rdi), %%rdx");
}

static void prefixes(void)
{
	/* Segment overrides: only FS and GS have a base in 64-bit mode. */
	wrmsr(0xc0000100, 0x1000);		/* FS.base */
	wrmsr(0xc0000101, 0x3ff40100);		/* GS.base */
	T(F_NONE, A0, 0, 0x3ff3f100, "movl %%fs:(%%rdx), %%eax");
	T(F_NONE, A0, 0, 0, "movq %%gs:(%%rdx), %%rax");
	T(F_NONE, A0, 0, 0, "movabsl %%gs:0, %%eax");
	T(F_NONE, A0, 0, 0, "movl %%es:(%%rdi), %%eax");
	T(F_NONE, A0, 0, 0, "movl %%cs:(%%rdi), %%eax");
	T(F_NONE, A0, 0, 0, "movl %%ss:(%%rdi), %%eax");
	T(F_NONE, A0, 0, 0, "movl %%ds:(%%rdi), %%eax");
	wrmsr(0xc0000100, 0);
	wrmsr(0xc0000101, 0);
	/* LOCK, XACQUIRE/XRELEASE (F2/F3), a REP prefix where it means nothing. */
	T(F_ARITH, 0, 0, 0, "lock addl $1, (%%rdi)");
	T(F_LOGIC, 0, 0x10, 0, "lock orb %%cl, (%%rdi)");
	T(F_BT, 0, 0, 0, "lock btsl $1, (%%rdi)");
	T(F_NONE, 0, 5, 0, "lock xchgl %%ecx, (%%rdi)");
	T(F_ARITH, 0, 0, 0, "xacquire lock subl $1, (%%rdi)");
	T(F_NONE, 0, 5, 0, "xrelease movl %%ecx, (%%rdi)");
	T(F_NONE, A0, 0, 0, ".byte 0xf3\n\tmovl (%%rdi), %%eax");
	/* Address size 32 (67): registers and sums wrap at 4 GiB. */
	T(F_NONE, A0, 0xffffffff, 0, "movb (%%edi,%%ecx), %%al");
	T(F_NONE, A0, 0x100000000ull, 0, "movl (%%edi,%%ecx,2), %%eax");
	/* movl mmio_window(%eip), %eax: EIP-relative (67 8b 05 disp32) */
	T(F_NONE, A0, 0, 0, ".byte 0x67, 0x8b, 0x05\n\t.long mmio_window - (. + 4)");
	/* REX.B, REX.X, REX.R, and R12/R13 as a base (SIB, disp8 0). */
	T(F_NONE, A0, 0, 0, "movq %%rdi, %%r9\n\tmovq $1, %%r10\n\t"
	  "movq (%%r9,%%r10,8), %%r11\n\tmovq %%r11, %%rax");
	T(F_NONE, A0, 0, 0, "movq %%rdi, %%r12\n\tmovl (%%r12), %%r8d\n\t"
	  "movq %%r8, %%rax");
	T(F_NONE, A0, 0, 0, "movq %%rdi, %%r13\n\tmovw (%%r13), %%r8w\n\t"
	  "movq %%r8, %%rax");
	T(F_NONE, 0, 0, 0, "movq %%rdi, %%r8\n\tmovq $-1, %%r9\n\t"
	  "movb 4(%%r8,%%r9,4), %%r10b\n\tmovq %%r10, %%rax");
	T(F_ARITH, 0, 0, 0, "movq $1, %%r11\n\taddq %%r11, (%%rdi)");
	/* Displacements: disp8, disp32, negative. */
	T(F_NONE, A0, 0, 0, "movl 0x7c(%%rdi), %%eax");
	T(F_NONE, A0, 0, 0, "movl -0x100(%%rdi), %%eax");
	T(F_NONE, A0, 0, 0, "movl 0x800(%%rdi), %%eax");
	T(F_NONE, A0, 0x40, 0, "movl -0x40(%%rdi,%%rcx), %%eax");
	/* RIP-relative, with and without an immediate after the displacement. */
	T(F_NONE, A0, 0, 0, "movl mmio_window(%%rip), %%eax");
	T(F_ARITH, 0, 0, 0, "addl $1, mmio_window+4(%%rip)");
	T(F_ARITH, 0, 0, 0, "cmpb $0x7f, mmio_window(%%rip)");
	T(F_NONE, 0, 0, 0, "movq $0x12345678, mmio_window+8(%%rip)");
	T(F_BT, 0, 0, 0, "clc\n\tbtl $7, mmio_window(%%rip)");
}

/*
 * Compatibility mode: the same forms with 32- and 16-bit code segments,
 * so operand and address sizes come from CS.D, and with ES based at the
 * window's page (0x3ff40000), so the segment base counts. Only the low
 * 32 bits of the registers are compared: the SDM leaves the upper halves
 * undefined across a return to 64-bit mode.
 */
#define CODE16_BASE	0x100000ull	/* IP is 16 bits: the code's 64 KiB */

static const uint64_t gdt[] __attribute__((aligned(8))) = {
	0,
	0x00af9b000000ffffull,		/* 0x08: 64-bit code, as entry.asm's */
	0x00cf93000000ffffull,		/* 0x10: flat data */
	0x00cf9b000000ffffull,		/* 0x18: 32-bit code */
	0x008f9b100000ffffull,		/* 0x20: 16-bit code, base 1 MiB */
	0x3fcf93f40000ffffull,		/* 0x28: data, base 0x3ff40000 */
};

static void load_gdt(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) p = { sizeof(gdt) - 1, (uintptr_t)gdt };

	__asm__ volatile("lgdt %0" : : "m"(p));
}

#define RUN_COMPAT(sel, code, sub, far, insn, r, a0, c0, d0) do {	\
	(r).a = (a0);							\
	(r).c = (c0);							\
	(r).d = (d0);							\
	__asm__ volatile("movl $0x28, %%r8d\n\tmovw %%r8w, %%es\n\t"	\
			 "pushq $" sel "\n\t"				\
			 "leaq 1f(%%rip), %%r8\n\t"			\
			 "subq $" sub ", %%r8\n\t"			\
			 "pushq %%r8\n\tlretq\n"			\
			 code "\n1:\t" insn "\n\t"			\
			 far " $0x08, $2f\n"				\
			 ".code64\n2:\tpushfq\n\tpopq %3\n\t"		\
			 "movl $0x10, %%r8d\n\tmovw %%r8w, %%es"	\
			 : "+a"((r).a), "+c"((r).c), "+d"((r).d),	\
			   "=S"((r).flags)				\
			 : "D"(MMIO)					\
			 : "memory", "cc", "r8", "rbx");		\
	(r).a &= 0xffffffff;						\
	(r).c &= 0xffffffff;						\
	(r).d &= 0xffffffff;						\
} while (0)

#define TC(sel, code, sub, far, mask, a, c, d, insn) do {		\
	struct regs cpu_, dev_;						\
									\
	back_by(0);							\
	RUN_COMPAT(sel, code, sub, far, insn, cpu_, a, c, d);		\
	back_by(1);							\
	RUN_COMPAT(sel, code, sub, far, insn, dev_, a, c, d);		\
	check(insn, &cpu_, &dev_, mask);				\
} while (0)

#define T32(mask, a, c, d, insn) \
	TC("0x18", ".code32", "0", "ljmp", mask, a, c, d, insn)
#define T16(mask, a, c, d, insn) \
	TC("0x20", ".code16", "0x100000", "ljmpl", mask, a, c, d, insn)

static void compat(void)
{
	load_gdt();
	printf("mmio: compatibility mode, 32-bit code\n");
	T32(F_NONE, A0, 0, 0, "movl (%%edi), %%eax");
	T32(F_NONE, A0, 0, 0, "movw (%%edi), %%ax");
	T32(F_NONE, A0, 0, 0, "movb 1(%%edi), %%ah");
	T32(F_NONE, A0, 0, 0, "movl %%es:0x100, %%eax");
	T32(F_NONE, A0, 0x80, 0, "movl %%es:(%%ecx,%%ecx,1), %%eax");
	T32(F_NONE, A0, 0, 0, "movzwl %%es:0x102, %%eax");
	T32(F_NONE, A0, 0, 0, "movsbl (%%edi), %%edx");
	T32(F_NONE, 0, 7, 0, "movl %%ecx, (%%edi)");
	T32(F_NONE, 0, 0, 0, "movw $0x1234, %%es:0x100");
	T32(F_ARITH, 1, 0, 0, "addl (%%edi), %%eax");
	T32(F_ARITH, 0, 0, 0, "stc\n\tadcw $1, (%%edi)");
	T32(F_ARITH, 0, 0x7f, 0, "subb %%cl, %%es:0x100");
	T32(F_ARITH, 0, 0, 0, "cmpl $0x7fffffff, (%%edi)");
	T32(F_LOGIC, 0, 0x8000, 0, "testw %%cx, (%%edi)");
	T32(F_BT, 0, 40, 0, "clc\n\tbtsl %%ecx, (%%edi)");
	T32(F_NONE, 0x99, 0, 0, "xchgb %%al, (%%edi)");
	T32(F_NONE, A0, 0, 0, "movl 0x3ff40100, %%eax");
	T32(F_NONE, A0, 0, 0, "movw $0x80, %%bx\n\tmovw $0x40, %%si\n\t"
	    "movl %%es:0x40(%%bx,%%si), %%eax");
	T32(F_NONE, A0, 0, 0, "movw %%es:(%%di), %%ax");
	printf("mmio: compatibility mode, 16-bit code\n");
	/* This function holds the 16-bit code: it must end below 0x110000. */
	if ((uintptr_t)compat + 0x4000 > CODE16_BASE + 0x10000) {
		printf("mmio: the code is too far up for 16-bit code\n");
		return;
	}
	T16(F_NONE, A0, 0, 0, "movw %%es:0x100, %%ax");
	T16(F_NONE, A0, 0, 0, "movl %%es:0x100, %%eax");
	T16(F_NONE, A0, 0, 0, "movw $0x7f, %%bx\n\tmovb %%es:0x81(%%bx), %%al");
	T16(F_NONE, A0, 0, 0, "movb %%es:(%%di), %%ah");
	T16(F_NONE, A0, 0, 0, "movw $0xc0, %%bx\n\tmovw $0x40, %%si\n\t"
	    "movw %%es:(%%bx,%%si), %%dx");
	T16(F_NONE, A0, 0, 0, "movw (%%edi), %%ax");
	T16(F_ARITH, 0, 0, 0, "addw $1, %%es:0x100");
	T16(F_ARITH, 0, 0, 0, "subl $1, %%es:0x100");
	T16(F_LOGIC, 0, 0x1, 0, "orb %%cl, %%es:0x101");
	T16(F_NONE, 0, 0, 0, "movzbw %%es:0x100, %%dx");
	T16(F_NONE, 0, 0x4321, 0, "xchgw %%cx, %%es:0x100");
}

static void past_ram(void)
{
	volatile uint32_t *outside = (volatile uint32_t *)(512ull << 20);

	printf("mmio: reading guest-physical 0x20000000, past RAM\n");
	printf("mmio: read 0x%x\n", *outside);
}

static void sse(void)
{
	write_cr4(read_cr4() | (1u << 9) | (1u << 10));	/* OSFXSR, OSXMMEXCPT */
	printf("mmio: MOVDQA from the window\n");
	/* movdqa (%rdi), %xmm0: the guest is built without SSE registers. */
	__asm__ volatile(".byte 0x66, 0x0f, 0x6f, 0x07"
			 : : "D"((uintptr_t)MMIO & ~15ull) : "memory");
	printf("mmio: MOVDQA done\n");
}

/*
 * An interrupt whose frame goes to the device window: the CPU's own
 * writes, in the middle of delivering it, hit the device; no instruction
 * of the guest's makes them.
 */
static void stack_in_window(void)
{
	printf("mmio: INT 0x30 with the stack in the window\n");
	__asm__ volatile("mov %%rsp, %%rbx\n\t"
			 "mov %0, %%rsp\n\t"
			 "int $0x30\n\t"
			 "mov %%rbx, %%rsp"
			 : : "r"((uintptr_t)MMIO + 0x100) : "rbx", "memory");
	printf("mmio: INT 0x30 done\n");
}

void kmain(uint32_t magic, uint32_t info)
{
	const struct multiboot_info *mi = (const void *)(uintptr_t)info;
	const char *what = magic == MULTIBOOT_BOOTLOADER_MAGIC ?
			   mb_cmdline_args(mi) : "";

	trap_init();
	platform_init(magic, info);
	back_by(1);
	if (is(what, "past-ram")) {
		past_ram();
		platform_exit(1);
	}
	if (is(what, "sse")) {
		sse();
		platform_exit(1);
	}
	if (is(what, "stack")) {
		stack_in_window();
		platform_exit(1);
	}
	floating = *(volatile uint8_t *)MMIO;
	printf("mmio: the window reads the same at every width: %d\n",
	       *(volatile uint16_t *)MMIO == floating * 0x101u &&
	       *(volatile uint32_t *)MMIO == floating * 0x1010101u &&
	       *(volatile uint64_t *)MMIO == floating * 0x0101010101010101ull);
	movs();
	extends();
	alu();
	tests_and_bits();
	xchgs();
	prefixes();
	compat();
	printf("mmio: done, %u forms, %u different\n", forms, differ);
	platform_exit(differ ? 1 : 0);
}
