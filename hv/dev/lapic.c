// SPDX-License-Identifier: MIT
/*
 * Local APIC model (see lapic.h); x2APIC mode's MSR interface is in
 * x2apic.c. Pure: the unit tests run it.
 */
#include "hv/dev/lapic.h"

#define DFR_FLAT	0xf
#define DFR_CLUSTER	0x0
#define SVR_BITS	0x1ffu		/* vector and enable, as QEMU keeps */
#define ICR_WRITABLE	0x000ccfffu	/* vector..dest mode, level, trigger, shorthand */
#define ICR_DM(v)	(((v) >> 8) & 7)
#define ICR_LOGICAL	(1u << 11)
#define ICR_LEVEL	(1u << 14)
#define ICR_TRIGGER	(1u << 15)
#define ICR_SHORTHAND(v) (((v) >> 18) & 3)
#define ICR_DM_FIXED	0
#define ICR_DM_LOWEST	1
#define ICR_DM_NMI	4
#define ICR_DM_INIT	5
#define X2APIC_BROADCAST 0xffffffffu

enum { SH_NONE, SH_SELF, SH_ALL, SH_OTHERS };

/* Writable bits of each LVT entry (SDM Figure 10-8). */
static const uint32_t lvt_writable[LVT_NR] = {
	[LVT_TIMER]   = 0x000700ffu,	/* vector, mask, mode 18:17 */
	[LVT_THERMAL] = 0x000107ffu,	/* vector, delivery mode, mask */
	[LVT_PERF]    = 0x000107ffu,
	[LVT_LINT0]   = 0x0001a7ffu,	/* + polarity, trigger mode */
	[LVT_LINT1]   = 0x0001a7ffu,
	[LVT_ERROR]   = 0x000100ffu,	/* vector, mask */
};

/* ---------------------------------------------------------------- time */

/* Bus ticks -> TSC ticks, rounded up; exact without 128-bit arithmetic. */
static uint64_t ticks_to_tsc(const struct dev_lapic *l, uint64_t ticks)
{
	uint64_t r = ticks % LAPIC_BUS_HZ;

	return ticks / LAPIC_BUS_HZ * l->tsc_hz +
	       (r * l->tsc_hz + LAPIC_BUS_HZ - 1) / LAPIC_BUS_HZ;
}

/* TSC ticks -> bus ticks, rounded down. */
static uint64_t tsc_to_ticks(const struct dev_lapic *l, uint64_t tsc)
{
	if (!l->tsc_hz)
		return 0;
	return tsc / l->tsc_hz * LAPIC_BUS_HZ +
	       tsc % l->tsc_hz * LAPIC_BUS_HZ / l->tsc_hz;
}

static uint32_t timer_mode(const struct dev_lapic *l)
{
	return l->lvt[LVT_TIMER] & APIC_TIMER_MODE_MASK;
}

/* Counts of the divided clock since the count was loaded. */
static uint64_t counts_since_load(const struct dev_lapic *l, uint64_t now)
{
	if (now <= l->load_tsc)
		return 0;
	return tsc_to_ticks(l, now - l->load_tsc) >> l->shift;
}

/* TSC at which @counts of the divided clock have gone since the load. */
static uint64_t tsc_after_counts(const struct dev_lapic *l, uint64_t counts)
{
	return l->load_tsc + ticks_to_tsc(l, counts << l->shift);
}

uint32_t lapic_current_count(const struct dev_lapic *l, uint64_t now)
{
	uint64_t n;

	if (timer_mode(l) == APIC_TIMER_TSC_DEADLINE || !l->initial_count)
		return 0;
	n = counts_since_load(l, now);
	if (timer_mode(l) == APIC_TIMER_PERIODIC)
		return l->initial_count - (uint32_t)(n % l->initial_count);
	if (!l->next_tsc || n >= l->initial_count)
		return 0;			/* one shot, run out */
	return l->initial_count - (uint32_t)n;
}

/* Aim next_tsc at the first expiry after @now (count modes). */
static void aim_count(struct dev_lapic *l, uint64_t now)
{
	uint64_t n, k;

	if (!l->initial_count) {
		l->next_tsc = 0;		/* a count of 0 stops it */
		return;
	}
	n = counts_since_load(l, now);
	if (timer_mode(l) != APIC_TIMER_PERIODIC) {
		/* One shot: once, unless it ran out already. */
		l->next_tsc = n < l->initial_count ?
			tsc_after_counts(l, l->initial_count) : 0;
		return;
	}
	/* Periodic: it reaches 0 after every initial_count counts. */
	k = n / l->initial_count + 1;
	l->next_tsc = tsc_after_counts(l, k * l->initial_count);
}

