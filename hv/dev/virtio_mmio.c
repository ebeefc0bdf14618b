// SPDX-License-Identifier: MIT
/* The virtio-mmio transport, version 2 (see virtio_mmio.h). Pure. */
#include "hv/dev/virtio_mmio.h"

#include <stddef.h>

static void update_irq(struct virtio_mmio *t)
{
	bool level = t->interrupt_status != 0;

	if (level == t->irq)
		return;
	t->irq = level;
	if (t->set_irq)
		t->set_irq(t->ctx, level);
}

/* Status 0 (4.2.3.1): everything back to how it came out of reset. */
static void reset(struct virtio_mmio *t)
{
	t->status = 0;
	t->device_features_sel = t->driver_features_sel = 0;
	t->driver_features = 0;
	t->driver_features_bad = false;
	t->queue_sel = 0;
	t->interrupt_status = 0;
	t->broken = false;
	for (unsigned int i = 0; i < VIRTIO_QUEUES_MAX; i++)
		t->q[i] = (struct virtio_mmio_queue){ 0 };
	update_irq(t);
}

void virtio_mmio_init(struct virtio_mmio *t, const struct virtio_device_ops *ops,
		      void *dev, const struct vq_mem *mem,
		      void (*set_irq)(void *ctx, bool level),
		      void (*report)(void *ctx, int queue, const char *why),
		      void *ctx)
{
	*t = (struct virtio_mmio){ .ops = ops, .dev = dev, .mem = *mem,
				   .set_irq = set_irq, .report = report,
				   .ctx = ctx };
	reset(t);
}

bool virtio_mmio_live(const struct virtio_mmio *t)
{
	return (t->status & VIRTIO_STATUS_DRIVER_OK) && !t->broken;
}

struct virtqueue *virtio_mmio_queue(struct virtio_mmio *t, unsigned int n)
{
	if (n >= t->ops->queues || !t->q[n].ready || !virtio_mmio_live(t))
		return NULL;
	return &t->q[n].vq;
}

void virtio_mmio_used(struct virtio_mmio *t)
{
	t->interrupt_status |= VIRTIO_INT_USED;
	update_irq(t);
}

void virtio_mmio_fail(struct virtio_mmio *t, int queue, const char *why)
{
	if (t->broken)
		return;			/* the first reason is the one */
	t->broken = true;
	t->status |= VIRTIO_STATUS_NEEDS_RESET;
	if (t->report)
		t->report(t->ctx, queue, why);
	if (t->status & VIRTIO_STATUS_DRIVER_OK) {
		t->interrupt_status |= VIRTIO_INT_CONFIG;
		update_irq(t);
	}
}

/* The selected queue, or NULL if the device has no such queue. */
static struct virtio_mmio_queue *selected(struct virtio_mmio *t)
{
	return t->queue_sel < t->ops->queues ? &t->q[t->queue_sel] : NULL;
}

static uint32_t device_features(const struct virtio_mmio *t)
{
	uint64_t f = t->ops->features | VIRTIO_F_VERSION_1;

	if (t->device_features_sel > 1)
		return 0;
	return (uint32_t)(f >> (32 * t->device_features_sel));
}

uint64_t virtio_mmio_read(struct virtio_mmio *t, uint64_t off,
			  unsigned int size)
{
	struct virtio_mmio_queue *q = selected(t);

	if (off >= VIRTIO_MMIO_CONFIG)
		return 0;	/* no config field is offered (no features) */
	if (size != 4 || (off & 3)) {
		t->bad_accesses++;
		virtio_mmio_fail(t, -1, "register read that is not an aligned "
				 "32-bit word");
		return ~0ULL;
	}
	switch (off) {
	case VIRTIO_MMIO_MAGIC_VALUE:
		return VIRTIO_MMIO_MAGIC;
	case VIRTIO_MMIO_VERSION:
		return VIRTIO_MMIO_VERSION_2;
	case VIRTIO_MMIO_DEVICE_ID:
		return t->ops->device_id;
	case VIRTIO_MMIO_VENDOR_ID:
		return VIRTIO_VENDOR_ID;
	case VIRTIO_MMIO_DEVICE_FEATURES:
		return device_features(t);
	case VIRTIO_MMIO_QUEUE_NUM_MAX:
		return q ? t->ops->queue_num_max : 0;
	case VIRTIO_MMIO_QUEUE_READY:
		return q ? q->ready : 0;
	case VIRTIO_MMIO_INTERRUPT_STATUS:
		return t->interrupt_status;
	case VIRTIO_MMIO_STATUS:
		return t->status;
	case VIRTIO_MMIO_CONFIG_GENERATION:
		return 0;
	default:
		return 0;	/* write-only or reserved */
	}
}

/* QueueReady 1: the rings must be where the driver may put them. */
static void queue_ready(struct virtio_mmio *t, struct virtio_mmio_queue *q,
			uint32_t value)
{
	const char *why;

	if (!(value & 1)) {
		q->ready = false;
		return;
	}
	if (q->ready)
		return;
	if (vq_check_layout(&q->vq, &t->mem, t->ops->queue_num_max, &why)) {
		virtio_mmio_fail(t, (int)t->queue_sel, why);
		return;
	}
	vq_reset_indices(&q->vq);
	q->ready = true;
}

