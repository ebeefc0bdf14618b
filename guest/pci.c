// SPDX-License-Identifier: MIT
/*
 * pci: the PCI bus as a kernel first meets it, through configuration
 * mechanism #1 (PCI Local Bus 3.0, 3.2.2.3.2): the address register at
 * 0xcf8 (32-bit accesses only; Linux's pci_check_type1() test), the data
 * window 0xcfc-0xcff at every width and offset, with the enable bit clear,
 * to absent devices and to bus 1; then every function on bus 0, its whole
 * 256-byte configuration space as the firmware left it, and which header
 * bits take a write (command, status's write-1-to-clear bits, the read-
 * only IDs, a BAR where there is none, the interrupt line), and the
 * PIIX3's edge/level control registers beside it. Natively the
 * bus is QEMU's pc with SeaBIOS's setup; its IDE function (00:01.1) is not
 * modelled by the hypervisor, nor its SMBus host interface (docs/
 * platform.md).
 */
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/trap.h"
#include "guest/lib/x86.h"

#define PCI_ADDR	0xcf8
#define PCI_DATA	0xcfc
#define PCI_ENABLE	0x80000000u

void kmain(uint32_t magic, uint32_t info);

static uint32_t cfg_addr(unsigned int bus, unsigned int dev, unsigned int fn,
			 unsigned int reg)
{
	return PCI_ENABLE | bus << 16 | dev << 11 | fn << 8 | (reg & 0xfc);
}

static uint32_t cfg_read32(unsigned int bus, unsigned int dev, unsigned int fn,
			   unsigned int reg)
{
	outl(PCI_ADDR, cfg_addr(bus, dev, fn, reg));
	return inl(PCI_DATA);
}

static uint16_t cfg_read16(unsigned int dev, unsigned int fn, unsigned int reg)
{
	outl(PCI_ADDR, cfg_addr(0, dev, fn, reg));
	return inw((uint16_t)(PCI_DATA + (reg & 2)));
}

static uint8_t cfg_read8(unsigned int dev, unsigned int fn, unsigned int reg)
{
	outl(PCI_ADDR, cfg_addr(0, dev, fn, reg));
	return inb((uint16_t)(PCI_DATA + (reg & 3)));
}

static void cfg_write32(unsigned int bus, unsigned int dev, unsigned int fn,
			unsigned int reg, uint32_t v)
{
	outl(PCI_ADDR, cfg_addr(bus, dev, fn, reg));
	outl(PCI_DATA, v);
}

static void cfg_write16(unsigned int dev, unsigned int fn, unsigned int reg,
			uint16_t v)
{
	outl(PCI_ADDR, cfg_addr(0, dev, fn, reg));
	outw((uint16_t)(PCI_DATA + (reg & 2)), v);
}

static void cfg_write8(unsigned int dev, unsigned int fn, unsigned int reg,
		       uint8_t v)
{
	outl(PCI_ADDR, cfg_addr(0, dev, fn, reg));
	outb((uint16_t)(PCI_DATA + (reg & 3)), v);
}

/* The address register, as Linux's pci_check_type1() probes it. */
static void test_address(void)
{
	uint32_t saved = inl(PCI_ADDR), back, after16, after8;

	outb(0xcfb, 0x01);
	outl(PCI_ADDR, PCI_ENABLE);
	back = inl(PCI_ADDR);
	outw(PCI_ADDR, 0x1234);			/* not 32-bit: ignored */
	after16 = inl(PCI_ADDR);
	outb(PCI_ADDR, 0x56);
	after8 = inl(PCI_ADDR);
	/* What the firmware's last configuration access left. */
	printf("pci: address: at start 0x%08x\n", saved);
	printf("pci: address: 0x80000000 reads back 0x%08x, after a 16-bit "
	       "write 0x%08x, after a byte write 0x%08x\n", back, after16,
	       after8);
	outl(PCI_ADDR, 0x80fffffc);
	printf("pci: address: 0x80fffffc reads back 0x%08x\n", inl(PCI_ADDR));
	outl(PCI_ADDR, 0x00000000);		/* enable bit clear */
	printf("pci: data with the enable bit clear: 0x%08x\n", inl(PCI_DATA));
}

/* Byte and word reads at each offset of the data window. */
static void test_widths(void)
{
	printf("pci: 00:00.0 by width: bytes %02x %02x %02x %02x, words "
	       "%04x %04x, dword %08x\n", cfg_read8(0, 0, 0), cfg_read8(0, 0, 1),
	       cfg_read8(0, 0, 2), cfg_read8(0, 0, 3), cfg_read16(0, 0, 0),
	       cfg_read16(0, 0, 2), cfg_read32(0, 0, 0, 0));
}

static void test_absent(void)
{
	uint32_t dev31 = cfg_read32(0, 31, 0, 0), bus1 = cfg_read32(1, 0, 0, 0);

	cfg_write32(0, 31, 0, 0x04, 0x7);
	printf("pci: absent: 00:1f.0 0x%08x, 01:00.0 0x%08x, 00:1f.0 after a "
	       "write 0x%08x, offset 0x40 of 00:1f.0 0x%08x\n", dev31, bus1,
	       cfg_read32(0, 31, 0, 0x04), cfg_read32(0, 31, 0, 0x40));
}

/* One function's 256 bytes, 16 to a line. */
static void dump(unsigned int dev, unsigned int fn)
{
	for (unsigned int row = 0; row < 256; row += 16) {
		printf("pci: 00:%02x.%u +%02x:", dev, fn, row);
		for (unsigned int i = 0; i < 16; i += 4) {
			uint32_t v = cfg_read32(0, dev, fn, row + i);

			for (unsigned int b = 0; b < 4; b++)
				printf(" %02x", (v >> (8 * b)) & 0xff);
		}
		printf("\n");
	}
}

