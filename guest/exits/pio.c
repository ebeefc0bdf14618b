// SPDX-License-Identifier: MIT
/*
 * Port I/O, an exit when the I/O bitmap says so (SDM Vol. 3C, 26.1.3): the
 * UART scratch register must keep a byte, a port nobody claims must read
 * all ones at every width and swallow writes. The string forms move a
 * whole buffer per instruction.
 */
#include "guest/exits/exits.h"
#include "guest/lib/printf.h"
#include "guest/lib/uart.h"
#include "guest/lib/x86.h"

#define SCR	(COM1 + UART_SCR)

void exits_pio(void)
{
	static const uint8_t patterns[] = { 0x00, 0x55, 0xaa, 0xff, 0x5a };
	uint8_t b;
	uint16_t w;
	uint32_t l;

	for (unsigned int i = 0; i < sizeof(patterns); i++) {
		outb(SCR, patterns[i]);
		b = inb(SCR);
		if (b != patterns[i]) {
			check_fail("pio-byte", "scratch register: wrote 0x%02x, read 0x%02x",
				   patterns[i], b);
			goto word;
		}
	}
	outb(UNCLAIMED_PORT, 0x12);
	b = inb(UNCLAIMED_PORT);
	if (b != 0xff)
		check_fail("pio-byte", "unclaimed port 0x%x read 0x%02x", UNCLAIMED_PORT, b);
	else
		check_ok("pio-byte");
word:
	outw(UNCLAIMED_PORT, 0x1234);
	w = inw(UNCLAIMED_PORT);
	if (w != 0xffff)
		check_fail("pio-word", "unclaimed port 0x%x read 0x%04x", UNCLAIMED_PORT, w);
	else
		check_ok("pio-word");

	outl(UNCLAIMED_PORT, 0x12345678);
	l = inl(UNCLAIMED_PORT);
	if (l != 0xffffffff)
		check_fail("pio-dword", "unclaimed port 0x%x read 0x%08x", UNCLAIMED_PORT, l);
	else
		check_ok("pio-dword");
}

/*
 * REP OUTSB of a line straight to the transmit register: its bytes are the
 * check's own "ok" line. No more than the 16 bytes a 16550A's FIFO holds,
 * and only once everything before has left, so that none can be lost.
 */
static void check_outsb(void)
{
	static const char line[] = "exits: outsb: ok";
	const char *p = line;
	uint64_t n = sizeof(line) - 1;

	_Static_assert(sizeof(line) - 1 <= UART_FIFO, "fits the UART FIFO");
	uart_flush();
	__asm__ volatile("rep outsb"
			 : "+S"(p), "+c"(n) : "d"((uint16_t)(COM1 + UART_THR))
			 : "memory");
	printf("\n");			/* ends the line REP OUTSB wrote */
	if (n != 0 || p != line + sizeof(line) - 1)
		check_fail("outsb", "RCX %lu, RSI moved %ld bytes", n, (long)(p - line));
}

/* REP INSB from the scratch register, then from a port nobody claims. */
static void check_insb(void)
{
	uint8_t buf[8];
	uint8_t *p;
	uint64_t n;
	static const struct {
		uint16_t port;
		uint8_t want;
	} src[] = { { SCR, 0xa5 }, { UNCLAIMED_PORT, 0xff } };

	outb(SCR, 0xa5);
	for (unsigned int s = 0; s < 2; s++) {
		__builtin_memset(buf, 0, sizeof(buf));
		p = buf;
		n = sizeof(buf);
		__asm__ volatile("rep insb"
				 : "+D"(p), "+c"(n) : "d"(src[s].port) : "memory");
		if (n != 0 || p != buf + sizeof(buf)) {
			check_fail("insb", "port 0x%x: RCX %lu, RDI moved %ld bytes",
				   src[s].port, n, (long)(p - buf));
			return;
		}
		for (unsigned int i = 0; i < sizeof(buf); i++) {
			if (buf[i] != src[s].want) {
				check_fail("insb", "port 0x%x: byte %u is 0x%02x, not 0x%02x",
					   src[s].port, i, buf[i], src[s].want);
				return;
			}
		}
	}
	check_ok("insb");
}

void exits_string_io(void)
{
	check_outsb();
	check_insb();
}