/* ------------------------------------------------------------ priority */

static int highest(const uint32_t reg[8])
{
	for (int i = 7; i >= 0; i--)
		if (reg[i])
			return i * 32 + 31 - __builtin_clz(reg[i]);
	return -1;
}

static bool test_bit(const uint32_t reg[8], unsigned int v)
{
	return reg[v / 32] & (1u << (v % 32));
}

static void set_bit(uint32_t reg[8], unsigned int v)
{
	reg[v / 32] |= 1u << (v % 32);
}

static void clear_bit(uint32_t reg[8], unsigned int v)
{
	reg[v / 32] &= ~(1u << (v % 32));
}

int lapic_highest_irr(const struct dev_lapic *l)
{
	return highest(l->irr);
}

/* SDM 10.8.3.1: PPR = TPR if TPR[7:4] >= ISRV[7:4], else ISRV[7:4] << 4. */
uint8_t lapic_ppr(const struct dev_lapic *l)
{
	int isrv = highest(l->isr);
	uint8_t isr_class = isrv < 0 ? 0 : (uint8_t)(isrv & 0xf0);

	if ((l->tpr & 0xf0) >= isr_class)
		return l->tpr;
	return isr_class;
}

static bool sw_enabled(const struct dev_lapic *l)
{
	return lapic_hw_enabled(l) && (l->svr & APIC_SVR_ENABLE);
}

bool lapic_has_interrupt(const struct dev_lapic *l)
{
	int v = highest(l->irr);

	/* Only a higher priority class than PPR's is taken (SDM 10.8.3.1). */
	return sw_enabled(l) && v >= 0 && (v & 0xf0) > (lapic_ppr(l) & 0xf0);
}

uint8_t lapic_acknowledge(struct dev_lapic *l)
{
	int v = highest(l->irr);

	if (v < 0)
		return (uint8_t)l->svr;		/* the spurious vector */
	clear_bit(l->irr, (unsigned int)v);
	set_bit(l->isr, (unsigned int)v);
	return (uint8_t)v;
}

bool lapic_accepts_pic(const struct dev_lapic *l)
{
	uint32_t lint0 = l->lvt[LVT_LINT0];

	if (!sw_enabled(l))
		return true;
	return !(lint0 & APIC_LVT_MASKED) &&
	       (lint0 & APIC_DM_MASK) == APIC_DM_EXTINT;
}

bool lapic_lint0_nmi(const struct dev_lapic *l)
{
	uint32_t lint0 = l->lvt[LVT_LINT0];

	return lapic_hw_enabled(l) && !(lint0 & APIC_LVT_MASKED) &&
	       (lint0 & APIC_DM_MASK) == APIC_DM_NMI;
}

bool lapic_pic_wired(const struct dev_lapic *l)
{
	return lapic_accepts_pic(l) || lapic_lint0_nmi(l);
}

/* --------------------------------------------------- accepting, sending */

static void raise_error(struct dev_lapic *l, uint32_t bits);

void lapic_accept(struct dev_lapic *l, uint8_t vector, bool level)
{
	if (vector < 16) {			/* SDM 10.5.2: illegal */
		raise_error(l, APIC_ESR_RECV_ILLEGAL);
		return;
	}
	set_bit(l->irr, vector);
	if (level)
		set_bit(l->tmr, vector);
	else
		clear_bit(l->tmr, vector);
}

/* An error is logged and, through LVT error, interrupts (SDM 10.5.3). */
static void raise_error(struct dev_lapic *l, uint32_t bits)
{
	uint32_t lvt = l->lvt[LVT_ERROR];

	l->esr_pending |= bits;
	/* An illegal error vector would raise an error itself: not sent. */
	if (!(lvt & APIC_LVT_MASKED) && (lvt & 0xff) >= 16)
		lapic_accept(l, (uint8_t)lvt, false);
}

/* x2APIC mode: a 32-bit ID; logical is cluster 31:16, members 15:0 (10.12.10). */
static bool x2apic_match_dest(const struct dev_lapic *l, uint32_t dest,
			      bool logical)
{
	uint32_t ldr = lapic_x2apic_ldr(l);

	if (dest == X2APIC_BROADCAST)
		return true;
	if (!logical)
		return dest == l->initial_id;
	return (dest >> 16) == (ldr >> 16) && (dest & ldr & 0xffff);
}

