// SPDX-License-Identifier: MIT
/*
 * hv/dev/uart.c: the 16550 a guest sees, register by register, against the
 * National PC16550D datasheet ("Registers", Table II), and the console
 * lines its transmitter output turns into.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hv/dev/uart.h"

/* Register offsets from the base port. */
#define RBR_THR	0
#define IER	1	/* DLM with DLAB */
#define IIR_FCR	2
#define LCR	3
#define MCR	4
#define LSR	5
#define MSR	6
#define SCR	7

#define LCR_DLAB	0x80
#define LCR_8N1		0x03
#define MCR_DTR		0x01
#define MCR_RTS		0x02
#define MCR_OUT1	0x04
#define MCR_OUT2	0x08
#define MCR_LOOP	0x10
#define LSR_DR		0x01
#define LSR_OE		0x02
#define LSR_THRE	0x20
#define LSR_TEMT	0x40
#define MSR_CTS		0x10
#define MSR_DSR		0x20
#define MSR_RI		0x40
#define MSR_DCD		0x80

#define MAX_LINES 16

/* What the console got. */
struct sink {
	unsigned int n;
	size_t len[MAX_LINES];
	char text[MAX_LINES][UART_LINE_MAX + 1];
	void *ctx_seen;
};

static struct sink sink;
static struct dev_uart uart;

static void emit(void *ctx, const char *line, size_t len)
{
	struct sink *s = ctx;

	s->ctx_seen = ctx;
	if (s->n == MAX_LINES)
		fail_msg("more than %d lines emitted", MAX_LINES);
	if (len > UART_LINE_MAX)
		fail_msg("a line of %zu bytes, more than UART_LINE_MAX", len);
	s->len[s->n] = len;
	memcpy(s->text[s->n], line, len);
	s->text[s->n][len] = '\0';
	s->n++;
}

static int setup(void **state)
{
	memset(&sink, 0, sizeof(sink));
	/* Junk: init must set every field. */
	memset(&uart, 0xa5, sizeof(uart));
	uart_model_init(&uart, emit, &sink);
	return 0;
}

static void put(const char *s)
{
	while (*s)
		uart_model_write(&uart, RBR_THR, (uint8_t)*s++);
}

static uint8_t rd(unsigned int reg)
{
	return uart_model_read(&uart, reg);
}

static void wr(unsigned int reg, uint8_t v)
{
	uart_model_write(&uart, reg, v);
}

#define assert_line(i, want)						\
	do {								\
		assert_true((unsigned int)(i) < sink.n);				\
		assert_int_equal(sink.len[i], strlen(want));		\
		assert_string_equal(sink.text[i], (want));		\
	} while (0)

/* ------------------------------------------------------------ lines */

static void test_line_emitted_without_newline(void **state)
{
	put("hello");
	/* Nothing until the line is complete. */
	assert_int_equal(sink.n, 0);
	put(", world\n");
	assert_int_equal(sink.n, 1);
	assert_line(0, "hello, world");
	assert_ptr_equal(sink.ctx_seen, &sink);
	put("second\n");
	assert_int_equal(sink.n, 2);
	assert_line(1, "second");
}

static void test_carriage_return_dropped(void **state)
{
	/* CR goes back to the line's start: later text overwrites. */
	put("crlf\r\nmiddle\rfid\r\n\r\n");
	assert_int_equal(sink.n, 3);
	assert_line(0, "crlf");
	assert_line(1, "fiddle");
	/* A line that was only "\r\n" is an empty line. */
	assert_line(2, "");
}

static void test_empty_lines(void **state)
{
	put("a\n\nb\n");
	assert_int_equal(sink.n, 3);
	assert_line(0, "a");
	assert_line(1, "");
	assert_line(2, "b");
}

