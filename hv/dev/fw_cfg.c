// SPDX-License-Identifier: MIT
/* QEMU fw_cfg, port interface (see fw_cfg.h). Pure: unit-tested. */
#include "hv/dev/fw_cfg.h"

#include <stddef.h>

static void put_le(uint8_t *p, uint64_t v, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put_be(uint8_t *p, uint64_t v, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
}

void fw_cfg_model_init(struct dev_fw_cfg *f, uint64_t ram_size,
		       unsigned int cpus)
{
	static const char name[] = "etc/e820";
	uint8_t *e = f->dir + 4;

	*f = (struct dev_fw_cfg){ .key = FW_CFG_SIGNATURE };
	put_le(f->id, FW_CFG_ID_TRADITIONAL, 4);
	put_le(f->ram_size, ram_size, 8);
	put_le(f->cpus, cpus, 2);
	/* struct e820_entry { le64 address, length; le32 type; } */
	put_le(f->e820, AMD_HT_START, 8);
	put_le(f->e820 + 8, AMD_HT_SIZE, 8);
	put_le(f->e820 + 16, 2, 4);
	put_le(f->e820 + 20 + 8, ram_size, 8);
	put_le(f->e820 + 20 + 16, 1, 4);
	/* struct FWCfgFile { be32 size; be16 select; be16 reserved; name[56]; } */
	put_be(f->dir, FW_CFG_FILES, 4);
	put_be(e, sizeof(f->e820), 4);
	put_be(e + 4, FW_CFG_FILE_FIRST, 2);
	for (size_t i = 0; i < sizeof(name); i++)
		e[8 + i] = (uint8_t)name[i];
}

static const uint8_t *item(const struct dev_fw_cfg *f, uint32_t *len)
{
	static const uint8_t sig[4] = { 'Q', 'E', 'M', 'U' };

	switch (f->key) {
	case FW_CFG_SIGNATURE:
		*len = sizeof(sig);
		return sig;
	case FW_CFG_ID:
		*len = sizeof(f->id);
		return f->id;
	case FW_CFG_RAM_SIZE:
		*len = sizeof(f->ram_size);
		return f->ram_size;
	case FW_CFG_NB_CPUS:
	case FW_CFG_MAX_CPUS:
		*len = sizeof(f->cpus);
		return f->cpus;
	case FW_CFG_FILE_DIR:
		*len = sizeof(f->dir);
		return f->dir;
	case FW_CFG_FILE_FIRST:
		*len = sizeof(f->e820);
		return f->e820;
	default:
		*len = 0;
		return NULL;
	}
}

static uint8_t data_byte(struct dev_fw_cfg *f)
{
	uint32_t len;
	const uint8_t *p = item(f, &len);

	if (!p || f->offset >= len)
		return 0;
	return p[f->offset++];
}

uint32_t fw_cfg_model_read(struct dev_fw_cfg *f, uint16_t port,
			   unsigned int size)
{
	(void)port;
	/* QEMU accepts byte reads only (fw_cfg_comb_valid). */
	if (size != 1)
		return ~0u;
	return data_byte(f);
}

void fw_cfg_model_write(struct dev_fw_cfg *f, uint16_t port,
			unsigned int size, uint32_t value)
{
	/* A 16-bit write to the selector selects; the rest are data writes. */
	if (port == PORT_FW_CFG_SEL && size == 2) {
		f->key = (uint16_t)value;
		f->offset = 0;
	}
}
