/* SPDX-License-Identifier: MIT */
/*
 * The PCI bus of QEMU's pc machine, as its firmware (SeaBIOS) leaves it,
 * through configuration mechanism #1 (PCI Local Bus 3.0, 3.2.2.3.2):
 *   0xcf8  CONFIG_ADDRESS: enable (31), bus (23:16), device (15:11),
 *          function (10:8), register (7:2); 32-bit accesses only, as
 *          QEMU's pci_host_config_write takes them (0xcf9 is the reset
 *          control register, hv/dev/reset.h)
 *   0xcfc  CONFIG_DATA, 0xcfc-0xcff at any width: the addressed
 *          function's configuration space at register + (port & 3);
 *          all ones with the enable bit clear, on a bus other than 0 or
 *          for a device that is not there (master abort)
 * Bus 0 holds:
 *   00:00.0  8086:1237  i440FX host bridge
 *   00:01.0  8086:7000  PIIX3 PCI-to-ISA bridge (multi-function)
 *   00:01.3  8086:7113  PIIX4 power management: PMBASE = the ACPI PM
 *            block (hv/acpi/acpi.h), interrupt pin A on the SCI's IRQ 9;
 *            its SMBus host interface is disabled (not modelled)
 * QEMU's PIIX3 IDE function (00:01.1) is not modelled. Each function's
 * 256 bytes start as SeaBIOS leaves QEMU 7.2's; a write changes the bits
 * QEMU lets it (pci_init_wmask: command's I/O, memory, bus master, SERR
 * and INTx disable, the cache line size, the interrupt line, everything
 * from 0x40 on) and clears status's write-1-to-clear bits. The device-
 * specific registers (0x40-0xff: PAM, PIRQ routing, PMBASE...) keep what
 * is written but change nothing else: the platform is fixed.
 */
#ifndef HV_DEV_PCI_H
#define HV_DEV_PCI_H

#include <stdint.h>

#define PORT_PCI_CONFIG_ADDRESS	0xcf8
#define PORT_PCI_CONFIG_DATA	0xcfc
#define PCI_CONFIG_ENABLE	0x80000000u
#define PCI_CONFIG_SPACE	256
#define PCI_FUNCTIONS		3

#define PCI_DEVFN(dev, fn)	((uint8_t)((dev) << 3 | (fn)))

struct pci_function {
	uint8_t devfn;
	uint8_t config[PCI_CONFIG_SPACE];
	uint8_t wmask[PCI_CONFIG_SPACE];	/* bits a write sets */
	uint8_t w1cmask[PCI_CONFIG_SPACE];	/* bits a 1 clears */
};

struct dev_pci {
	uint32_t address;			/* CONFIG_ADDRESS */
	struct pci_function fn[PCI_FUNCTIONS];
};

/* @pm_base: the PIIX4's PMBASE (I/O); @sci_irq: its interrupt line. */
void pci_model_init(struct dev_pci *p, uint16_t pm_base, uint8_t sci_irq);

/*
 * The ISA IRQs the PIIX3 routes PIRQA-D to (its registers 0x60-0x63 as
 * they are now), one bit per IRQ: the ones a firmware makes level-
 * triggered in the ELCR (SeaBIOS's piix_isa_bridge_setup()).
 */
uint16_t pci_pirq_irqs(const struct dev_pci *p);

/* CONFIG_ADDRESS: a 32-bit access to 0xcf8. */
uint32_t pci_address_read(const struct dev_pci *p);
void pci_address_write(struct dev_pci *p, uint32_t value);

/* CONFIG_DATA: @port 0xcfc-0xcff, @size 1, 2 or 4. */
uint32_t pci_data_read(const struct dev_pci *p, uint16_t port,
		       unsigned int size);
void pci_data_write(struct dev_pci *p, uint16_t port, unsigned int size,
		    uint32_t value);

#endif
