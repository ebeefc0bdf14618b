/* SPDX-License-Identifier: MIT */
/* Symbolized backtraces from frame pointers (built with -fno-omit-frame-pointer). */
#ifndef HV_BACKTRACE_H
#define HV_BACKTRACE_H

#include <stdint.h>

struct elf_image;

/* Use this ELF file's .symtab for symbols (boot_info.hv_elf_*). */
void ksym_init(const void *elf, uint64_t size);

/* "function+0x12", or "?" if unknown. */
void print_symbol(uint64_t addr);

/* Print "  #0 <addr> <symbol>" lines, starting at @rip, following @rbp. */
void backtrace_from(uint64_t rip, uint64_t rbp);
void backtrace_here(void);

#endif
