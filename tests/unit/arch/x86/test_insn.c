// SPDX-License-Identifier: MIT
/*
 * arch/x86/insn.c, table-driven: each row's bytes are what nasm (or GNU
 * as, AT&T rows) assembles for the text, or raw "db" bytes where no
 * assembler spells the form (LOCK MOV CR0 in 64-bit mode, a REX before
 * a legacy prefix, reserved CRs...); the expected fields are written by
 * hand from SDM Vol. 2 and APM vol. 3. Then: every decoded row cut short
 * is truncated, bytes after an instruction change nothing, nothing past
 * the 15th byte is read, and x86_sys_ea() adds up what the rows give.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "arch/x86/insn.h"

struct row {
	const char *text;
	unsigned int mode;
	uint8_t bytes[20];
	size_t n;
	int rc;
	struct x86_sys_insn want;
};

/* A memory operand seg:[base + index * scale + disp] of an address size. */
#define M(s, a, b, i, sc, d)						\
	.has_mem = true,						\
	.mem = { .seg = (s), .addr_size = (a), .base = (b), .index = (i), \
		 .scale = (sc), .disp = (d) }
#define RIPM(s, a, d)							\
	.has_mem = true,						\
	.mem = { .seg = (s), .addr_size = (a), .base = -1, .index = -1,	\
		 .scale = 1, .rip_relative = true, .disp = (d) }

