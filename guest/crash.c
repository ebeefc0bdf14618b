// SPDX-License-Identifier: MIT
/*
 * A guest that misbehaves on purpose, as its command line says, to show
 * that the hypervisor stops it with a clear diagnosis and goes on:
 *
 *   ept-read    read guest-physical 512 MiB, far outside its RAM
 *   ept-write   write there
 *   triple      load an empty IDT and take an exception: #BP finds no
 *               gate (#GP), the #GP none (#DF), the #DF none: triple fault
 *
 * Natively a PC would return junk for the first two and reset on the
 * third; under the hypervisor each one stops only this guest.
 */
#include "guest/lib/multiboot.h"
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/trap.h"

#define OUTSIDE_RAM ((volatile uint64_t *)(512ULL << 20))

void kmain(uint32_t magic, uint32_t info);

static int is(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

void kmain(uint32_t magic, uint32_t info)
{
	const struct multiboot_info *mi = (const void *)(uintptr_t)info;
	const char *what = magic == MULTIBOOT_BOOTLOADER_MAGIC ?
			   mb_cmdline_args(mi) : "";

	trap_init();
	platform_init(magic, info);
	printf("crash: %s\n", what);
	if (is(what, "ept-read")) {
		printf("crash: read 0x%llx\n", (unsigned long long)*OUTSIDE_RAM);
	} else if (is(what, "ept-write")) {
		*OUTSIDE_RAM = 1;
	} else if (is(what, "triple")) {
		struct {
			uint16_t limit;
			uint64_t base;
		} __attribute__((packed)) empty = { 0, 0 };

		__asm__ volatile("lidt %0; int3" : : "m"(empty));
	} else {
		printf("crash: unknown request; use ept-read, ept-write or triple\n");
		platform_exit(2);
	}
	printf("crash: still running, which it should not be\n");
	platform_exit(1);
}
