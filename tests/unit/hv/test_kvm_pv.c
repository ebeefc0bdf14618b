// SPDX-License-Identifier: MIT
/*
 * hv/kvm_pv.c: pv=kvm as a guest meets it. KVM's CPUID leaves; the MSRs'
 * registration checks (alignment, inside RAM, not crossing a page, the
 * reserved bits, the features offered) and what a refused write leaves
 * (nothing); the structures filled in the guest's RAM with the version
 * protocol; steal time from the scheduler's count; PV EOI with the real
 * local APIC model (hv/dev/lapic.c); the hypercall results. The guest's
 * RAM is a buffer here; the TSC a counter the test moves.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "drivers/rtc.h"
#include "drivers/tsc.h"
#include "hv/arch.h"
#include "hv/errno.h"
#include "hv/kvm_pv.h"
#include "hv/pvclock.h"
#include "hv/vm.h"

/* ------------------------------------------------------------ the host */

#define RAM_SIZE	(64 * 1024)

static uint64_t host_tsc;
uint64_t tsc_hz = 2000000000ULL;	/* 2 GHz: shift 0, mul 2^31 */
uint64_t tsc_boot;
int64_t host_rtc_sec = 1764720000;	/* 2025-12-03 00:00 UTC */
uint64_t host_rtc_tsc = 1000;

uint64_t arch_read_timestamp(void)
{
	return host_tsc;
}

/* As hv/vm.c's. */
void *vm_gpa_to_hva(struct vm *vm, uint64_t gpa, uint64_t len)
{
	if (gpa >= vm->ram_size || len > vm->ram_size - gpa)
		return NULL;
	return vm->ram + gpa;
}

void printk(const char *fmt, ...)
{
	(void)fmt;
}

static struct vm vm;
static struct vcpu *v = &vm.vcpu;
static uint8_t ram[RAM_SIZE + 4096];	/* + a guard page, never written */

static int setup(void **state)
{
	(void)state;
	memset(&vm, 0, sizeof(vm));
	memset(ram, 0, sizeof(ram));
	memset(ram + RAM_SIZE, 0xa5, 4096);
	vm.ram = ram;
	vm.ram_size = RAM_SIZE;
	vm.vcpu.vm = &vm;
	vm.pv_kvm = true;
	lapic_model_init(&v->lapic, 0, tsc_hz);
	ioapic_model_init(&vm.ioapic, &v->lapic);
	host_tsc = 1000000;
	kvm_pv_vm_init(&vm, host_tsc, tsc_hz);
	return 0;
}

static void guard_untouched(void)
{
	for (size_t i = RAM_SIZE; i < sizeof(ram); i++)
		if (ram[i] != 0xa5)
			fail_msg("byte %#zx past the guest's RAM written", i);
}

static void *at(uint64_t gpa)
{
	return ram + gpa;
}

/* ------------------------------------------------------------ CPUID */

static void test_cpuid(void **state)
{
	uint32_t r[4];
	char sig[13] = { 0 };

	(void)state;
	assert_true(kvm_pv_cpuid(0x40000000, r));
	assert_int_equal(r[0], 0x40000001);
	memcpy(sig, &r[1], 4);
	memcpy(sig + 4, &r[2], 4);
	memcpy(sig + 8, &r[3], 4);
	assert_memory_equal(sig, "KVMKVMKVM\0\0\0", 12);
	assert_true(kvm_pv_cpuid(0x40000001, r));
	/* Exactly: NOP_IO_DELAY, CLOCKSOURCE2, STEAL_TIME, PV_EOI, STABLE. */
	assert_int_equal(r[0], (1u << 1) | (1u << 3) | (1u << 5) | (1u << 6) |
			       (1u << 24));
	assert_int_equal(r[1] | r[2] | r[3], 0);	/* EDX: no hints */
	assert_false(kvm_pv_cpuid(0x40000002, r));
	assert_false(kvm_pv_cpuid(0x40000100, r));
	assert_false(kvm_pv_cpuid(1, r));
}

/* ------------------------------------------------------------ checks */

