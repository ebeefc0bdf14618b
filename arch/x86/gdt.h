/* SPDX-License-Identifier: MIT */
#ifndef ARCH_X86_GDT_H
#define ARCH_X86_GDT_H

#define GDT_KERNEL_CS	0x08
#define GDT_KERNEL_DS	0x10
#define GDT_TSS		0x18	/* 16 bytes: two entries */
#define GDT_ENTRIES	5

/* IST slots (1-based, as the IDT gate names them). */
#define IST_DOUBLE_FAULT	1
#define IST_NMI			2
#define IST_MACHINE_CHECK	3

void gdt_init(void);

#endif
