// SPDX-License-Identifier: MIT
/*
 * memcpy and memset for the hypervisor. Kept apart from string.c because
 * the loader gets these two from gnu-efi's libefi.
 */
#include "hv/lib/string.h"

void *memcpy(void *dst, const void *src, size_t n)
{
	void *ret = dst;

	__asm__ volatile("rep movsb"
			 : "+D"(dst), "+S"(src), "+c"(n) : : "memory");
	return ret;
}

void *memset(void *dst, int c, size_t n)
{
	void *ret = dst;

	__asm__ volatile("rep stosb"
			 : "+D"(dst), "+c"(n) : "a"(c) : "memory");
	return ret;
}