static void test_check_gpa(void **state)
{
	(void)state;
	assert_int_equal(kvm_pv_check_gpa(&vm, 0x1000, 32, 4), 0);
	assert_int_equal(kvm_pv_check_gpa(&vm, 0x1fe0, 32, 4), 0);
	assert_int_equal(kvm_pv_check_gpa(&vm, 0x1002, 32, 4), -HV_EINVAL);
	assert_int_equal(kvm_pv_check_gpa(&vm, 0x1fe4, 32, 4), -HV_EINVAL);
	assert_int_equal(kvm_pv_check_gpa(&vm, RAM_SIZE - 32, 32, 4), 0);
	assert_int_equal(kvm_pv_check_gpa(&vm, RAM_SIZE, 32, 4), -HV_EINVAL);
	assert_int_equal(kvm_pv_check_gpa(&vm, RAM_SIZE - 16, 32, 4),
			 -HV_EINVAL);
	assert_int_equal(kvm_pv_check_gpa(&vm, ~0ULL & ~3ULL, 32, 4),
			 -HV_EINVAL);	/* no wrap-around */
	assert_int_equal(kvm_pv_check_gpa(&vm, 0x1020, 64, 64), -HV_EINVAL);
}

static int wr(uint32_t index, uint64_t value)
{
	return kvm_pv_msr_write(v, index, value);
}

static uint64_t rd(uint32_t index)
{
	uint64_t value = 0xdead;

	assert_int_equal(kvm_pv_msr_read(v, index, &value), 0);
	return value;
}

/* Each bad address is refused (#GP), changes nothing and writes nothing. */
static void test_bad_registrations(void **state)
{
	static const uint8_t zero[64];

	(void)state;
	/* System time: 4-byte aligned, 32 bytes in RAM and in one page. */
	assert_int_equal(wr(0x4b564d01, 0x1002 | 1), -HV_EINVAL);
	assert_int_equal(wr(0x4b564d01, 0x1fe8 | 1), -HV_EINVAL);
	assert_int_equal(wr(0x4b564d01, RAM_SIZE | 1), -HV_EINVAL);
	assert_int_equal(wr(0x4b564d01, (RAM_SIZE - 16) | 1), -HV_EINVAL);
	assert_int_equal(wr(0x4b564d01, 0xfffffffffffff001ULL), -HV_EINVAL);
	assert_int_equal(rd(0x4b564d01), 0);
	/* Wall clock: 4-byte aligned, 12 bytes. */
	assert_int_equal(wr(0x4b564d00, 0x1001), -HV_EINVAL);
	assert_int_equal(wr(0x4b564d00, 0x1ff8), -HV_EINVAL);
	assert_int_equal(wr(0x4b564d00, RAM_SIZE - 8), -HV_EINVAL);
	assert_int_equal(rd(0x4b564d00), 0);
	/* Steal time: bits 1-5 reserved (so 64-byte aligned), in RAM. */
	assert_int_equal(wr(0x4b564d03, 0x1020 | 1), -HV_EINVAL);
	assert_int_equal(wr(0x4b564d03, 0x1002), -HV_EINVAL);
	assert_int_equal(wr(0x4b564d03, RAM_SIZE | 1), -HV_EINVAL);
	assert_int_equal(rd(0x4b564d03), 0);
	/* PV EOI: 4-byte aligned (bit 1 reserved), in RAM when enabled. */
	assert_int_equal(wr(0x4b564d04, 0x1002 | 1), -HV_EINVAL);
	assert_int_equal(wr(0x4b564d04, 0x1002), -HV_EINVAL);
	assert_int_equal(wr(0x4b564d04, RAM_SIZE | 1), -HV_EINVAL);
	assert_int_equal(rd(0x4b564d04), 0);
	/* Disabled (bit 0 clear): any address is only remembered, as KVM. */
	assert_int_equal(wr(0x4b564d01, RAM_SIZE * 4), 0);
	assert_int_equal(wr(0x4b564d04, RAM_SIZE * 4), 0);
	assert_int_equal(rd(0x4b564d04), RAM_SIZE * 4);
	assert_memory_equal(ram, zero, sizeof(zero));
	guard_untouched();
}

/* What is not offered #GPs as a missing MSR; so all of it without pv=kvm. */
static void test_not_offered(void **state)
{
	uint64_t value;

	(void)state;
	assert_int_equal(wr(0x4b564d02, 0x1001), -HV_ENOENT); /* ASYNC_PF */
	assert_int_equal(wr(0x4b564d05, 1), -HV_ENOENT);  /* POLL_CONTROL */
	assert_int_equal(wr(0x4b564dff, 0), -HV_ENOENT);
	assert_int_equal(kvm_pv_msr_read(v, 0x4b564d02, &value), -HV_ENOENT);
	vm.pv_kvm = false;
	assert_int_equal(wr(0x4b564d01, 0x1001), -HV_ENOENT);
	assert_int_equal(wr(0x4b564d00, 0x1000), -HV_ENOENT);
	assert_int_equal(kvm_pv_msr_read(v, 0x4b564d01, &value), -HV_ENOENT);
}

