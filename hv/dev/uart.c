// SPDX-License-Identifier: MIT
/* 16550A UART model (see uart.h). Pure: the host unit tests run it. */
#include "hv/dev/uart.h"

#define LCR_DLAB	0x80
#define MCR_LOOP	0x10
#define LSR_DR		0x01
#define LSR_OE		0x02
#define LSR_BI		0x10
#define LSR_THRE	0x20
#define LSR_TEMT	0x40
#define LSR_INT_ANY	0x1e	/* OE, PE, FE, BI: a line status interrupt */
#define IER_RDI		0x01
#define IER_THRI	0x02
#define IER_RLSI	0x04
#define IIR_NO_INT	0x01
#define IIR_THRI	0x02
#define IIR_RDI		0x04
#define IIR_RLSI	0x06
#define IIR_CTI		0x0c
#define IIR_FIFO	0xc0
#define FCR_FE		0x01
#define FCR_RFR		0x02
#define FCR_XFR		0x04
#define MSR_CTS		0x10
#define MSR_DSR		0x20
#define MSR_RI		0x40
#define MSR_DCD		0x80

void uart_model_init(struct dev_uart *u,
		     void (*emit)(void *ctx, const char *line, size_t len),
		     void *ctx)
{
	*u = (struct dev_uart){ .dll = 12, .iir = IIR_NO_INT,
				.emit = emit, .ctx = ctx };
}

void uart_model_connect_irq(struct dev_uart *u,
			    void (*set_irq)(void *ctx, bool level), void *ctx)
{
	u->set_irq = set_irq;
	u->irq_ctx = ctx;
}

static void set_line(struct dev_uart *u, bool level)
{
	if (u->irq == level)
		return;
	u->irq = level;
	if (u->set_irq)
		u->set_irq(u->irq_ctx, level);
}

/* Bytes in the FIFO that raise "received data" (FCR bits 7:6). */
static unsigned int trigger_level(const struct dev_uart *u)
{
	static const unsigned int level[4] = { 1, 4, 8, 14 };

	return level[u->fcr >> 6];
}

static bool fifo_on(const struct dev_uart *u)
{
	return u->fcr & FCR_FE;
}

/* The highest-priority cause (datasheet Table IV), and the line with it. */
static void update_irq(struct dev_uart *u)
{
	uint8_t iir = IIR_NO_INT;

	if ((u->ier & IER_RLSI) && (u->lsr & LSR_INT_ANY))
		iir = IIR_RLSI;
	else if ((u->ier & IER_RDI) && u->timeout_ipending)
		iir = IIR_CTI;
	else if ((u->ier & IER_RDI) && (u->lsr & LSR_DR) &&
		 (!fifo_on(u) || u->rx_count >= trigger_level(u)))
		iir = IIR_RDI;
	else if ((u->ier & IER_THRI) && u->thr_ipending)
		iir = IIR_THRI;
	u->iir = iir;
	set_line(u, iir != IIR_NO_INT);
}

void uart_model_flush(struct dev_uart *u)
{
	if (u->len)
		u->emit(u->ctx, u->line, u->len);
	u->len = u->col = 0;
}

/* Cursor movement in a CSI sequence: its count, at least 1. */
static size_t csi_count(const struct dev_uart *u)
{
	return u->esc_param ? u->esc_param : 1;
}

/* The end of ESC [ <param> <final>: the few a line editor uses. */
static void csi_final(struct dev_uart *u, uint8_t final)
{
	switch (final) {
	case 'C':			/* cursor forward */
		u->col += csi_count(u);
		if (u->col > UART_LINE_MAX)
			u->col = UART_LINE_MAX;
		break;
	case 'D':			/* cursor back */
		u->col = u->col > csi_count(u) ? u->col - csi_count(u) : 0;
		break;
	case 'K':			/* erase in line */
		if (u->esc_param == 0 && u->len > u->col)
			u->len = u->col;
		else if (u->esc_param == 2)
			u->len = 0;
		break;
	default:			/* colours, queries (6n): not shown */
		break;
	}
}

/* A control sequence byte by byte; true while one is in progress. */
static bool escape(struct dev_uart *u, uint8_t c)
{
	switch (u->esc_state) {
	case 0:
		if (c != 0x1b)
			return false;
		u->esc_state = 1;
		return true;
	case 1:				/* after ESC: only CSI has a tail */
		u->esc_state = c == '[' ? 2 : 0;
		u->esc_param = 0;
		return true;
	default:
		if (c >= '0' && c <= '9') {
			if (u->esc_param < 1000)
				u->esc_param = u->esc_param * 10 + (c - '0');
		} else if (c < 0x40 || c > 0x7e) {
			/* parameters and intermediates (; ? space...) */
		} else {
			csi_final(u, c);
			u->esc_state = 0;
		}
		return true;
	}
}

/*
 * The console shows each line as a terminal would: CR goes back to its
 * start, BS one column left, later characters overwrite, and the CSI
 * sequences a shell's line editor uses move and erase. Only the rendered
 * text ever leaves the hypervisor, never the guest's control bytes.
 */
static void line_put(struct dev_uart *u, uint8_t c)
{
	if (escape(u, c))
		return;
	switch (c) {
	case '\n':
		u->emit(u->ctx, u->line, u->len);
		u->len = u->col = 0;
		return;
	case '\r':
		u->col = 0;
		return;
	case '\b':
		if (u->col)
			u->col--;
		return;
	case 0x07:			/* BEL */
		return;
	}
	if (u->col == UART_LINE_MAX) {
		uart_model_flush(u);	/* a very long line goes out in pieces */
		u->col = 0;
	}
	while (u->len < u->col)
		u->line[u->len++] = ' ';	/* moved past the end */
	u->line[u->col++] = (char)c;
	if (u->col > u->len)
		u->len = u->col;
}

