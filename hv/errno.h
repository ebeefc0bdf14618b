/* SPDX-License-Identifier: MIT */
/*
 * Error codes returned inside the hypervisor, negated (return -HV_ENOMEM),
 * Linux style. The error ladder (docs/errors.md): return one of these where
 * the caller can cope, stop the VM where a guest misbehaved, panic() only
 * where the hypervisor itself is broken.
 */
#ifndef HV_ERRNO_H
#define HV_ERRNO_H

/*
 * The ones guests see are also in include/hypercall.h, with the same
 * numbers (Linux's), so that the ABI header stands alone.
 */

#define HV_EPERM	1
#define HV_ENOENT	2
#define HV_EIO		5
#define HV_E2BIG	7
#define HV_EAGAIN	11
#define HV_ENOMEM	12
#define HV_EFAULT	14
#define HV_EBUSY	16
#define HV_ENODEV	19
#define HV_EINVAL	22
#define HV_ENOSPC	28
#define HV_ERANGE	34
#define HV_EDEADLK	35
#define HV_ENOSYS	38

#endif
