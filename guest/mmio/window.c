// SPDX-License-Identifier: MIT
/* mmio_window: the virtual address mmio.c maps the device page at (+0x100). */
__asm__(".globl mmio_window\n.set mmio_window, 0x3ff40100");
