/* SPDX-License-Identifier: MIT */
/*
 * The virtio-mmio transport, version 2 (virtio 1.2, 4.2): a 0x200-byte
 * register window, 32-bit little-endian registers accessed as aligned
 * 32-bit words, the device status state machine (2.1), feature
 * negotiation (only VIRTIO_F_VERSION_1, bit 32, is offered), the queues'
 * setup, and the interrupt line (InterruptStatus bit 0 "used buffer",
 * bit 1 "configuration change"; the line is high while a bit is set).
 *
 * What the driver does wrong (another access width, a ring changed while
 * ready, a queue whose rings are not in its RAM, or a descriptor chain
 * the device refuses) stops the device: Status gets DEVICE_NEEDS_RESET
 * (0x40, 2.1.2), the queues are no longer touched until the driver resets
 * the device (Status 0), and the report callback gets one reason.
 *
 * Pure: the device behind it (virtio_console.c) and guest memory come as
 * callbacks, so the host unit tests drive the registers.
 */
#ifndef HV_DEV_VIRTIO_MMIO_H
#define HV_DEV_VIRTIO_MMIO_H

#include <stdbool.h>
#include <stdint.h>

#include "hv/dev/virtqueue.h"

#define VIRTIO_MMIO_SIZE	0x200

/* Registers (4.2.2, table 4.1). */
#define VIRTIO_MMIO_MAGIC_VALUE		0x000
#define VIRTIO_MMIO_VERSION		0x004
#define VIRTIO_MMIO_DEVICE_ID		0x008
#define VIRTIO_MMIO_VENDOR_ID		0x00c
#define VIRTIO_MMIO_DEVICE_FEATURES	0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL	0x014
#define VIRTIO_MMIO_DRIVER_FEATURES	0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL	0x024
#define VIRTIO_MMIO_QUEUE_SEL		0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX	0x034
#define VIRTIO_MMIO_QUEUE_NUM		0x038
#define VIRTIO_MMIO_QUEUE_READY		0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY	0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS	0x060
#define VIRTIO_MMIO_INTERRUPT_ACK	0x064
#define VIRTIO_MMIO_STATUS		0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW	0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH	0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW	0x090
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH	0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW	0x0a0
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH	0x0a4
#define VIRTIO_MMIO_CONFIG_GENERATION	0x0fc
#define VIRTIO_MMIO_CONFIG		0x100

#define VIRTIO_MMIO_MAGIC	0x74726976	/* "virt" */
#define VIRTIO_MMIO_VERSION_2	2
#define VIRTIO_VENDOR_ID	0x56484445	/* "EDHV" */

/* Device status (2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE	1
#define VIRTIO_STATUS_DRIVER		2
#define VIRTIO_STATUS_DRIVER_OK		4
#define VIRTIO_STATUS_FEATURES_OK	8
#define VIRTIO_STATUS_NEEDS_RESET	0x40
#define VIRTIO_STATUS_FAILED		0x80

#define VIRTIO_F_VERSION_1	(1ULL << 32)

#define VIRTIO_INT_USED		1
#define VIRTIO_INT_CONFIG	2

#define VIRTIO_QUEUES_MAX	2

struct virtio_mmio;

/* What the transport needs from the device behind it. */
struct virtio_device_ops {
	uint32_t device_id;		/* 5.x: 3 = console */
	unsigned int queues;		/* at most VIRTIO_QUEUES_MAX */
	uint16_t queue_num_max;		/* a power of 2 */
	uint64_t features;		/* offered; VERSION_1 always */
	/* The driver wrote @queue to QueueNotify (the device is live). */
	void (*notify)(struct virtio_mmio *t, unsigned int queue);
};

struct virtio_mmio_queue {
	struct virtqueue vq;
	bool ready;
};

struct virtio_mmio {
	const struct virtio_device_ops *ops;
	void *dev;				/* the device's state */
	struct vq_mem mem;			/* the guest's RAM */
	/* The interrupt line, and where a stopped device says why. */
	void (*set_irq)(void *ctx, bool level);
	void (*report)(void *ctx, int queue, const char *why);
	void *ctx;

	uint32_t status;
	uint32_t device_features_sel, driver_features_sel;
	uint64_t driver_features;
	bool driver_features_bad;	/* bits written beyond word 1 */
	uint32_t queue_sel;
	uint32_t interrupt_status;
	bool irq;			/* the line's level */
	bool broken;			/* DEVICE_NEEDS_RESET until reset */
	struct virtio_mmio_queue q[VIRTIO_QUEUES_MAX];
	uint64_t notifies, bad_accesses;
};

void virtio_mmio_init(struct virtio_mmio *t, const struct virtio_device_ops *ops,
		      void *dev, const struct vq_mem *mem,
		      void (*set_irq)(void *ctx, bool level),
		      void (*report)(void *ctx, int queue, const char *why),
		      void *ctx);

/* An access at @off of @size bytes (1, 2, 4 or 8). */
uint64_t virtio_mmio_read(struct virtio_mmio *t, uint64_t off,
			  unsigned int size);
void virtio_mmio_write(struct virtio_mmio *t, uint64_t off, unsigned int size,
		       uint64_t value);

/* Has the driver said DRIVER_OK, and is the device not stopped? */
bool virtio_mmio_live(const struct virtio_mmio *t);

/* Queue @n if it is set up and the device is live, else NULL. */
struct virtqueue *virtio_mmio_queue(struct virtio_mmio *t, unsigned int n);

/* The device used buffers: InterruptStatus bit 0 and the line. */
void virtio_mmio_used(struct virtio_mmio *t);

/*
 * The device stops: DEVICE_NEEDS_RESET, one report (queue @queue, or -1
 * for the transport itself), a configuration change interrupt if the
 * driver is live (2.1.2).
 */
void virtio_mmio_fail(struct virtio_mmio *t, int queue, const char *why);

#endif
