// SPDX-License-Identifier: MIT
/*
 * nmi: NMIs from every source a PC has, and when the CPU takes them (SDM
 * Vol. 3A, 6.7.1 and 10.6.1), the same natively and under the hypervisor:
 *   icr     a self-NMI by the ICR (physical, own ID) with IF clear: taken
 *           (when exactly is not architectural: QEMU's TCG takes it
 *           hundreds of bytes of code later, the hypervisor at once)
 *   nested  a second one sent inside the NMI handler waits for the
 *           handler's IRET and comes right after it, at the first's
 *           return address
 *   ioapic  the PIT through IOAPIC pin 2 with delivery mode NMI
 *   lint0   the PIT through the 8259 with LINT0 in NMI mode (QEMU's
 *           apic_deliver_pic_intr: virtual wire, the INTR line an NMI)
 *   rep     an NMI (PIT through the IOAPIC) during a REP OUTSB to port
 *           0x80, an exit per byte: the string still ends whole
 *   hlt     HLT with IF clear, woken by the PIT as an NMI (IOAPIC)
 * Everything runs with IF clear: the NMI ignores it. "spin=N": first
 * spin N million rounds (time for the host-nmi-no-panic case to give the
 * host CPU NMIs while this guest runs).
 */
#include "guest/lib/apic.h"
#include "guest/lib/args.h"
#include "guest/lib/pit.h"
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/trap.h"
#include "guest/lib/x86.h"

#define VEC_NMI		2
#define DM_NMI		(4u << 8)
#define DM_EXTINT	(7u << 8)
#define PIT_PIN		2
#define WAIT_MAX	50000000u
#define REP_BYTES	4096

void kmain(uint32_t magic, uint32_t info);

static volatile unsigned int nmis;
static volatile uint64_t nmi_rip[4], nmi_rcx;
static volatile int nest;		/* send another from the handler */
static volatile uint32_t icr_self;	/* the ICR value for a self-NMI */
static char log[64];
static volatile unsigned int log_n;

static void note(char c)
{
	if (log_n < sizeof(log) - 1)
		log[log_n++] = c;
}

static void on_nmi(struct trap_frame *tf)
{
	unsigned int n = nmis++;

	note('E');
	if (n < 4)
		nmi_rip[n] = tf->rip;
	nmi_rcx = tf->rcx;
	if (nest) {
		nest = 0;
		lapic_write(APIC_ICR, icr_self);	/* blocked: pending */
		note('s');
		for (volatile int i = 0; i < 1000; i++)
			;
	}
	note('L');
}

static int wait_nmis(unsigned int n)
{
	for (unsigned int i = 0; i < WAIT_MAX; i++)
		if (nmis >= n)
			return 1;
	return 0;
}

/* One ICR write whose end is labelled: where the NMI must be taken. */
static __attribute__((noinline)) void send_self_nmi(void)
{
	extern const char icr_written[];
	volatile uint32_t *icr = (volatile uint32_t *)
		((uintptr_t)(rdmsr(MSR_IA32_APIC_BASE) & 0xfffff000u) + APIC_ICR);

	__asm__ volatile("movl %1, (%0)\n"
			 "icr_written:\n\t"
			 "nop"
			 : : "r"(icr), "r"(icr_self) : "memory");
	(void)icr_written;
}

static void test_icr(void)
{
	nmis = 0;
	send_self_nmi();
	wait_nmis(1);
	printf("nmi: icr: %u taken with IF clear\n", nmis);
}

static void test_nested(void)
{
	nmis = 0;
	log_n = 0;
	nest = 1;
	send_self_nmi();
	wait_nmis(2);
	log[log_n] = 0;
	printf("nmi: nested: %u taken, order %s, the second at the first's "
	       "return address: %d\n", nmis, log,
	       nmis == 2 && nmi_rip[1] == nmi_rip[0]);
}

static void test_ioapic(void)
{
	int got;

	nmis = 0;
	ioapic_write(IOAPIC_REDTBL(PIT_PIN) + 1, lapic_read(APIC_ID));
	ioapic_write(IOAPIC_REDTBL(PIT_PIN), DM_NMI);
	got = wait_nmis(1);
	ioapic_write(IOAPIC_REDTBL(PIT_PIN), IOAPIC_MASKED);
	printf("nmi: ioapic: the PIT through pin %d with delivery mode NMI: "
	       "taken %d\n", PIT_PIN, got);
}

