/* SPDX-License-Identifier: MIT */
/*
 * The split virtqueue (virtio 1.2, 2.7), seen from the device: take the
 * descriptor chains the driver made available, walk them, give them back
 * through the used ring. Everything in the rings is the guest's and is
 * treated as hostile: a chain longer than the queue (a loop), an index
 * past the queue, a range outside the guest's RAM, a length that does not
 * fit, avail.idx more than the queue size ahead, misaligned rings are all
 * refused with a reason, and nothing is ever read or written outside what
 * vq_mem.map() gives.
 *
 * Pure: guest memory is reached only through vq_mem, so the host unit
 * tests and the fuzzer run it over a buffer.
 *
 * Layout (2.7.5-2.7.8): descriptor table of num 16-byte entries {addr
 * u64, len u32, flags u16, next u16}, 16-aligned; avail ring {flags u16,
 * idx u16, ring[num] u16}, 2-aligned; used ring {flags u16, idx u16,
 * ring[num] {id u32, len u32}}, 4-aligned. No EVENT_IDX, no INDIRECT.
 */
#ifndef HV_DEV_VIRTQUEUE_H
#define HV_DEV_VIRTQUEUE_H

#include <stdbool.h>
#include <stdint.h>

#define VQ_DESC_F_NEXT		1
#define VQ_DESC_F_WRITE		2
#define VQ_DESC_F_INDIRECT	4
#define VQ_AVAIL_F_NO_INTERRUPT	1

#define VQ_NUM_MAX		32768	/* 2.7: Queue Size at most 32768 */
/* One chain moves at most this many bytes (a console's are a page). */
#define VQ_CHAIN_BYTES_MAX	(1u << 20)

/* Guest-physical memory: a host pointer to [gpa, gpa + len), or NULL. */
struct vq_mem {
	void *(*map)(void *ctx, uint64_t gpa, uint64_t len);
	void *ctx;
};

struct virtqueue {
	uint16_t num;			/* queue size, a power of 2 */
	uint64_t desc, avail, used;	/* guest-physical ring addresses */
	uint16_t last_avail;		/* the next avail entry to take */
	uint16_t used_idx;		/* what used.idx says */
};

/* A chain taken from the avail ring, checked whole. */
struct vq_chain {
	uint16_t head;
	uint16_t ndesc;
	uint32_t out_len;	/* device-readable bytes */
	uint32_t in_len;	/* device-writable bytes */
	/* iteration (vq_chain_next) */
	uint16_t cur, left;
};

/* One descriptor's buffer, mapped. */
struct vq_seg {
	uint8_t *p;
	uint32_t len;
	bool write;		/* device-writable */
};

/*
 * Are the rings of a queue of @q->num entries where they may be: num a
 * power of 2 no larger than @num_max, each ring aligned and wholly in
 * memory? 0, or -1 with *why set.
 */
int vq_check_layout(const struct virtqueue *q, const struct vq_mem *m,
		    uint16_t num_max, const char **why);

/* Start over (QueueReady, reset): nothing taken, nothing used. */
void vq_reset_indices(struct virtqueue *q);

/*
 * Take the next available chain and check all of it: 1 and @c filled,
 * 0 when nothing is available, -1 with *why when the driver broke the
 * rules (the queue must not be used again until reset). Device-readable
 * descriptors must come before device-writable ones (2.7.4.2).
 */
int vq_pop(struct virtqueue *q, const struct vq_mem *m, struct vq_chain *c,
	   const char **why);

/* The next buffer of a chain vq_pop() gave; false at its end. */
bool vq_chain_next(const struct virtqueue *q, const struct vq_mem *m,
		   struct vq_chain *c, struct vq_seg *s);

/*
 * Give chain @head back with @len bytes written into it: the used element
 * first, then used.idx (2.7.8.2). 0, or -1 with *why if the used ring is
 * no longer in memory.
 */
int vq_push(struct virtqueue *q, const struct vq_mem *m, uint16_t head,
	    uint32_t len, const char **why);

/* Does the driver want an interrupt (avail.flags NO_INTERRUPT clear)? */
bool vq_should_interrupt(const struct virtqueue *q, const struct vq_mem *m);

#endif
