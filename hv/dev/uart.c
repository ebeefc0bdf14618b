// SPDX-License-Identifier: MIT
/* 16550 UART model (see uart.h). Pure: the host unit tests run it. */
#include "hv/dev/uart.h"

#define LCR_DLAB	0x80
#define MCR_LOOP	0x10
#define LSR_DR		0x01
#define LSR_THRE	0x20
#define LSR_TEMT	0x40
#define IIR_NO_INT	0x01
#define IIR_THRE	0x02
#define IER_THRE	0x02
#define IIR_FIFO	0xc0
#define MSR_CTS		0x10
#define MSR_DSR		0x20
#define MSR_RI		0x40
#define MSR_DCD		0x80

void uart_model_init(struct dev_uart *u,
		     void (*emit)(void *ctx, const char *line, size_t len),
		     void *ctx)
{
	*u = (struct dev_uart){ .dll = 12, .emit = emit, .ctx = ctx };
}

void uart_model_flush(struct dev_uart *u)
{
	if (u->len)
		u->emit(u->ctx, u->line, u->len);
	u->len = 0;
}

static void line_put(struct dev_uart *u, uint8_t c)
{
	if (c == '\r')
		return;
	if (c == '\n') {
		u->emit(u->ctx, u->line, u->len);
		u->len = 0;
		return;
	}
	if (u->len == UART_LINE_MAX)
		uart_model_flush(u);	/* a very long line goes out in pieces */
	u->line[u->len++] = (char)c;
}

static void transmit(struct dev_uart *u, uint8_t c)
{
	if (u->mcr & MCR_LOOP) {	/* loopback: back to our receiver */
		u->rbr = c;
		u->rx_full = 1;
		return;
	}
	line_put(u, c);
}

void uart_model_text(struct dev_uart *u, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		line_put(u, (uint8_t)s[i]);
}

uint8_t uart_model_read(struct dev_uart *u, unsigned int reg)
{
	int dlab = u->lcr & LCR_DLAB;

	switch (reg & 7) {
	case 0:
		if (dlab)
			return u->dll;
		u->rx_full = 0;
		return u->rbr;
	case 1:
		return dlab ? u->dlm : u->ier;
	case 2: {
		uint8_t fifo = (u->fcr & 1) ? IIR_FIFO : 0;

		/* Reading IIR with THRE as the source clears it (PC16550D). */
		if ((u->ier & IER_THRE) && u->thre_pending) {
			u->thre_pending = 0;
			return IIR_THRE | fifo;
		}
		return IIR_NO_INT | fifo;
	}
	case 3:
		return u->lcr;
	case 4:
		return u->mcr;
	case 5:
		return LSR_THRE | LSR_TEMT | (u->rx_full ? LSR_DR : 0);
	case 6:
		if (u->mcr & MCR_LOOP)	/* DTR->DSR, RTS->CTS, OUT1->RI, OUT2->DCD */
			return (u->mcr & 1 ? MSR_DSR : 0) |
			       (u->mcr & 2 ? MSR_CTS : 0) |
			       (u->mcr & 4 ? MSR_RI : 0) |
			       (u->mcr & 8 ? MSR_DCD : 0);
		return MSR_DCD | MSR_DSR | MSR_CTS;
	default:
		return u->scr;
	}
}

void uart_model_write(struct dev_uart *u, unsigned int reg, uint8_t value)
{
	int dlab = u->lcr & LCR_DLAB;

	switch (reg & 7) {
	case 0:
		if (dlab) {
			u->dll = value;
		} else {
			transmit(u, value);
			u->thre_pending = 1;	/* empty again at once */
		}
		break;
	case 1:
		if (dlab) {
			u->dlm = value;
		} else {
			if ((value & IER_THRE) && !(u->ier & IER_THRE))
				u->thre_pending = 1;
			u->ier = value & 0x0f;
		}
		break;
	case 2:
		u->fcr = value & 0xc9;	/* the reset bits (1, 2) do not stick */
		break;
	case 3:
		u->lcr = value;
		break;
	case 4:
		u->mcr = value & 0x1f;
		break;
	case 5:
	case 6:
		break;			/* LSR and MSR: writes are ignored */
	default:
		u->scr = value;
		break;
	}
}
