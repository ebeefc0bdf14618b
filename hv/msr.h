/* SPDX-License-Identifier: MIT */
#ifndef HV_MSR_H
#define HV_MSR_H

#include "hv/exit.h"

enum exit_action handle_msr_read(struct vcpu *v, const struct hv_exit *e);
enum exit_action handle_msr_write(struct vcpu *v, const struct hv_exit *e);

#endif
