// SPDX-License-Identifier: MIT
#include "hv/printk.h"

#include "hv/lib/format.h"

#define MAX_CONSOLES 4
#define EARLY_LOG_SIZE 8192

static const struct console *consoles[MAX_CONSOLES];
static unsigned int nr_consoles;

/*
 * The start of the log, so that a console that comes up late (the
 * framebuffer needs the page tables) still shows the banner.
 */
static char early_log[EARLY_LOG_SIZE];
static size_t early_len;

void console_register(const struct console *con)
{
	if (nr_consoles == MAX_CONSOLES)
		return;
	consoles[nr_consoles++] = con;
	if (early_len)
		con->write(early_log, early_len);
}

int console_read(void)
{
	for (unsigned int i = 0; i < nr_consoles; i++) {
		int c = consoles[i]->read ? consoles[i]->read() : -1;

		if (c >= 0)
			return c;
	}
	return -1;
}

void console_flush(void)
{
	for (unsigned int i = 0; i < nr_consoles; i++)
		if (consoles[i]->flush)
			consoles[i]->flush();
}

void vprintk(const char *fmt, va_list ap)
{
	char buf[1024];
	int n = hv_vsnprintf(buf, sizeof(buf), fmt, ap);

	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;	/* a cut line still goes out */
	for (int i = 0; i < n && early_len < EARLY_LOG_SIZE; i++)
		early_log[early_len++] = buf[i];
	for (unsigned int i = 0; i < nr_consoles; i++)
		consoles[i]->write(buf, (size_t)n);
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}
