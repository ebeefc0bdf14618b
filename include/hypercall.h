/* SPDX-License-Identifier: MIT */
/*
 * The hypercall ABI: how a paravirtualized guest asks EduHV for services.
 * Shared, unchanged, by the hypervisor (hv/hypercalls.c) and the guests
 * (guest/lib/pv.c). docs/hypercalls.md explains every call.
 *
 * Discovery (CPUID, as KVM, Xen and Hyper-V do):
 *   CPUID.1:ECX[31]      the hypervisor bit: some hypervisor is there
 *   CPUID 0x40000000     EAX = highest hypervisor leaf (>= 0x40000001)
 *                        EBX, ECX, EDX = "EduHV x86-64" (HV_CPUID_SIGNATURE)
 *   CPUID 0x40000001     EAX = ABI version (HV_ABI_VERSION)
 *                        EBX = feature bits (HV_FEATURE_*)
 *                        ECX = the MSR that places the hypercall page
 *                        EDX = 0
 *
 * The hypercall page: the guest writes the guest-physical address of a
 * 4 KiB-aligned page of its RAM, with bit 0 set, to MSR HV_MSR_HYPERCALL
 * (as Xen's hypercall page). The hypervisor fills it with one 32-byte stub
 * per hypercall number: stub N is at offset N * HV_HYPERCALL_STUB_SIZE and
 * does "mov eax, N; <the backend's instruction>; ret". Guests call the
 * stubs and never hard-code VMCALL, so one guest binary works on a VMX and
 * an SVM (VMMCALL) backend alike.
 *
 * Register convention (64-bit mode; like Linux system calls on x86-64):
 *   in:   RAX = hypercall number
 *         RDI, RSI, RDX, R10, R8, R9 = arguments 1-6
 *   out:  RAX = result: >= 0 success, < 0 one of -HV_E*
 *   every other register is preserved.
 * Pointers are guest-virtual addresses, translated through the guest's
 * own page tables and checked against its RAM: a bad one returns
 * -HV_EFAULT; the hypervisor never faults on a guest's word.
 *
 * Numbers 0x000-0x0ff are generic; 0x100-0x1ff are reserved for
 * architecture-specific calls. Any number without a call returns
 * -HV_ENOSYS; RAX counts whole, all 64 bits.
 *
 * Who may call: only CPL 0. From CPL > 0 every call returns -HV_EPERM
 * and does nothing else. A guest configured with pv=none in hv.cfg gets
 * none of this interface: no hypervisor bit or leaves, #GP on the MSR,
 * #UD on VMCALL, as on a PC.
 */
#ifndef HYPERCALL_H
#define HYPERCALL_H

#include <stdint.h>

#define HV_CPUID_SIGNATURE	"EduHV x86-64"
#define HV_CPUID_BASE		0x40000000u
#define HV_CPUID_FEATURES	0x40000001u
#define HV_CPUID_MAX		HV_CPUID_FEATURES

#define HV_ABI_VERSION		0x00010001u	/* major 1, minor 1: HC_TRACE_DUMP */

/* CPUID 0x40000001 EBX */
#define HV_FEATURE_HYPERCALL_PAGE	(1u << 0)
#define HV_FEATURE_CONSOLE		(1u << 1)
#define HV_FEATURE_TIME			(1u << 2)
#define HV_FEATURE_TIMER		(1u << 3)
#define HV_FEATURE_MESSAGES		(1u << 4)
#define HV_FEATURE_EXIT_STATS		(1u << 5)
#define HV_FEATURE_EXIT_TRACE		(1u << 6)

#define HV_MSR_HYPERCALL	0x40000000u
#define HV_MSR_HYPERCALL_ENABLE	1ull	/* bit 0 of what the guest writes */
#define HV_HYPERCALL_STUB_SIZE	32
#define HV_HYPERCALL_PAGE_SIZE	4096

/* Hypercall numbers. */
enum hv_hypercall {
	HC_NULL = 0,		/* () -> 0: nothing, for measuring the path */
	HC_VERSION = 1,		/* () -> HV_ABI_VERSION */
	HC_CONSOLE_WRITE = 2,	/* (buf, len) -> bytes written */
	HC_TIME_NS = 3,		/* () -> ns since the hypervisor started */
	HC_TIMER_SET = 4,	/* (deadline_ns) -> 0; 0 cancels */
	HC_BLOCK = 5,		/* () -> HV_EVENT_* bits that woke it */
	HC_YIELD = 6,		/* () -> 0 */
	HC_SHUTDOWN = 7,	/* (status) -> does not return */
	HC_MSG_SEND = 8,	/* (dest guest id, buf, len) -> 0 */
	HC_MSG_RECV = 9,	/* (buf, len, &sender) -> message length */
	HC_EXIT_STATS = 10,	/* (struct hv_exit_stats_abi *) -> 0 */
	HC_SELF = 11,		/* (struct hv_self_abi *) -> 0 */
	HC_TRACE_DUMP = 12,	/* () -> records printed: the exit trace */
	HC_COUNT,
	HC_ARCH_FIRST = 0x100,	/* reserved: architecture-specific */
	HC_ARCH_LAST = 0x1ff,
};

/* Errors, returned negated (-HV_EFAULT), with Linux's numbers. */
#define HV_EPERM	1
#define HV_ENOENT	2
#define HV_E2BIG	7
#define HV_EAGAIN	11
#define HV_EFAULT	14
#define HV_EINVAL	22
#define HV_EDEADLK	35	/* HC_BLOCK with nothing that could wake it */
#define HV_ENOSYS	38

/* HC_BLOCK results: what is pending. */
#define HV_EVENT_TIMER		(1u << 0)
#define HV_EVENT_MESSAGE	(1u << 1)

/* Limits. */
#define HV_CONSOLE_WRITE_MAX	65536u	/* bytes per HC_CONSOLE_WRITE */
#define HV_TRACE_DUMPS_MAX	8u	/* HC_TRACE_DUMPs a guest may make */
#define HV_MSG_MAX		256u	/* bytes per message */
#define HV_MAILBOX_SLOTS	16u	/* messages a guest can hold */

/* HC_EXIT_STATS: the calling guest's own exit statistics so far. */
#define HV_EXIT_STATS_REASONS	256	/* VT-x reasons; SVM exit codes < 0x100 */
struct hv_exit_stats_abi {
	uint64_t total;
	uint64_t total_cycles;
	uint64_t count[HV_EXIT_STATS_REASONS];	/* by hardware exit reason */
	uint64_t cycles[HV_EXIT_STATS_REASONS];
};

/* HC_SELF: who am I. */
struct hv_self_abi {
	uint32_t id;		/* this guest's number, for HC_MSG_SEND */
	uint32_t guest_count;	/* guests in the configuration */
	char name[16];		/* NUL-terminated */
	uint64_t ram_bytes;
	uint64_t tsc_hz;
};

_Static_assert(sizeof(struct hv_exit_stats_abi) == 16 + 2 * 8 * 256,
	       "hv_exit_stats_abi layout");
_Static_assert(sizeof(struct hv_self_abi) == 40, "hv_self_abi layout");

#endif /* HYPERCALL_H */
