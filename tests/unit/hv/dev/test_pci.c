// SPDX-License-Identifier: MIT
/*
 * hv/dev/pci.c against PCI Local Bus 3.0 (3.2.2.3.2, 6.2) and what QEMU's
 * pc machine shows after SeaBIOS (the pci guest's native transcript).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>

#include "hv/dev/pci.h"

static struct dev_pci p;

static int setup(void **state)
{
	(void)state;
	pci_model_init(&p, 0x600, 9);
	return 0;
}

static uint32_t cfg(unsigned int bus, unsigned int dev, unsigned int fn,
		    unsigned int reg)
{
	return PCI_CONFIG_ENABLE | bus << 16 | dev << 11 | fn << 8 |
	       (reg & 0xfc);
}

static uint32_t rd(unsigned int dev, unsigned int fn, unsigned int reg,
		   unsigned int size)
{
	pci_address_write(&p, cfg(0, dev, fn, reg));
	return pci_data_read(&p, (uint16_t)(PORT_PCI_CONFIG_DATA + (reg & 3)),
			     size);
}

static void wr(unsigned int dev, unsigned int fn, unsigned int reg,
	       unsigned int size, uint32_t v)
{
	pci_address_write(&p, cfg(0, dev, fn, reg));
	pci_data_write(&p, (uint16_t)(PORT_PCI_CONFIG_DATA + (reg & 3)), size,
		       v);
}

static void test_address_register(void **state)
{
	(void)state;
	assert_int_equal(pci_address_read(&p), 0);
	pci_address_write(&p, 0x80fffffc);
	assert_int_equal(pci_address_read(&p), 0x80fffffc);
	/* Enable bit clear: the data window reads all ones. */
	pci_address_write(&p, 0x00000000);
	assert_int_equal(pci_data_read(&p, PORT_PCI_CONFIG_DATA, 4),
			 0xffffffff);
}

static void test_bus0(void **state)
{
	(void)state;
	assert_int_equal(rd(0, 0, 0, 4), 0x12378086);
	assert_int_equal(rd(1, 0, 0, 4), 0x70008086);
	assert_int_equal(rd(1, 3, 0, 4), 0x71138086);
	assert_int_equal(rd(1, 1, 0, 4), 0xffffffff);	/* no IDE */
	assert_int_equal(rd(2, 0, 0, 4), 0xffffffff);
	assert_int_equal(rd(31, 7, 0, 4), 0xffffffff);
	/* Class and revision: host bridge, ISA bridge, "other bridge". */
	assert_int_equal(rd(0, 0, 8, 4), 0x06000002);
	assert_int_equal(rd(1, 0, 8, 4), 0x06010000);
	assert_int_equal(rd(1, 3, 8, 4), 0x06800003);
	/* Function 3 is found because function 0 says multi-function. */
	assert_int_equal(rd(0, 0, 0x0e, 1), 0x00);
	assert_int_equal(rd(1, 0, 0x0e, 1), 0x80);
	assert_int_equal(rd(0, 0, 0x2c, 4), 0x11001af4);
}

static void test_other_bus(void **state)
{
	(void)state;
	pci_address_write(&p, cfg(1, 0, 0, 0));
	assert_int_equal(pci_data_read(&p, PORT_PCI_CONFIG_DATA, 4),
			 0xffffffff);
	pci_data_write(&p, PORT_PCI_CONFIG_DATA + 2, 2, 0);	/* dropped */
	assert_int_equal(rd(0, 0, 0, 4), 0x12378086);
}

static void test_widths(void **state)
{
	(void)state;
	assert_int_equal(rd(0, 0, 0, 1), 0x86);
	assert_int_equal(rd(0, 0, 1, 1), 0x80);
	assert_int_equal(rd(0, 0, 2, 1), 0x37);
	assert_int_equal(rd(0, 0, 3, 1), 0x12);
	assert_int_equal(rd(0, 0, 2, 2), 0x1237);
	/* Two bytes from 0xfe reach the end of the space: the rest is 0. */
	pci_address_write(&p, cfg(0, 1, 3, 0xfc));
	pci_data_write(&p, PORT_PCI_CONFIG_DATA, 4, 0xa1b2c3d4);
	assert_int_equal(pci_data_read(&p, PORT_PCI_CONFIG_DATA + 2, 4),
			 0xa1b2);
}