static const struct row rows[] = {
	{ "cpuid", 64,
	  { 0x0f, 0xa2 }, 2, X86_SYS_OK,
	  { .kind = X86_SYS_CPUID, .len = 2, .reg = -1 } },
	{ "cpuid", 32,
	  { 0x0f, 0xa2 }, 2, X86_SYS_OK,
	  { .kind = X86_SYS_CPUID, .len = 2, .reg = -1 } },
	{ "cpuid", 16,
	  { 0x0f, 0xa2 }, 2, X86_SYS_OK,
	  { .kind = X86_SYS_CPUID, .len = 2, .reg = -1 } },
	{ "hlt", 64,
	  { 0xf4 }, 1, X86_SYS_OK,
	  { .kind = X86_SYS_HLT, .len = 1, .reg = -1 } },
	{ "hlt", 16,
	  { 0xf4 }, 1, X86_SYS_OK,
	  { .kind = X86_SYS_HLT, .len = 1, .reg = -1 } },
	{ "rdmsr", 64,
	  { 0x0f, 0x32 }, 2, X86_SYS_OK,
	  { .kind = X86_SYS_RDMSR, .len = 2, .reg = -1 } },
	{ "wrmsr", 64,
	  { 0x0f, 0x30 }, 2, X86_SYS_OK,
	  { .kind = X86_SYS_WRMSR, .len = 2, .reg = -1 } },
	{ "wrmsr", 32,
	  { 0x0f, 0x30 }, 2, X86_SYS_OK,
	  { .kind = X86_SYS_WRMSR, .len = 2, .reg = -1 } },
	{ "rdtsc", 64,
	  { 0x0f, 0x31 }, 2, X86_SYS_OK,
	  { .kind = X86_SYS_RDTSC, .len = 2, .reg = -1 } },
	{ "rdtscp", 64,
	  { 0x0f, 0x01, 0xf9 }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_RDTSCP, .len = 3, .reg = -1 } },
	{ "rdtscp", 16,
	  { 0x0f, 0x01, 0xf9 }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_RDTSCP, .len = 3, .reg = -1 } },
	{ "rdpmc", 64,
	  { 0x0f, 0x33 }, 2, X86_SYS_OK,
	  { .kind = X86_SYS_RDPMC, .len = 2, .reg = -1 } },
	{ "invd", 64,
	  { 0x0f, 0x08 }, 2, X86_SYS_OK,
	  { .kind = X86_SYS_INVD, .len = 2, .reg = -1 } },
	{ "wbinvd", 64,
	  { 0x0f, 0x09 }, 2, X86_SYS_OK,
	  { .kind = X86_SYS_WBINVD, .len = 2, .reg = -1 } },
	{ "wbnoinvd", 64,
	  { 0xf3, 0x0f, 0x09 }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_WBNOINVD, .len = 3, .reg = -1, .rep = 0xf3 } },
	{ "db 0x66, 0x0f, 0x09", 64,
	  { 0x66, 0x0f, 0x09 }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_OTHER, .len = 0, .reg = -1 } },
	{ "db 0xf2, 0x0f, 0x09", 32,
	  { 0xf2, 0x0f, 0x09 }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_OTHER, .len = 0, .reg = -1, .rep = 0xf2 } },
	{ "db 0xf2, 0xf3, 0x0f, 0x09", 16,
	  { 0xf2, 0xf3, 0x0f, 0x09 }, 4, X86_SYS_OK,
	  { .kind = X86_SYS_WBNOINVD, .len = 4, .reg = -1, .rep = 0xf3 } },
	{ "db 0x66, 0xf3, 0x0f, 0x09", 64,
	  { 0x66, 0xf3, 0x0f, 0x09 }, 4, X86_SYS_OK,
	  { .kind = X86_SYS_WBNOINVD, .len = 4, .reg = -1, .rep = 0xf3 } },
	{ "db 0xf3, 0xf2, 0x0f, 0x09", 64,
	  { 0xf3, 0xf2, 0x0f, 0x09 }, 4, X86_SYS_OK,
	  { .kind = X86_SYS_OTHER, .len = 0, .reg = -1, .rep = 0xf2 } },
	{ "vmmcall", 64,
	  { 0x0f, 0x01, 0xd9 }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_VMMCALL, .len = 3, .reg = -1 } },
	{ "vmmcall", 32,
	  { 0x0f, 0x01, 0xd9 }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_VMMCALL, .len = 3, .reg = -1 } },
	{ "vmcall", 64,
	  { 0x0f, 0x01, 0xc1 }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_VMCALL, .len = 3, .reg = -1 } },
	{ "xsetbv", 64,
	  { 0x0f, 0x01, 0xd1 }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_XSETBV, .len = 3, .reg = -1 } },
	{ "clts", 64,
	  { 0x0f, 0x06 }, 2, X86_SYS_OK,
	  { .kind = X86_SYS_CLTS, .len = 2, .reg = -1 } },
	{ "clts", 16,
	  { 0x0f, 0x06 }, 2, X86_SYS_OK,
	  { .kind = X86_SYS_CLTS, .len = 2, .reg = -1 } },
	{ "rep cpuid", 64,
	  { 0xf3, 0x0f, 0xa2 }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_CPUID, .len = 3, .reg = -1, .rep = 0xf3 } },
	{ "db 0x66, 0x2e, 0x0f, 0xa2", 64,
	  { 0x66, 0x2e, 0x0f, 0xa2 }, 4, X86_SYS_OK,
	  { .kind = X86_SYS_CPUID, .len = 4, .reg = -1 } },
	{ "db 0x48, 0x0f, 0xa2", 64,
	  { 0x48, 0x0f, 0xa2 }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_CPUID, .len = 3, .reg = -1 } },
	{ "db 0x48, 0x66, 0x0f, 0xa2", 64,
	  { 0x48, 0x66, 0x0f, 0xa2 }, 4, X86_SYS_OK,
	  { .kind = X86_SYS_CPUID, .len = 4, .reg = -1 } },
	{ "db 0xf2, 0xf3, 0x26, 0x36, 0x64, 0x65, 0x67, 0x4f, 0x0f, 0x31", 64,
	  { 0xf2, 0xf3, 0x26, 0x36, 0x64, 0x65, 0x67, 0x4f, 0x0f,
	    0x31 }, 10, X86_SYS_OK,
	  { .kind = X86_SYS_RDTSC, .len = 10, .reg = -1, .rep = 0xf3 } },
	{ "db 0xf3, 0xf2, 0x0f, 0x32", 64,
	  { 0xf3, 0xf2, 0x0f, 0x32 }, 4, X86_SYS_OK,
	  { .kind = X86_SYS_RDMSR, .len = 4, .reg = -1, .rep = 0xf2 } },
	{ "db 0x48, 0x0f, 0xa2", 32,
	  { 0x48, 0x0f, 0xa2 }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_OTHER, .len = 0, .reg = -1 } },
	{ "db 0x41, 0x0f, 0xa2", 16,
	  { 0x41, 0x0f, 0xa2 }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_OTHER, .len = 0, .reg = -1 } },
	{ "mov cr3, r9", 64,
	  { 0x41, 0x0f, 0x22, 0xd9 }, 4, X86_SYS_OK,
	  { .kind = X86_SYS_MOV_TO_CR, .len = 4, .op_size = 8, .cr = 3,
	    .reg = 9 } },
	{ "mov rax, cr8", 64,
	  { 0x44, 0x0f, 0x20, 0xc0 }, 4, X86_SYS_OK,
	  { .kind = X86_SYS_MOV_FROM_CR, .len = 4, .op_size = 8, .cr = 8,
	    .reg = 0 } },
	{ "mov cr8, r15", 64,
	  { 0x45, 0x0f, 0x22, 0xc7 }, 4, X86_SYS_OK,
	  { .kind = X86_SYS_MOV_TO_CR, .len = 4, .op_size = 8, .cr = 8,
	    .reg = 15 } },
	{ "mov cr0, rax", 64,
	  { 0x0f, 0x22, 0xc0 }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_MOV_TO_CR, .len = 3, .op_size = 8, .cr = 0,
	    .reg = 0 } },
	{ "mov cr4, rsp", 64,
	  { 0x0f, 0x22, 0xe4 }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_MOV_TO_CR, .len = 3, .op_size = 8, .cr = 4,
	    .reg = 4 } },
	{ "mov r12, cr2", 64,
	  { 0x41, 0x0f, 0x20, 0xd4 }, 4, X86_SYS_OK,
	  { .kind = X86_SYS_MOV_FROM_CR, .len = 4, .op_size = 8, .cr = 2,
	    .reg = 12 } },
	{ "mov rbp, cr3", 64,
	  { 0x0f, 0x20, 0xdd }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_MOV_FROM_CR, .len = 3, .op_size = 8, .cr = 3,
	    .reg = 5 } },
	{ "mov cr3, eax", 32,
	  { 0x0f, 0x22, 0xd8 }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_MOV_TO_CR, .len = 3, .op_size = 4, .cr = 3,
	    .reg = 0 } },
	{ "mov edi, cr4", 32,
	  { 0x0f, 0x20, 0xe7 }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_MOV_FROM_CR, .len = 3, .op_size = 4, .cr = 4,
	    .reg = 7 } },
	{ "mov eax, cr0", 16,
	  { 0x0f, 0x20, 0xc0 }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_MOV_FROM_CR, .len = 3, .op_size = 4, .cr = 0,
	    .reg = 0 } },
	{ "mov cr0, ebx", 16,
	  { 0x0f, 0x22, 0xc3 }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_MOV_TO_CR, .len = 3, .op_size = 4, .cr = 0,
	    .reg = 3 } },
	{ "mov cr8, eax", 32,
	  { 0xf0, 0x0f, 0x22, 0xc0 }, 4, X86_SYS_OK,
	  { .kind = X86_SYS_MOV_TO_CR, .len = 4, .op_size = 4, .cr = 8,
	    .reg = 0, .lock = true } },
	{ "mov ecx, cr8", 32,
	  { 0xf0, 0x0f, 0x20, 0xc1 }, 4, X86_SYS_OK,
	  { .kind = X86_SYS_MOV_FROM_CR, .len = 4, .op_size = 4, .cr = 8,
	    .reg = 1, .lock = true } },
	{ "mov cr8, edx", 16,
	  { 0xf0, 0x0f, 0x22, 0xc2 }, 4, X86_SYS_OK,
	  { .kind = X86_SYS_MOV_TO_CR, .len = 4, .op_size = 4, .cr = 8,
	    .reg = 2, .lock = true } },
	{ "db 0xf0, 0x0f, 0x22, 0xc0", 64,
	  { 0xf0, 0x0f, 0x22, 0xc0 }, 4, X86_SYS_OK,
	  { .kind = X86_SYS_MOV_TO_CR, .len = 4, .op_size = 8, .cr = 8,
	    .reg = 0, .lock = true } },
	{ "db 0xf0, 0x41, 0x0f, 0x20, 0xc3", 64,
	  { 0xf0, 0x41, 0x0f, 0x20, 0xc3 }, 5, X86_SYS_OK,
	  { .kind = X86_SYS_MOV_FROM_CR, .len = 5, .op_size = 8, .cr = 8,
	    .reg = 11, .lock = true } },
	{ "db 0x0f, 0x22, 0x18", 64,
	  { 0x0f, 0x22, 0x18 }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_MOV_TO_CR, .len = 3, .op_size = 8, .cr = 3,
	    .reg = 0 } },
	{ "db 0x0f, 0x20, 0x5d", 64,
	  { 0x0f, 0x20, 0x5d }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_MOV_FROM_CR, .len = 3, .op_size = 8, .cr = 3,
	    .reg = 5 } },
	{ "db 0x0f, 0x22, 0x84", 32,
	  { 0x0f, 0x22, 0x84 }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_MOV_TO_CR, .len = 3, .op_size = 4, .cr = 0,
	    .reg = 4 } },
	{ "db 0x66, 0x0f, 0x22, 0xd8", 64,
	  { 0x66, 0x0f, 0x22, 0xd8 }, 4, X86_SYS_OK,
	  { .kind = X86_SYS_MOV_TO_CR, .len = 4, .op_size = 8, .cr = 3,
	    .reg = 0 } },
	{ "db 0x48, 0x0f, 0x22, 0xd8", 64,
	  { 0x48, 0x0f, 0x22, 0xd8 }, 4, X86_SYS_OK,
	  { .kind = X86_SYS_MOV_TO_CR, .len = 4, .op_size = 8, .cr = 3,
	    .reg = 0 } },
	{ "db 0x66, 0x0f, 0x22, 0xd8", 32,
	  { 0x66, 0x0f, 0x22, 0xd8 }, 4, X86_SYS_OK,
	  { .kind = X86_SYS_MOV_TO_CR, .len = 4, .op_size = 4, .cr = 3,
	    .reg = 0 } },
	{ "db 0x45, 0x66, 0x0f, 0x22, 0xd8", 64,
	  { 0x45, 0x66, 0x0f, 0x22, 0xd8 }, 5, X86_SYS_OK,
	  { .kind = X86_SYS_MOV_TO_CR, .len = 5, .op_size = 8, .cr = 3,
	    .reg = 0 } },
	{ "db 0x0f, 0x22, 0xc8", 64,
	  { 0x0f, 0x22, 0xc8 }, 3, X86_SYS_INVALID,
	  { 0 } },
	{ "db 0x0f, 0x20, 0xe8", 64,
	  { 0x0f, 0x20, 0xe8 }, 3, X86_SYS_INVALID,
	  { 0 } },
	{ "db 0x0f, 0x22, 0xf0", 64,
	  { 0x0f, 0x22, 0xf0 }, 3, X86_SYS_INVALID,
	  { 0 } },
	{ "db 0x0f, 0x22, 0xf8", 64,
	  { 0x0f, 0x22, 0xf8 }, 3, X86_SYS_INVALID,
	  { 0 } },
	{ "db 0x44, 0x0f, 0x22, 0xc8", 64,
	  { 0x44, 0x0f, 0x22, 0xc8 }, 4, X86_SYS_INVALID,
	  { 0 } },
	{ "db 0x44, 0x0f, 0x20, 0xd8", 64,
	  { 0x44, 0x0f, 0x20, 0xd8 }, 4, X86_SYS_INVALID,
	  { 0 } },
	{ "db 0xf0, 0x0f, 0x22, 0xd8", 64,
	  { 0xf0, 0x0f, 0x22, 0xd8 }, 4, X86_SYS_INVALID,
	  { 0 } },
	{ "db 0xf0, 0x44, 0x0f, 0x22, 0xc0", 64,
	  { 0xf0, 0x44, 0x0f, 0x22, 0xc0 }, 5, X86_SYS_INVALID,
	  { 0 } },
	{ "db 0xf0, 0x0f, 0x20, 0xe0", 32,
	  { 0xf0, 0x0f, 0x20, 0xe0 }, 4, X86_SYS_INVALID,
	  { 0 } },
	{ "mov dr7, rax", 64,
	  { 0x0f, 0x23, 0xf8 }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_MOV_TO_DR, .len = 3, .op_size = 8, .cr = 7,
	    .reg = 0 } },
	{ "mov rcx, dr6", 64,
	  { 0x0f, 0x21, 0xf1 }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_MOV_FROM_DR, .len = 3, .op_size = 8, .cr = 6,
	    .reg = 1 } },
	{ "mov dr0, r11", 64,
	  { 0x41, 0x0f, 0x23, 0xc3 }, 4, X86_SYS_OK,
	  { .kind = X86_SYS_MOV_TO_DR, .len = 4, .op_size = 8, .cr = 0,
	    .reg = 11 } },
	{ "mov dr3, ebx", 32,
	  { 0x0f, 0x23, 0xdb }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_MOV_TO_DR, .len = 3, .op_size = 4, .cr = 3,
	    .reg = 3 } },
	{ "db 0x44, 0x0f, 0x23, 0xc0", 64,
	  { 0x44, 0x0f, 0x23, 0xc0 }, 4, X86_SYS_INVALID,
	  { 0 } },
	{ "db 0xf0, 0x0f, 0x21, 0xc0", 32,
	  { 0xf0, 0x0f, 0x21, 0xc0 }, 4, X86_SYS_INVALID,
	  { 0 } },
	{ "lmsw ax", 64,
	  { 0x0f, 0x01, 0xf0 }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_LMSW, .len = 3, .op_size = 2, .reg = 0 } },
	{ "lmsw r10w", 64,
	  { 0x41, 0x0f, 0x01, 0xf2 }, 4, X86_SYS_OK,
	  { .kind = X86_SYS_LMSW, .len = 4, .op_size = 2, .reg = 10 } },
	{ "lmsw [rbx+rcx*4+0x10]", 64,
	  { 0x0f, 0x01, 0x74, 0x8b, 0x10 }, 5, X86_SYS_OK,
	  { .kind = X86_SYS_LMSW, .len = 5, .op_size = 2, .reg = -1,
	    M(X86_DS, 8, 3, 1, 4, 0x10) } },
	{ "lmsw [rbp]", 64,
	  { 0x0f, 0x01, 0x75, 0x00 }, 4, X86_SYS_OK,
	  { .kind = X86_SYS_LMSW, .len = 4, .op_size = 2, .reg = -1,
	    M(X86_SS, 8, 5, -1, 1, 0) } },
	{ "lmsw [r13]", 64,
	  { 0x41, 0x0f, 0x01, 0x75, 0x00 }, 5, X86_SYS_OK,
	  { .kind = X86_SYS_LMSW, .len = 5, .op_size = 2, .reg = -1,
	    M(X86_DS, 8, 13, -1, 1, 0) } },
	{ "lmsw [r12]", 64,
	  { 0x41, 0x0f, 0x01, 0x34, 0x24 }, 5, X86_SYS_OK,
	  { .kind = X86_SYS_LMSW, .len = 5, .op_size = 2, .reg = -1,
	    M(X86_DS, 8, 12, -1, 1, 0) } },
	{ "lmsw [rsp+8]", 64,
	  { 0x0f, 0x01, 0x74, 0x24, 0x08 }, 5, X86_SYS_OK,
	  { .kind = X86_SYS_LMSW, .len = 5, .op_size = 2, .reg = -1,
	    M(X86_SS, 8, 4, -1, 1, 8) } },
	{ "lmsw [r8+r12*8-0x80]", 64,
	  { 0x43, 0x0f, 0x01, 0x74, 0xe0, 0x80 }, 6, X86_SYS_OK,
	  { .kind = X86_SYS_LMSW, .len = 6, .op_size = 2, .reg = -1,
	    M(X86_DS, 8, 8, 12, 8, -0x80) } },
	{ "lmsw [rsi+0x12345678]", 64,
	  { 0x0f, 0x01, 0xb6, 0x78, 0x56, 0x34, 0x12 }, 7, X86_SYS_OK,
	  { .kind = X86_SYS_LMSW, .len = 7, .op_size = 2, .reg = -1,
	    M(X86_DS, 8, 6, -1, 1, 0x12345678) } },
	{ "lmsw [rdx-0x40000000]", 64,
	  { 0x0f, 0x01, 0xb2, 0x00, 0x00, 0x00, 0xc0 }, 7, X86_SYS_OK,
	  { .kind = X86_SYS_LMSW, .len = 7, .op_size = 2, .reg = -1,
	    M(X86_DS, 8, 2, -1, 1, -0x40000000) } },
	{ "lmsw [0x12345678]", 64,
	  { 0x0f, 0x01, 0x34, 0x25, 0x78, 0x56, 0x34, 0x12 }, 8, X86_SYS_OK,
	  { .kind = X86_SYS_LMSW, .len = 8, .op_size = 2, .reg = -1,
	    M(X86_DS, 8, -1, -1, 1, 0x12345678) } },
	{ "lmsw [r9*2]: nasm makes it [r9+r9*1]", 64,
	  { 0x43, 0x0f, 0x01, 0x34, 0x09 }, 5, X86_SYS_OK,
	  { .kind = X86_SYS_LMSW, .len = 5, .op_size = 2, .reg = -1,
	    M(X86_DS, 8, 9, 9, 1, 0) } },
	{ "lmsw [r9*4]", 64,
	  { 0x42, 0x0f, 0x01, 0x34, 0x8d, 0x00, 0x00, 0x00,
	    0x00 }, 9, X86_SYS_OK,
	  { .kind = X86_SYS_LMSW, .len = 9, .op_size = 2, .reg = -1,
	    M(X86_DS, 8, -1, 9, 4, 0) } },
	{ "lmsw [rsp+r12*2]", 64,
	  { 0x42, 0x0f, 0x01, 0x34, 0x64 }, 5, X86_SYS_OK,
	  { .kind = X86_SYS_LMSW, .len = 5, .op_size = 2, .reg = -1,
	    M(X86_SS, 8, 4, 12, 2, 0) } },
	{ "fs lmsw [rax]", 64,
	  { 0x64, 0x0f, 0x01, 0x30 }, 4, X86_SYS_OK,
	  { .kind = X86_SYS_LMSW, .len = 4, .op_size = 2, .reg = -1,
	    M(X86_FS, 8, 0, -1, 1, 0) } },
	{ "ss lmsw [rax]", 64,
	  { 0x36, 0x0f, 0x01, 0x30 }, 4, X86_SYS_OK,
	  { .kind = X86_SYS_LMSW, .len = 4, .op_size = 2, .reg = -1,
	    M(X86_SS, 8, 0, -1, 1, 0) } },
	{ "lmsw 0x100(%rip)", 64,
	  { 0x0f, 0x01, 0x35, 0x00, 0x01, 0x00, 0x00 }, 7, X86_SYS_OK,
	  { .kind = X86_SYS_LMSW, .len = 7, .op_size = 2, .reg = -1,
	    RIPM(X86_DS, 8, 0x100) } },
	{ "a32 lmsw [eax+ecx]", 64,
	  { 0x67, 0x0f, 0x01, 0x34, 0x08 }, 5, X86_SYS_OK,
	  { .kind = X86_SYS_LMSW, .len = 5, .op_size = 2, .reg = -1,
	    M(X86_DS, 4, 0, 1, 1, 0) } },
	{ "lmsw [ebp-8+esi*2]", 32,
	  { 0x0f, 0x01, 0x74, 0x75, 0xf8 }, 5, X86_SYS_OK,
	  { .kind = X86_SYS_LMSW, .len = 5, .op_size = 2, .reg = -1,
	    M(X86_SS, 4, 5, 6, 2, -8) } },
	{ "lmsw [0x1000]", 32,
	  { 0x0f, 0x01, 0x35, 0x00, 0x10, 0x00, 0x00 }, 7, X86_SYS_OK,
	  { .kind = X86_SYS_LMSW, .len = 7, .op_size = 2, .reg = -1,
	    M(X86_DS, 4, -1, -1, 1, 0x1000) } },
	{ "lmsw [bp]", 32,
	  { 0x67, 0x0f, 0x01, 0x76, 0x00 }, 5, X86_SYS_OK,
	  { .kind = X86_SYS_LMSW, .len = 5, .op_size = 2, .reg = -1,
	    M(X86_SS, 2, 5, -1, 1, 0) } },
	{ "lmsw [bp+si+4]", 16,
	  { 0x0f, 0x01, 0x72, 0x04 }, 4, X86_SYS_OK,
	  { .kind = X86_SYS_LMSW, .len = 4, .op_size = 2, .reg = -1,
	    M(X86_SS, 2, 5, 6, 1, 4) } },
	{ "lmsw [bx+di-2]", 16,
	  { 0x0f, 0x01, 0x71, 0xfe }, 4, X86_SYS_OK,
	  { .kind = X86_SYS_LMSW, .len = 4, .op_size = 2, .reg = -1,
	    M(X86_DS, 2, 3, 7, 1, -2) } },
	{ "lmsw [0x1234]", 16,
	  { 0x0f, 0x01, 0x36, 0x34, 0x12 }, 5, X86_SYS_OK,
	  { .kind = X86_SYS_LMSW, .len = 5, .op_size = 2, .reg = -1,
	    M(X86_DS, 2, -1, -1, 1, 0x1234) } },
	{ "lmsw [bx+0x1234]", 16,
	  { 0x0f, 0x01, 0xb7, 0x34, 0x12 }, 5, X86_SYS_OK,
	  { .kind = X86_SYS_LMSW, .len = 5, .op_size = 2, .reg = -1,
	    M(X86_DS, 2, 3, -1, 1, 0x1234) } },
	{ "lmsw [si]", 16,
	  { 0x0f, 0x01, 0x34 }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_LMSW, .len = 3, .op_size = 2, .reg = -1,
	    M(X86_DS, 2, 6, -1, 1, 0) } },
	{ "es lmsw [di+0x7f]", 16,
	  { 0x26, 0x0f, 0x01, 0x75, 0x7f }, 5, X86_SYS_OK,
	  { .kind = X86_SYS_LMSW, .len = 5, .op_size = 2, .reg = -1,
	    M(X86_ES, 2, 7, -1, 1, 0x7f) } },
	{ "a32 lmsw [esp+4]", 16,
	  { 0x67, 0x0f, 0x01, 0x74, 0x24, 0x04 }, 6, X86_SYS_OK,
	  { .kind = X86_SYS_LMSW, .len = 6, .op_size = 2, .reg = -1,
	    M(X86_SS, 4, 4, -1, 1, 4) } },
	{ "lmsw ax", 16,
	  { 0x0f, 0x01, 0xf0 }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_LMSW, .len = 3, .op_size = 2, .reg = 0 } },
	{ "smsw r10", 64,
	  { 0x49, 0x0f, 0x01, 0xe2 }, 4, X86_SYS_OK,
	  { .kind = X86_SYS_SMSW, .len = 4, .op_size = 8, .reg = 10 } },
	{ "smsw eax", 64,
	  { 0x0f, 0x01, 0xe0 }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_SMSW, .len = 3, .op_size = 4, .reg = 0 } },
	{ "smsw ax", 64,
	  { 0x66, 0x0f, 0x01, 0xe0 }, 4, X86_SYS_OK,
	  { .kind = X86_SYS_SMSW, .len = 4, .op_size = 2, .reg = 0 } },
	{ "db 0x66, 0x48, 0x0f, 0x01, 0xe1", 64,
	  { 0x66, 0x48, 0x0f, 0x01, 0xe1 }, 5, X86_SYS_OK,
	  { .kind = X86_SYS_SMSW, .len = 5, .op_size = 8, .reg = 1 } },
	{ "smsw [rdi]", 64,
	  { 0x0f, 0x01, 0x27 }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_SMSW, .len = 3, .op_size = 2, .reg = -1,
	    M(X86_DS, 8, 7, -1, 1, 0) } },
	{ "db 0x48, 0x0f, 0x01, 0x27", 64,
	  { 0x48, 0x0f, 0x01, 0x27 }, 4, X86_SYS_OK,
	  { .kind = X86_SYS_SMSW, .len = 4, .op_size = 2, .reg = -1,
	    M(X86_DS, 8, 7, -1, 1, 0) } },
	{ "smsw ax", 16,
	  { 0x0f, 0x01, 0xe0 }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_SMSW, .len = 3, .op_size = 2, .reg = 0 } },
	{ "smsw eax", 16,
	  { 0x66, 0x0f, 0x01, 0xe0 }, 4, X86_SYS_OK,
	  { .kind = X86_SYS_SMSW, .len = 4, .op_size = 4, .reg = 0 } },
	{ "smsw [bx+di-2]", 32,
	  { 0x67, 0x0f, 0x01, 0x61, 0xfe }, 5, X86_SYS_OK,
	  { .kind = X86_SYS_SMSW, .len = 5, .op_size = 2, .reg = -1,
	    M(X86_DS, 2, 3, 7, 1, -2) } },
	{ "invlpg [rax]", 64,
	  { 0x0f, 0x01, 0x38 }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_INVLPG, .len = 3, .reg = -1,
	    M(X86_DS, 8, 0, -1, 1, 0) } },
	{ "invlpg -8(%rip)", 64,
	  { 0x0f, 0x01, 0x3d, 0xf8, 0xff, 0xff, 0xff }, 7, X86_SYS_OK,
	  { .kind = X86_SYS_INVLPG, .len = 7, .reg = -1,
	    RIPM(X86_DS, 8, -8) } },
	{ "a32 invlpg [eax]", 64,
	  { 0x67, 0x0f, 0x01, 0x38 }, 4, X86_SYS_OK,
	  { .kind = X86_SYS_INVLPG, .len = 4, .reg = -1,
	    M(X86_DS, 4, 0, -1, 1, 0) } },
	{ "gs invlpg [rdx+0x7fffffff]", 64,
	  { 0x65, 0x0f, 0x01, 0xba, 0xff, 0xff, 0xff, 0x7f }, 8, X86_SYS_OK,
	  { .kind = X86_SYS_INVLPG, .len = 8, .reg = -1,
	    M(X86_GS, 8, 2, -1, 1, 0x7fffffff) } },
	{ "invlpg [r13+r13*1]", 64,
	  { 0x43, 0x0f, 0x01, 0x7c, 0x2d, 0x00 }, 6, X86_SYS_OK,
	  { .kind = X86_SYS_INVLPG, .len = 6, .reg = -1,
	    M(X86_DS, 8, 13, 13, 1, 0) } },
	{ "invlpg [esp]", 32,
	  { 0x0f, 0x01, 0x3c, 0x24 }, 4, X86_SYS_OK,
	  { .kind = X86_SYS_INVLPG, .len = 4, .reg = -1,
	    M(X86_SS, 4, 4, -1, 1, 0) } },
	{ "invlpg [bp+si+4]", 16,
	  { 0x0f, 0x01, 0x7a, 0x04 }, 4, X86_SYS_OK,
	  { .kind = X86_SYS_INVLPG, .len = 4, .reg = -1,
	    M(X86_SS, 2, 5, 6, 1, 4) } },
	{ "swapgs", 64,
	  { 0x0f, 0x01, 0xf8 }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_OTHER, .len = 0, .reg = -1 } },
	{ "sgdt [rax]", 64,
	  { 0x0f, 0x01, 0x00 }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_OTHER, .len = 0, .reg = -1 } },
	{ "lgdt [rax+0x12345678]", 64,
	  { 0x0f, 0x01, 0x90, 0x78, 0x56, 0x34, 0x12 }, 7, X86_SYS_OK,
	  { .kind = X86_SYS_OTHER, .len = 0, .reg = -1 } },
	{ "pause", 64,
	  { 0xf3, 0x90 }, 2, X86_SYS_OK,
	  { .kind = X86_SYS_PAUSE, .len = 2, .reg = -1, .rep = 0xf3 } },
	{ "pause", 16,
	  { 0xf3, 0x90 }, 2, X86_SYS_OK,
	  { .kind = X86_SYS_PAUSE, .len = 2, .reg = -1, .rep = 0xf3 } },
	{ "db 0xf3, 0x48, 0x90", 64,
	  { 0xf3, 0x48, 0x90 }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_PAUSE, .len = 3, .reg = -1, .rep = 0xf3 } },
	{ "db 0xf3, 0x41, 0x90", 64,
	  { 0xf3, 0x41, 0x90 }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_PAUSE, .len = 3, .reg = -1, .rep = 0xf3 } },
	{ "db 0x41, 0x90", 64,
	  { 0x41, 0x90 }, 2, X86_SYS_OK,
	  { .kind = X86_SYS_OTHER, .len = 0, .reg = -1 } },
	{ "nop", 64,
	  { 0x90 }, 1, X86_SYS_OK,
	  { .kind = X86_SYS_OTHER, .len = 0, .reg = -1 } },
	{ "db 0xf2, 0x90", 64,
	  { 0xf2, 0x90 }, 2, X86_SYS_OK,
	  { .kind = X86_SYS_OTHER, .len = 0, .reg = -1, .rep = 0xf2 } },
	{ "monitor", 64,
	  { 0x0f, 0x01, 0xc8 }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_MONITOR, .len = 3, .reg = -1,
	    M(X86_DS, 8, 0, -1, 1, 0) } },
	{ "monitor", 32,
	  { 0x0f, 0x01, 0xc8 }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_MONITOR, .len = 3, .reg = -1,
	    M(X86_DS, 4, 0, -1, 1, 0) } },
	{ "monitor", 16,
	  { 0x0f, 0x01, 0xc8 }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_MONITOR, .len = 3, .reg = -1,
	    M(X86_DS, 2, 0, -1, 1, 0) } },
	{ "db 0x67, 0x64, 0x0f, 0x01, 0xc8", 64,
	  { 0x67, 0x64, 0x0f, 0x01, 0xc8 }, 5, X86_SYS_OK,
	  { .kind = X86_SYS_MONITOR, .len = 5, .reg = -1,
	    M(X86_FS, 4, 0, -1, 1, 0) } },
	{ "mwait", 64,
	  { 0x0f, 0x01, 0xc9 }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_MWAIT, .len = 3, .reg = -1 } },
	{ "db 0xf3, 0x0f, 0x01, 0xd9", 64,
	  { 0xf3, 0x0f, 0x01, 0xd9 }, 4, X86_SYS_OK,
	  { .kind = X86_SYS_OTHER, .len = 0, .reg = -1, .rep = 0xf3 } },
	{ "db 0xf2, 0x0f, 0x01, 0xd9", 64,
	  { 0xf2, 0x0f, 0x01, 0xd9 }, 4, X86_SYS_OK,
	  { .kind = X86_SYS_OTHER, .len = 0, .reg = -1, .rep = 0xf2 } },
	{ "db 0x66, 0x0f, 0x01, 0xd1", 64,
	  { 0x66, 0x0f, 0x01, 0xd1 }, 4, X86_SYS_OK,
	  { .kind = X86_SYS_OTHER, .len = 0, .reg = -1 } },
	{ "db 0xf3, 0x0f, 0x01, 0xf9", 64,
	  { 0xf3, 0x0f, 0x01, 0xf9 }, 4, X86_SYS_OK,
	  { .kind = X86_SYS_OTHER, .len = 0, .reg = -1, .rep = 0xf3 } },
	{ "xgetbv", 64,
	  { 0x0f, 0x01, 0xd0 }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_OTHER, .len = 0, .reg = -1 } },
	{ "vmrun", 64,
	  { 0x0f, 0x01, 0xd8 }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_OTHER, .len = 0, .reg = -1 } },
	{ "int3", 64,
	  { 0xcc }, 1, X86_SYS_OK,
	  { .kind = X86_SYS_INT3, .len = 1, .reg = -1, .vector = 3 } },
	{ "int 0x80", 64,
	  { 0xcd, 0x80 }, 2, X86_SYS_OK,
	  { .kind = X86_SYS_INTN, .len = 2, .reg = -1, .vector = 0x80 } },
	{ "int 0x10", 16,
	  { 0xcd, 0x10 }, 2, X86_SYS_OK,
	  { .kind = X86_SYS_INTN, .len = 2, .reg = -1, .vector = 0x10 } },
	{ "int1", 64,
	  { 0xf1 }, 1, X86_SYS_OK,
	  { .kind = X86_SYS_INT1, .len = 1, .reg = -1, .vector = 1 } },
	{ "into", 32,
	  { 0xce }, 1, X86_SYS_OK,
	  { .kind = X86_SYS_INTO, .len = 1, .reg = -1, .vector = 4 } },
	{ "into", 16,
	  { 0xce }, 1, X86_SYS_OK,
	  { .kind = X86_SYS_INTO, .len = 1, .reg = -1, .vector = 4 } },
	{ "db 0xce", 64,
	  { 0xce }, 1, X86_SYS_INVALID,
	  { 0 } },
	{ "iretq", 64,
	  { 0x48, 0xcf }, 2, X86_SYS_OK,
	  { .kind = X86_SYS_IRET, .len = 2, .op_size = 8, .reg = -1 } },
	{ "iretd", 64,
	  { 0xcf }, 1, X86_SYS_OK,
	  { .kind = X86_SYS_IRET, .len = 1, .op_size = 4, .reg = -1 } },
	{ "iretw", 64,
	  { 0x66, 0xcf }, 2, X86_SYS_OK,
	  { .kind = X86_SYS_IRET, .len = 2, .op_size = 2, .reg = -1 } },
	{ "iret", 32,
	  { 0xcf }, 1, X86_SYS_OK,
	  { .kind = X86_SYS_IRET, .len = 1, .op_size = 4, .reg = -1 } },
	{ "iretw", 32,
	  { 0x66, 0xcf }, 2, X86_SYS_OK,
	  { .kind = X86_SYS_IRET, .len = 2, .op_size = 2, .reg = -1 } },
	{ "iret", 16,
	  { 0xcf }, 1, X86_SYS_OK,
	  { .kind = X86_SYS_IRET, .len = 1, .op_size = 2, .reg = -1 } },
	{ "iretd", 16,
	  { 0x66, 0xcf }, 2, X86_SYS_OK,
	  { .kind = X86_SYS_IRET, .len = 2, .op_size = 4, .reg = -1 } },
	{ "in al, 0x71", 64,
	  { 0xe4, 0x71 }, 2, X86_SYS_OK,
	  { .kind = X86_SYS_IN, .len = 2, .op_size = 1, .reg = -1,
	    .port_imm = true, .port = 0x71 } },
	{ "in eax, 0x60", 64,
	  { 0xe5, 0x60 }, 2, X86_SYS_OK,
	  { .kind = X86_SYS_IN, .len = 2, .op_size = 4, .reg = -1,
	    .port_imm = true, .port = 0x60 } },
	{ "in ax, 0xff", 64,
	  { 0x66, 0xe5, 0xff }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_IN, .len = 3, .op_size = 2, .reg = -1,
	    .port_imm = true, .port = 0xff } },
	{ "out 0x80, al", 64,
	  { 0xe6, 0x80 }, 2, X86_SYS_OK,
	  { .kind = X86_SYS_OUT, .len = 2, .op_size = 1, .reg = -1,
	    .port_imm = true, .port = 0x80 } },
	{ "out 0x43, eax", 64,
	  { 0xe7, 0x43 }, 2, X86_SYS_OK,
	  { .kind = X86_SYS_OUT, .len = 2, .op_size = 4, .reg = -1,
	    .port_imm = true, .port = 0x43 } },
	{ "out 0x43, ax", 16,
	  { 0xe7, 0x43 }, 2, X86_SYS_OK,
	  { .kind = X86_SYS_OUT, .len = 2, .op_size = 2, .reg = -1,
	    .port_imm = true, .port = 0x43 } },
	{ "in al, dx", 64,
	  { 0xec }, 1, X86_SYS_OK,
	  { .kind = X86_SYS_IN, .len = 1, .op_size = 1, .reg = -1 } },
	{ "in ax, dx", 64,
	  { 0x66, 0xed }, 2, X86_SYS_OK,
	  { .kind = X86_SYS_IN, .len = 2, .op_size = 2, .reg = -1 } },
	{ "in eax, dx", 64,
	  { 0xed }, 1, X86_SYS_OK,
	  { .kind = X86_SYS_IN, .len = 1, .op_size = 4, .reg = -1 } },
	{ "out dx, al", 64,
	  { 0xee }, 1, X86_SYS_OK,
	  { .kind = X86_SYS_OUT, .len = 1, .op_size = 1, .reg = -1 } },
	{ "out dx, ax", 64,
	  { 0x66, 0xef }, 2, X86_SYS_OK,
	  { .kind = X86_SYS_OUT, .len = 2, .op_size = 2, .reg = -1 } },
	{ "out dx, eax", 64,
	  { 0xef }, 1, X86_SYS_OK,
	  { .kind = X86_SYS_OUT, .len = 1, .op_size = 4, .reg = -1 } },
	{ "db 0x48, 0xed", 64,
	  { 0x48, 0xed }, 2, X86_SYS_OK,
	  { .kind = X86_SYS_IN, .len = 2, .op_size = 4, .reg = -1 } },
	{ "db 0x66, 0x48, 0xef", 64,
	  { 0x66, 0x48, 0xef }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_OUT, .len = 3, .op_size = 4, .reg = -1 } },
	{ "in ax, dx", 16,
	  { 0xed }, 1, X86_SYS_OK,
	  { .kind = X86_SYS_IN, .len = 1, .op_size = 2, .reg = -1 } },
	{ "in eax, dx", 16,
	  { 0x66, 0xed }, 2, X86_SYS_OK,
	  { .kind = X86_SYS_IN, .len = 2, .op_size = 4, .reg = -1 } },
	{ "out dx, ax", 32,
	  { 0x66, 0xef }, 2, X86_SYS_OK,
	  { .kind = X86_SYS_OUT, .len = 2, .op_size = 2, .reg = -1 } },
	{ "rep insb", 64,
	  { 0xf3, 0x6c }, 2, X86_SYS_OK,
	  { .kind = X86_SYS_INS, .len = 2, .op_size = 1, .reg = -1,
	    .rep = 0xf3, M(X86_ES, 8, 7, -1, 1, 0) } },
	{ "insd", 64,
	  { 0x6d }, 1, X86_SYS_OK,
	  { .kind = X86_SYS_INS, .len = 1, .op_size = 4, .reg = -1,
	    M(X86_ES, 8, 7, -1, 1, 0) } },
	{ "db 0x64, 0x66, 0x6d", 64,
	  { 0x64, 0x66, 0x6d }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_INS, .len = 3, .op_size = 2, .reg = -1,
	    M(X86_ES, 8, 7, -1, 1, 0) } },
	{ "rep outsw", 64,
	  { 0xf3, 0x66, 0x6f }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_OUTS, .len = 3, .op_size = 2, .reg = -1,
	    .rep = 0xf3, M(X86_DS, 8, 6, -1, 1, 0) } },
	{ "fs outsb", 64,
	  { 0x64, 0x6e }, 2, X86_SYS_OK,
	  { .kind = X86_SYS_OUTS, .len = 2, .op_size = 1, .reg = -1,
	    M(X86_FS, 8, 6, -1, 1, 0) } },
	{ "a32 rep outsd", 64,
	  { 0xf3, 0x67, 0x6f }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_OUTS, .len = 3, .op_size = 4, .reg = -1,
	    .rep = 0xf3, M(X86_DS, 4, 6, -1, 1, 0) } },
	{ "db 0xf2, 0x6e", 64,
	  { 0xf2, 0x6e }, 2, X86_SYS_OK,
	  { .kind = X86_SYS_OUTS, .len = 2, .op_size = 1, .reg = -1,
	    .rep = 0xf2, M(X86_DS, 8, 6, -1, 1, 0) } },
	{ "rep outsd", 32,
	  { 0xf3, 0x6f }, 2, X86_SYS_OK,
	  { .kind = X86_SYS_OUTS, .len = 2, .op_size = 4, .reg = -1,
	    .rep = 0xf3, M(X86_DS, 4, 6, -1, 1, 0) } },
	{ "a16 insb", 32,
	  { 0x67, 0x6c }, 2, X86_SYS_OK,
	  { .kind = X86_SYS_INS, .len = 2, .op_size = 1, .reg = -1,
	    M(X86_ES, 2, 7, -1, 1, 0) } },
	{ "rep insw", 16,
	  { 0xf3, 0x6d }, 2, X86_SYS_OK,
	  { .kind = X86_SYS_INS, .len = 2, .op_size = 2, .reg = -1,
	    .rep = 0xf3, M(X86_ES, 2, 7, -1, 1, 0) } },
	{ "a32 outsb", 16,
	  { 0x67, 0x6e }, 2, X86_SYS_OK,
	  { .kind = X86_SYS_OUTS, .len = 2, .op_size = 1, .reg = -1,
	    M(X86_DS, 4, 6, -1, 1, 0) } },
	{ "es rep outsd", 16,
	  { 0xf3, 0x26, 0x66, 0x6f }, 4, X86_SYS_OK,
	  { .kind = X86_SYS_OUTS, .len = 4, .op_size = 4, .reg = -1,
	    .rep = 0xf3, M(X86_ES, 2, 6, -1, 1, 0) } },
	{ "db 0xf0, 0x0f, 0xa2", 64,
	  { 0xf0, 0x0f, 0xa2 }, 3, X86_SYS_INVALID,
	  { 0 } },
	{ "db 0xf0, 0xf4", 64,
	  { 0xf0, 0xf4 }, 2, X86_SYS_INVALID,
	  { 0 } },
	{ "db 0xf0, 0xe4, 0x71", 64,
	  { 0xf0, 0xe4, 0x71 }, 3, X86_SYS_INVALID,
	  { 0 } },
	{ "db 0xf0, 0x0f, 0x01, 0x38", 64,
	  { 0xf0, 0x0f, 0x01, 0x38 }, 4, X86_SYS_INVALID,
	  { 0 } },
	{ "db 0xf0, 0x0f, 0x01, 0xf0", 32,
	  { 0xf0, 0x0f, 0x01, 0xf0 }, 4, X86_SYS_INVALID,
	  { 0 } },
	{ "db 0xf0, 0xf3, 0x6c", 16,
	  { 0xf0, 0xf3, 0x6c }, 3, X86_SYS_INVALID,
	  { 0 } },
	{ "db 0xf0, 0x90", 64,
	  { 0xf0, 0x90 }, 2, X86_SYS_OK,
	  { .kind = X86_SYS_OTHER, .len = 0, .reg = -1, .lock = true } },
	{ "lock add [rax], eax", 64,
	  { 0xf0, 0x01, 0x00 }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_OTHER, .len = 0, .reg = -1, .lock = true } },
	{ "syscall", 64,
	  { 0x0f, 0x05 }, 2, X86_SYS_OK,
	  { .kind = X86_SYS_OTHER, .len = 0, .reg = -1 } },
	{ "mov eax, 1", 64,
	  { 0xb8, 0x01, 0x00, 0x00, 0x00 }, 5, X86_SYS_OK,
	  { .kind = X86_SYS_OTHER, .len = 0, .reg = -1 } },
	{ "db 0x0f, 0x38, 0x00", 64,
	  { 0x0f, 0x38, 0x00 }, 3, X86_SYS_OK,
	  { .kind = X86_SYS_OTHER, .len = 0, .reg = -1 } },
	{ "db 0xc4, 0xe2, 0x79, 0x00, 0xc0", 32,
	  { 0xc4, 0xe2, 0x79, 0x00, 0xc0 }, 5, X86_SYS_OK,
	  { .kind = X86_SYS_OTHER, .len = 0, .reg = -1 } },
	{ "db 0x0f", 64,
	  { 0x0f }, 1, X86_SYS_TRUNCATED,
	  { 0 } },
	{ "db 0x0f, 0x01", 64,
	  { 0x0f, 0x01 }, 2, X86_SYS_TRUNCATED,
	  { 0 } },
	{ "db 0x41, 0x0f, 0x22", 64,
	  { 0x41, 0x0f, 0x22 }, 3, X86_SYS_TRUNCATED,
	  { 0 } },
	{ "db 0xcd", 64,
	  { 0xcd }, 1, X86_SYS_TRUNCATED,
	  { 0 } },
	{ "db 0xe4", 64,
	  { 0xe4 }, 1, X86_SYS_TRUNCATED,
	  { 0 } },
	{ "db 0xf3", 64,
	  { 0xf3 }, 1, X86_SYS_TRUNCATED,
	  { 0 } },
	{ "db 0x66, 0x66, 0x66", 64,
	  { 0x66, 0x66, 0x66 }, 3, X86_SYS_TRUNCATED,
	  { 0 } },
	{ "db 0x0f, 0x01, 0x74, 0x8b", 64,
	  { 0x0f, 0x01, 0x74, 0x8b }, 4, X86_SYS_TRUNCATED,
	  { 0 } },
	{ "db 0x0f, 0x01, 0x34", 64,
	  { 0x0f, 0x01, 0x34 }, 3, X86_SYS_TRUNCATED,
	  { 0 } },
	{ "db 0x0f, 0x01, 0x3d, 0xf8, 0xff, 0xff", 64,
	  { 0x0f, 0x01, 0x3d, 0xf8, 0xff, 0xff }, 6, X86_SYS_TRUNCATED,
	  { 0 } },
	{ "db 0x0f, 0x01, 0x36, 0x34", 16,
	  { 0x0f, 0x01, 0x36, 0x34 }, 4, X86_SYS_TRUNCATED,
	  { 0 } },
	{ "cpuid", 64,
	  { 0x0f, 0xa2 }, 1, X86_SYS_TRUNCATED,
	  { 0 } },
	{ "db 0x0f, 0xa2", 64,
	  { 0x0f, 0xa2 }, 0, X86_SYS_TRUNCATED,
	  { 0 } },
	{ "13 x 66, cpuid: 15 bytes", 64,
	  { 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
	    0x66, 0x66, 0x0f, 0xa2 }, 15, X86_SYS_OK,
	  { .kind = X86_SYS_CPUID, .len = 15, .reg = -1 } },
	{ "14 x f3, 90: pause, 15 bytes", 64,
	  { 0xf3, 0xf3, 0xf3, 0xf3, 0xf3, 0xf3, 0xf3, 0xf3, 0xf3, 0xf3, 0xf3,
	    0xf3, 0xf3, 0xf3, 0x90 }, 15, X86_SYS_OK,
	  { .kind = X86_SYS_PAUSE, .len = 15, .reg = -1, .rep = 0xf3 } },
	{ "all legacy prefixes, 3 REX, int 0x21: 15", 64,
	  { 0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x66, 0x67, 0xf2, 0xf3, 0x40,
	    0x41, 0x42, 0xcd, 0x21 }, 15, X86_SYS_OK,
	  { .kind = X86_SYS_INTN, .len = 15, .reg = -1, .vector = 0x21,
	    .rep = 0xf3 } },
	{ "14 x 66, cpuid: 16 bytes", 64,
	  { 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
	    0x66, 0x66, 0x66, 0x0f, 0xa2 }, 16, X86_SYS_INVALID,
	  { 0 } },
	{ "16 x 66", 64,
	  { 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
	    0x66, 0x66, 0x66, 0x66, 0x66 }, 16, X86_SYS_INVALID,
	  { 0 } },
	{ "15 x 66, no more bytes: the 16th would be #GP", 64,
	  { 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
	    0x66, 0x66, 0x66, 0x66 }, 15, X86_SYS_INVALID,
	  { 0 } },
	{ "14 x 66, no more bytes", 64,
	  { 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
	    0x66, 0x66, 0x66 }, 14, X86_SYS_TRUNCATED,
	  { 0 } },
	{ "12 x f3, lmsw [disp32]: 16 bytes, disp short", 32,
	  { 0xf3, 0xf3, 0xf3, 0xf3, 0xf3, 0xf3, 0xf3, 0xf3, 0xf3, 0xf3, 0xf3,
	    0xf3, 0x0f, 0x01, 0x34, 0x25 }, 16, X86_SYS_INVALID,
	  { 0 } },
	{ "11 x 2e, invlpg [rip+0]: 18 bytes", 64,
	  { 0x2e, 0x2e, 0x2e, 0x2e, 0x2e, 0x2e, 0x2e, 0x2e, 0x2e, 0x2e, 0x2e,
	    0x0f, 0x01, 0x3d, 0x00, 0x00, 0x00, 0x00 }, 18, X86_SYS_INVALID,
	  { 0 } },
};

