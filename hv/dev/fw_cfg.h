/* SPDX-License-Identifier: MIT */
/*
 * QEMU's fw_cfg, its port interface (docs/specs/fw_cfg.rst in QEMU):
 * a 16-bit write to the selector 0x510 picks an item and rewinds it;
 * each byte read from the data port 0x511 (or 0x510) gives its next
 * byte, 0 past its end or for an item that does not exist. A byte write
 * to 0x510 or 0x511 is a data write, ignored as QEMU >= 2.4 does.
 * Items:
 *   0x0000 signature "QEMU"
 *   0x0001 ID, 32-bit LE: bit 0 only (the port interface); bit 1, the
 *          DMA interface at 0x514 that QEMU 7.2 also offers, is not
 *          modelled, so it is not claimed
 *   0x0003 RAM size (64-bit LE), 0x0005 CPU count, 0x000f max CPUs
 *          (16-bit LE)
 *   0x0019 the file directory (big-endian count, then 64-byte entries:
 *          size, select, reserved, name), with one file:
 *          "etc/e820": memory as QEMU 7.2 describes it to its firmware,
 *          the file SeaBIOS and firmware made for QEMU size memory from:
 *          the AMD HyperTransport hole [0xfd00000000, +12 GiB) reserved
 *          (QEMU 7.2 always lists it), then the RAM [0, RAM size).
 * No DMA interface, no writable items, no kernel/initrd items.
 */
#ifndef HV_DEV_FW_CFG_H
#define HV_DEV_FW_CFG_H

#include <stdint.h>

#define PORT_FW_CFG_SEL		0x510
#define PORT_FW_CFG_DATA	0x511

#define FW_CFG_SIGNATURE	0x00
#define FW_CFG_ID		0x01
#define FW_CFG_RAM_SIZE		0x03
#define FW_CFG_NB_CPUS		0x05
#define FW_CFG_MAX_CPUS		0x0f
#define FW_CFG_FILE_DIR		0x19
#define FW_CFG_FILE_FIRST	0x20
#define FW_CFG_ID_TRADITIONAL	0x01

#define FW_CFG_FILE_ENTRY	64
#define FW_CFG_FILES		1
#define FW_CFG_E820_ENTRY	20
#define FW_CFG_E820_ENTRIES	2
#define AMD_HT_START		0xfd00000000ULL
#define AMD_HT_SIZE		0x300000000ULL

struct dev_fw_cfg {
	uint16_t key;
	uint32_t offset;
	uint8_t ram_size[8], cpus[2], id[4];
	uint8_t dir[4 + FW_CFG_FILES * FW_CFG_FILE_ENTRY];
	uint8_t e820[FW_CFG_E820_ENTRIES * FW_CFG_E820_ENTRY];
};

void fw_cfg_model_init(struct dev_fw_cfg *f, uint64_t ram_size,
		       unsigned int cpus);
/* @port: 0x510 or 0x511; @size: 1, 2 or 4. */
uint32_t fw_cfg_model_read(struct dev_fw_cfg *f, uint16_t port,
			   unsigned int size);
void fw_cfg_model_write(struct dev_fw_cfg *f, uint16_t port,
			unsigned int size, uint32_t value);

#endif