bool lapic_match_dest(const struct dev_lapic *l, uint8_t dest, bool logical)
{
	if (lapic_x2apic_mode(l))
		return x2apic_match_dest(l, dest == 0xff ? X2APIC_BROADCAST :
					 dest, logical);
	if (dest == 0xff)
		return true;			/* broadcast */
	if (!logical)
		return dest == l->id;
	if (l->dfr_model == DFR_FLAT)
		return dest & l->ldr;
	/* Cluster model: cluster in bits 7:4, members in 3:0 (SDM 10.6.2.2). */
	return (dest >> 4) == (l->ldr >> 4) && (dest & l->ldr & 0xf);
}

void lapic_nmi(struct dev_lapic *l)
{
	l->nmis++;
	l->nmi_pending = true;
}

bool lapic_take_nmi(struct dev_lapic *l)
{
	bool pending = l->nmi_pending;

	l->nmi_pending = false;
	return pending;
}

void lapic_set_lint(struct dev_lapic *l, unsigned int pin, bool level)
{
	uint8_t bit = (uint8_t)(1u << pin);
	bool rise = level && !(l->lint_lines & bit);
	uint32_t lvt;

	if (pin > 1)
		return;
	l->lint_lines = level ? l->lint_lines | bit : l->lint_lines & ~bit;
	if (!rise)
		return;
	if (!lapic_hw_enabled(l)) {
		if (pin == 1)
			lapic_nmi(l);		/* the NMI pin itself */
		return;
	}
	lvt = l->lvt[pin ? LVT_LINT1 : LVT_LINT0];
	if (!(lvt & APIC_LVT_MASKED) && (lvt & APIC_DM_MASK) == APIC_DM_NMI)
		lapic_nmi(l);
}

/* ICR low written: send the IPI (SDM 10.6.1). */
static void send_ipi(struct dev_lapic *l)
{
	uint32_t icr = l->icr_lo;
	unsigned int dm = ICR_DM(icr);
	bool to_self;

	if (dm == ICR_DM_INIT && (icr & ICR_TRIGGER) && !(icr & ICR_LEVEL))
		return;			/* INIT level de-assert: no message */
	switch (ICR_SHORTHAND(icr)) {
	case SH_SELF:
	case SH_ALL:
		to_self = true;
		break;
	case SH_OTHERS:
		to_self = false;
		break;
	default:
		/* The destination: ICR 63:32 in x2APIC mode, 63:56 in xAPIC. */
		to_self = lapic_x2apic_mode(l) ?
			  x2apic_match_dest(l, l->icr_hi, icr & ICR_LOGICAL) :
			  lapic_match_dest(l, (uint8_t)(l->icr_hi >> 24),
					   icr & ICR_LOGICAL);
		break;
	}
	/*
	 * NMI: the vector is ignored, the self shorthand is not valid with it
	 * (SDM 10.6.1, the ICR's "Destination Shorthand": self is for fixed
	 * interrupts only; QEMU delivers it anyway).
	 */
	if (dm == ICR_DM_NMI && to_self && ICR_SHORTHAND(icr) != SH_SELF) {
		lapic_nmi(l);
		return;
	}
	if (!to_self || (dm != ICR_DM_FIXED && dm != ICR_DM_LOWEST)) {
		/* No other vCPU; SMI, INIT, SIPI to itself: not modelled. */
		l->ipis_dropped++;
		return;
	}
	if ((uint8_t)icr < 16) {
		raise_error(l, APIC_ESR_SEND_ILLEGAL);
		return;
	}
	lapic_accept(l, (uint8_t)icr, icr & ICR_TRIGGER);
}

void lapic_self_ipi(struct dev_lapic *l, uint8_t vector)
{
	if (vector < 16) {
		raise_error(l, APIC_ESR_SEND_ILLEGAL);
		return;
	}
	lapic_accept(l, vector, false);
}

/* --------------------------------------------------------------- timer */

void lapic_update_timer(struct dev_lapic *l, uint64_t now)
{
	uint32_t lvt = l->lvt[LVT_TIMER];

	if (!l->next_tsc || now < l->next_tsc)
		return;
	/* The timer interrupt is edge-triggered, fixed (SDM 10.5.1). */
	if (!(lvt & APIC_LVT_MASKED))
		lapic_accept(l, (uint8_t)lvt, false);
	if (timer_mode(l) == APIC_TIMER_PERIODIC) {
		aim_count(l, now);
		return;
	}
	if (timer_mode(l) == APIC_TIMER_TSC_DEADLINE)
		l->tsc_deadline = 0;	/* SDM 10.5.4.1: it disarms */
	l->next_tsc = 0;
}