static void test_piix4_pm(void **state)
{
	(void)state;
	assert_int_equal(rd(1, 3, 0x40, 2), 0x0601);	/* PMBASE, I/O */
	assert_int_equal(rd(1, 3, 0x80, 1), 0x01);	/* PM I/O on */
	assert_int_equal(rd(1, 3, 0x3c, 1), 9);		/* the SCI */
	assert_int_equal(rd(1, 3, 0x3d, 1), 1);		/* INTA# */
	assert_int_equal(rd(1, 3, 0xd2, 1), 0);		/* no SMBus host */
	assert_int_equal(rd(1, 0, 0x60, 4), 0x0b0b0a0a);	/* PIRQA-D */
}

/* The IRQs PIRQA-D are routed to: SeaBIOS's 10, 10, 11, 11, then as written. */
static void test_pirq_irqs(void **state)
{
	(void)state;
	assert_int_equal(pci_pirq_irqs(&p), 1u << 10 | 1u << 11);
	wr(1, 0, 0x60, 1, 0x85);			/* PIRQA: routing off */
	wr(1, 0, 0x61, 1, 0x05);			/* PIRQB: IRQ 5 */
	assert_int_equal(pci_pirq_irqs(&p), 1u << 5 | 1u << 11);
	wr(1, 0, 0x62, 2, 0x0d08);			/* PIRQC-D: reserved 8, 13 */
	wr(1, 0, 0x60, 1, 0x02);			/* PIRQA: reserved 2 */
	assert_int_equal(pci_pirq_irqs(&p), 1u << 5);
	wr(1, 0, 0x60, 1, 0x0f);
	assert_int_equal(pci_pirq_irqs(&p), 1u << 5 | 1u << 15);
}

static void test_write_masks(void **state)
{
	(void)state;
	assert_int_equal(rd(0, 0, 4, 2), 0x0103);
	wr(0, 0, 4, 2, 0xffff);
	assert_int_equal(rd(0, 0, 4, 2), 0x0507);
	wr(0, 0, 4, 2, 0x0000);
	assert_int_equal(rd(0, 0, 4, 2), 0x0000);
	/* Read only: IDs, class, revision, header type, BARs, latency. */
	wr(1, 0, 0, 4, 0);
	wr(1, 0, 8, 4, 0);
	wr(1, 0, 0x0c, 4, 0xffffffff);
	wr(1, 0, 0x10, 4, 0xffffffff);
	assert_int_equal(rd(1, 0, 0, 4), 0x70008086);
	assert_int_equal(rd(1, 0, 8, 4), 0x06010000);
	assert_int_equal(rd(1, 0, 0x0c, 4), 0x008000ff);	/* cache line */
	assert_int_equal(rd(1, 0, 0x10, 4), 0);
	wr(1, 3, 0x3c, 1, 0x55);
	assert_int_equal(rd(1, 3, 0x3c, 2), 0x0155);	/* pin stays */
	/* Device-specific registers keep what is written. */
	wr(0, 0, 0x59, 1, 0x30);
	assert_int_equal(rd(0, 0, 0x59, 1), 0x30);
}

static void test_status_w1c(void **state)
{
	(void)state;
	assert_int_equal(rd(1, 3, 6, 2), 0x0280);
	/* Received master abort (bit 13), as a device would set it. */
	p.fn[2].config[7] |= 0x20;
	wr(1, 3, 6, 2, 0x0000);			/* 0: no change */
	assert_int_equal(rd(1, 3, 6, 2), 0x2280);
	wr(1, 3, 6, 2, 0xffff);			/* 1 clears; the rest stay */
	assert_int_equal(rd(1, 3, 6, 2), 0x0280);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_address_register, setup),
		cmocka_unit_test_setup(test_bus0, setup),
		cmocka_unit_test_setup(test_other_bus, setup),
		cmocka_unit_test_setup(test_widths, setup),
		cmocka_unit_test_setup(test_piix4_pm, setup),
		cmocka_unit_test_setup(test_pirq_irqs, setup),
		cmocka_unit_test_setup(test_write_masks, setup),
		cmocka_unit_test_setup(test_status_w1c, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
