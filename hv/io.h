/* SPDX-License-Identifier: MIT */
#ifndef HV_IO_H
#define HV_IO_H

#include <stdint.h>

#include "hv/exit.h"

struct vm;

/* Ports the guest platform decodes (docs/platform.md). */
#define PORT_PIC_MASTER		0x20
#define PORT_PIT		0x40
#define PORT_SYSCTL_B		0x61	/* PIT channel 2 gate and output */
#define PORT_POST		0x80
#define PORT_PIC_SLAVE		0xa0
#define PORT_DEBUG_EXIT		0xf4
#define PORT_STATS_MARK		0xf8	/* EduHV's: keep the exit counts */
#define PORT_COM1		0x3f8
#define PORT_ELCR		0x4d0	/* 0x4d0 ELCR1, 0x4d1 ELCR2 (PIIX3) */

/*
 * One port access of @size bytes (1, 2, 4) by the guest. Unclaimed ports
 * read as all ones and ignore writes, as on a PC.
 */
uint32_t io_port_read(struct vm *vm, uint16_t port, unsigned int size);
void io_port_write(struct vm *vm, uint16_t port, unsigned int size,
		   uint32_t value);

enum exit_action handle_io(struct vcpu *v, const struct hv_exit *e);

#endif
