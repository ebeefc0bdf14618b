// SPDX-License-Identifier: MIT
/*
 * The I/O and MSR permission maps (see svm_pm.h). The same policy as the
 * VT-x bitmaps (vmx_vmcs.c): every port exits; every MSR exits except
 * those the guest owns outright, whose values the VMCB or the switch code
 * keep (svm_vmcb.c says which).
 */
#include "arch/x86/svm/svm_pm.h"
#include "hv/lib/string.h"

void svm_iopm_init(uint8_t *iopm)
{
	/* One bit a port; the 3 bits past 0xffff for accesses that wrap. */
	memset(iopm, 0xff, SVM_IOPM_SIZE);
}

void svm_msrpm_init(uint8_t *msrpm)
{
	memset(msrpm, 0xff, SVM_MSRPM_SIZE);
}

/*
 * The bit offset of @msr's read bit (its write bit follows), APM Table
 * 15-5: each range of 8K MSRs takes 2 KiB, two bits per MSR.
 */
static int msrpm_bit(uint32_t msr)
{
	static const uint32_t base[3] = { 0x00000000, 0xc0000000, 0xc0010000 };

	for (int i = 0; i < 3; i++)
		if (msr - base[i] < 0x2000)
			return i * 0x2000 * 2 + (int)(msr - base[i]) * 2;
	return -1;
}

int svm_msrpm_passthrough(uint8_t *msrpm, uint32_t msr)
{
	int bit = msrpm_bit(msr);

	if (bit < 0)
		return -1;
	msrpm[bit / 8] &= (uint8_t)~(3u << (bit % 8));
	return 0;
}

int svm_msrpm_passthrough_read(uint8_t *msrpm, uint32_t msr)
{
	int bit = msrpm_bit(msr);

	if (bit < 0)
		return -1;
	msrpm[bit / 8] &= (uint8_t)~(1u << (bit % 8));
	return 0;
}

bool svm_msrpm_intercepts(const uint8_t *msrpm, uint32_t msr, bool write)
{
	int bit = msrpm_bit(msr);

	if (bit < 0)
		return true;
	bit += write;
	return msrpm[bit / 8] & (1u << (bit % 8));
}

/* An access exits if the bit of any port it touches is set (15.10.1). */
bool svm_iopm_intercepts(const uint8_t *iopm, uint16_t port, unsigned size)
{
	for (unsigned int p = port; p < (unsigned int)port + size; p++)
		if (iopm[p / 8] & (1u << (p % 8)))
			return true;
	return false;
}
