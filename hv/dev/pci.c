// SPDX-License-Identifier: MIT
/* PCI configuration mechanism #1 and bus 0 (see pci.h). Pure: unit-tested. */
#include "hv/dev/pci.h"

#include "hv/lib/string.h"

#define PCI_VENDOR_ID		0x00
#define PCI_DEVICE_ID		0x02
#define PCI_COMMAND		0x04
#define PCI_STATUS		0x06
#define PCI_REVISION_ID		0x08
#define PCI_CLASS_PROG		0x09
#define PCI_CACHE_LINE_SIZE	0x0c
#define PCI_HEADER_TYPE		0x0e
#define PCI_SUBSYSTEM_VENDOR_ID	0x2c
#define PCI_SUBSYSTEM_ID	0x2e
#define PCI_INTERRUPT_LINE	0x3c
#define PCI_INTERRUPT_PIN	0x3d
#define PCI_HEADER_SIZE		0x40

#define PCI_COMMAND_IO		0x0001
#define PCI_COMMAND_MEMORY	0x0002
#define PCI_COMMAND_MASTER	0x0004
#define PCI_COMMAND_SERR	0x0100
#define PCI_COMMAND_INTX_DISABLE 0x0400
#define PCI_STATUS_FAST_BACK	0x0080
#define PCI_STATUS_DEVSEL_MEDIUM 0x0200
/* Master data parity, signalled/received target abort, master abort, SERR, parity. */
#define PCI_STATUS_W1C		0xf900
#define PCI_HEADER_MULTI	0x80

#define VENDOR_INTEL		0x8086
#define SUBSYS_VENDOR_QEMU	0x1af4	/* Red Hat: QEMU's subsystem IDs */
#define SUBSYS_QEMU		0x1100

/* i440FX: PAM0-6 as SeaBIOS leaves them (0xf0000 read-only), SMRAM. */
#define I440FX_PAM0		0x59
#define I440FX_SMRAM		0x72
/* PIIX3: PIRQA-D routed to IRQs 10, 10, 11, 11 by SeaBIOS. */
#define PIIX3_PIRQRC		0x60
#define PIIX3_FN		1	/* its index in dev_pci.fn[] */
/* PIIX4 PM: PMBASE, PMREGMISC (PM I/O on), SMBus base and host config. */
#define PIIX4_PMBASE		0x40
#define PIIX4_PMREGMISC		0x80
#define PIIX4_SMBBASE		0x90
#define PIIX4_SMBHSTCFG		0xd2
#define PIIX4_SMBUS_BASE	0x700

static void put16(uint8_t *c, unsigned int off, uint16_t v)
{
	c[off] = (uint8_t)v;
	c[off + 1] = (uint8_t)(v >> 8);
}

/* A type 0 header with QEMU's common parts; @class: base, sub, prog-if. */
static struct pci_function *add(struct dev_pci *p, unsigned int *n,
				uint8_t devfn, uint16_t device, uint32_t class,
				uint8_t revision, uint16_t status)
{
	struct pci_function *f = &p->fn[(*n)++];
	uint8_t *c = f->config;

	f->devfn = devfn;
	put16(c, PCI_VENDOR_ID, VENDOR_INTEL);
	put16(c, PCI_DEVICE_ID, device);
	/* SeaBIOS: I/O and memory on; QEMU's -machine pc: SERR on. */
	put16(c, PCI_COMMAND, PCI_COMMAND_IO | PCI_COMMAND_MEMORY |
	      PCI_COMMAND_SERR);
	put16(c, PCI_STATUS, status);
	c[PCI_REVISION_ID] = revision;
	c[PCI_CLASS_PROG] = (uint8_t)class;
	put16(c, PCI_CLASS_PROG + 1, (uint16_t)(class >> 8));
	put16(c, PCI_SUBSYSTEM_VENDOR_ID, SUBSYS_VENDOR_QEMU);
	put16(c, PCI_SUBSYSTEM_ID, SUBSYS_QEMU);

	/* QEMU's pci_init_wmask and pci_init_w1cmask. */
	put16(f->wmask, PCI_COMMAND, PCI_COMMAND_IO | PCI_COMMAND_MEMORY |
	      PCI_COMMAND_MASTER | PCI_COMMAND_SERR |
	      PCI_COMMAND_INTX_DISABLE);
	f->wmask[PCI_CACHE_LINE_SIZE] = 0xff;
	f->wmask[PCI_INTERRUPT_LINE] = 0xff;
	memset(f->wmask + PCI_HEADER_SIZE, 0xff,
	       PCI_CONFIG_SPACE - PCI_HEADER_SIZE);
	put16(f->w1cmask, PCI_STATUS, PCI_STATUS_W1C);
	return f;
}

