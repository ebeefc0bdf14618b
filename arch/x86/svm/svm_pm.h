/* SPDX-License-Identifier: MIT */
/*
 * The permission maps (AMD APM vol. 2, 15.10.1 and 15.11): which port
 * accesses and which MSR accesses exit. Pure: the host unit tests run it.
 */
#ifndef ARCH_X86_SVM_SVM_PM_H
#define ARCH_X86_SVM_SVM_PM_H

#include <stdbool.h>
#include <stdint.h>

#define SVM_IOPM_SIZE	(12 * 1024)	/* 64K ports + 3 bits, in 3 pages */
#define SVM_MSRPM_SIZE	(8 * 1024)	/* 2 bits per MSR, 3 ranges of 8K */

/* Every port exits (the platform is all emulated, docs/platform.md). */
void svm_iopm_init(uint8_t *iopm);

/* Every MSR access exits ... */
void svm_msrpm_init(uint8_t *msrpm);

/*
 * ... but @msr's (read and write) if it is in one of the three ranges the
 * map covers: 0-0x1fff, 0xc0000000-0xc0001fff, 0xc0010000-0xc0011fff.
 * Returns -1 for an MSR outside them (it always exits).
 */
int svm_msrpm_passthrough(uint8_t *msrpm, uint32_t msr);
/* The same for reads only: writes still exit. */
int svm_msrpm_passthrough_read(uint8_t *msrpm, uint32_t msr);

/* Does this access exit, by the map? */
bool svm_msrpm_intercepts(const uint8_t *msrpm, uint32_t msr, bool write);
bool svm_iopm_intercepts(const uint8_t *iopm, uint16_t port, unsigned size);

#endif