/* ------------------------------------------------------------ kvm-clock */

static void test_system_time(void **state)
{
	struct pvclock_vcpu_time_info *t = at(0x1000);
	uint64_t before;

	(void)state;
	v->msrs.tsc_offset = 500;		/* guest TSC = host + 500 */
	host_tsc += 2000;			/* 1 us after kvm-clock 0 */
	assert_int_equal(wr(0x4b564d01, 0x1000 | 1), 0);
	assert_int_equal(rd(0x4b564d01), 0x1001);
	/* Complete at once: Linux reads it right after the WRMSR. */
	assert_int_equal(t->version, 2);
	assert_int_equal(t->tsc_timestamp, 1002500);
	assert_int_equal(t->system_time, 1000);
	assert_int_equal(t->tsc_to_system_mul, 0x80000000u);
	assert_int_equal(t->tsc_shift, 0);
	assert_int_equal(t->flags, PVCLOCK_TSC_STABLE_BIT);
	assert_int_equal(pvclock_tsc_khz(t), 2000000);

	/* The next turn rewrites it on the same line. */
	host_tsc += 2000000;			/* 1 ms on */
	before = pvclock_guest_ns(t, host_tsc + 500);
	kvm_pv_vcpu_load(v);
	assert_int_equal(t->version, 4);
	assert_int_equal(pvclock_guest_ns(t, host_tsc + 500), before);
	assert_int_equal(t->system_time, 1001000);

	/* The guest moves its TSC: rewritten before the next entry. */
	v->msrs.tsc_offset = 10;
	kvm_pv_tsc_changed(v);
	kvm_pv_before_entry(v);
	assert_int_equal(t->version, 6);
	assert_int_equal(t->tsc_timestamp, host_tsc + 10);
	assert_int_equal(pvclock_guest_ns(t, host_tsc + 10), before);
	kvm_pv_before_entry(v);		/* nothing moved: no rewrite */
	assert_int_equal(t->version, 6);

	/* Disabled: no more updates. */
	assert_int_equal(wr(0x4b564d01, 0x1000), 0);
	kvm_pv_vcpu_load(v);
	assert_int_equal(t->version, 6);
	guard_untouched();
}

/* Monotonic across rewrites at awkward rates (the stable bit's promise). */
static void test_clock_monotonic(void **state)
{
	struct pvclock_vcpu_time_info *t = at(0x2000);
	uint64_t last = 0;

	(void)state;
	tsc_hz = 2893437123ULL;
	kvm_pv_vm_init(&vm, host_tsc, tsc_hz);
	assert_int_equal(wr(0x4b564d01, 0x2000 | 1), 0);
	for (int i = 0; i < 2000; i++) {
		uint64_t now;

		host_tsc += 1 + (uint64_t)i * 7919 % 100003;
		now = pvclock_guest_ns(t, host_tsc);
		assert_true(now >= last);
		kvm_pv_vcpu_load(v);
		assert_true(pvclock_guest_ns(t, host_tsc) >= now);
		last = pvclock_guest_ns(t, host_tsc);
	}
	tsc_hz = 2000000000ULL;
}

static void test_wall_clock(void **state)
{
	struct pvclock_wall_clock *w = at(0x3004);

	(void)state;
	/* kvm-clock 0 was at host TSC 1000000: 999000 ticks = 499.5 us
	 * after the RTC showed host_rtc_sec. */
	host_tsc += 123456789;
	assert_int_equal(wr(0x4b564d00, 0x3004), 0);
	assert_int_equal(rd(0x4b564d00), 0x3004);
	assert_int_equal(w->version, 2);
	assert_int_equal(w->sec, 1764720000);
	assert_int_equal(w->nsec, 499500);
	guard_untouched();
}

/* ------------------------------------------------------------ steal */

