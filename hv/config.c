// SPDX-License-Identifier: MIT
/*
 * hv.cfg parser. Freestanding: it runs in the UEFI loader, in the host unit
 * tests and under the fuzzer, so it touches nothing but its arguments and
 * reports every problem as one line that names the line and the reason.
 */
#include "hv/config.h"

#include <stdarg.h>

#include "hv/lib/format.h"

struct cursor {
	const char *p, *end;
	unsigned int line;
	struct config_error *err;
};

static int fail(struct cursor *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(struct cursor *c, const char *fmt, ...)
{
	va_list ap;

	c->err->line = c->line;
	va_start(ap, fmt);
	hv_vsnprintf(c->err->msg, sizeof(c->err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

static int is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

static int is_name_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || ch == '_' || ch == '-';
}

static int str_eq(const char *a, size_t alen, const char *b)
{
	size_t i;

	for (i = 0; i < alen; i++)
		if (!b[i] || a[i] != b[i])
			return 0;
	return b[i] == '\0';
}

static int str_eq_z(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

/*
 * Copy a value into @dst; in a quoted one, '\\' escapes the next character.
 * Unquoted values are taken as written (UEFI paths use backslashes).
 */
static size_t copy_value(char *dst, size_t dst_size, const char *v, size_t n,
			 int quoted)
{
	size_t out = 0;

	for (size_t i = 0; i < n; i++) {
		if (quoted && v[i] == '\\' && i + 1 < n)
			i++;
		if (out + 1 < dst_size)
			dst[out] = v[i];
		out++;
	}
	if (dst_size)
		dst[out < dst_size ? out : dst_size - 1] = '\0';
	return out;
}

int config_parse_size(const char *s, size_t len, uint64_t *out,
		      const char **why)
{
	uint64_t v = 0, mult = 1;
	size_t i = 0;

	if (len == 0) {
		*why = "empty size";
		return -1;
	}
	if (s[0] < '0' || s[0] > '9') {
		*why = "a size starts with a digit";
		return -1;
	}
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		if (v > (UINT64_MAX - 9) / 10) {
			*why = "number too large";
			return -1;
		}
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (i < len) {
		switch (s[i]) {
		case 'k': case 'K': mult = 1ULL << 10; break;
		case 'm': case 'M': mult = 1ULL << 20; break;
		case 'g': case 'G': mult = 1ULL << 30; break;
		default:
			*why = "unknown size suffix (use K, M or G)";
			return -1;
		}
		i++;
		/* Accept "MiB"/"MB" spellings too. */
		if (i < len && s[i] == 'i')
			i++;
		if (i < len && (s[i] == 'B' || s[i] == 'b'))
			i++;
		if (i != len) {
			*why = "unexpected characters after the size suffix";
			return -1;
		}
	}
	if (v > UINT64_MAX / mult) {
		*why = "number too large";
		return -1;
	}
	*out = v * mult;
	return 0;
}

int config_parse_duration(const char *s, size_t len, uint32_t *ms,
			  const char **why)
{
	uint64_t v = 0, mult;
	size_t i = 0;

	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		v = v * 10 + (uint64_t)(s[i] - '0');
		if (v > CONFIG_LIMIT_MAX_MS) {
			*why = "longer than an hour";
			return -1;
		}
	}
	if (i == 0) {
		*why = "a duration starts with a digit";
		return -1;
	}
	if (len - i == 2 && s[i] == 'm' && s[i + 1] == 's') {
		mult = 1;
	} else if (len - i == 1 && s[i] == 's') {
		mult = 1000;
	} else {
		*why = "give a unit: ms or s";
		return -1;
	}
	if (v * mult > CONFIG_LIMIT_MAX_MS) {
		*why = "longer than an hour";
		return -1;
	}
	if (v == 0) {
		*why = "must be more than 0";
		return -1;
	}
	*ms = (uint32_t)(v * mult);
	return 0;
}

enum { KEY_NAME, KEY_IMAGE, KEY_MEM, KEY_CMDLINE, KEY_LIMIT, KEY_TRACE,
       KEY_INITRD, KEY_MODULE, KEY_PV, KEY_VIRTIO, KEY_COUNT };
static const char *const key_names[KEY_COUNT] = {
	"name", "image", "mem", "cmdline", "limit", "trace", "initrd",
	"module", "pv", "virtio",
};

/*
 * module=PATH or module="PATH args": a Multiboot module, repeatable. The
 * value is the module's string; its first word the file.
 */
static int set_module(struct cursor *c, struct boot_guest *g, const char *v,
		      size_t n, int quoted)
{
	struct boot_module *m;
	size_t len, path = 0;

	if (g->module_count == BOOT_GUEST_MODULES_MAX)
		return fail(c, "module: more than %d modules", BOOT_GUEST_MODULES_MAX);
	m = &g->modules[g->module_count];
	len = copy_value(m->string, sizeof(m->string), v, n, quoted);
	if (len >= sizeof(m->string))
		return fail(c, "module: longer than %zu characters",
			    sizeof(m->string) - 1);
	while (m->string[path] && m->string[path] != ' ' &&
	       m->string[path] != '\t')
		path++;
	if (path == 0)
		return fail(c, "module: empty path");
	if (path >= BOOT_GUEST_PATH_MAX)
		return fail(c, "module '%.*s': path longer than %d characters",
			    (int)path, m->string, BOOT_GUEST_PATH_MAX - 1);
	g->module_count++;
	return 0;
}

static int set_key(struct cursor *c, struct boot_guest *g, int key,
		   const char *v, size_t n, int quoted)
{
	const char *why;

	switch (key) {
	case KEY_NAME:
		if (n == 0 || n >= sizeof(g->name))
			return fail(c, "name '%.*s': must be 1 to %zu characters",
				    (int)n, v, sizeof(g->name) - 1);
		for (size_t i = 0; i < n; i++)
			if (!is_name_char(v[i]))
				return fail(c, "name '%.*s': only letters, digits, '_' and '-' are allowed",
					    (int)n, v);
		copy_value(g->name, sizeof(g->name), v, n, quoted);
		return 0;
	case KEY_IMAGE:
		if (n == 0)
			return fail(c, "image: empty path");
		if (copy_value(g->image_path, sizeof(g->image_path), v, n, quoted) >=
		    sizeof(g->image_path))
			return fail(c, "image '%.*s': path longer than %zu characters",
				    (int)n, v, sizeof(g->image_path) - 1);
		return 0;
	case KEY_MEM:
		if (config_parse_size(v, n, &g->mem_bytes, &why))
			return fail(c, "mem '%.*s': %s", (int)n, v, why);
		if (g->mem_bytes < CONFIG_GUEST_MEM_MIN ||
		    g->mem_bytes > CONFIG_GUEST_MEM_MAX)
			return fail(c, "mem '%.*s': must be between 2M and 3G",
				    (int)n, v);
		if (g->mem_bytes & 0xfff)
			return fail(c, "mem '%.*s': must be a multiple of 4K",
				    (int)n, v);
		return 0;
	case KEY_CMDLINE:
		if (copy_value(g->cmdline, sizeof(g->cmdline), v, n, quoted) >=
		    sizeof(g->cmdline))
			return fail(c, "cmdline: longer than %zu characters",
				    sizeof(g->cmdline) - 1);
		return 0;
	case KEY_INITRD:		/* a Linux guest's initial ramdisk */
		if (n == 0)
			return fail(c, "initrd: empty path");
		if (copy_value(g->initrd_path, sizeof(g->initrd_path), v, n,
			       quoted) >= sizeof(g->initrd_path))
			return fail(c, "initrd '%.*s': path longer than %zu characters",
				    (int)n, v, sizeof(g->initrd_path) - 1);
		return 0;
	case KEY_MODULE:
		return set_module(c, g, v, n, quoted);
	case KEY_LIMIT:
		if (config_parse_duration(v, n, &g->limit_ms, &why))
			return fail(c, "limit '%.*s': %s", (int)n, v, why);
		return 0;
	case KEY_TRACE:
		if (str_eq(v, n, "on"))
			g->trace = BOOT_TRACE_ON;
		else if (str_eq(v, n, "off"))
			g->trace = BOOT_TRACE_OFF;
		else
			return fail(c, "trace '%.*s': expected on or off",
				    (int)n, v);
		return 0;
	case KEY_PV:		/* docs/hypercalls.md, "Who may call" */
		if (str_eq(v, n, "eduhv"))
			g->pv = BOOT_PV_EDUHV;
		else if (str_eq(v, n, "none"))
			g->pv = BOOT_PV_NONE;
		else
			return fail(c, "pv '%.*s': pv= must be none or eduhv",
				    (int)n, v);
		return 0;
	case KEY_VIRTIO:	/* docs/configuration.md, "virtio=" */
		if (str_eq(v, n, "console"))
			g->virtio = BOOT_VIRTIO_CONSOLE;
		else if (str_eq(v, n, "none"))
			g->virtio = BOOT_VIRTIO_NONE;
		else
			return fail(c, "virtio '%.*s': virtio= must be none or "
				    "console", (int)n, v);
		return 0;
	}
	return fail(c, "internal error: key %d", key);
}

/* Parse "key=value" pairs after the word "guest" up to the end of the line. */
static int parse_guest(struct cursor *c, const char *p, const char *eol,
		       struct boot_guest *g)
{
	int seen[KEY_COUNT] = { 0 };

	for (;;) {
		const char *k, *v;
		size_t klen, vlen;
		int key, quoted;

		while (p < eol && is_space(*p))
			p++;
		if (p == eol || *p == '#')
			break;
		k = p;
		while (p < eol && !is_space(*p) && *p != '=')
			p++;
		klen = (size_t)(p - k);
		if (p == eol || *p != '=')
			return fail(c, "'%.*s': expected key=value", (int)klen, k);
		for (key = 0; key < KEY_COUNT; key++)
			if (str_eq(k, klen, key_names[key]))
				break;
		if (key == KEY_COUNT)
			return fail(c, "unknown key '%.*s' (expected name, image, mem, cmdline, limit, trace, initrd, module, pv or virtio)",
				    (int)klen, k);
		if (seen[key]++ && key != KEY_MODULE)
			return fail(c, "key '%s' given twice", key_names[key]);
		p++;
		quoted = p < eol && *p == '"';
		if (quoted) {
			v = ++p;
			while (p < eol && *p != '"') {
				if (*p == '\\' && p + 1 < eol)
					p++;
				p++;
			}
			if (p == eol)
				return fail(c, "%s: missing closing quote",
					    key_names[key]);
			vlen = (size_t)(p - v);
			p++;
			if (p < eol && !is_space(*p))
				return fail(c, "%s: unexpected '%c' after closing quote",
					    key_names[key], *p);
		} else {
			v = p;
			while (p < eol && !is_space(*p))
				p++;
			vlen = (size_t)(p - v);
		}
		if (set_key(c, g, key, v, vlen, quoted))
			return -1;
	}
	for (int key = 0; key < KEY_CMDLINE; key++)	/* the required ones */
		if (!seen[key])
			return fail(c, "guest line is missing %s=", key_names[key]);
	return 0;
}

/* "schedule round-robin" or "schedule sequential"; @p after the word. */
static int parse_schedule(struct cursor *c, const char *p, const char *eol,
			  struct boot_options *opts, int *seen)
{
	const char *w;

	while (p < eol && is_space(*p))
		p++;
	w = p;
	while (p < eol && !is_space(*p))
		p++;
	if (*seen)
		return fail(c, "schedule given twice");
	*seen = 1;
	if (str_eq(w, (size_t)(p - w), "round-robin"))
		opts->schedule = BOOT_SCHED_ROUND_ROBIN;
	else if (str_eq(w, (size_t)(p - w), "sequential"))
		opts->schedule = BOOT_SCHED_SEQUENTIAL;
	else
		return fail(c, "schedule '%.*s': expected round-robin or sequential",
			    (int)(p - w), w);
	while (p < eol && is_space(*p))
		p++;
	if (p < eol && *p != '#')
		return fail(c, "schedule: unexpected '%.*s' after the policy",
			    (int)(eol - p), p);
	return 0;
}

static int is_word(const char *p, const char *eol, const char *word)
{
	size_t n = 0;

	while (word[n])
		n++;
	return (size_t)(eol - p) >= n && str_eq(p, n, word) &&
	       ((size_t)(eol - p) == n || is_space(p[n]));
}

int config_parse(const char *text, size_t len, struct boot_guest *guests,
		 unsigned int max, unsigned int *count,
		 struct boot_options *opts, struct config_error *err)
{
	struct cursor c = { text, text + len, 0, err };
	unsigned int n = 0;
	int schedule_seen = 0;

	*opts = (struct boot_options){ .schedule = BOOT_SCHED_ROUND_ROBIN };

	err->line = 0;
	err->msg[0] = '\0';
	while (c.p < c.end) {
		const char *line = c.p, *eol = c.p, *p;
		struct boot_guest *g;

		c.line++;
		while (eol < c.end && *eol != '\n')
			eol++;
		c.p = eol < c.end ? eol + 1 : eol;
		if ((size_t)(eol - line) > CONFIG_LINE_MAX)
			return fail(&c, "line longer than %d characters",
				    CONFIG_LINE_MAX);
		for (p = line; p < eol; p++)
			if ((unsigned char)*p < 0x20 && *p != '\t' && *p != '\r')
				return fail(&c, "control character 0x%02x at column %d",
					    (unsigned char)*p, (int)(p - line) + 1);
			else if ((unsigned char)*p >= 0x7f)
				return fail(&c, "non-ASCII byte 0x%02x at column %d",
					    (unsigned char)*p, (int)(p - line) + 1);

		p = line;
		while (p < eol && is_space(*p))
			p++;
		if (p == eol || *p == '#')
			continue;
		if (is_word(p, eol, "schedule")) {
			if (parse_schedule(&c, p + 8, eol, opts, &schedule_seen))
				return -1;
			continue;
		}
		if (!is_word(p, eol, "guest")) {
			const char *w = p;

			while (p < eol && !is_space(*p))
				p++;
			return fail(&c, "unknown directive '%.*s' (expected 'guest' or 'schedule')",
				    (int)(p - w), w);
		}
		if (n == max)
			return fail(&c, "too many guests (at most %u)", max);
		g = &guests[n];
		*g = (struct boot_guest){ .config_line = c.line };
		if (parse_guest(&c, p + 5, eol, g))
			return -1;
		for (unsigned int i = 0; i < n; i++)
			if (str_eq_z(guests[i].name, g->name))
				return fail(&c, "guest name '%s' already used on line %u",
					    g->name, guests[i].config_line);
		n++;
	}
	*count = n;
	return 0;
}
