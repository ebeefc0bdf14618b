// SPDX-License-Identifier: MIT
/*
 * The Differentiated System Description Table (ACPI 6.4, 5.2.11.1): a
 * header and AML (aml.h). What the PC needs named:
 *
 *   Name (\_S5, Package (2) { 0, 0 })   soft off: SLP_TYP 0 (7.4.2), as
 *                                       QEMU's PIIX4 takes it
 *   Scope (\_SB) {
 *     Device (CPUn) { _HID "ACPI0007", _UID n }   one per vCPU (8.4)
 *     Device (PCI0) { _HID PNP0A03, _UID 0,       the root bridge
 *                     _CRS { buses 0-0xff, IO 0xcf8-0xcff,
 *                            I/O 0-0xcf7 and 0xd00-0xffff,
 *                            memory 0xa0000-0xbffff and from RAM's
 *                            end to 0xfebfffff } }    (hv/dev/pci.h)
 *     Device (COM1) { _HID PNP0501, _UID 1, _STA 0x0f,
 *                     _CRS { IO 0x3f8-0x3ff, Interrupt 4 } }
 *     Device (RTC)  { _HID PNP0B00, _CRS { IO 0x70-0x71, Interrupt 8 } }
 *     Device (KBD)  { _HID PNP0303, _STA 0x0f,
 *                     _CRS { IO 0x60, IO 0x64, Interrupt 1 } }
 *     Device (MOU)  { _HID PNP0F13, _STA 0x0f, _CRS { Interrupt 12 } }
 *     Device (VR00) { _HID "LNRO0005", _UID 0,     with virtio=console:
 *                     _CRS { Memory32Fixed (base, 0x200),
 *                            Interrupt (Level, ActiveHigh) { gsi } } }
 *   }
 */
#include "hv/acpi/acpi.h"

#include "hv/acpi/aml.h"

#define COM1_PORT	0x3f8
#define COM1_IRQ	4
#define RTC_PORT	0x70
#define RTC_IRQ		8
#define KBC_DATA_PORT	0x60
#define KBC_CMD_PORT	0x64
#define KBC_KBD_IRQ	1
#define KBC_AUX_IRQ	12
#define STA_PRESENT	0x0f	/* present, enabled, shown, working */
#define PCI_CONFIG_PORT	0xcf8
#define VGA_WINDOW	0xa0000
#define VGA_WINDOW_END	0xbffff
#define PCI_MEM_END	0xfebfffff	/* below the IOAPIC's 0xfec00000 */
#define PCI_MEM_DEFAULT	0x80000000

static void cpu_device(struct aml *a, unsigned int n)
{
	char name[5] = { 'C', 'P', 'U', "0123456789ABCDEF"[n & 0xf], 0 };

	aml_device(a, name);
	aml_name_string_value(a, "_HID", "ACPI0007");
	aml_name_integer(a, "_UID", n);	/* the MADT's processor UID */
	aml_close(a);
}

static void com1_device(struct aml *a)
{
	aml_device(a, "COM1");
	aml_name(a, "_HID");
	aml_eisaid(a, "PNP0501");		/* 16550A-compatible */
	aml_name_integer(a, "_UID", 1);
	aml_method_return_integer(a, "_STA", STA_PRESENT);
	aml_name(a, "_CRS");
	aml_resource_template(a);
	aml_res_io(a, COM1_PORT, COM1_PORT, 1, 8);
	aml_res_interrupt(a, AML_IRQ_EDGE, COM1_IRQ);
	aml_resource_end(a);
	aml_close(a);
}

/*
 * The CMOS/RTC, as QEMU's pc and microvm describe theirs (on a
 * hardware-reduced platform Linux's rtc_cmos would find it only here).
 */
static void rtc_device(struct aml *a)
{
	aml_device(a, "RTC");
	aml_name(a, "_HID");
	aml_eisaid(a, "PNP0B00");		/* AT real-time clock */
	aml_name(a, "_CRS");
	aml_resource_template(a);
	aml_res_io(a, RTC_PORT, RTC_PORT, 1, 2);
	aml_res_interrupt(a, AML_IRQ_EDGE, RTC_IRQ);
	aml_resource_end(a);
	aml_close(a);
}

/*
 * The PCI root bridge and the windows it decodes, as QEMU's pc describes
 * its i440FX (hw/i386/acpi-build.c, build_dsdt; without its _ADR, which
 * a device with a _HID must not have, ACPI 6.4 6.1): Linux scans bus 0
 * only for a PNP0A03 in the namespace, and takes the windows from _CRS. No
 * _PRT: no modelled function raises INTx (the PIIX4's pin A is the SCI,
 * which the FADT names).
 */