#define NROWS (sizeof(rows) / sizeof(rows[0]))

static void check(const struct row *r, const struct x86_sys_insn *got,
		  const char *how)
{
#define FIELD(f) do {							\
		if ((int64_t)got->f != (int64_t)r->want.f)		\
			fail_msg("%s (%u-bit)%s: " #f " is %lld, want %lld", \
				 r->text, r->mode, how,			\
				 (long long)got->f,			\
				 (long long)r->want.f);			\
	} while (0)
	FIELD(kind);
	FIELD(len);
	FIELD(op_size);
	FIELD(cr);
	FIELD(reg);
	FIELD(has_mem);
	FIELD(vector);
	FIELD(port_imm);
	FIELD(port);
	FIELD(lock);
	FIELD(rep);
	if (r->want.has_mem) {
		FIELD(mem.seg);
		FIELD(mem.addr_size);
		FIELD(mem.base);
		FIELD(mem.index);
		FIELD(mem.scale);
		FIELD(mem.rip_relative);
		FIELD(mem.disp);
	}
#undef FIELD
}

static void test_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < NROWS; i++) {
		const struct row *r = &rows[i];
		struct x86_sys_insn got;
		int rc = x86_sys_decode(r->bytes, r->n, r->mode, &got);

		if (rc != r->rc)
			fail_msg("%s (%u-bit): returned %d, want %d", r->text,
				 r->mode, rc, r->rc);
		if (rc == X86_SYS_OK)
			check(r, &got, "");
	}
}

