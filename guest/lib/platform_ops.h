/* SPDX-License-Identifier: MIT */
/*
 * Inside the platform: what a backend provides (platform.c calls the one
 * it chose through this table, as Linux's paravirt ops do). Workloads use
 * platform.h, never this.
 */
#ifndef GUEST_LIB_PLATFORM_OPS_H
#define GUEST_LIB_PLATFORM_OPS_H

#include <stddef.h>
#include <stdint.h>

struct platform_ops {
	const char *name;
	void (*init)(void);
	void (*console_write)(const char *buf, size_t len);
	void (*console_flush)(void);
	int (*timer_start)(unsigned int hz);
	uint64_t (*ticks)(void);
	void (*idle)(void);
	void (*yield)(void);
	void (*exit)(int status);	/* @status in 0..127; must not return */
};

extern const struct platform_ops pc_platform;	/* pc.c */
extern const struct platform_ops pv_platform;	/* pv.c */

#endif