static void test_other_bytes_kept(void **state)
{
	/*
	 * Tabs, other control bytes and 8-bit bytes stay in the line (the
	 * console shows them as \xNN); escape sequences are rendered.
	 */
	put("\ta\x1b[0m\x01\xe9\n");
	assert_int_equal(sink.n, 1);
	assert_line(0, "\ta\x01\xe9");
}

static void test_line_of_exactly_max(void **state)
{
	char want[UART_LINE_MAX + 1];

	for (int i = 0; i < UART_LINE_MAX; i++)
		want[i] = (char)('A' + i % 26);
	want[UART_LINE_MAX] = '\0';
	put(want);
	assert_int_equal(sink.n, 0);
	put("\n");
	assert_int_equal(sink.n, 1);
	assert_line(0, want);
	/* Nothing left over. */
	uart_model_flush(&uart);
	assert_int_equal(sink.n, 1);
}

static void test_long_line_split(void **state)
{
	char text[2 * UART_LINE_MAX + 41], piece[UART_LINE_MAX + 1];
	size_t len = sizeof(text) - 1;

	for (size_t i = 0; i < len; i++)
		text[i] = (char)('a' + i % 23);
	text[len] = '\0';
	put(text);
	/* Two full pieces went out while the line was still growing. */
	assert_int_equal(sink.n, 2);
	put("\n");
	assert_int_equal(sink.n, 3);
	for (int k = 0; k < 3; k++) {
		size_t n = k < 2 ? UART_LINE_MAX : 40;

		memcpy(piece, text + k * UART_LINE_MAX, n);
		piece[n] = '\0';
		assert_line(k, piece);
	}
}

static void test_one_past_max(void **state)
{
	char text[UART_LINE_MAX + 2];

	memset(text, 'x', UART_LINE_MAX);
	text[UART_LINE_MAX] = 'y';
	text[UART_LINE_MAX + 1] = '\0';
	put(text);
	put("\n");
	assert_int_equal(sink.n, 2);
	assert_int_equal(sink.len[0], UART_LINE_MAX);
	assert_line(1, "y");
}

static void test_flush_partial_line(void **state)
{
	put("no newline");
	assert_int_equal(sink.n, 0);
	uart_model_flush(&uart);
	assert_int_equal(sink.n, 1);
	assert_line(0, "no newline");
	/* Flushed means gone: a second flush and the next line start afresh. */
	uart_model_flush(&uart);
	assert_int_equal(sink.n, 1);
	put("next\n");
	assert_int_equal(sink.n, 2);
	assert_line(1, "next");
}

static void test_flush_with_nothing_pending(void **state)
{
	uart_model_flush(&uart);
	assert_int_equal(sink.n, 0);
	put("done\n");
	uart_model_flush(&uart);
	assert_int_equal(sink.n, 1);
}

/* ------------------------------------------------------------ registers */

static void test_dlab_selects_divisor_latch(void **state)
{
	/* The usual 115200 8N1 setup. */
	wr(IER, 0x00);
	wr(LCR, LCR_DLAB | LCR_8N1);
	wr(RBR_THR, 0x01);	/* DLL */
	wr(IER, 0x00);		/* DLM */
	assert_int_equal(rd(RBR_THR), 0x01);
	assert_int_equal(rd(IER), 0x00);
	wr(LCR, LCR_8N1);
	/* The DLL write was not a character. */
	uart_model_flush(&uart);
	assert_int_equal(sink.n, 0);

	/* Divisor latch and IER/THR are separate registers. */
	wr(IER, 0x05);
	wr(LCR, LCR_DLAB);
	wr(RBR_THR, 0x34);
	wr(IER, 0x12);
	assert_int_equal(rd(RBR_THR), 0x34);
	assert_int_equal(rd(IER), 0x12);
	wr(LCR, 0);
	assert_int_equal(rd(IER), 0x05);
	wr(RBR_THR, 'z');
	uart_model_flush(&uart);
	assert_int_equal(sink.n, 1);
	assert_line(0, "z");
	wr(LCR, LCR_DLAB);
	assert_int_equal(rd(RBR_THR), 0x34);
	assert_int_equal(rd(IER), 0x12);
}