uint64_t lapic_timer_deadline(const struct dev_lapic *l)
{
	uint32_t lvt = l->lvt[LVT_TIMER];

	/* Masked, or its last interrupt still waits: nothing new can come. */
	if (!lapic_hw_enabled(l) || (lvt & APIC_LVT_MASKED) ||
	    test_bit(l->irr, lvt & 0xff))
		return 0;
	return l->next_tsc;
}

uint64_t lapic_read_tsc_deadline(const struct dev_lapic *l)
{
	/* Reads 0 outside TSC-deadline mode (SDM 10.5.4.1). */
	return timer_mode(l) == APIC_TIMER_TSC_DEADLINE ? l->tsc_deadline : 0;
}

/*
 * The deadline is a value of the guest's TSC, the model's clock is the
 * host's (@now): aim at the host TSC at which the guest's, @guest_now
 * at @now, reaches it. One in the past fires at once.
 */
static void aim_deadline(struct dev_lapic *l, uint64_t now, uint64_t guest_now)
{
	uint64_t ahead;

	if (!l->tsc_deadline) {
		l->next_tsc = 0;
		return;
	}
	ahead = l->tsc_deadline > guest_now ? l->tsc_deadline - guest_now : 0;
	l->next_tsc = ahead > UINT64_MAX - now ? UINT64_MAX : now + ahead;
	if (!l->next_tsc)
		l->next_tsc = 1;	/* 0 means disarmed */
}

void lapic_write_tsc_deadline(struct dev_lapic *l, uint64_t value,
			      uint64_t now, uint64_t guest_now)
{
	l->deadline_writes++;
	if (timer_mode(l) != APIC_TIMER_TSC_DEADLINE)
		return;			/* ignored in the other modes */
	lapic_update_timer(l, now);
	l->tsc_deadline = value;
	aim_deadline(l, now, guest_now);
}

void lapic_tsc_moved(struct dev_lapic *l, uint64_t now, uint64_t guest_now)
{
	if (timer_mode(l) != APIC_TIMER_TSC_DEADLINE)
		return;
	lapic_update_timer(l, now);	/* what was due before the move */
	aim_deadline(l, now, guest_now);
}

static void write_lvt_timer(struct dev_lapic *l, uint32_t value, uint64_t now)
{
	uint32_t old_mode = timer_mode(l);
	bool was_deadline = old_mode == APIC_TIMER_TSC_DEADLINE;

	lapic_update_timer(l, now);	/* what was due, under the old mask */
	l->lvt[LVT_TIMER] = value;
	if (timer_mode(l) == old_mode)
		return;
	/*
	 * Entering or leaving TSC-deadline mode disarms the timer (SDM
	 * 10.5.4.1); between one-shot and periodic the count goes on, as
	 * in KVM.
	 */
	if (was_deadline || timer_mode(l) == APIC_TIMER_TSC_DEADLINE) {
		l->initial_count = 0;
		l->tsc_deadline = 0;
		l->next_tsc = 0;
	} else if (l->next_tsc || timer_mode(l) == APIC_TIMER_PERIODIC) {
		aim_count(l, now);
	}
}

static void write_initial_count(struct dev_lapic *l, uint32_t value,
				uint64_t now)
{
	if (timer_mode(l) == APIC_TIMER_TSC_DEADLINE)
		return;			/* ignored (SDM 10.5.4.1) */
	lapic_update_timer(l, now);
	l->initial_count = value;
	l->load_tsc = now;
	aim_count(l, now);
}

/* Divide configuration: bits 0, 1 and 3 (SDM Figure 10-10). */
static void write_divide(struct dev_lapic *l, uint32_t value, uint64_t now)
{
	uint32_t cur, v;
	uint64_t back;

	lapic_update_timer(l, now);
	cur = lapic_current_count(l, now);
	l->divide = value & 0xb;
	v = (l->divide & 3) | ((l->divide >> 1) & 4);
	l->shift = (v + 1) & 7;		/* 0 -> /2 ... 6 -> /128, 7 -> /1 */
	if (!l->next_tsc)
		return;
	/* Go on from the current count at the new rate. */
	back = ticks_to_tsc(l, (uint64_t)(l->initial_count - cur) << l->shift);
	l->load_tsc = now > back ? now - back : 0;
	aim_count(l, now);
}

/* ----------------------------------------------------------- registers */

