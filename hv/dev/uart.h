/* SPDX-License-Identifier: MIT */
/*
 * The 16550A UART a guest sees at 0x3f8 (PC16550D datasheet, "Registers"),
 * with its interrupts on IRQ 4 as QEMU's serial device raises them:
 * THR/RBR, IER, IIR/FCR with the 16-byte receive FIFO and its trigger
 * level, LCR with DLAB and the divisor latch, MCR with loopback, LSR (data
 * ready, overrun, THR empty), MSR, SCR. The transmitter is always ready:
 * a byte written to THR is on the hypervisor's console at once, and THR is
 * empty again. The receiver takes bytes from the host's console (or from
 * the transmitter in loopback).
 *
 * Interrupt priority (datasheet Table IV): line status, then received
 * data (or the FIFO's character timeout), then THR empty, then modem
 * status. The INTR line is high whenever IIR shows a cause; a THR write
 * drops it and raises it again, so an edge-triggered 8259 sees one edge
 * per byte sent, as with QEMU.
 */
#ifndef HV_DEV_UART_H
#define HV_DEV_UART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UART_LINE_MAX	160
#define UART_FIFO_SIZE	16

struct dev_uart {
	uint8_t ier, lcr, mcr, scr, dll, dlm, fcr;
	uint8_t lsr;		/* DR, OE, BI (the rest are computed) */
	uint8_t iir;		/* the cause IIR shows, without the FIFO bits */
	uint8_t rbr;		/* the holding register, FIFOs off */
	uint8_t rx_fifo[UART_FIFO_SIZE];
	unsigned int rx_head, rx_count;
	bool thr_ipending;	/* "THR empty" until IIR is read or THR written */
	bool timeout_ipending;	/* FIFO below its trigger level, data waiting */
	bool irq;		/* the INTR line */
	char line[UART_LINE_MAX];
	size_t len;		/* the line as a terminal shows it */
	size_t col;		/* where the next character goes */
	uint8_t esc_state;	/* 0, after ESC, in ESC [ */
	unsigned int esc_param;
	/* Where finished lines go (without the newline). */
	void (*emit)(void *ctx, const char *line, size_t len);
	void *ctx;
	/* The INTR line's level goes here (IRQ 4); NULL: not wired. */
	void (*set_irq)(void *ctx, bool level);
	void *irq_ctx;
};

void uart_model_init(struct dev_uart *u,
		     void (*emit)(void *ctx, const char *line, size_t len),
		     void *ctx);
void uart_model_connect_irq(struct dev_uart *u,
			    void (*set_irq)(void *ctx, bool level), void *ctx);
/* @reg: 0-7, the offset from the base port. */
uint8_t uart_model_read(struct dev_uart *u, unsigned int reg);
void uart_model_write(struct dev_uart *u, unsigned int reg, uint8_t value);

/*
 * Bytes from the host's console for the receiver: takes as many as it has
 * room for (the FIFO, or the holding register while data ready is clear)
 * and returns that count; the rest wait with the caller, so none is lost.
 */
size_t uart_model_receive(struct dev_uart *u, const uint8_t *buf, size_t n);

/* Would a received byte raise the INTR line (IER's receive interrupt)? */
bool uart_model_rx_interrupts(const struct dev_uart *u);

/*
 * Text for the same console that bypasses the registers: the paravirtual
 * console (HC_CONSOLE_WRITE) shares the line assembly, so both paths give
 * the same transcript.
 */
void uart_model_text(struct dev_uart *u, const char *s, size_t n);

/* Emit a partial last line, at guest end. */
void uart_model_flush(struct dev_uart *u);

#endif
