// SPDX-License-Identifier: MIT
#include "arch/x86/vmx/vmx_qualification.h"

void vmx_qual_io(uint64_t q, struct hv_exit *e)
{
	e->qualification = q;
	e->io.size = (uint8_t)((q & 7) + 1);	/* 0, 1, 3: 1, 2, 4 bytes */
	e->io.in = q & (1 << 3);
	e->io.string = q & (1 << 4);
	e->io.rep = q & (1 << 5);
	e->io.port = (uint16_t)(q >> 16);
}

void vmx_insn_info_io(uint32_t info, struct hv_exit *e)
{
	/* Bits 9:7: 0 = 16-bit, 1 = 32-bit, 2 = 64-bit addresses. */
	e->io.addr_size = (uint8_t)(2u << ((info >> 7) & 7));
}

void vmx_qual_cr(uint64_t q, struct hv_exit *e)
{
	e->qualification = q;
	e->cr.cr = q & 15;
	e->cr.type = (q >> 4) & 3;
	e->cr.gpr = (q >> 8) & 15;
	e->cr.lmsw_source = (uint16_t)(q >> 16);
}

void vmx_qual_ept_violation(uint64_t q, struct hv_exit *e)
{
	e->qualification = q;
	e->npf.read = q & (1 << 0);
	e->npf.write = q & (1 << 1);
	e->npf.fetch = q & (1 << 2);
	e->npf.gla_valid = q & (1 << 7);
	/* Bit 8 is defined only with bit 7: 0 is the guest's page walk. */
	e->npf.page_walk = (q & (3 << 7)) == (1 << 7);
}
