/* SPDX-License-Identifier: MIT */
/*
 * Messages between guests (HC_MSG_SEND, HC_MSG_RECV): one bounded mailbox
 * per guest, HV_MAILBOX_SLOTS messages of at most HV_MSG_MAX bytes, first
 * in, first out. A full mailbox refuses (-HV_EAGAIN): the sender decides
 * whether to retry. Pure: the host unit tests run it.
 */
#ifndef HV_MAILBOX_H
#define HV_MAILBOX_H

#include <stdint.h>

#include "hypercall.h"

struct mail {
	uint32_t sender;
	uint32_t len;
	uint8_t data[HV_MSG_MAX];
};

struct mailbox {
	struct mail slot[HV_MAILBOX_SLOTS];
	uint32_t head, count;
};

void mailbox_init(struct mailbox *mb);

/* Queue a copy of @data. 0, -HV_E2BIG (too long) or -HV_EAGAIN (full). */
int mailbox_put(struct mailbox *mb, uint32_t sender, const void *data,
		uint32_t len);

/* The oldest message, or NULL if there is none; it stays queued. */
const struct mail *mailbox_peek(const struct mailbox *mb);

/* Drop the oldest message (after the receiver got it). */
void mailbox_pop(struct mailbox *mb);

#endif
