/* SPDX-License-Identifier: MIT */
/*
 * pvtest: every hypercall of include/hypercall.h, with good arguments and
 * bad ones, and what each must return. One line per check:
 *
 *   pvtest: <what>: ok
 *   pvtest: <what>: FAIL <what was wrong>
 *   pvtest: <what>: skipped, <why>           (not counted)
 *
 * then "pvtest: done, N failed", and HC_SHUTDOWN with N. It needs
 * platform=pv: on the bare PC it says so and exits with
 * EXIT_NO_HYPERVISOR.
 */
#ifndef GUEST_PVTEST_H
#define GUEST_PVTEST_H

#include "guest/lib/pv.h"

#include <stddef.h>
#include <stdint.h>

void check_ok(const char *what);
void check_fail(const char *what, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void check_skip(const char *what, const char *why);

/* ok if hypercall result @got is @want, else FAIL naming both. Returns 0 if ok. */
int check_ret(const char *what, int64_t got, int64_t want);

/* "-HV_EFAULT", "0", "0x10000": a hypercall result, readably, in @buf. */
#define RET_NAME_LEN	24
const char *ret_name(int64_t ret, char buf[RET_NAME_LEN]);

/*
 * Addresses no hypercall may accept (memory.c). pvtest_memory_init()
 * unmaps page 0 and a page of our .bss, the hole, in our own page
 * tables: the hypervisor's walk of those tables must fail there as ours
 * would. The page before the hole is mapped and ours, so a buffer that
 * ends in the hole starts in memory we can inspect.
 */
struct bad_addrs {
	uint64_t null;		/* 0, unmapped */
	uint64_t hole;		/* the unmapped .bss page */
	uint64_t beyond_ram;	/* identity-mapped, but no RAM there; 0: none */
	uint64_t ram_end;	/* the first byte after RAM; 0: not mapped */
	uint64_t wrapping;	/* 16 bytes below 2^64 */
	uint64_t noncanonical;	/* the first address above the lower half */
};
extern struct bad_addrs bad;
void pvtest_memory_init(uint64_t ram_bytes);

/*
 * Hypercall @nr(pointer) writes @size bytes there: given each bad
 * address it must return -HV_EFAULT, and given one that starts in our
 * memory and runs into the hole it must not have written the first part
 * either. Checks "<what>-null", "-unmapped", "-into-hole", "-beyond-ram",
 * "-noncanonical".
 */
void check_bad_out_pointer(const char *what, unsigned int nr, size_t size);

/*
 * Is stub @nr what the ABI describes: "mov eax, nr" (b8 imm32), the
 * backend's instruction, "ret" (c3)? (page.c)
 */
#define STUB_MOV_LEN	5
int stub_ok(unsigned int nr);

/*
 * Hypercall @nr with any 64-bit number, also ones the page has no stub
 * for (PV_STUBS and up): RAX loaded here, then into stub 0 just past its
 * "mov eax, 0", at the backend's instruction. Test-only: it leans on the
 * stub layout, so it is used only when stub_ok(0). (calls.c)
 */
int64_t hypercall_raw(uint64_t nr, uint64_t a1, uint64_t a2, uint64_t a3);

/* The guest's RAM, from the Multiboot information (main.c). */
extern uint64_t ram_bytes;

/*
 * The check groups, in the order main.c runs them. pvtest_page() returns
 * -1 if the stubs are not what the ABI describes: calling them is no
 * test then, only a crash.
 */
int pvtest_page(void);
void pvtest_calls(void);
void pvtest_step(void);
void pvtest_msr(void);
void pvtest_console(void);
void pvtest_time(void);
void pvtest_self(void);
void pvtest_messages(void);
void pvtest_exit_stats(void);
void pvtest_trace(void);

#endif