static void test_rep(void)
{
	static char buf[REP_BYTES];
	extern const char rep_insn[], rep_end[];
	uint64_t rcx = REP_BYTES;
	const char *p = buf;
	unsigned int rounds = 0;

	ioapic_write(IOAPIC_REDTBL(PIT_PIN) + 1, lapic_read(APIC_ID));
	ioapic_write(IOAPIC_REDTBL(PIT_PIN), DM_NMI);
	/*
	 * Count only the NMIs of the round that takes one: one that comes
	 * before the first REP OUTSB starts (right after the pin is set, at
	 * times) is not the one this step is about.
	 */
	do {
		rcx = REP_BYTES;
		p = buf;
		nmis = 0;
		__asm__ volatile("rep_insn:\n\t"
				 "rep outsb\n"
				 "rep_end:"
				 : "+c"(rcx), "+S"(p) : "d"(0x80) : "memory");
	} while (!nmis && ++rounds < 2000);
	ioapic_write(IOAPIC_REDTBL(PIT_PIN), IOAPIC_MASKED);
	printf("nmi: rep: taken %d, in or right after the REP OUTSB: %d, "
	       "the string ended whole: %d\n", nmis > 0,
	       nmi_rip[0] == (uint64_t)rep_insn ||
	       nmi_rip[0] == (uint64_t)rep_end,
	       rcx == 0 && p == buf + REP_BYTES);
}

static void test_lint0(void)
{
	int got;

	nmis = 0;
	lapic_write(APIC_LVT0, DM_NMI);		/* edge, unmasked */
	outb(0x21, inb(0x21) & ~1u);		/* IRQ 0 at the 8259 */
	got = wait_nmis(1);
	outb(0x21, inb(0x21) | 1u);
	lapic_write(APIC_LVT0, APIC_LVT_MASKED | DM_EXTINT);
	printf("nmi: lint0: the PIT through the 8259 with LINT0 in NMI "
	       "mode: taken %d\n", got);
}

/*
 * HLT with IF clear: only an NMI wakes it (SDM Vol. 2A, HLT), and it
 * returns to the instruction after the HLT. The PIT as an NMI through
 * the IOAPIC, an edge each period. (Not through LINT0: the 8259's INTR
 * stays high once up, as nothing acknowledges an NMI there, so whether
 * an NMI is left to wake the HLT depends on when the last one came.)
 */
static void test_hlt(void)
{
	extern const char hlt_ioapic[];
	unsigned int i, taken;
	int after = 0;

	nmis = 0;
	ioapic_write(IOAPIC_REDTBL(PIT_PIN) + 1, lapic_read(APIC_ID));
	ioapic_write(IOAPIC_REDTBL(PIT_PIN), DM_NMI);
	__asm__ volatile("hlt\nhlt_ioapic:" ::: "memory");
	ioapic_write(IOAPIC_REDTBL(PIT_PIN), IOAPIC_MASKED);
	/*
	 * An edge may come between unmasking the pin and the HLT (a busy
	 * host's clock makes that likelier under the hypervisor): that NMI
	 * returns before the HLT, and the next one wakes it. What counts is
	 * that one of them returned right after it.
	 */
	taken = nmis < 4 ? nmis : 4;
	for (i = 0; i < taken; i++)
		after |= nmi_rip[i] == (uint64_t)hlt_ioapic;
	printf("nmi: hlt: HLT with IF clear woken by the PIT as an NMI "
	       "through the IOAPIC: %d, at the instruction after it: %d\n",
	       nmis > 0, after);
}

void kmain(uint32_t magic, uint32_t info)
{
	uint64_t spin = 0;

	trap_init();
	platform_init(magic, info);
	mb_cmdline_u64(mb_info(magic, info), "spin", &spin);
	if (spin) {
		printf("nmi: spinning\n");
		for (volatile uint64_t i = 0; i < spin * 1000000; i++)
			;
		printf("nmi: spun\n");
	}
	apic_map();
	cli();
	trap_set_handler(VEC_NMI, on_nmi);
	icr_self = DM_NMI;		/* physical, to ICR2's ID: its own */
	lapic_write(APIC_ICR2, lapic_read(APIC_ID));
	pit_start_periodic(1000);
	test_icr();
	test_nested();
	test_ioapic();
	test_rep();
	test_lint0();
	test_hlt();
	printf("nmi: done\n");
	platform_exit(0);
}
