/* SPDX-License-Identifier: MIT */
/*
 * virtio-console (virtio 1.2, 5.3) behind the virtio-mmio transport: one
 * port, no features (no MULTIPORT: no control queues, config unread).
 * Queue 0, receiveq, takes what the user types into the driver's
 * device-writable buffers; queue 1, transmitq, is the guest's output:
 * on its QueueNotify every available chain is taken at once, its bytes
 * go to the emit callback (the guest's console line, as the UART's), and
 * it is used with length 0 (5.3.6.2) before the notify returns, since
 * Linux waits for it.
 *
 * Pure: the hypervisor's glue is hv/virtio.c.
 */
#ifndef HV_DEV_VIRTIO_CONSOLE_H
#define HV_DEV_VIRTIO_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

#include "hv/dev/virtio_mmio.h"

#define VIRTIO_ID_CONSOLE	3
#define VIRTIO_CONSOLE_RX	0	/* receiveq */
#define VIRTIO_CONSOLE_TX	1	/* transmitq */
#define VIRTIO_CONSOLE_QUEUE_NUM_MAX	64
/*
 * One notify's output is done before the exit returns, so it is bounded:
 * a transmit chain of more than TX_CHAIN_MAX bytes stops the device
 * (Linux's hvc sends at most a page, a port write 32 KiB); once a notify
 * has sent TX_BUDGET bytes, the chains left wait for the next notify.
 */
#define VIRTIO_CONSOLE_TX_CHAIN_MAX	(64u << 10)
#define VIRTIO_CONSOLE_TX_BUDGET	(64u << 10)

struct virtio_console {
	struct virtio_mmio mmio;
	void (*emit)(void *ctx, const uint8_t *p, size_t n);
	void *emit_ctx;
	uint64_t tx_bytes, rx_bytes, tx_chains, rx_chains;
};

void virtio_console_init(struct virtio_console *c, const struct vq_mem *mem,
			 void (*emit)(void *ctx, const uint8_t *p, size_t n),
			 void (*set_irq)(void *ctx, bool level),
			 void (*report)(void *ctx, int queue, const char *why),
			 void *ctx);

/* Can it take input now: the driver is live and the receiveq set up? */
bool virtio_console_ready(struct virtio_console *c);

/*
 * Put up to @n typed bytes into the driver's receive buffers: how many
 * it took (0: no buffer, or not ready; the rest waits).
 */
size_t virtio_console_receive(struct virtio_console *c, const uint8_t *buf,
			      size_t n);

#endif
