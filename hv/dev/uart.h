/* SPDX-License-Identifier: MIT */
/*
 * The 16550 UART a guest sees at 0x3f8: enough of the register model for
 * an ordinary polled driver (PC16550D datasheet, "Registers"): THR/RBR,
 * IER, IIR/FCR, LCR with DLAB and the divisor latch, MCR with loopback,
 * LSR, MSR, SCR. The transmitter is always ready; the receiver never gets
 * a byte except in loopback. The interrupt identification register
 * reports a THR-empty interrupt when IER enables it, but no IRQ line is
 * wired: drivers poll. What the guest sends goes to the hypervisor's
 * console one line at a time.
 */
#ifndef HV_DEV_UART_H
#define HV_DEV_UART_H

#include <stddef.h>
#include <stdint.h>

#define UART_LINE_MAX 160

struct dev_uart {
	uint8_t ier, lcr, mcr, scr, dll, dlm, fcr;
	uint8_t rbr;
	int rx_full;
	int thre_pending;	/* IIR shows "THR empty" until read or written */
	char line[UART_LINE_MAX];
	size_t len;
	/* Where finished lines go (without the newline). */
	void (*emit)(void *ctx, const char *line, size_t len);
	void *ctx;
};

void uart_model_init(struct dev_uart *u,
		     void (*emit)(void *ctx, const char *line, size_t len),
		     void *ctx);
/* @reg: 0-7, the offset from the base port. */
uint8_t uart_model_read(struct dev_uart *u, unsigned int reg);
void uart_model_write(struct dev_uart *u, unsigned int reg, uint8_t value);
/*
 * Text for the same console that bypasses the registers: the paravirtual
 * console (HC_CONSOLE_WRITE) shares the line assembly, so both paths give
 * the same transcript.
 */
void uart_model_text(struct dev_uart *u, const char *s, size_t n);

/* Emit a partial last line, at guest end. */
void uart_model_flush(struct dev_uart *u);

#endif
