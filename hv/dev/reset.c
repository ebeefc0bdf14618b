// SPDX-License-Identifier: MIT
/* Reset ports 0xcf9 and 0x92 (see reset.h). Pure: unit-tested. */
#include "hv/dev/reset.h"

#define RCR_SYS_RST	0x02
#define RCR_RST_CPU	0x04
#define SYSCTL_A_RESET	0x01
#define SYSCTL_A_A20	0x02

void reset_model_init(struct dev_reset *r)
{
	*r = (struct dev_reset){
		.sysctl_a = SYSCTL_A_A20,
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
	}
}
