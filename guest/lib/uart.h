/* SPDX-License-Identifier: MIT */
/*
 * The 16550 UART at COM1, polled. Register offsets from the base (with
 * LCR.DLAB = 1, offsets 0 and 1 are the divisor latch DLL/DLM instead).
 */
#ifndef GUEST_LIB_UART_H
#define GUEST_LIB_UART_H

#include <stddef.h>

#define COM1		0x3f8

#define UART_THR	0	/* write: transmit holding; read: RBR */
#define UART_DLL	0	/* DLAB = 1 */
#define UART_IER	1
#define UART_DLM	1	/* DLAB = 1 */
#define UART_FCR	2	/* write: FIFO control; read: IIR */
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define UART_MSR	6
#define UART_SCR	7	/* scratch: a byte that reads back */

#define LCR_8N1		0x03
#define LCR_DLAB	0x80
#define LSR_THRE	0x20	/* the holding register can take a byte */
#define LSR_TEMT	0x40	/* holding and shift registers both empty */
#define UART_FIFO	16	/* bytes a 16550A's transmit FIFO holds */

/* 115200 8N1, FIFOs on, no interrupts. */
void uart_init(void);

/* Write @len bytes, "\r\n" for '\n', waiting for room before each. */
void uart_write(const char *buf, size_t len);

/* Wait until everything written has left the shift register. */
void uart_flush(void);

#endif
