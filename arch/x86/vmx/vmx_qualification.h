/* SPDX-License-Identifier: MIT */
/*
 * Decoding exit qualifications and VM-exit instruction information (SDM
 * Vol. 3C, 28.2.1 and 28.2.5) into struct hv_exit. Pure: the values come
 * from VMREADs in vmx_exit.c, or from the host unit tests.
 */
#ifndef ARCH_X86_VMX_QUALIFICATION_H
#define ARCH_X86_VMX_QUALIFICATION_H

#include <stdint.h>

#include "hv/exit.h"

/* I/O instructions (Table 28-5): size, direction, string, REP, port. */
void vmx_qual_io(uint64_t qualification, struct hv_exit *e);

/* INS/OUTS instruction information (Table 28-8): the address size. */
void vmx_insn_info_io(uint32_t info, struct hv_exit *e);

/* Control-register accesses (Table 28-3). */
void vmx_qual_cr(uint64_t qualification, struct hv_exit *e);

/* EPT violations (Table 28-7): the access, whether the GLA is valid. */
void vmx_qual_ept_violation(uint64_t qualification, struct hv_exit *e);

#endif
