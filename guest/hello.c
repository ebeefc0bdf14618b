// SPDX-License-Identifier: MIT
/*
 * The smallest guest: says hello on the serial port and leaves through the
 * exit port at 0xf4 (QEMU's isa-debug-exit). Runs natively under
 * qemu-system-x86_64 -kernel and, once guests run, under the hypervisor.
 */
#include <stdint.h>

#define COM1		0x3f8
#define EXIT_PORT	0xf4
#define MULTIBOOT_BOOTLOADER_MAGIC 0x2badb002

void guest_main(uint32_t magic, uint32_t info);

static void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static void putc(char c)
{
	while (!(inb(COM1 + 5) & 0x20))
		;
	outb(COM1, (uint8_t)c);
}

static void puts(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			putc('\r');
		putc(*s);
	}
}

void guest_main(uint32_t magic, uint32_t info)
{
	(void)info;
	puts(magic == MULTIBOOT_BOOTLOADER_MAGIC ?
	     "hello: started by a multiboot loader\n" :
	     "hello: bad multiboot magic\n");
	puts("hello: done\n");
	outb(EXIT_PORT, magic == MULTIBOOT_BOOTLOADER_MAGIC ? 0 : 1);
	for (;;)
		__asm__ volatile("hlt");
}