/* One byte arrives at the receiver; false if there is no room for it. */
static bool receive1(struct dev_uart *u, uint8_t c, bool overrun_ok)
{
	if (fifo_on(u)) {
		if (u->rx_count == UART_FIFO_SIZE) {
			if (!overrun_ok)
				return false;
			u->lsr |= LSR_OE;	/* the byte is lost */
			return true;
		}
		u->rx_fifo[(u->rx_head + u->rx_count++) % UART_FIFO_SIZE] = c;
		/* Below the trigger level, the character timeout reports it. */
		if (u->rx_count < trigger_level(u))
			u->timeout_ipending = true;
	} else {
		if (u->lsr & LSR_DR) {
			if (!overrun_ok)
				return false;
			u->lsr |= LSR_OE;	/* the old byte is overwritten */
		}
		u->rbr = c;
	}
	u->lsr |= LSR_DR;
	return true;
}

size_t uart_model_receive(struct dev_uart *u, const uint8_t *buf, size_t n)
{
	size_t i;

	if (u->mcr & MCR_LOOP)
		return 0;	/* in loopback the receiver hears only us */
	for (i = 0; i < n && receive1(u, buf[i], false); i++)
		;
	if (i)
		update_irq(u);
	return i;
}

bool uart_model_rx_interrupts(const struct dev_uart *u)
{
	return u->ier & IER_RDI;
}

static void transmit(struct dev_uart *u, uint8_t c)
{
	if (u->mcr & MCR_LOOP) {	/* loopback: back to our receiver */
		receive1(u, c, true);
		return;
	}
	line_put(u, c);
}

void uart_model_text(struct dev_uart *u, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		line_put(u, (uint8_t)s[i]);
}

static uint8_t read_rbr(struct dev_uart *u)
{
	uint8_t c = u->rbr;

	if (fifo_on(u)) {
		if (!u->rx_count)
			return 0;
		c = u->rx_fifo[u->rx_head];
		u->rx_head = (u->rx_head + 1) % UART_FIFO_SIZE;
		u->rx_count--;
		if (!u->rx_count)
			u->lsr &= (uint8_t)~(LSR_DR | LSR_BI);
		else if (u->rx_count < trigger_level(u))
			u->timeout_ipending = true;	/* the timeout again */
	} else {
		u->lsr &= (uint8_t)~(LSR_DR | LSR_BI);
	}
	/*
	 * The read ends this timeout; if bytes remain below the trigger level
	 * another one follows, but the line drops first so that an edge-
	 * triggered PIC sees a new request.
	 */
	if (u->timeout_ipending) {
		u->timeout_ipending = false;
		update_irq(u);
		if (u->rx_count && u->rx_count < trigger_level(u))
			u->timeout_ipending = true;
	}
	update_irq(u);
	return c;
}

uint8_t uart_model_read(struct dev_uart *u, unsigned int reg)
{
	int dlab = u->lcr & LCR_DLAB;
	uint8_t v;

	switch (reg & 7) {
	case 0:
		return dlab ? u->dll : read_rbr(u);
	case 1:
		return dlab ? u->dlm : u->ier;
	case 2:
		v = u->iir | (fifo_on(u) ? IIR_FIFO : 0);
		/* Reading IIR with THR empty as the cause clears it. */
		if (u->iir == IIR_THRI) {
			u->thr_ipending = false;
			update_irq(u);
		}
		return v;
	case 3:
		return u->lcr;
	case 4:
		return u->mcr;
	case 5:
		v = u->lsr | LSR_THRE | LSR_TEMT;
		if (u->lsr & (LSR_OE | LSR_BI)) {	/* cleared by reading */
			u->lsr &= (uint8_t)~(LSR_OE | LSR_BI);
			update_irq(u);
		}
		return v;
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

static void write_fcr(struct dev_uart *u, uint8_t value)
{
	/* Turning the FIFOs on or off resets both (datasheet, FCR bit 0). */
	if ((value ^ u->fcr) & FCR_FE)
		value |= FCR_RFR | FCR_XFR;
	if (value & FCR_RFR) {
		u->lsr &= (uint8_t)~(LSR_DR | LSR_BI);
		u->timeout_ipending = false;
		u->rx_head = u->rx_count = 0;
	}
	if (value & FCR_XFR)
		u->thr_ipending = true;	/* the empty transmitter asks again */
	u->fcr = value & 0xc9;		/* the reset bits (1, 2) do not stick */
	update_irq(u);
}

void uart_model_write(struct dev_uart *u, unsigned int reg, uint8_t value)
{
	int dlab = u->lcr & LCR_DLAB;
	uint8_t changed;

	switch (reg & 7) {
	case 0:
		if (dlab) {
			u->dll = value;
			break;
		}
		/* THR full for a moment: the line drops, then rises again. */
		u->thr_ipending = false;
		update_irq(u);
		transmit(u, value);
		u->thr_ipending = true;
		update_irq(u);
		break;
	case 1:
		if (dlab) {
			u->dlm = value;
			break;
		}
		changed = (u->ier ^ value) & 0x0f;
		u->ier = value & 0x0f;
		/*
		 * Enabling the THR interrupt with THR empty raises it, even if
		 * an IIR read had cleared it (QEMU and Bochs do; Windows needs it).
		 */
		if (changed & IER_THRI)
			u->thr_ipending = u->ier & IER_THRI;
		if (changed)
			update_irq(u);
		break;
	case 2:
		write_fcr(u, value);
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