/* Every decoded row, one byte short or less, is truncated. */
static void test_truncated(void **state)
{
	(void)state;
	for (size_t i = 0; i < NROWS; i++) {
		const struct row *r = &rows[i];
		struct x86_sys_insn got;

		if (r->rc || r->want.kind == X86_SYS_OTHER)
			continue;
		for (size_t n = 0; n < r->want.len; n++) {
			int rc = x86_sys_decode(r->bytes, n, r->mode, &got);

			if (rc != X86_SYS_TRUNCATED)
				fail_msg("%s (%u-bit) cut to %zu bytes: %d",
					 r->text, r->mode, n, rc);
		}
	}
}

/*
 * What follows an instruction makes no difference: each row with bytes
 * that could be the next instruction's (a prefix run, an opcode that
 * needs more) after it decodes the same, whatever its result.
 */
static void test_followed(void **state)
{
	static const uint8_t tails[][4] = {
		{ 0x66, 0x66, 0x66, 0x66 }, { 0x0f, 0x01, 0xd9, 0x90 },
		{ 0xff, 0xff, 0xff, 0xff }, { 0x00, 0x00, 0x00, 0x00 },
	};

	(void)state;
	for (size_t i = 0; i < NROWS; i++) {
		const struct row *r = &rows[i];
		size_t len = r->rc || r->want.kind == X86_SYS_OTHER ?
			     r->n : r->want.len;

		if (r->rc == X86_SYS_TRUNCATED)
			continue;	/* more bytes are what it wanted */
		for (size_t t = 0; t < sizeof(tails) / sizeof(tails[0]); t++) {
			uint8_t b[32];
			struct x86_sys_insn got;
			int rc;

			memcpy(b, r->bytes, len);
			memcpy(b + len, tails[t], sizeof(tails[t]));
			rc = x86_sys_decode(b, len + sizeof(tails[t]), r->mode,
					    &got);
			if (rc != r->rc)
				fail_msg("%s (%u-bit) + tail %zu: %d, want %d",
					 r->text, r->mode, t, rc, r->rc);
			if (rc == X86_SYS_OK)
				check(r, &got, " + tail");
		}
	}
}