static void test_ier_four_bits(void **state)
{
	/* IER bits 4-7 are always 0. */
	wr(IER, 0xff);
	assert_int_equal(rd(IER), 0x0f);
	wr(IER, 0xa5);
	assert_int_equal(rd(IER), 0x05);
	wr(IER, 0x00);
	assert_int_equal(rd(IER), 0x00);
	/* The divisor latch high byte is a full byte. */
	wr(LCR, LCR_DLAB);
	wr(IER, 0xff);
	assert_int_equal(rd(IER), 0xff);
}

static void test_iir(void **state)
{
	/* Bit 0 set: no interrupt pending; FIFOs off. */
	assert_int_equal(rd(IIR_FCR), 0x01);
	/* Enabling the THRE interrupt with THR empty: IIR says so once. */
	wr(IER, 0x0f);
	assert_int_equal(rd(IIR_FCR), 0x02);
	assert_int_equal(rd(IIR_FCR), 0x01);
	/* A byte written: THR empty again at once, reported again. */
	wr(RBR_THR, 'x');
	assert_int_equal(rd(IIR_FCR), 0x02);
	assert_int_equal(rd(IIR_FCR) & 0x01, 0x01);
	/*
	 * FIFO enable (with both resets and a trigger level): bits 7:6 set;
	 * the transmit FIFO reset makes THR empty ask again (as QEMU does).
	 */
	wr(IIR_FCR, 0xc7);
	assert_int_equal(rd(IIR_FCR), 0xc2);
	assert_int_equal(rd(IIR_FCR), 0xc1);
	wr(IIR_FCR, 0x01);
	assert_int_equal(rd(IIR_FCR), 0xc1);
	/* Turning the FIFOs off resets them too. */
	wr(IIR_FCR, 0x00);
	assert_int_equal(rd(IIR_FCR), 0x02);
	assert_int_equal(rd(IIR_FCR), 0x01);
	/* Writing IIR's address is FCR, not DLAB-dependent; reading is IIR. */
	wr(LCR, LCR_DLAB);
	wr(IIR_FCR, 0x01);
	assert_int_equal(rd(IIR_FCR), 0xc2);
	assert_int_equal(rd(IIR_FCR), 0xc1);
}

static void test_lcr_round_trip(void **state)
{
	for (unsigned int v = 0; v < 256; v++) {
		wr(LCR, (uint8_t)v);
		assert_int_equal(rd(LCR), v);
	}
}

static void test_mcr(void **state)
{
	wr(MCR, MCR_DTR | MCR_RTS | MCR_OUT2);
	assert_int_equal(rd(MCR), 0x0b);
	/* Bits 5-7 are permanently 0. */
	wr(MCR, 0xff);
	assert_int_equal(rd(MCR), 0x1f);
	wr(MCR, 0xe0);
	assert_int_equal(rd(MCR), 0x00);
}

static void test_scr_round_trip(void **state)
{
	for (unsigned int v = 0; v < 256; v++) {
		wr(SCR, (uint8_t)v);
		assert_int_equal(rd(SCR), v);
		/* It is not some other register. */
		assert_int_equal(rd(LSR), LSR_THRE | LSR_TEMT);
	}
	wr(LCR, LCR_DLAB);
	wr(SCR, 0x5a);
	assert_int_equal(rd(SCR), 0x5a);
}

static void test_lsr_transmitter_always_ready(void **state)
{
	assert_int_equal(rd(LSR), LSR_THRE | LSR_TEMT);
	put("some text without an end");
	assert_int_equal(rd(LSR), LSR_THRE | LSR_TEMT);
	put("\n");
	assert_int_equal(rd(LSR), LSR_THRE | LSR_TEMT);
	/* Writes to LSR and MSR do nothing. */
	wr(LSR, 0xff);
	assert_int_equal(rd(LSR), LSR_THRE | LSR_TEMT);
	wr(MSR, 0x00);
	assert_int_equal(rd(MSR), MSR_DCD | MSR_DSR | MSR_CTS);
}

