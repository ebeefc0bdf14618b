// SPDX-License-Identifier: MIT
/* virtio-console's two queues (see virtio_console.h). Pure. */
#include "hv/dev/virtio_console.h"

#include "hv/lib/string.h"

static void transmit(struct virtio_mmio *t, unsigned int queue);

static const struct virtio_device_ops console_ops = {
	.device_id = VIRTIO_ID_CONSOLE,
	.queues = 2,
	.queue_num_max = VIRTIO_CONSOLE_QUEUE_NUM_MAX,
	.features = VIRTIO_F_VERSION_1,
	.notify = transmit,
};

void virtio_console_init(struct virtio_console *c, const struct vq_mem *mem,
			 void (*emit)(void *ctx, const uint8_t *p, size_t n),
			 void (*set_irq)(void *ctx, bool level),
			 void (*report)(void *ctx, int queue, const char *why),
			 void *ctx)
{
	*c = (struct virtio_console){ .emit = emit, .emit_ctx = ctx };
	virtio_mmio_init(&c->mmio, &console_ops, c, mem, set_irq, report, ctx);
}

/* QueueNotify: the transmitq's chains, all of them, now. */
static void transmit(struct virtio_mmio *t, unsigned int queue)
{
	struct virtio_console *c = t->dev;
	struct virtqueue *q = virtio_mmio_queue(t, VIRTIO_CONSOLE_TX);
	bool used = false;
	uint32_t sent = 0;
	struct vq_chain ch;
	struct vq_seg s;
	const char *why;
	int rc = 0;

	if (queue != VIRTIO_CONSOLE_TX || !q)
		return;		/* receiveq: its buffers wait for input */
	while (sent < VIRTIO_CONSOLE_TX_BUDGET &&
	       (rc = vq_pop(q, &t->mem, &ch, &why)) == 1) {
		if (ch.in_len) {
			virtio_mmio_fail(t, VIRTIO_CONSOLE_TX,
					 "device-writable buffer on the "
					 "transmitq");
			return;
		}
		if (ch.out_len > VIRTIO_CONSOLE_TX_CHAIN_MAX) {
			virtio_mmio_fail(t, VIRTIO_CONSOLE_TX,
					 "transmit chain of more than 64 KiB");
			return;
		}
		sent += ch.out_len;
		while (vq_chain_next(q, &t->mem, &ch, &s))
			if (s.len) {
				c->emit(c->emit_ctx, s.p, s.len);
				c->tx_bytes += s.len;
			}
		c->tx_chains++;
		if (vq_push(q, &t->mem, ch.head, 0, &why)) {
			virtio_mmio_fail(t, VIRTIO_CONSOLE_TX, why);
			return;
		}
		used = true;
	}
	if (rc < 0) {
		virtio_mmio_fail(t, VIRTIO_CONSOLE_TX, why);
		return;
	}
	if (used && vq_should_interrupt(q, &t->mem))
		virtio_mmio_used(t);
}

bool virtio_console_ready(struct virtio_console *c)
{
	return virtio_mmio_queue(&c->mmio, VIRTIO_CONSOLE_RX) != NULL;
}

size_t virtio_console_receive(struct virtio_console *c, const uint8_t *buf,
			      size_t n)
{
	struct virtio_mmio *t = &c->mmio;
	struct virtqueue *q = virtio_mmio_queue(t, VIRTIO_CONSOLE_RX);
	size_t done = 0;
	struct vq_chain ch;
	struct vq_seg s;
	const char *why;
	int rc = 0;

	while (q && done < n) {
		uint32_t len = 0;

		rc = vq_pop(q, &t->mem, &ch, &why);
		if (rc <= 0)
			break;
		if (ch.out_len) {
			rc = -1;
			why = "device-readable buffer on the receiveq";
			break;
		}
		while (done < n && vq_chain_next(q, &t->mem, &ch, &s)) {
			size_t k = n - done < s.len ? n - done : s.len;

			memcpy(s.p, buf + done, k);
			done += k;
			len += (uint32_t)k;
		}
		c->rx_chains++;
		if (vq_push(q, &t->mem, ch.head, len, &why)) {
			rc = -1;
			break;
		}
	}
	if (rc < 0) {
		virtio_mmio_fail(t, VIRTIO_CONSOLE_RX, why);
		return n;	/* a stopped device drops what it was given */
	}
	c->rx_bytes += done;
	if (done && vq_should_interrupt(q, &t->mem))
		virtio_mmio_used(t);
	return done;
}