static void pci_root_device(struct aml *a, const struct acpi_platform *p)
{
	uint32_t mem = p->pci_mem_base ? p->pci_mem_base : PCI_MEM_DEFAULT;

	aml_device(a, "PCI0");
	aml_name(a, "_HID");
	aml_eisaid(a, "PNP0A03");		/* PCI bus */
	aml_name_integer(a, "_UID", 0);
	aml_name(a, "_CRS");
	aml_resource_template(a);
	aml_res_word_address(a, AML_SPACE_BUS, 0, 0x00, 0xff);
	aml_res_io(a, PCI_CONFIG_PORT, PCI_CONFIG_PORT, 1, 8);
	aml_res_word_address(a, AML_SPACE_IO, AML_IO_ENTIRE_RANGE, 0x0000,
			     PCI_CONFIG_PORT - 1);
	aml_res_word_address(a, AML_SPACE_IO, AML_IO_ENTIRE_RANGE,
			     PCI_CONFIG_PORT + 8, 0xffff);
	aml_res_dword_memory(a, AML_MEM_RW | AML_MEM_CACHEABLE, VGA_WINDOW,
			     VGA_WINDOW_END);
	if (mem < PCI_MEM_END)
		aml_res_dword_memory(a, AML_MEM_RW, mem, PCI_MEM_END);
	aml_resource_end(a);
	aml_close(a);
}

/*
 * A virtio-mmio device as Firecracker and QEMU's microvm declare theirs:
 * Linux's virtio_mmio driver matches LNRO0005 and takes the window and the
 * interrupt from _CRS (drivers/virtio/virtio_mmio.c, vm_probe()). Level-
 * triggered: the line stays up while InterruptStatus has a bit set.
 */
static void virtio_mmio_device(struct aml *a, const struct acpi_platform *p)
{
	aml_device(a, "VR00");
	aml_name_string_value(a, "_HID", "LNRO0005");
	aml_name_integer(a, "_UID", 0);
	aml_name(a, "_CRS");
	aml_resource_template(a);
	aml_res_memory32_fixed(a, true, p->virtio_mmio_base,
			       ACPI_VIRTIO_MMIO_SIZE);
	aml_res_interrupt(a, 0, p->virtio_mmio_gsi);
	aml_resource_end(a);
	aml_close(a);
}

/*
 * The 8042's two ports, as QEMU's pc describes them (hw/input/pckbd.c,
 * i8042_build_aml): Linux's i8042 then finds the controller by PNP
 * instead of probing 0x60/0x64 blind.
 */
static void kbc_devices(struct aml *a)
{
	aml_device(a, "KBD");
	aml_name(a, "_HID");
	aml_eisaid(a, "PNP0303");		/* IBM enhanced keyboard */
	aml_method_return_integer(a, "_STA", STA_PRESENT);
	aml_name(a, "_CRS");
	aml_resource_template(a);
	aml_res_io(a, KBC_DATA_PORT, KBC_DATA_PORT, 1, 1);
	aml_res_io(a, KBC_CMD_PORT, KBC_CMD_PORT, 1, 1);
	aml_res_interrupt(a, AML_IRQ_EDGE, KBC_KBD_IRQ);
	aml_resource_end(a);
	aml_close(a);

	aml_device(a, "MOU");
	aml_name(a, "_HID");
	aml_eisaid(a, "PNP0F13");		/* PS/2 mouse */
	aml_method_return_integer(a, "_STA", STA_PRESENT);
	aml_name(a, "_CRS");
	aml_resource_template(a);
	aml_res_interrupt(a, AML_IRQ_EDGE, KBC_AUX_IRQ);
	aml_resource_end(a);
	aml_close(a);
}

size_t acpi_build_dsdt(uint8_t *t, size_t room, const struct acpi_platform *p)
{
	struct aml a;

	if (room < ACPI_HEADER_SIZE || p->cpus == 0 || p->cpus > 16)
		return 0;
	aml_init(&a, t + ACPI_HEADER_SIZE, room - ACPI_HEADER_SIZE);

	aml_name(&a, "\\_S5");
	aml_package(&a, 2);
	aml_integer(&a, ACPI_S5_SLP_TYP);
	aml_integer(&a, 0);
	aml_close(&a);

	aml_scope(&a, "\\_SB");
	for (unsigned int cpu = 0; cpu < p->cpus; cpu++)
		cpu_device(&a, cpu);
	pci_root_device(&a, p);
	com1_device(&a);
	rtc_device(&a);
	kbc_devices(&a);
	if (p->virtio_mmio_base)
		virtio_mmio_device(&a, p);
	aml_close(&a);

	if (!aml_ok(&a))
		return 0;
	acpi_header(t, "DSDT", (uint32_t)(ACPI_HEADER_SIZE + a.len),
		    ACPI_DSDT_REVISION);
	acpi_set_checksum(t, ACPI_HEADER_SIZE + a.len, 9);
	return ACPI_HEADER_SIZE + a.len;
}