void pci_model_init(struct dev_pci *p, uint16_t pm_base, uint8_t sci_irq)
{
	static const uint8_t pam[7] = { 0x10, 0x11, 0x11, 0x11, 0x11, 0x11,
					0x33 };
	static const uint8_t pirq[4] = { 10, 10, 11, 11 };
	struct pci_function *f;
	unsigned int n = 0;

	memset(p, 0, sizeof(*p));

	f = add(p, &n, PCI_DEVFN(0, 0), 0x1237, 0x060000, 0x02, 0);
	f->config[0x57] = 0x02;			/* DRAMC, QEMU's reset value */
	memcpy(f->config + I440FX_PAM0, pam, sizeof(pam));
	f->config[I440FX_SMRAM] = 0x0a;		/* G_SMRAME, C_BASE_SEG 010 */

	f = add(p, &n, PCI_DEVFN(1, 0), 0x7000, 0x060100, 0x00,
		PCI_STATUS_DEVSEL_MEDIUM);
	f->config[PCI_HEADER_TYPE] = PCI_HEADER_MULTI;
	/* piix3_reset()'s values. */
	f->config[0x4c] = 0x4d;			/* IORT */
	f->config[0x4e] = 0x03;			/* XBCS */
	memcpy(f->config + PIIX3_PIRQRC, pirq, sizeof(pirq));
	f->config[0x69] = 0x02;			/* TOM */
	f->config[0x70] = 0x80;			/* MBIRQ0: disabled */
	f->config[0x76] = 0x0c;			/* MBDMA0-1 */
	f->config[0x77] = 0x0c;
	f->config[0x78] = 0x02;			/* PCSC */
	f->config[0xa0] = 0x08;			/* SMICNTL */
	f->config[0xa8] = 0x0f;			/* SMIREQ */

	f = add(p, &n, PCI_DEVFN(1, 3), 0x7113, 0x068000, 0x03,
		PCI_STATUS_DEVSEL_MEDIUM | PCI_STATUS_FAST_BACK);
	f->config[PCI_INTERRUPT_LINE] = sci_irq;
	f->config[PCI_INTERRUPT_PIN] = 1;		/* INTA# */
	put16(f->config, PIIX4_PMBASE, (uint16_t)(pm_base | 1));
	/* piix4_pm_realize()'s device resource enables. */
	f->config[0x5b] = 0x02;
	f->config[0x5f] = 0x90;
	f->config[0x63] = 0x60;
	f->config[0x67] = 0x08;
	f->config[PIIX4_PMREGMISC] = 0x01;		/* PM I/O space on */
	put16(f->config, PIIX4_SMBBASE, PIIX4_SMBUS_BASE | 1);
	f->config[PIIX4_SMBHSTCFG] = 0x00;	/* host interface off: none */
}

uint16_t pci_pirq_irqs(const struct dev_pci *p)
{
	const uint8_t *rc = p->fn[PIIX3_FN].config + PIIX3_PIRQRC;
	uint16_t irqs = 0;

	/* Bit 7: routing off; IRQs 0-2, 8 and 13 are reserved (PIIX3 2.2.9). */
	for (int i = 0; i < 4; i++) {
		unsigned int irq = rc[i] & 0x0f;

		if (!(rc[i] & 0x80) && irq >= 3 && irq != 8 && irq != 13)
			irqs |= (uint16_t)(1u << irq);
	}
	return irqs;
}

uint32_t pci_address_read(const struct dev_pci *p)
{
	return p->address;
}

void pci_address_write(struct dev_pci *p, uint32_t value)
{
	p->address = value;
}

/* The function CONFIG_ADDRESS names, or -1 (master abort). */
static int addressed(const struct dev_pci *p)
{
	uint8_t bus = (uint8_t)(p->address >> 16);
	uint8_t devfn = (uint8_t)(p->address >> 8);

	if (!(p->address & PCI_CONFIG_ENABLE) || bus != 0)
		return -1;
	for (int i = 0; i < PCI_FUNCTIONS; i++)
		if (p->fn[i].devfn == devfn)
			return i;
	return -1;
}

uint32_t pci_data_read(const struct dev_pci *p, uint16_t port,
		       unsigned int size)
{
	int i = addressed(p);
	unsigned int off = (p->address & 0xfc) | (port & 3);
	const struct pci_function *f;
	uint32_t v = 0;

	if (i < 0)
		return 0xffffffffu;
	f = &p->fn[i];
	/* An access past the space's end reads 0 there (QEMU: cut short). */
	for (unsigned int b = 0; b < size && off + b < PCI_CONFIG_SPACE; b++)
		v |= (uint32_t)f->config[off + b] << (8 * b);
	return v;
}

void pci_data_write(struct dev_pci *p, uint16_t port, unsigned int size,
		    uint32_t value)
{
	int i = addressed(p);
	unsigned int off = (p->address & 0xfc) | (port & 3);
	struct pci_function *f;

	if (i < 0)
		return;
	f = &p->fn[i];
	for (unsigned int b = 0; b < size && off + b < PCI_CONFIG_SPACE; b++) {
		unsigned int r = off + b;
		uint8_t v = (uint8_t)(value >> (8 * b));

		f->config[r] = (uint8_t)((f->config[r] & ~f->wmask[r]) |
					 (v & f->wmask[r]));
		f->config[r] &= (uint8_t)~(v & f->w1cmask[r]);
	}
}