static void test_loopback_echoes_into_rbr(void **state)
{
	wr(MCR, MCR_LOOP);
	wr(RBR_THR, 0xae);
	/* Not sent out: the transmitter is looped back to the receiver. */
	uart_model_flush(&uart);
	assert_int_equal(sink.n, 0);
	assert_int_equal(rd(LSR), LSR_DR | LSR_THRE | LSR_TEMT);
	assert_int_equal(rd(RBR_THR), 0xae);
	/* Reading RBR takes the byte. */
	assert_int_equal(rd(LSR), LSR_THRE | LSR_TEMT);

	/* CR and LF are data here, not line ends. */
	wr(RBR_THR, '\r');
	assert_int_equal(rd(LSR) & LSR_DR, LSR_DR);
	assert_int_equal(rd(RBR_THR), '\r');
	wr(RBR_THR, '\n');
	assert_int_equal(rd(RBR_THR), '\n');
	assert_int_equal(sink.n, 0);

	/* The last byte wins when the guest does not read in between. */
	wr(RBR_THR, 'p');
	wr(RBR_THR, 'q');
	assert_int_equal(rd(RBR_THR), 'q');

	/* Out of loopback, characters go to the console again, and the
	 * looped-back ones are not among them. */
	wr(MCR, MCR_DTR | MCR_RTS);
	put("ok\n");
	assert_int_equal(sink.n, 1);
	assert_line(0, "ok");
	/* 'p' was overrun: LSR says so once. */
	assert_int_equal(rd(LSR), LSR_THRE | LSR_TEMT | LSR_OE);
	assert_int_equal(rd(LSR), LSR_THRE | LSR_TEMT);
}

static void test_loopback_keeps_partial_line(void **state)
{
	put("before ");
	wr(MCR, MCR_LOOP);
	put("hidden\n");
	wr(MCR, 0);
	put("after\n");
	assert_int_equal(sink.n, 1);
	assert_line(0, "before after");
}

static void test_msr(void **state)
{
	/* Not in loopback: a modem that is there (DCD, DSR, CTS). */
	assert_int_equal(rd(MSR) & 0xf0, MSR_DCD | MSR_DSR | MSR_CTS);
	wr(MCR, 0x0f);
	assert_int_equal(rd(MSR) & 0xf0, MSR_DCD | MSR_DSR | MSR_CTS);

	/* Loopback: DTR->DSR, RTS->CTS, OUT1->RI, OUT2->DCD. */
	for (uint8_t out = 0; out < 16; out++) {
		uint8_t want = (out & MCR_DTR ? MSR_DSR : 0) |
			       (out & MCR_RTS ? MSR_CTS : 0) |
			       (out & MCR_OUT1 ? MSR_RI : 0) |
			       (out & MCR_OUT2 ? MSR_DCD : 0);

		wr(MCR, MCR_LOOP | out);
		assert_int_equal(rd(MSR) & 0xf0, want);
	}
	/* The check Linux's 8250 driver makes: loopback with OUT2 only. */
	wr(MCR, MCR_LOOP | 0x0a);
	assert_int_equal(rd(MSR) & 0xf0, 0x90);

	wr(MCR, 0);
	assert_int_equal(rd(MSR) & 0xf0, MSR_DCD | MSR_DSR | MSR_CTS);
}

static void test_rbr_without_data(void **state)
{
	/* Nothing received: reading RBR does not set DR, and LSR stays idle. */
	(void)rd(RBR_THR);
	assert_int_equal(rd(LSR), LSR_THRE | LSR_TEMT);
}

