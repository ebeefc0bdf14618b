// SPDX-License-Identifier: MIT
/* The split virtqueue's device side (see virtqueue.h). Pure. */
#include "hv/dev/virtqueue.h"

#include "hv/lib/string.h"

#define DESC_SIZE	16
#define RING_HEADER	4	/* flags u16, idx u16 */
#define USED_ELEM	8	/* id u32, len u32 */

static uint64_t avail_size(uint16_t num)
{
	return RING_HEADER + 2ULL * num;
}

static uint64_t used_size(uint16_t num)
{
	return RING_HEADER + (uint64_t)USED_ELEM * num;
}

/* Little-endian loads and stores through the map; false if not in RAM. */
static bool load(const struct vq_mem *m, uint64_t gpa, void *v, unsigned n)
{
	const void *p = m->map(m->ctx, gpa, n);

	if (!p)
		return false;
	memcpy(v, p, n);	/* x86 is little-endian, as virtio 1.x */
	return true;
}

static bool store(const struct vq_mem *m, uint64_t gpa, const void *v,
		  unsigned n)
{
	void *p = m->map(m->ctx, gpa, n);

	if (!p)
		return false;
	memcpy(p, v, n);
	return true;
}

static bool ring_in_memory(const struct vq_mem *m, uint64_t gpa,
			   uint64_t len)
{
	return gpa + len >= gpa && m->map(m->ctx, gpa, len);
}

int vq_check_layout(const struct virtqueue *q, const struct vq_mem *m,
		    uint16_t num_max, const char **why)
{
	if (!q->num || (q->num & (q->num - 1)) || q->num > num_max) {
		*why = "queue size is not a power of 2 up to QueueNumMax";
		return -1;
	}
	/* 2.7 "Virtqueue Alignment" (table 2.2). */
	if ((q->desc & 15) || (q->avail & 1) || (q->used & 3)) {
		*why = "misaligned ring";
		return -1;
	}
	if (!ring_in_memory(m, q->desc, (uint64_t)DESC_SIZE * q->num) ||
	    !ring_in_memory(m, q->avail, avail_size(q->num)) ||
	    !ring_in_memory(m, q->used, used_size(q->num))) {
		*why = "ring outside the guest's RAM";
		return -1;
	}
	return 0;
}

void vq_reset_indices(struct virtqueue *q)
{
	q->last_avail = 0;
	q->used_idx = 0;
}

struct desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next;
};

static bool read_desc(const struct virtqueue *q, const struct vq_mem *m,
		      uint16_t i, struct desc *d)
{
	uint8_t raw[DESC_SIZE];

	if (!load(m, q->desc + (uint64_t)DESC_SIZE * i, raw, DESC_SIZE))
		return false;
	memcpy(&d->addr, raw, 8);
	memcpy(&d->len, raw + 8, 4);
	memcpy(&d->flags, raw + 12, 2);
	memcpy(&d->next, raw + 14, 2);
	return true;
}

static int refuse(const char **why, const char *reason)
{
	*why = reason;
	return -1;
}

/* Walk the chain from c->head once, checking every descriptor. */
static int check_chain(const struct virtqueue *q, const struct vq_mem *m,
		       struct vq_chain *c, const char **why)
{
	uint16_t i = c->head;
	uint64_t out = 0, in = 0;
	bool writing = false;
	struct desc d;

	for (;;) {
		if (i >= q->num)
			return refuse(why, "descriptor index past the queue");
		if (c->ndesc == q->num)
			return refuse(why, "descriptor chain longer than the "
				      "queue (a loop)");
		if (!read_desc(q, m, i, &d))
			return refuse(why, "descriptor table outside the "
				      "guest's RAM");
		c->ndesc++;
		if (d.flags & VQ_DESC_F_INDIRECT)
			return refuse(why, "indirect descriptor (not offered)");
		if (d.len > VQ_CHAIN_BYTES_MAX)
			return refuse(why, "descriptor length too large");
		if (d.len && (d.addr + d.len < d.addr ||
			      !m->map(m->ctx, d.addr, d.len)))
			return refuse(why, "buffer outside the guest's RAM");
		if (d.flags & VQ_DESC_F_WRITE) {
			writing = true;
			in += d.len;
		} else if (writing) {
			return refuse(why, "device-readable descriptor after "
				      "a device-writable one");
		} else {
			out += d.len;
		}
		if (out + in > VQ_CHAIN_BYTES_MAX)
			return refuse(why, "descriptor chain too long in bytes");
		if (!(d.flags & VQ_DESC_F_NEXT))
			break;
		i = d.next;
	}
	c->out_len = (uint32_t)out;
	c->in_len = (uint32_t)in;
	c->cur = c->head;
	c->left = c->ndesc;
	return 0;
}

int vq_pop(struct virtqueue *q, const struct vq_mem *m, struct vq_chain *c,
	   const char **why)
{
	uint16_t idx, head;

	if (!load(m, q->avail + 2, &idx, 2))
		return refuse(why, "avail ring outside the guest's RAM");
	if ((uint16_t)(idx - q->last_avail) > q->num)
		return refuse(why, "avail.idx more than the queue size ahead");
	if (idx == q->last_avail)
		return 0;
	if (!load(m, q->avail + RING_HEADER +
		  2ULL * (q->last_avail & (q->num - 1)), &head, 2))
		return refuse(why, "avail ring outside the guest's RAM");
	*c = (struct vq_chain){ .head = head };
	if (check_chain(q, m, c, why))
		return -1;
	q->last_avail++;
	return 1;
}

bool vq_chain_next(const struct virtqueue *q, const struct vq_mem *m,
		   struct vq_chain *c, struct vq_seg *s)
{
	struct desc d;

	if (!c->left || c->cur >= q->num || !read_desc(q, m, c->cur, &d))
		return false;
	c->left--;
	c->cur = d.next;
	if (!(d.flags & VQ_DESC_F_NEXT))
		c->left = 0;
	s->len = d.len;
	s->write = d.flags & VQ_DESC_F_WRITE;
	s->p = d.len ? m->map(m->ctx, d.addr, d.len) : NULL;
	/* Checked by vq_pop(); the guest cannot change it meanwhile. */
	return !d.len || s->p;
}

int vq_push(struct virtqueue *q, const struct vq_mem *m, uint16_t head,
	    uint32_t len, const char **why)
{
	uint64_t elem = q->used + RING_HEADER +
			(uint64_t)USED_ELEM * (q->used_idx & (q->num - 1));
	uint32_t id = head;
	uint16_t idx = (uint16_t)(q->used_idx + 1);

	if (!store(m, elem, &id, 4) || !store(m, elem + 4, &len, 4))
		return refuse(why, "used ring outside the guest's RAM");
	/* The element before the index: x86 keeps stores in order. */
	__asm__ volatile("" ::: "memory");
	if (!store(m, q->used + 2, &idx, 2))
		return refuse(why, "used ring outside the guest's RAM");
	q->used_idx = idx;
	return 0;
}

bool vq_should_interrupt(const struct virtqueue *q, const struct vq_mem *m)
{
	uint16_t flags;

	if (!load(m, q->avail, &flags, 2))
		return true;
	return !(flags & VQ_AVAIL_F_NO_INTERRUPT);
}
