// SPDX-License-Identifier: MIT
/*
 * Hypercalls: the services a paravirtualized guest asks for with VMCALL
 * (include/hypercall.h has the ABI, docs/hypercalls.md the story). Each
 * call is a function of the vCPU and its six arguments returning the value
 * for RAX; every pointer goes through hv/guest_mem.c, so a bad one is
 * -HV_EFAULT, never a fault in the hypervisor.
 *
 * The null hypercall is the measured hot path. It takes the fast path
 * (hypercall_fastpath(), called by the backend): from the VM exit to the
 * next entry, 4 VMREADs (exit reason, SS for the CPL, RIP, instruction
 * length) and 1 VMWRITE (RIP); docs/hypercalls.md has the instruction
 * count.
 */
#include "hv/hypercalls.h"

#include "drivers/tsc.h"
#include "hv/arch.h"
#include "hv/errno.h"
#include "hv/kvm_pv.h"
#include "hv/guest_mem.h"
#include "hv/lib/string.h"
#include "hv/mailbox.h"
#include "hv/pv.h"
#include "hv/sched.h"
#include "hv/vm.h"
#include "hypercall.h"

#define PAGE_SIZE_4K	4096ULL
#define VECTOR_UD	6

static struct mailbox mailboxes[BOOT_MAX_GUESTS];
static unsigned int guests;

void hypercall_init(unsigned int guest_count)
{
	guests = guest_count;
	for (unsigned int i = 0; i < guest_count; i++)
		mailbox_init(&mailboxes[i]);
}

static int translate(void *ctx, uint64_t gva, uint64_t *gpa)
{
	return arch_vcpu_translate(ctx, gva, false, gpa);
}

static struct guest_mem mem_of(struct vcpu *v)
{
	return (struct guest_mem){ v->vm->ram, v->vm->ram_size, translate, v };
}

typedef int64_t (*hypercall_fn)(struct vcpu *v, const uint64_t a[6]);

static int64_t hc_null(struct vcpu *v, const uint64_t a[6])
{
	return 0;
}

static int64_t hc_version(struct vcpu *v, const uint64_t a[6])
{
	return HV_ABI_VERSION;
}

/* (buf, len): the same console as the UART, a chunk at a time. */
static int64_t hc_console_write(struct vcpu *v, const uint64_t a[6])
{
	struct guest_mem m = mem_of(v);
	char chunk[256];
	uint64_t done = 0;

	if (a[1] > HV_CONSOLE_WRITE_MAX)
		return -HV_E2BIG;
	/* The whole range first: a bad buffer writes nothing. */
	if (guest_check(&m, a[0], a[1]))
		return -HV_EFAULT;
	while (done < a[1]) {
		uint64_t n = a[1] - done < sizeof(chunk) ? a[1] - done :
			     sizeof(chunk);

		if (guest_read(&m, a[0] + done, chunk, n))
			return done ? (int64_t)done : -HV_EFAULT;
		uart_model_text(&v->vm->uart, chunk, n);
		done += n;
	}
	return (int64_t)done;
}

static int64_t hc_time_ns(struct vcpu *v, const uint64_t a[6])
{
	return (int64_t)tsc_to_ns(arch_read_timestamp() - tsc_boot);
}

/* (deadline_ns): a one-shot timer on the HC_TIME_NS clock; 0 cancels. */
static int64_t hc_timer_set(struct vcpu *v, const uint64_t a[6])
{
	v->vm->pv_deadline = a[0] ? tsc_boot + tsc_from_ns(a[0]) : 0;
	if (a[0] && !v->vm->pv_deadline)
		v->vm->pv_deadline = 1;
	return 0;
}

static uint32_t pending_events(struct vm *vm)
{
	uint32_t ev = 0;

	if (vm->pv_deadline && arch_read_timestamp() >= vm->pv_deadline)
		ev |= HV_EVENT_TIMER;
	if (mailbox_peek(&mailboxes[vm->id]))
		ev |= HV_EVENT_MESSAGE;
	return ev;
}

/*
 * Sleep until the timer fires or a message waits: the vCPU gives the CPU
 * away (EXIT_SLEEP) and hv/sched.c wakes it; RAX then gets the events
 * (hypercall_block_wake()). A call that nothing could ever end - no timer,
 * no message, no other guest left to send one - returns -HV_EDEADLK.
 */