static void reset_registers(struct dev_lapic *l)
{
	l->tpr = 0;
	l->ldr = 0;
	l->dfr_model = DFR_FLAT;
	l->svr = 0xff;
	l->esr = l->esr_pending = 0;
	for (int i = 0; i < 8; i++)
		l->isr[i] = l->tmr[i] = l->irr[i] = 0;
	l->icr_lo = l->icr_hi = 0;
	for (int i = 0; i < LVT_NR; i++)
		l->lvt[i] = APIC_LVT_MASKED;
	l->initial_count = 0;
	l->divide = 0;
	l->shift = 1;			/* TDCR 0: divide by 2 */
	l->load_tsc = 0;
	l->next_tsc = 0;
	l->tsc_deadline = 0;
}

void lapic_model_init(struct dev_lapic *l, uint8_t id, uint64_t tsc_hz)
{
	*l = (struct dev_lapic){ .tsc_hz = tsc_hz, .id = id, .initial_id = id,
		.base = LAPIC_DEFAULT_BASE | APIC_BASE_BSP | APIC_BASE_ENABLE };
	reset_registers(l);
	/*
	 * What the firmware leaves (QEMU's reset, then SeaBIOS), as the apic
	 * guest reads it natively: software-enabled, LINT0 ExtINT (virtual
	 * wire mode), LINT1 NMI, both level-triggered: 0x8700 and 0x8400.
	 */
	l->svr = APIC_SVR_ENABLE | 0xff;
	l->lvt[LVT_LINT0] = APIC_LVT_LEVEL | APIC_DM_EXTINT;
	l->lvt[LVT_LINT1] = APIC_LVT_LEVEL | APIC_DM_NMI;
}

int lapic_write_base(struct dev_lapic *l, uint64_t value, unsigned int phys_bits,
		     uint64_t now)
{
	uint64_t reserved = 0x2ffULL;
	bool en = value & APIC_BASE_ENABLE, extd = value & APIC_BASE_EXTD;
	bool was_x2apic = lapic_x2apic_mode(l);

	(void)now;
	if (phys_bits < 64)
		reserved |= ~0ULL << phys_bits;
	reserved &= ~APIC_BASE_BSP;
	if (value & reserved)
		return -1;
	/* SDM 10.12.5.1: the transitions Figure 10-27 does not show #GP. */
	if (extd && !en)
		return -1;		/* EN=0 EXTD=1: invalid */
	if (was_x2apic && en && !extd)
		return -1;		/* x2APIC -> xAPIC: only via disabled */
	if (!lapic_hw_enabled(l) && extd)
		return -1;		/* disabled -> x2APIC: only via xAPIC */
	if (lapic_hw_enabled(l) && !en)
		reset_registers(l);	/* SDM 10.4.3: back to power-up state */
	/* Entering x2APIC mode: the ID is the initial APIC ID (10.12.5.1). */
	if (extd && !was_x2apic)
		l->id = l->initial_id;
	/* The BSP flag is the hardware's, not the guest's. */
	l->base = (value & ~0xfffULL) |
		  (value & (APIC_BASE_ENABLE | APIC_BASE_EXTD)) |
		  (l->base & APIC_BASE_BSP);
	return 0;
}

uint8_t lapic_read_cr8(const struct dev_lapic *l)
{
	return l->tpr >> 4;
}

void lapic_write_cr8(struct dev_lapic *l, uint8_t value)
{
	l->tpr = (uint8_t)(value << 4);
}

uint32_t lapic_model_read(struct dev_lapic *l, uint32_t off, uint64_t now)
{
	unsigned int reg = (off >> 4) & 0xff;

	lapic_update_timer(l, now);
	switch (reg) {
	case APIC_ID >> 4:
		return (uint32_t)l->id << 24;
	case APIC_LVR >> 4:
		return LAPIC_VERSION;
	case APIC_TPR >> 4:
		return l->tpr;
	case APIC_APR >> 4:
		return 0;		/* arbitration: one APIC on the bus */
	case APIC_PPR >> 4:
		return lapic_ppr(l);
	case APIC_EOI >> 4:
		return 0;
	case APIC_LDR >> 4:
		return (uint32_t)l->ldr << 24;
	case APIC_DFR >> 4:
		return (uint32_t)l->dfr_model << 28 | 0x0fffffffu;
	case APIC_SVR >> 4:
		return l->svr;
	case APIC_ISR >> 4 ... (APIC_ISR >> 4) + 7:
		return l->isr[reg & 7];
	case APIC_TMR >> 4 ... (APIC_TMR >> 4) + 7:
		return l->tmr[reg & 7];
	case APIC_IRR >> 4 ... (APIC_IRR >> 4) + 7:
		return l->irr[reg & 7];
	case APIC_ESR >> 4:
		return l->esr;
	case APIC_ICR >> 4:
		return l->icr_lo;	/* delivery status 0: always sent */
	case APIC_ICR2 >> 4:
		return l->icr_hi;
	case APIC_LVTT >> 4 ... APIC_LVTERR >> 4:
		return l->lvt[reg - (APIC_LVTT >> 4)];
	case APIC_TMICT >> 4:
		return l->initial_count;
	case APIC_TMCCT >> 4:
		return lapic_current_count(l, now);
	case APIC_TDCR >> 4:
		return l->divide;
	default:
		l->esr_pending |= APIC_ESR_ILLEGAL_REG;	/* as QEMU */
		return 0;
	}
}