#define T(f) cmocka_unit_test_setup(f, setup)

/* ------------------------------------------------------- interrupts */

/* The INTR line's history: 'H' and 'L' per change. */
static char edges[64];
static unsigned int nedges;

static void record_irq(void *ctx, bool level)
{
	assert_ptr_equal(ctx, &sink);
	if (nedges < sizeof(edges) - 1)
		edges[nedges++] = level ? 'H' : 'L';
	edges[nedges] = '\0';
}

static void wire(void)
{
	nedges = 0;
	edges[0] = '\0';
	uart_model_connect_irq(&uart, record_irq, &sink);
}

static void test_no_interrupt_without_ier(void **state)
{
	wire();
	put("abc");
	assert_string_equal(edges, "");
	assert_false(uart.irq);
}

static void test_thr_write_pulses_the_line(void **state)
{
	wire();
	wr(IER, 0x02);			/* THR empty at once: the line rises */
	assert_string_equal(edges, "H");
	put("ab");			/* each byte: down while THR is full */
	assert_string_equal(edges, "HLHLH");
	assert_int_equal(rd(IIR_FCR), 0x02);	/* the read clears it */
	assert_string_equal(edges, "HLHLHL");
	assert_int_equal(rd(IIR_FCR), 0x01);
	/* Toggling IER's THR bit asks again (QEMU, Bochs). */
	wr(IER, 0x00);
	wr(IER, 0x02);
	assert_string_equal(edges, "HLHLHLH");
	wr(IER, 0x00);
	assert_string_equal(edges, "HLHLHLHL");
}

static void test_receive_without_fifo(void **state)
{
	const uint8_t in[] = "xy";

	wire();
	wr(IER, 0x01);
	/* One holding register: the second byte waits with the caller. */
	assert_int_equal(uart_model_receive(&uart, in, 2), 1);
	assert_int_equal(rd(LSR) & LSR_DR, LSR_DR);
	assert_int_equal(rd(IIR_FCR), 0x04);
	assert_string_equal(edges, "H");
	assert_int_equal(rd(RBR_THR), 'x');
	assert_int_equal(rd(LSR) & LSR_DR, 0);
	assert_int_equal(rd(IIR_FCR), 0x01);
	assert_string_equal(edges, "HL");
	assert_int_equal(uart_model_receive(&uart, in + 1, 1), 1);
	assert_int_equal(rd(RBR_THR), 'y');
	assert_string_equal(edges, "HLHL");
}

static void test_receive_fifo_and_trigger_level(void **state)
{
	uint8_t in[20];

	for (unsigned int i = 0; i < sizeof(in); i++)
		in[i] = (uint8_t)('a' + i);
	wire();
	wr(IIR_FCR, 0x81);		/* FIFOs on, trigger level 8 */
	wr(IER, 0x01);
	/* Below the trigger level: the character timeout reports it. */
	assert_int_equal(uart_model_receive(&uart, in, 3), 3);
	assert_int_equal(rd(IIR_FCR), 0xcc);
	/* The FIFO holds 16; the rest stay with the caller. */
	assert_int_equal(uart_model_receive(&uart, in + 3, 17), 13);
	for (unsigned int i = 0; i < 16; i++) {
		assert_int_equal(rd(LSR) & LSR_DR, LSR_DR);
		assert_int_equal(rd(RBR_THR), 'a' + i);
	}
	assert_int_equal(rd(LSR) & (LSR_DR | LSR_OE), 0);
	assert_int_equal(rd(IIR_FCR), 0xc1);
	assert_false(uart.irq);
	/* At the trigger level, with no timeout pending: received data. */
	wr(IIR_FCR, 0x43);		/* reset the receive FIFO, level 4 */
	assert_int_equal(uart_model_receive(&uart, in, 3), 3);
	assert_int_equal(rd(IIR_FCR), 0xcc);
	(void)rd(RBR_THR);		/* 2 left: another timeout follows */
	assert_int_equal(rd(IIR_FCR), 0xcc);
	/* A receive FIFO reset drops what it held. */
	wr(IIR_FCR, 0x03);
	assert_int_equal(rd(LSR) & LSR_DR, 0);
	assert_int_equal(rd(IIR_FCR), 0xc1);
}