/*
 * The decoder reads no byte past the 15th: 14 prefixes and an opcode is
 * #GP however many bytes follow, and a prefix run is truncated only while
 * it is shorter than 15.
 */
static void test_fifteen_bytes(void **state)
{
	uint8_t b[32];
	struct x86_sys_insn got;

	(void)state;
	memset(b, 0x66, sizeof(b));
	for (size_t n = 0; n < X86_INSN_MAX; n++)
		assert_int_equal(x86_sys_decode(b, n, 64, &got),
				 X86_SYS_TRUNCATED);
	for (size_t n = X86_INSN_MAX; n <= sizeof(b); n++)
		assert_int_equal(x86_sys_decode(b, n, 64, &got),
				 X86_SYS_INVALID);
	/* 14 prefixes, then the opcode byte of a one-byte HLT: 15, fine. */
	b[14] = 0xf4;
	assert_int_equal(x86_sys_decode(b, sizeof(b), 32, &got), X86_SYS_OK);
	assert_int_equal(got.kind, X86_SYS_HLT);
	assert_int_equal(got.len, 15);
	/* The same with REX prefixes in 64-bit mode, but not in 16-bit. */
	memset(b, 0x40, 14);
	assert_int_equal(x86_sys_decode(b, sizeof(b), 64, &got), X86_SYS_OK);
	assert_int_equal(got.len, 15);
	assert_int_equal(x86_sys_decode(b, sizeof(b), 16, &got), X86_SYS_OK);
	assert_int_equal(got.kind, X86_SYS_OTHER);	/* INC AX */
}