static int64_t hc_block(struct vcpu *v, const uint64_t a[6])
{
	struct vm *vm = v->vm;
	uint32_t ev = pending_events(vm);

	if (ev) {
		if (ev & HV_EVENT_TIMER)
			vm->pv_deadline = 0;	/* one shot */
		return ev;
	}
	if (!vm->pv_deadline && !sched_others_alive(vm))
		return -HV_EDEADLK;
	vm->sleep = (struct vm_sleep){ .kind = SLEEP_BLOCK,
				       .wake_tsc = vm->pv_deadline };
	return 0;			/* RAX is set when it wakes */
}

bool hypercall_block_wake(struct vm *vm, uint64_t now)
{
	uint32_t ev = pending_events(vm);

	(void)now;
	if (!ev)
		return false;
	if (ev & HV_EVENT_TIMER)
		vm->pv_deadline = 0;
	vm->vcpu.regs.rax = ev;
	return true;
}

static int64_t hc_yield(struct vcpu *v, const uint64_t a[6])
{
	v->vm->yielded = true;
	return 0;
}

static int64_t hc_shutdown(struct vcpu *v, const uint64_t a[6])
{
	v->vm->exit_status = (int)a[0];
	v->vm->state = VM_EXITED;
	return 0;
}

/* (dest, buf, len) */
static int64_t hc_msg_send(struct vcpu *v, const uint64_t a[6])
{
	struct guest_mem m = mem_of(v);
	uint8_t buf[HV_MSG_MAX];

	if (a[0] >= guests)
		return -HV_ENOENT;
	if (a[2] > HV_MSG_MAX)
		return -HV_E2BIG;
	if (guest_read(&m, a[1], buf, a[2]))
		return -HV_EFAULT;
	return mailbox_put(&mailboxes[a[0]], v->vm->id, buf, (uint32_t)a[2]);
}

/* (buf, len, &sender): the message stays queued unless it was delivered. */
static int64_t hc_msg_recv(struct vcpu *v, const uint64_t a[6])
{
	struct guest_mem m = mem_of(v);
	struct mailbox *mb = &mailboxes[v->vm->id];
	const struct mail *mail = mailbox_peek(mb);
	uint32_t len;

	if (!mail)
		return -HV_EAGAIN;
	if (mail->len > a[1])
		return -HV_E2BIG;
	/* Both ranges first: a bad &sender leaves the buffer as it was. */
	if (guest_check(&m, a[0], mail->len) ||
	    (a[2] && guest_check(&m, a[2], sizeof(mail->sender))))
		return -HV_EFAULT;
	if (guest_write(&m, a[0], mail->data, mail->len) ||
	    (a[2] && guest_write(&m, a[2], &mail->sender, sizeof(mail->sender))))
		return -HV_EFAULT;
	len = mail->len;
	mailbox_pop(mb);
	return len;
}

static int64_t hc_exit_stats(struct vcpu *v, const uint64_t a[6])
{
	struct guest_mem m = mem_of(v);
	const struct exit_stats *s = &v->vm->stats;
	static struct hv_exit_stats_abi out;	/* 4 KiB: not on the stack */

	_Static_assert(HV_EXIT_STATS_REASONS == EXIT_STATS_REASONS,
		       "the ABI mirrors struct exit_stats");
	out.total = s->total;
	out.total_cycles = s->total_cycles;
	memcpy(out.count, s->count, sizeof(out.count));
	memcpy(out.cycles, s->cycles, sizeof(out.cycles));
	return guest_write(&m, a[0], &out, sizeof(out)) ? -HV_EFAULT : 0;
}

static int64_t hc_self(struct vcpu *v, const uint64_t a[6])
{
	struct guest_mem m = mem_of(v);
	struct hv_self_abi self = {
		.id = v->vm->id,
		.guest_count = guests,
		.ram_bytes = v->vm->ram_size,
		.tsc_hz = tsc_hz,
	};

	memcpy(self.name, v->vm->name, sizeof(self.name));
	self.name[sizeof(self.name) - 1] = '\0';
	return guest_write(&m, a[0], &self, sizeof(self)) ? -HV_EFAULT : 0;
}

/*
 * () -> records printed: the guest's exits since its last dump. Printing
 * costs the hypervisor far more than the call costs the guest (every byte
 * goes out of a serial port), so a guest gets HV_TRACE_DUMPS_MAX dumps,
 * then -HV_EPERM: it cannot flood the transcript.
 */
