// SPDX-License-Identifier: MIT
/*
 * The smallest guest: says hello on the console and leaves with status 0
 * (1 if no Multiboot loader started it). Everything else is the library's.
 */
#include "guest/lib/multiboot.h"
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/trap.h"

void kmain(uint32_t magic, uint32_t info);

void kmain(uint32_t magic, uint32_t info)
{
	int ok = magic == MULTIBOOT_BOOTLOADER_MAGIC;

	trap_init();
	platform_init(magic, info);
	printf(ok ? "hello: started by a multiboot loader\n" :
		    "hello: bad multiboot magic\n");
	printf("hello: done\n");
	platform_exit(ok ? 0 : 1);
}