static const uint64_t gpr[16] = {
	0x1000, 0x2000, 0x3000, 0x4000, 0x5000, 0x6000, 0x7000, 0x8000,
	0x9000, 0xa000, 0xb000, 0xc000, 0xd000, 0xe000, 0xf000, 0x10000,
};

static uint64_t ea_of(const uint8_t *b, size_t n, unsigned int mode,
		      const uint64_t *regs, uint64_t rip)
{
	struct x86_sys_insn in;

	assert_int_equal(x86_sys_decode(b, n, mode, &in), X86_SYS_OK);
	assert_true(in.has_mem);
	return x86_sys_ea(&in.mem, regs, rip + in.len);
}

/* The pieces add up, wrapped to the address size (SDM Vol. 1, 3.7.5). */
static void test_ea(void **state)
{
	uint64_t r[16];

	(void)state;
	/* lmsw [rbx+rcx*4+0x10] */
	assert_int_equal(ea_of((const uint8_t[]){ 0x0f, 0x01, 0x74, 0x8b,
						  0x10 }, 5, 64, gpr, 0),
			 0x4000 + 4 * 0x2000 + 0x10);
	/* lmsw [r8+r12*8-0x80] */
	assert_int_equal(ea_of((const uint8_t[]){ 0x43, 0x0f, 0x01, 0x74, 0xe0,
						  0x80 }, 6, 64, gpr, 0),
			 0x9000 + 8 * 0xd000 - 0x80);
	/* invlpg -8(%rip) at 0x100000: the next instruction's RIP - 8 */
	assert_int_equal(ea_of((const uint8_t[]){ 0x0f, 0x01, 0x3d, 0xf8, 0xff,
						  0xff, 0xff }, 7, 64, gpr,
			       0x100000),
			 0x100000 + 7 - 8);
	/* lmsw [0x12345678], SIB without base or index */
	assert_int_equal(ea_of((const uint8_t[]){ 0x0f, 0x01, 0x34, 0x25, 0x78,
						  0x56, 0x34, 0x12 }, 8, 64,
			       gpr, 0),
			 0x12345678);
	/* monitor: rAX */
	assert_int_equal(ea_of((const uint8_t[]){ 0x0f, 0x01, 0xc8 }, 3, 64,
			       gpr, 0), 0x1000);

	memcpy(r, gpr, sizeof(r));
	/* a32 invlpg [eax-1] with EAX 0: wraps at 4 GiB */
	r[0] = 0xffffffff00000000ULL;
	assert_int_equal(ea_of((const uint8_t[]){ 0x67, 0x0f, 0x01, 0x78,
						  0xff }, 5, 64, r, 0),
			 0xffffffff);
	/* 16-bit lmsw [bp+si+4]: BP + SI + 4 wraps at 64 KiB */
	r[5] = 0xfff0;
	r[6] = 0x10;
	assert_int_equal(ea_of((const uint8_t[]){ 0x0f, 0x01, 0x72, 0x04 }, 4,
			       16, r, 0), 4);
	/* 16-bit invlpg [0xfffe]: disp16 0xfffe, not -2 beyond the wrap */
	assert_int_equal(ea_of((const uint8_t[]){ 0x0f, 0x01, 0x3e, 0xfe,
						  0xff }, 5, 16, r, 0),
			 0xfffe);
	/* 32-bit, rm 5 mod 0 is an absolute disp32, not RIP-relative */
	assert_int_equal(ea_of((const uint8_t[]){ 0x0f, 0x01, 0x35, 0x00, 0x10,
						  0x00, 0x00 }, 7, 32, r,
			       0x5000), 0x1000);
}

/* Each kind has its own name; out-of-range values get "?". */
static void test_names(void **state)
{
	(void)state;
	for (int k = 0; k < X86_SYS_KIND_NR; k++) {
		const char *a = x86_sys_kind_name((enum x86_sys_kind)k);

		assert_string_not_equal(a, "?");
		for (int j = 0; j < k; j++)
			assert_string_not_equal(
				a, x86_sys_kind_name((enum x86_sys_kind)j));
	}
	assert_string_equal(x86_sys_kind_name(X86_SYS_KIND_NR), "?");
	assert_string_equal(x86_sys_kind_name(X86_SYS_MOV_TO_CR),
			    "mov-to-cr");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_followed),
		cmocka_unit_test(test_fifteen_bytes),
		cmocka_unit_test(test_ea),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
