/* SPDX-License-Identifier: MIT */
#ifndef DRIVERS_UART16550_H
#define DRIVERS_UART16550_H

#include <stdint.h>

#define COM1_PORT 0x3f8

/* 115200 8N1, FIFOs on, interrupts off; registers a console on success. */
void uart_init(uint16_t port);

#endif
