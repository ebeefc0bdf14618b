; SPDX-License-Identifier: MIT
; The console font: a PSF file from Debian's console-setup-linux package,
; decompressed by the Makefile and embedded here (FONT_FILE is set by it).
section .rodata
global fbcon_font, fbcon_font_end
fbcon_font:
	incbin FONT_FILE
fbcon_font_end:
