// SPDX-License-Identifier: MIT
#include "hv/mailbox.h"

#include "hv/errno.h"

void mailbox_init(struct mailbox *mb)
{
	mb->head = 0;
	mb->count = 0;
}

int mailbox_put(struct mailbox *mb, uint32_t sender, const void *data,
		uint32_t len)
{
	struct mail *m;
	const uint8_t *src = data;

	if (len > HV_MSG_MAX)
		return -HV_E2BIG;
	if (mb->count == HV_MAILBOX_SLOTS)
		return -HV_EAGAIN;
	m = &mb->slot[(mb->head + mb->count) % HV_MAILBOX_SLOTS];
	m->sender = sender;
	m->len = len;
	for (uint32_t i = 0; i < len; i++)
		m->data[i] = src[i];
	mb->count++;
	return 0;
}

const struct mail *mailbox_peek(const struct mailbox *mb)
{
	return mb->count ? &mb->slot[mb->head] : 0;
}

void mailbox_pop(struct mailbox *mb)
{
	if (!mb->count)
		return;
	mb->head = (mb->head + 1) % HV_MAILBOX_SLOTS;
	mb->count--;
}
