// SPDX-License-Identifier: MIT
/*
 * Freestanding vsnprintf. Built three ways: into the UEFI loader, into the
 * hypervisor, and into the host unit tests, so it uses nothing but its
 * arguments.
 */
#include "hv/lib/format.h"

#include <stdint.h>

struct out {
	char *buf;
	size_t size;
	size_t len;		/* what would have been written */
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

struct spec {
	int left, zero, plus, space, alt;
	int width;
	int prec;		/* -1: none */
};

static void put_str(struct out *o, const struct spec *s, const char *str)
{
	size_t n = 0;

	if (!str)
		str = "(null)";
	/* Precision first: with one, the string need not be NUL-terminated. */
	while ((s->prec < 0 || n < (size_t)s->prec) && str[n])
		n++;
	if (!s->left)
		pad(o, ' ', s->width - (int)n);
	for (size_t i = 0; i < n; i++)
		put(o, str[i]);
	if (s->left)
		pad(o, ' ', s->width - (int)n);
}

static void put_num(struct out *o, const struct spec *s, uint64_t v,
		    int negative, unsigned base, int upper, int force_prefix)
{
	int nonzero = v != 0;
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, len, zeros;
	char sign = 0;
	const char *prefix = "";

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (s->prec == 0 && n == 1 && tmp[0] == '0')
		n = 0;			/* "%.0d" of 0 prints nothing */

	if (negative)
		sign = '-';
	else if (s->plus)
		sign = '+';
	else if (s->space)
		sign = ' ';
	zeros = s->prec > n ? s->prec - n : 0;
	/* '#' prefixes non-zero hex, and makes octal start with a 0 (C11 7.21.6.1). */
	if ((s->alt && base == 16 && nonzero) || force_prefix)
		prefix = upper ? "0X" : "0x";
	else if (s->alt && base == 8 && !zeros && (n == 0 || tmp[n - 1] != '0'))
		prefix = "0";

	len = n + zeros + (sign != 0);
	for (const char *p = prefix; *p; p++)
		len++;
	if (s->zero && !s->left && s->prec < 0 && s->width > len) {
		zeros += s->width - len;
		len = s->width;
	}

	if (!s->left)
		pad(o, ' ', s->width - len);
	if (sign)
		put(o, sign);
	for (const char *p = prefix; *p; p++)
		put(o, *p);
	pad(o, '0', zeros);
	while (n)
		put(o, tmp[--n]);
	if (s->left)
		pad(o, ' ', s->width - len);
}

int hv_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		struct spec s = { .prec = -1 };
		int lng = 0;		/* -2 hh, -1 h, 0 int, 1 long, 2 long long */
		uint64_t u;
		int64_t i;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		for (;; fmt++) {
			char f = fmt[1];

			if (f == '-')
				s.left = 1;
			else if (f == '0')
				s.zero = 1;
			else if (f == '+')
				s.plus = 1;
			else if (f == ' ')
				s.space = 1;
			else if (f == '#')
				s.alt = 1;
			else
				break;
		}
		fmt++;
		if (*fmt == '*') {
			s.width = va_arg(ap, int);
			if (s.width < 0) {
				s.left = 1;
				s.width = -s.width;
			}
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			s.width = s.width * 10 + (*fmt++ - '0');
		if (*fmt == '.') {
			fmt++;
			s.prec = 0;
			if (*fmt == '*') {
				s.prec = va_arg(ap, int);
				fmt++;
			}
			while (*fmt >= '0' && *fmt <= '9')
				s.prec = s.prec * 10 + (*fmt++ - '0');
		}
		for (;; fmt++) {
			if (*fmt == 'h')
				lng--;
			else if (*fmt == 'l')
				lng++;
			else if (*fmt == 'z')
				lng = 1;
			else
				break;
		}

		switch (*fmt) {
		case 'd':
		case 'i':
			if (lng >= 2)
				i = va_arg(ap, long long);
			else if (lng == 1)
				i = va_arg(ap, long);
			else
				i = va_arg(ap, int);
			if (lng == -1)
				i = (short)i;
			else if (lng <= -2)
				i = (signed char)i;
			u = i < 0 ? (uint64_t)0 - (uint64_t)i : (uint64_t)i;
			put_num(&o, &s, u, i < 0, 10, 0, 0);
			break;
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			if (lng >= 2)
				u = va_arg(ap, unsigned long long);
			else if (lng == 1)
				u = va_arg(ap, unsigned long);
			else
				u = va_arg(ap, unsigned int);
			if (lng == -1)
				u = (unsigned short)u;
			else if (lng <= -2)
				u = (unsigned char)u;
			put_num(&o, &s, u, 0,
				*fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16,
				*fmt == 'X', 0);
			break;
		case 'p':
			put_num(&o, &s, (uintptr_t)va_arg(ap, void *), 0, 16, 0, 1);
			break;
		case 's':
			put_str(&o, &s, va_arg(ap, const char *));
			break;
		case 'c':
			/* Not through put_str: a NUL is a character here. */
			if (!s.left)
				pad(&o, ' ', s.width - 1);
			put(&o, (char)va_arg(ap, int));
			if (s.left)
				pad(&o, ' ', s.width - 1);
			break;
		case '%':
			put(&o, '%');
			break;
		case '\0':
			fmt--;		/* lone '%' at the end */
			break;
		default:		/* unknown: print it as written */
			put(&o, '%');
			put(&o, *fmt);
			break;
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int hv_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = hv_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