static void list_bus0(void)
{
	unsigned int found = 0;

	for (unsigned int dev = 0; dev < 32; dev++) {
		uint8_t hdr = cfg_read8(dev, 0, 0x0e);

		for (unsigned int fn = 0; fn < ((hdr & 0x80) ? 8 : 1); fn++) {
			uint32_t id = cfg_read32(0, dev, fn, 0);
			uint32_t class = cfg_read32(0, dev, fn, 0x08);

			if ((id & 0xffff) == 0xffff)
				continue;
			found++;
			printf("pci: 00:%02x.%u %04x:%04x class %06x rev %02x "
			       "header %02x\n", dev, fn, id & 0xffff, id >> 16,
			       class >> 8, class & 0xff,
			       cfg_read8(dev, fn, 0x0e));
			dump(dev, fn);
		}
	}
	printf("pci: bus 0: %u functions\n", found);
}

/*
 * What the header takes: command (QEMU: I/O, memory, bus master, SERR,
 * INTx disable, ...), status (write 1 to clear), the IDs and class (read
 * only), BAR 0 of the host bridge (none: stays 0), the interrupt line.
 */
static void test_writes(unsigned int dev, unsigned int fn)
{
	uint16_t cmd = cfg_read16(dev, fn, 0x04);
	uint16_t sts = cfg_read16(dev, fn, 0x06);
	uint32_t id = cfg_read32(0, dev, fn, 0);
	uint32_t class = cfg_read32(0, dev, fn, 0x08);
	uint8_t line = cfg_read8(dev, fn, 0x3c), cls = cfg_read8(dev, fn, 0x0c);
	uint8_t lat = cfg_read8(dev, fn, 0x0d);
	uint32_t bar0 = cfg_read32(0, dev, fn, 0x10);

	cfg_write16(dev, fn, 0x04, 0xffff);
	printf("pci: 00:%02x.%u command 0x%04x, after 0xffff 0x%04x\n", dev, fn,
	       cmd, cfg_read16(dev, fn, 0x04));
	cfg_write16(dev, fn, 0x04, cmd);
	cfg_write16(dev, fn, 0x06, 0xffff);
	printf("pci: 00:%02x.%u status 0x%04x, after 0xffff 0x%04x\n", dev, fn,
	       sts, cfg_read16(dev, fn, 0x06));
	cfg_write32(0, dev, fn, 0, 0);
	cfg_write32(0, dev, fn, 0x08, 0);
	printf("pci: 00:%02x.%u IDs after writing 0: %08x (were %08x), class "
	       "%08x (was %08x)\n", dev, fn, cfg_read32(0, dev, fn, 0), id,
	       cfg_read32(0, dev, fn, 0x08), class);
	cfg_write32(0, dev, fn, 0x10, 0xffffffff);
	printf("pci: 00:%02x.%u BAR 0 0x%08x, after ~0 0x%08x\n", dev, fn, bar0,
	       cfg_read32(0, dev, fn, 0x10));
	cfg_write32(0, dev, fn, 0x10, bar0);
	cfg_write8(dev, fn, 0x3c, 0x55);
	cfg_write8(dev, fn, 0x0c, 0xff);
	cfg_write8(dev, fn, 0x0d, 0xff);
	printf("pci: 00:%02x.%u interrupt line 0x%02x, after 0x55 0x%02x; cache "
	       "line 0x%02x, after 0xff 0x%02x; latency 0x%02x, after 0xff "
	       "0x%02x\n", dev, fn, line, cfg_read8(dev, fn, 0x3c), cls,
	       cfg_read8(dev, fn, 0x0c), lat, cfg_read8(dev, fn, 0x0d));
	cfg_write8(dev, fn, 0x3c, line);
	cfg_write8(dev, fn, 0x0c, cls);
	cfg_write8(dev, fn, 0x0d, lat);
}

/*
 * The PIIX3's edge/level control registers (0x4d0, 0x4d1): as the firmware
 * left them (SeaBIOS: the IRQs PIRQA-D are routed to, level), and which
 * bits take a write (not IRQ 0-2, 8, 13).
 */
static void test_elcr(void)
{
	uint8_t e1 = inb(0x4d0), e2 = inb(0x4d1);

	outb(0x4d0, 0xff);
	outb(0x4d1, 0xff);
	printf("pci: elcr %02x %02x, after 0xff %02x %02x\n", e1, e2,
	       inb(0x4d0), inb(0x4d1));
	outb(0x4d0, 0x00);
	outb(0x4d1, 0x00);
	/*
	 * Byte accesses only: QEMU sends both bytes of a 16-bit access to
	 * 0x4d0 (a word write of 0xffff reads back 0xf8f8), where the ISA
	 * bus makes two byte cycles, to 0x4d0 and 0x4d1.
	 */
	printf("pci: elcr after 0x00 %02x %02x\n", inb(0x4d0), inb(0x4d1));
	outb(0x4d0, e1);
	outb(0x4d1, e2);
}

void kmain(uint32_t magic, uint32_t info)
{
	trap_init();
	platform_init(magic, info);
	test_address();
	test_widths();
	test_absent();
	list_bus0();
	test_writes(0, 0);
	test_writes(1, 0);
	test_writes(1, 3);
	test_elcr();
	printf("pci: done\n");
	platform_exit(0);
}
