// SPDX-License-Identifier: MIT
/*
 * Framebuffer text console. Glyphs come from an embedded PSF1/PSF2 font.
 * When the screen is full the console wraps to the top and clears the line
 * below the cursor instead of scrolling: moving the whole framebuffer for
 * each line is slow in an emulator, and the serial port keeps the record.
 */
#include "drivers/fbcon.h"

#include "hv/printk.h"

#define PSF1_MAGIC	0x0436
#define PSF2_MAGIC	0x864ab572
#define FG		0x00c0c0c0
#define BG		0x00000000

extern const uint8_t fbcon_font[], fbcon_font_end[];

static struct {
	volatile uint32_t *fb;
	uint32_t pitch;		/* in pixels */
	uint32_t cols, rows, col, row;
	const uint8_t *glyphs;
	uint32_t glyph_count, glyph_bytes, width, height;
} con;

static int font_init(void)
{
	const uint8_t *f = fbcon_font;
	uint64_t size = (uint64_t)(fbcon_font_end - fbcon_font);

	if (size >= 4 && (f[0] | f[1] << 8) == PSF1_MAGIC) {
		con.width = 8;
		con.height = f[3];
		con.glyph_bytes = f[3];
		con.glyph_count = (f[2] & 1) ? 512 : 256;
		con.glyphs = f + 4;
	} else if (size >= 32 &&
		   (uint32_t)(f[0] | f[1] << 8 | f[2] << 16 | (uint32_t)f[3] << 24) ==
		   PSF2_MAGIC) {
		const uint32_t *h = (const uint32_t *)f;

		con.glyphs = f + h[2];
		con.glyph_count = h[4];
		con.glyph_bytes = h[5];
		con.height = h[6];
		con.width = h[7];
	} else {
		return -1;
	}
	return con.glyphs + (uint64_t)con.glyph_count * con.glyph_bytes <=
	       fbcon_font_end && con.width && con.height ? 0 : -1;
}

static void draw(uint32_t col, uint32_t row, unsigned char c)
{
	uint32_t stride = (con.width + 7) / 8;
	const uint8_t *g = con.glyphs +
			   (c < con.glyph_count ? c : '?') * con.glyph_bytes;
	volatile uint32_t *px = con.fb + (uint64_t)row * con.height * con.pitch +
				col * con.width;

	for (uint32_t y = 0; y < con.height; y++, px += con.pitch)
		for (uint32_t x = 0; x < con.width; x++)
			px[x] = g[y * stride + x / 8] & (0x80 >> (x % 8)) ? FG : BG;
}

static void clear_row(uint32_t row)
{
	for (uint32_t c = 0; c < con.cols; c++)
		draw(c, row, ' ');
}

static void newline(void)
{
	con.col = 0;
	con.row = (con.row + 1) % con.rows;
	clear_row(con.row);
	clear_row((con.row + 1) % con.rows);	/* shows where the end is */
}

static void fbcon_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n') {
			newline();
			continue;
		}
		if (s[i] == '\r')
			continue;
		if (con.col == con.cols)
			newline();
		draw(con.col++, con.row, (unsigned char)s[i]);
	}
}

static const struct console fb_console = {
	.name = "framebuffer",
	.write = fbcon_write,
};

void fbcon_init(const struct boot_framebuffer *fb)
{
	if (fb->format == BOOT_FB_NONE || !fb->base || font_init())
		return;
	con.fb = (volatile uint32_t *)fb->base;	/* identity-mapped */
	con.pitch = fb->pixels_per_line;
	con.cols = fb->width / con.width;
	con.rows = fb->height / con.height;
	if (con.cols < 20 || con.rows < 4)
		return;
	for (uint32_t r = 0; r < con.rows; r++)
		clear_row(r);
	console_register(&fb_console);
}
