/* SPDX-License-Identifier: MIT */
#ifndef DRIVERS_FBCON_H
#define DRIVERS_FBCON_H

#include "boot_info.h"

/* Text console on the GOP framebuffer; registers a console if usable. */
void fbcon_init(const struct boot_framebuffer *fb);

#endif