/* A ring register: only while the queue is not ready (4.2.3.2). */
static void queue_field(struct virtio_mmio *t, struct virtio_mmio_queue *q,
			uint64_t off, uint32_t value)
{
	uint64_t *addr;

	if (q->ready) {
		virtio_mmio_fail(t, (int)t->queue_sel,
				 "ring registers written while the queue is "
				 "ready");
		return;
	}
	switch (off & ~7ULL) {
	case VIRTIO_MMIO_QUEUE_DESC_LOW:
		addr = &q->vq.desc;
		break;
	case VIRTIO_MMIO_QUEUE_DRIVER_LOW:
		addr = &q->vq.avail;
		break;
	case VIRTIO_MMIO_QUEUE_DEVICE_LOW:
		addr = &q->vq.used;
		break;
	default:			/* QueueNum */
		q->vq.num = value > 0xffff ? 0 : (uint16_t)value;
		return;
	}
	if (off & 4)
		*addr = (*addr & 0xffffffffULL) | (uint64_t)value << 32;
	else
		*addr = (*addr & ~0xffffffffULL) | value;
}

/*
 * Status: 0 resets; otherwise the driver only adds bits (2.1.1).
 * FEATURES_OK stays set only if the driver took offered features, VERSION_1
 * among them (2.2.1); DRIVER_OK before FEATURES_OK breaks the rules.
 */
static void write_status(struct virtio_mmio *t, uint32_t value)
{
	uint64_t offered = t->ops->features | VIRTIO_F_VERSION_1;

	if (value == 0) {
		reset(t);
		return;
	}
	value &= 0xff & ~(uint32_t)VIRTIO_STATUS_NEEDS_RESET;
	if ((value & VIRTIO_STATUS_FEATURES_OK) &&
	    !(t->status & VIRTIO_STATUS_FEATURES_OK) &&
	    (t->driver_features_bad || (t->driver_features & ~offered) ||
	     !(t->driver_features & VIRTIO_F_VERSION_1)))
		value &= ~(uint32_t)VIRTIO_STATUS_FEATURES_OK;
	if ((value & VIRTIO_STATUS_DRIVER_OK) &&
	    !(value & VIRTIO_STATUS_FEATURES_OK)) {
		value &= ~(uint32_t)VIRTIO_STATUS_DRIVER_OK;
		t->status = value | (t->broken ? VIRTIO_STATUS_NEEDS_RESET : 0);
		virtio_mmio_fail(t, -1, "DRIVER_OK without FEATURES_OK");
		return;
	}
	/* NEEDS_RESET stays until the driver resets the device. */
	t->status = value | (t->broken ? VIRTIO_STATUS_NEEDS_RESET : 0);
}

static void write_driver_features(struct virtio_mmio *t, uint32_t value)
{
	if (t->driver_features_sel > 1) {
		if (value)
			t->driver_features_bad = true;
		return;
	}
	if (t->driver_features_sel)
		t->driver_features = (t->driver_features & 0xffffffffULL) |
				     (uint64_t)value << 32;
	else
		t->driver_features = (t->driver_features & ~0xffffffffULL) |
				     value;
}

void virtio_mmio_write(struct virtio_mmio *t, uint64_t off, unsigned int size,
		       uint64_t value64)
{
	struct virtio_mmio_queue *q = selected(t);
	uint32_t value = (uint32_t)value64;

	if (off >= VIRTIO_MMIO_CONFIG)
		return;		/* console config is read-only */
	if (size != 4 || (off & 3)) {
		t->bad_accesses++;
		virtio_mmio_fail(t, -1, "register write that is not an aligned "
				 "32-bit word");
		return;
	}
	if (off == VIRTIO_MMIO_STATUS) {
		write_status(t, value);
		return;
	}
	if (off == VIRTIO_MMIO_INTERRUPT_ACK) {
		t->interrupt_status &= ~value;
		update_irq(t);
		return;
	}
	if (t->broken)
		return;		/* nothing else until the driver resets it */
	switch (off) {
	case VIRTIO_MMIO_DEVICE_FEATURES_SEL:
		t->device_features_sel = value;
		break;
	case VIRTIO_MMIO_DRIVER_FEATURES_SEL:
		t->driver_features_sel = value;
		break;
	case VIRTIO_MMIO_DRIVER_FEATURES:
		write_driver_features(t, value);
		break;
	case VIRTIO_MMIO_QUEUE_SEL:
		t->queue_sel = value;
		break;
	case VIRTIO_MMIO_QUEUE_READY:
		if (q)
			queue_ready(t, q, value);
		break;
	case VIRTIO_MMIO_QUEUE_NUM:
	case VIRTIO_MMIO_QUEUE_DESC_LOW:
	case VIRTIO_MMIO_QUEUE_DESC_HIGH:
	case VIRTIO_MMIO_QUEUE_DRIVER_LOW:
	case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
	case VIRTIO_MMIO_QUEUE_DEVICE_LOW:
	case VIRTIO_MMIO_QUEUE_DEVICE_HIGH:
		if (q)
			queue_field(t, q, off, value);
		break;
	case VIRTIO_MMIO_QUEUE_NOTIFY:
		t->notifies++;
		if (value < t->ops->queues && virtio_mmio_queue(t, value) &&
		    t->ops->notify)
			t->ops->notify(t, value);
		break;
	default:
		break;		/* read-only or reserved: ignored */
	}
}