static int64_t hc_trace_dump(struct vcpu *v, const uint64_t a[6])
{
	(void)a;
	if (v->vm->trace_dumps >= HV_TRACE_DUMPS_MAX)
		return -HV_EPERM;
	v->vm->trace_dumps++;
	return (int64_t)vm_trace_dump(v->vm, "hypercall");
}

static const hypercall_fn hypercalls[HC_COUNT] = {
	[HC_NULL]		= hc_null,
	[HC_VERSION]		= hc_version,
	[HC_CONSOLE_WRITE]	= hc_console_write,
	[HC_TIME_NS]		= hc_time_ns,
	[HC_TIMER_SET]		= hc_timer_set,
	[HC_BLOCK]		= hc_block,
	[HC_YIELD]		= hc_yield,
	[HC_SHUTDOWN]		= hc_shutdown,
	[HC_MSG_SEND]		= hc_msg_send,
	[HC_MSG_RECV]		= hc_msg_recv,
	[HC_EXIT_STATS]		= hc_exit_stats,
	[HC_SELF]		= hc_self,
	[HC_TRACE_DUMP]		= hc_trace_dump,
};

/*
 * The VMCALL exit. Who may call first (hv/pv.h): under pv=none VMCALL
 * raises #UD, as on a PC; from CPL > 0 it is -HV_EPERM and nothing else
 * happens. Then the number: one of the table's, or -HV_ENOSYS.
 */
enum exit_action handle_hypercall(struct vcpu *v, const struct hv_exit *e)
{
	struct guest_regs *r = &v->regs;
	const uint64_t args[6] = { r->rdi, r->rsi, r->rdx, r->r10, r->r8, r->r9 };
	uint64_t nr = r->rax;

	(void)e;
	if (v->vm->pv_kvm) {	/* KVM's numbers, never EduHV's */
		r->rax = kvm_pv_hypercall(v, arch_vcpu_cpl(v));
		vcpu_skip_emulated_instruction(v);
		return EXIT_RESUME;
	}
	switch (pv_gate(v->vm->pv, v->vm->pv ? arch_vcpu_cpl(v) : 0)) {
	case PV_GATE_UD:
		vcpu_queue_exception(v, VECTOR_UD, false, 0);
		return EXIT_RESUME;
	case PV_GATE_EPERM:
		r->rax = (uint64_t)-HV_EPERM;
		vcpu_skip_emulated_instruction(v);
		return EXIT_RESUME;
	case PV_GATE_CALL:
		break;
	}
	exit_stats_fold(&v->vm->stats);	/* the calls that read them */
	r->rax = nr < HC_COUNT && hypercalls[nr] ?
		 (uint64_t)hypercalls[nr](v, args) : (uint64_t)-HV_ENOSYS;
	if (v->vm->state != VM_RUNNING)
		return EXIT_STOP;
	vcpu_skip_emulated_instruction(v);
	if (v->vm->sleep.kind != SLEEP_NONE)
		return EXIT_SLEEP;
	if (v->vm->yielded) {
		v->vm->yielded = false;
		return EXIT_YIELD;
	}
	return EXIT_RESUME;
}

int hypercall_page_msr_write(struct vm *vm, uint64_t value)
{
	uint64_t gpa = value & ~(PAGE_SIZE_4K - 1);
	uint8_t *page;

	if (!(value & HV_MSR_HYPERCALL_ENABLE)) {
		vm->hypercall_msr = value;
		return 0;		/* disabled: nothing to fill */
	}
	/* A refused write changes nothing, not even what RDMSR returns. */
	if (value & (PAGE_SIZE_4K - 1) & ~HV_MSR_HYPERCALL_ENABLE)
		return -HV_EINVAL;
	page = vm_gpa_to_hva(vm, gpa, PAGE_SIZE_4K);
	if (!page)
		return -HV_EINVAL;
	vm->hypercall_msr = value;
	for (uint32_t nr = 0; nr < HV_HYPERCALL_PAGE_SIZE / HV_HYPERCALL_STUB_SIZE;
	     nr++)
		arch_hypercall_stub(page + nr * HV_HYPERCALL_STUB_SIZE,
				    HV_HYPERCALL_STUB_SIZE, nr);
	return 0;
}
