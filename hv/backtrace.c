// SPDX-License-Identifier: MIT
/*
 * Backtraces: walk the saved-RBP chain (every function pushes RBP and sets
 * it to RSP, so [rbp] is the caller's RBP and [rbp + 8] the return address)
 * and name each address from the hypervisor's own ELF symbol table, which
 * the loader left in memory.
 */
#include "hv/backtrace.h"

#include "hv/elf.h"
#include "hv/printk.h"

#define MAX_FRAMES 24

static struct elf_image ksyms;
static int have_ksyms;

void ksym_init(const void *elf, uint64_t size)
{
	char why[ELF_WHY_MAX];

	have_ksyms = elf && elf64_parse(&ksyms, elf, size, why) == 0;
	if (elf && !have_ksyms)
		printk("hv: no symbols for backtraces: %s\n", why);
}

/*
 * Name @addr after the function holding @lookup: for a return address
 * that is addr - 1, since a call to a noreturn function may be the last
 * instruction of its caller.
 */
static void print_symbol_of(uint64_t addr, uint64_t lookup)
{
	uint64_t off;
	const char *name = have_ksyms ? elf64_symbolize(&ksyms, lookup, &off) : 0;

	if (name)
		printk("%s+0x%llx", name, (unsigned long long)(off + addr - lookup));
	else
		printk("?");
}

void print_symbol(uint64_t addr)
{
	print_symbol_of(addr, addr);
}

/* Only follow frames that point into the upper half, aligned. */
static int plausible_frame(uint64_t rbp)
{
	return rbp >= 0xffff800000000000ULL && !(rbp & 7);
}

void backtrace_from(uint64_t rip, uint64_t rbp)
{
	printk("backtrace:\n");
	for (int i = 0; i < MAX_FRAMES && rip; i++) {
		printk("  #%d %016llx ", i, (unsigned long long)rip);
		print_symbol_of(rip, i ? rip - 1 : rip);
		printk("\n");
		if (!plausible_frame(rbp))
			break;
		rip = ((uint64_t *)rbp)[1];
		rbp = ((uint64_t *)rbp)[0];
	}
}

void __attribute__((noinline)) backtrace_here(void)
{
	uint64_t *rbp = __builtin_frame_address(0);

	backtrace_from(rbp[1], rbp[0]);
}