static void test_received_data_before_thr_empty(void **state)
{
	const uint8_t in = 'k';

	wire();
	wr(IER, 0x03);
	assert_int_equal(uart_model_receive(&uart, &in, 1), 1);
	assert_int_equal(rd(IIR_FCR), 0x04);	/* higher priority */
	assert_int_equal(rd(RBR_THR), 'k');
	assert_int_equal(rd(IIR_FCR), 0x02);	/* then THR empty */
	assert_int_equal(rd(IIR_FCR), 0x01);
}

static void test_line_status_interrupt(void **state)
{
	wire();
	wr(IER, 0x04);
	wr(MCR, MCR_LOOP);
	wr(RBR_THR, '1');
	wr(RBR_THR, '2');		/* overrun */
	assert_int_equal(rd(IIR_FCR), 0x06);
	assert_true(uart.irq);
	assert_int_equal(rd(LSR) & LSR_OE, LSR_OE);	/* read: cleared */
	assert_int_equal(rd(IIR_FCR), 0x01);
	assert_false(uart.irq);
	/* In loopback the host's bytes do not reach the receiver. */
	assert_int_equal(uart_model_receive(&uart, (const uint8_t *)"z", 1), 0);
	assert_int_equal(rd(RBR_THR), '2');
}

static void test_rx_interrupts_follow_ier(void **state)
{
	assert_false(uart_model_rx_interrupts(&uart));
	wr(IER, 0x01);
	assert_true(uart_model_rx_interrupts(&uart));
	wr(IER, 0x02);
	assert_false(uart_model_rx_interrupts(&uart));
}

static void test_line_editing_as_a_terminal(void **state)
{
	/* A shell's prompt with its cursor query, then typing, BS, erase. */
	put("~ # \x1b[6nech\b\b\bxyz\b\b\x1b[Kcho hi\n");
	assert_int_equal(sink.n, 1);
	assert_line(0, "~ # xcho hi");
	/* Redraw: CR, prompt again, cursor moves, colours dropped. */
	put("\x1b[1;32m$ \x1b[0mabcdef\r$ AB\x1b[2CZ\n");
	assert_line(1, "$ ABcdZf");
	put("abc\x1b[3D\x1b[2Kxy\x07\n");
	assert_line(2, "xy");
	/* Past the end: the gap is spaces; an unknown ESC pair is dropped. */
	put("a\x1b[3Cb\x1b" "7c\n");
	assert_line(3, "a   bc");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_line_emitted_without_newline),
		T(test_carriage_return_dropped),
		T(test_empty_lines),
		T(test_other_bytes_kept),
		T(test_line_of_exactly_max),
		T(test_long_line_split),
		T(test_one_past_max),
		T(test_flush_partial_line),
		T(test_flush_with_nothing_pending),
		T(test_dlab_selects_divisor_latch),
		T(test_ier_four_bits),
		T(test_iir),
		T(test_lcr_round_trip),
		T(test_mcr),
		T(test_scr_round_trip),
		T(test_lsr_transmitter_always_ready),
		T(test_loopback_echoes_into_rbr),
		T(test_loopback_keeps_partial_line),
		T(test_msr),
		T(test_rbr_without_data),
		T(test_no_interrupt_without_ier),
		T(test_thr_write_pulses_the_line),
		T(test_receive_without_fifo),
		T(test_receive_fifo_and_trigger_level),
		T(test_received_data_before_thr_empty),
		T(test_line_status_interrupt),
		T(test_rx_interrupts_follow_ier),
		T(test_line_editing_as_a_terminal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
