// SPDX-License-Identifier: MIT
/*
 * hv/mmio.c: who claims an address, the width a device sees, and what
 * reaches nobody (all ones and dropped writes in a device window,
 * counted; -HV_ENOENT elsewhere); the report line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "hv/errno.h"
#include "hv/mmio.h"
#include "hv/vm.h"

static char printed[256];

/* hv/printk.c is the hypervisor's console: here a buffer. */
void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(printed, sizeof(printed), fmt, ap);
	va_end(ap);
}

static struct vm vm;
static uint64_t last_off, last_value;
static unsigned int last_size, reads, writes;

#define DEV_BASE 0xfec00000ULL

static bool dev_claims(struct vcpu *v, uint64_t gpa, uint64_t *off)
{
	(void)v;
	if (gpa < DEV_BASE || gpa >= DEV_BASE + 0x1000)
		return false;
	*off = gpa - DEV_BASE;
	return true;
}

static uint64_t dev_read(struct vcpu *v, uint64_t off, unsigned int size)
{
	(void)v;
	reads++;
	last_off = off;
	last_size = size;
	return 0x1122334455667788ULL;	/* wider than asked: mmio.c masks */
}

static void dev_write(struct vcpu *v, uint64_t off, unsigned int size,
		      uint64_t value)
{
	(void)v;
	writes++;
	last_off = off;
	last_size = size;
	last_value = value;
}

static const struct mmio_device dev = {
	"test", dev_claims, dev_read, dev_write,
};

static int setup(void **state)
{
	(void)state;
	memset(&vm, 0, sizeof(vm));
	strcpy(vm.name, "g");
	vm.vcpu.vm = &vm;
	reads = writes = 0;
	printed[0] = 0;
	return 0;
}

static void test_device_gets_the_access(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(mmio_register(&vm, &dev), 0);
	assert_int_equal(mmio_read(&vm.vcpu, DEV_BASE + 0x20, 2, &v), 0);
	assert_int_equal(v, 0x7788);
	assert_int_equal(last_off, 0x20);
	assert_int_equal(last_size, 2);
	assert_int_equal(mmio_write(&vm.vcpu, DEV_BASE + 0x10, 1, 0x1ff), 0);
	assert_int_equal(last_value, 0xff);
	assert_int_equal(last_size, 1);
	assert_int_equal(vm.mmio.unclaimed_reads + vm.mmio.unclaimed_writes, 0);
	assert_true(mmio_is_device(&vm.vcpu, DEV_BASE + 0xfff));
}

static void test_unclaimed_window(void **state)
{
	uint64_t v = 0;

	(void)state;
	assert_int_equal(mmio_read(&vm.vcpu, 0xfed40000, 4, &v), 0);
	assert_int_equal(v, 0xffffffff);
	assert_int_equal(mmio_read(&vm.vcpu, 0xb8000, 8, &v), 0);
	assert_int_equal(v, ~0ULL);
	assert_int_equal(mmio_write(&vm.vcpu, 0xa0000, 1, 5), 0);
	assert_int_equal(vm.mmio.unclaimed_reads, 2);
	assert_int_equal(vm.mmio.unclaimed_writes, 1);
	assert_true(mmio_is_device(&vm.vcpu, 0xfed40000));
	assert_true(mmio_is_device(&vm.vcpu, 0xbffff));
}

static void test_not_a_device(void **state)
{
	uint64_t v = 7;

	(void)state;
	assert_int_equal(mmio_read(&vm.vcpu, 0x20000000, 4, &v), -HV_ENOENT);
	assert_int_equal(v, 7);
	assert_int_equal(mmio_write(&vm.vcpu, 0xfebfffff, 1, 0), -HV_ENOENT);
	assert_false(mmio_is_device(&vm.vcpu, 0x20000000));
	assert_false(mmio_is_device(&vm.vcpu, 0x9ffff));
	assert_false(mmio_is_device(&vm.vcpu, 0xc0000));
	assert_int_equal(vm.mmio.unclaimed_reads + vm.mmio.unclaimed_writes, 0);
}

static void test_report(void **state)
{
	uint64_t v;

	(void)state;
	mmio_report(&vm);
	assert_string_equal(printed, "");	/* nothing reached MMIO */
	vm.mmio.emulated = 3;
	mmio_read(&vm.vcpu, 0xfed40000, 4, &v);
	mmio_report(&vm);
	assert_string_equal(printed, "mmio: guest=g emulated=3 "
			    "unclaimed_reads=1 unclaimed_writes=0\n");
}

static void test_full(void **state)
{
	(void)state;
	for (unsigned int i = 0; i < VM_MMIO_DEVICES_MAX; i++)
		assert_int_equal(mmio_register(&vm, &dev), 0);
	assert_int_equal(mmio_register(&vm, &dev), -HV_ENOSPC);
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_device_gets_the_access),
		T(test_unclaimed_window),
		T(test_not_a_device),
		T(test_report),
		T(test_full),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