static void test_steal_time(void **state)
{
	struct kvm_steal_time *st = at(0x4040);

	(void)state;
	vm.steal_tsc = 5000;	/* before registration: not counted */
	st->steal = 100;		/* what the guest left there stays */
	assert_int_equal(wr(0x4b564d03, 0x4040 | 1), 0);
	assert_int_equal(st->version & 1, 0);
	assert_int_equal(st->steal, 100);
	vm.steal_tsc += 4000000;	/* another guest ran 2 ms meanwhile */
	kvm_pv_vcpu_put(v, true);
	assert_int_equal(st->preempted, KVM_VCPU_PREEMPTED);
	kvm_pv_vcpu_load(v);
	assert_int_equal(st->steal, 100 + 2000000);
	assert_int_equal(st->preempted, 0);
	assert_int_equal(st->version, 4);
	kvm_pv_vcpu_put(v, false);	/* went to sleep: not preempted */
	assert_int_equal(st->preempted, 0);
	kvm_pv_vcpu_load(v);		/* nothing more stolen */
	assert_int_equal(st->steal, 100 + 2000000);
	/* Disabled: the count stays where it is. */
	assert_int_equal(wr(0x4b564d03, 0x4040), 0);
	vm.steal_tsc += 4000000;
	kvm_pv_vcpu_load(v);
	assert_int_equal(st->steal, 100 + 2000000);
	guard_untouched();
}

/* ------------------------------------------------------------ PV EOI */

static void test_pv_eoi(void **state)
{
	volatile uint32_t *flag = at(0x5000);

	(void)state;
	/* Software-enable the APIC (SVR bit 8), as a guest does. */
	lapic_model_write(&v->lapic, 0xf0, 0x1ff, host_tsc);
	assert_int_equal(wr(0x4b564d04, 0x5000 | 1), 0);
	/* Nothing in service: no flag. */
	kvm_pv_before_entry(v);
	assert_int_equal(*flag, 0);

	/* One edge-triggered vector in service, none pending: flagged. */
	lapic_accept(&v->lapic, 0x30, false);
	assert_int_equal(lapic_acknowledge(&v->lapic), 0x30);
	kvm_pv_before_entry(v);
	assert_int_equal(*flag, 1);
	/* The exit came before the guest's handler: the flag is taken back. */
	kvm_pv_after_exit(v);
	assert_int_equal(*flag, 0);
	assert_true(lapic_pv_eoi_allowed(&v->lapic));
	/* Flagged again; the guest clears it: the next exit does the EOI. */
	kvm_pv_before_entry(v);
	*flag = 0;
	kvm_pv_after_exit(v);
	assert_int_equal(v->kvm.pv_eois, 1);
	assert_false(lapic_pv_eoi_allowed(&v->lapic)); /* none in service */
	kvm_pv_before_entry(v);
	assert_int_equal(*flag, 0);

	/* Two in service, or one pending: the guest must write EOI. */
	lapic_accept(&v->lapic, 0x30, false);
	lapic_acknowledge(&v->lapic);
	lapic_accept(&v->lapic, 0x40, false);
	lapic_acknowledge(&v->lapic);
	kvm_pv_before_entry(v);
	assert_int_equal(*flag, 0);
	lapic_model_write(&v->lapic, 0xb0, 0, host_tsc);	/* EOI 0x40 */
	lapic_accept(&v->lapic, 0x20, false);		/* below 0x30 */
	kvm_pv_before_entry(v);
	assert_int_equal(*flag, 0);
	lapic_model_write(&v->lapic, 0xb0, 0, host_tsc);	/* EOI 0x30 */
	/* Level-triggered: the IOAPIC needs the EOI. */
	assert_int_equal(lapic_acknowledge(&v->lapic), 0x20);
	lapic_model_write(&v->lapic, 0xb0, 0, host_tsc);
	lapic_accept(&v->lapic, 0x50, true);
	lapic_acknowledge(&v->lapic);
	kvm_pv_before_entry(v);
	assert_int_equal(*flag, 0);
	assert_int_equal(v->kvm.pv_eois, 1);
	guard_untouched();
}

/* ------------------------------------------------------------ hypercalls */

static void test_hypercalls(void **state)
{
	(void)state;
	assert_int_equal((int64_t)kvm_pv_hypercall(v, 0), -1000);
	for (unsigned int cpl = 1; cpl <= 3; cpl++)
		assert_int_equal((int64_t)kvm_pv_hypercall(v, cpl), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_cpuid, setup),
		cmocka_unit_test_setup(test_check_gpa, setup),
		cmocka_unit_test_setup(test_bad_registrations, setup),
		cmocka_unit_test_setup(test_not_offered, setup),
		cmocka_unit_test_setup(test_system_time, setup),
		cmocka_unit_test_setup(test_clock_monotonic, setup),
		cmocka_unit_test_setup(test_wall_clock, setup),
		cmocka_unit_test_setup(test_steal_time, setup),
		cmocka_unit_test_setup(test_pv_eoi, setup),
		cmocka_unit_test_setup(test_hypercalls, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
