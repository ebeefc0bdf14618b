// SPDX-License-Identifier: MIT
/*
 * Lab 3 (docs/labs/lab3-find-the-exit.md): a fully virtualized guest that
 * runs one instruction, at the label lab3_mystery, that makes the CPU
 * leave the guest. Which exit is it, and with which qualification? Find
 * out in the debugger (make debug EMU=bochs CONFIG=docs/labs/lab3.cfg),
 * not here: this file shows the bytes, not the instruction.
 */
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/trap.h"

void kmain(uint32_t magic, uint32_t info);
void lab3_mystery(void);

/* Keep the answer out of the source: the debugger decodes it. */
__asm__(".text\n"
	".global lab3_mystery\n"
	"lab3_mystery:\n"
	"	.byte 0xe4, 0x61\n"
	"	ret\n");

void kmain(uint32_t magic, uint32_t info)
{
	trap_init();
	platform_init(magic, info);
	printf("lab3: the mystery instruction is at 0x%lx; break on this "
	       "guest's exits and find the one it causes\n",
	       (unsigned long)(uintptr_t)lab3_mystery);
	lab3_mystery();
	platform_exit(0);
}