static int write_eoi(struct dev_lapic *l)
{
	int v = highest(l->isr);

	if (v < 0)
		return -1;
	clear_bit(l->isr, (unsigned int)v);
	/* A level-triggered interrupt: the IOAPIC waits for this EOI. */
	return test_bit(l->tmr, (unsigned int)v) ? v : -1;
}

bool lapic_pv_eoi_allowed(const struct dev_lapic *l)
{
	int v = highest(l->isr);

	if (v < 0 || highest(l->irr) >= 0 || test_bit(l->tmr, (unsigned int)v))
		return false;
	/* Only @v in service: its word has one bit, the others none. */
	for (unsigned int i = 0; i < 8; i++)
		if (l->isr[i] != (i == (unsigned int)v / 32 ?
				  1u << (v % 32) : 0))
			return false;
	return true;
}

int lapic_pv_eoi(struct dev_lapic *l)
{
	return write_eoi(l);
}

static void write_lvt(struct dev_lapic *l, unsigned int n, uint32_t value,
		      uint64_t now)
{
	value &= lvt_writable[n];
	/* Software-disabled: the masks stay set (SDM 10.4.7.2). */
	if (!(l->svr & APIC_SVR_ENABLE))
		value |= APIC_LVT_MASKED;
	if (n == LVT_TIMER)
		write_lvt_timer(l, value, now);
	else
		l->lvt[n] = value;
}

int lapic_model_write(struct dev_lapic *l, uint32_t off, uint32_t value,
		      uint64_t now)
{
	unsigned int reg = (off >> 4) & 0xff;

	lapic_update_timer(l, now);
	switch (reg) {
	case APIC_ID >> 4:
		l->id = (uint8_t)(value >> 24);
		break;
	case APIC_TPR >> 4:
		l->tpr = (uint8_t)value;
		break;
	case APIC_EOI >> 4:
		l->eoi_writes++;
		return write_eoi(l);
	case APIC_LDR >> 4:
		l->ldr = (uint8_t)(value >> 24);
		break;
	case APIC_DFR >> 4:
		l->dfr_model = (uint8_t)(value >> 28);
		break;
	case APIC_SVR >> 4:
		l->svr = value & SVR_BITS;
		if (!(l->svr & APIC_SVR_ENABLE))
			for (int i = 0; i < LVT_NR; i++)
				l->lvt[i] |= APIC_LVT_MASKED;
		break;
	case APIC_ESR >> 4:
		/* A write makes the errors since the last one readable. */
		l->esr = l->esr_pending;
		l->esr_pending = 0;
		break;
	case APIC_ICR >> 4:
		l->icr_lo = value & ICR_WRITABLE;
		send_ipi(l);
		break;
	case APIC_ICR2 >> 4:
		l->icr_hi = value & 0xff000000u;
		break;
	case APIC_LVTT >> 4 ... APIC_LVTERR >> 4:
		write_lvt(l, reg - (APIC_LVTT >> 4), value, now);
		break;
	case APIC_TMICT >> 4:
		write_initial_count(l, value, now);
		break;
	case APIC_TDCR >> 4:
		write_divide(l, value, now);
		break;
	case APIC_LVR >> 4:
	case APIC_APR >> 4:
	case APIC_PPR >> 4:
	case APIC_ISR >> 4 ... (APIC_IRR >> 4) + 7:
	case APIC_TMCCT >> 4:
		break;			/* read-only */
	default:
		l->esr_pending |= APIC_ESR_ILLEGAL_REG;
		break;
	}
	return -1;
}
