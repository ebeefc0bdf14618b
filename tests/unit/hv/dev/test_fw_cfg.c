// SPDX-License-Identifier: MIT
/* hv/dev/fw_cfg.c against QEMU's docs/specs/fw_cfg.rst. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <string.h>

#include "hv/dev/fw_cfg.h"

static struct dev_fw_cfg f;

static int setup(void **state)
{
	(void)state;
	fw_cfg_model_init(&f, 16ULL << 20, 1);
	return 0;
}

static void sel(uint16_t key)
{
	fw_cfg_model_write(&f, PORT_FW_CFG_SEL, 2, key);
}

static uint64_t read_le(unsigned int n)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < n; i++)
		v |= (uint64_t)fw_cfg_model_read(&f, PORT_FW_CFG_DATA, 1) << (8 * i);
	return v;
}

static uint64_t read_be(unsigned int n)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < n; i++)
		v = v << 8 | fw_cfg_model_read(&f, PORT_FW_CFG_DATA, 1);
	return v;
}

static void test_signature(void **state)
{
	char s[5] = { 0 };

	(void)state;
	sel(FW_CFG_SIGNATURE);
	for (int i = 0; i < 4; i++)
		s[i] = (char)fw_cfg_model_read(&f, PORT_FW_CFG_DATA, 1);
	assert_string_equal(s, "QEMU");
	assert_int_equal(fw_cfg_model_read(&f, PORT_FW_CFG_DATA, 1), 0);
	sel(FW_CFG_SIGNATURE);			/* selecting rewinds */
	assert_int_equal(fw_cfg_model_read(&f, PORT_FW_CFG_SEL, 1), 'Q');
}

static void test_id_ram_cpus(void **state)
{
	(void)state;
	sel(FW_CFG_ID);
	assert_int_equal(read_le(4), 1);
	sel(FW_CFG_RAM_SIZE);
	assert_int_equal(read_le(8), 16ULL << 20);
	sel(FW_CFG_NB_CPUS);
	assert_int_equal(read_le(2), 1);
	sel(FW_CFG_MAX_CPUS);
	assert_int_equal(read_le(2), 1);
}

static void test_file_dir_and_e820(void **state)
{
	char name[57] = { 0 };
	uint16_t select;

	(void)state;
	sel(FW_CFG_FILE_DIR);
	assert_int_equal(read_be(4), 1);
	assert_int_equal(read_be(4), 40);
	select = (uint16_t)read_be(2);
	read_be(2);
	for (int i = 0; i < 56; i++)
		name[i] = (char)fw_cfg_model_read(&f, PORT_FW_CFG_DATA, 1);
	assert_string_equal(name, "etc/e820");
	sel(select);
	assert_int_equal(read_le(8), 0xfd00000000ULL);	/* QEMU 7.2's HT hole */
	assert_int_equal(read_le(8), 0x300000000ULL);
	assert_int_equal(read_le(4), 2);
	assert_int_equal(read_le(8), 0);
	assert_int_equal(read_le(8), 16ULL << 20);
	assert_int_equal(read_le(4), 1);
}

static void test_unknown_and_byte_select(void **state)
{
	(void)state;
	sel(0x1234);
	assert_int_equal(fw_cfg_model_read(&f, PORT_FW_CFG_DATA, 1), 0);
	sel(FW_CFG_SIGNATURE);
	/* A byte write to 0x510 is a data write (QEMU), not a select. */
	fw_cfg_model_write(&f, PORT_FW_CFG_SEL, 1, FW_CFG_ID);
	assert_int_equal(fw_cfg_model_read(&f, PORT_FW_CFG_DATA, 1), 'Q');
	/* Only byte reads are accepted. */
	assert_int_equal(fw_cfg_model_read(&f, PORT_FW_CFG_DATA, 2), 0xffffffffu);
	assert_int_equal(fw_cfg_model_read(&f, PORT_FW_CFG_DATA, 1), 'E');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_signature, setup),
		cmocka_unit_test_setup(test_id_ram_cpus, setup),
		cmocka_unit_test_setup(test_file_dir_and_e820, setup),
		cmocka_unit_test_setup(test_unknown_and_byte_select, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
