/* SPDX-License-Identifier: MIT */
/*
 * EPT violations (NPFs): an access to a device window is an MMIO access,
 * emulated; anything else stops the VM with what it touched.
 */
#ifndef HV_MMIO_EMULATE_H
#define HV_MMIO_EMULATE_H

#include "hv/exit.h"

struct vcpu;

enum exit_action handle_npf(struct vcpu *v, const struct hv_exit *e);

#endif
