// SPDX-License-Identifier: MIT
/* Reset ports and the minimal 8042 (see reset.h). Pure: unit-tested. */
#include "hv/dev/reset.h"

#define RCR_SYS_RST	0x02
#define RCR_RST_CPU	0x04
#define SYSCTL_A_RESET	0x01
#define SYSCTL_A_A20	0x02

void reset_model_init(struct dev_reset *r)
{
	*r = (struct dev_reset){
		.sysctl_a = SYSCTL_A_A20,
		.kbc_status = KBC_STATUS_SYSFLAG | KBC_STATUS_UNLOCKED,
	};
}

static void request(struct dev_reset *r, const char *how)
{
	if (!r->requested)
		r->how = how;
	r->requested = true;
}

uint8_t reset_model_read(struct dev_reset *r, uint16_t port)
{
	switch (port) {
	case PORT_RESET_CONTROL:
		return r->rcr;
	case PORT_SYSCTL_A:
		return r->sysctl_a;
	case PORT_KBC_CMD:
		return r->kbc_status;	/* OBF, IBF clear: nothing to read */
	case PORT_KBC_DATA:
		return 0;
	default:
		return 0xff;
	}
}

void reset_model_write(struct dev_reset *r, uint16_t port, uint8_t value)
{
	switch (port) {
	case PORT_RESET_CONTROL:
		if (value & RCR_RST_CPU)
			request(r, "port 0xcf9");
		r->rcr = value & RCR_SYS_RST;
		break;
	case PORT_SYSCTL_A:
		if ((value & SYSCTL_A_RESET) && !(r->sysctl_a & SYSCTL_A_RESET))
			request(r, "port 0x92");
		r->sysctl_a = value;
		break;
	case PORT_KBC_CMD:
		r->kbc_status |= KBC_STATUS_CMD;
		r->kbc_output_next = value == KBC_CMD_WRITE_OUTPUT;
		/* 0xf0-0xff pulse the output port bits that are 0: bit 0 is RESET. */
		if ((value & 0xf0) == 0xf0 && !(value & 1))
			request(r, "the keyboard controller (0x64)");
		break;
	case PORT_KBC_DATA:
		r->kbc_status &= (uint8_t)~KBC_STATUS_CMD;
		if (r->kbc_output_next && !(value & 1))
			request(r, "the keyboard controller's output port (0x60)");
		r->kbc_output_next = false;
		break;
	}
}
