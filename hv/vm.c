// SPDX-License-Identifier: MIT
/*
 * A VM's life: build it from its configuration, run its vCPU until the
 * guest ends or misbehaves, report, give its memory back. Around each
 * entry the run loop moves virtual time on (the PIT), delivers interrupts
 * (the PIC) and accounts the cycles spent in the hypervisor.
 */
#include "hv/vm.h"

#include <stdarg.h>

#include "drivers/tsc.h"
#include "hv/arch.h"
#include "hv/bzimage.h"
#include "hv/errno.h"
#include "hv/exit.h"
#include "hv/hypercalls.h"
#include "hv/irq.h"
#include "hv/lib/format.h"
#include "hv/lib/string.h"
#include "hv/multiboot.h"
#include "hv/pmm.h"
#include "hv/printk.h"
#include "hv/trace.h"

#define RFLAGS_IF	(1ULL << 9)
#define GUEST_RAM_ALIGN	(2ULL << 20)	/* lets EPT use 2 MiB pages */
#define PIT_IRQ		0

struct vcpu *hv_current_vcpu;

void vm_stop(struct vm *vm, const char *fmt, ...)
{
	va_list ap;

	if (vm->state == VM_STOPPED)
		return;			/* the first reason is the one */
	vm->state = VM_STOPPED;
	va_start(ap, fmt);
	hv_vsnprintf(vm->stop_reason, sizeof(vm->stop_reason), fmt, ap);
	va_end(ap);
}

void *vm_gpa_to_hva(struct vm *vm, uint64_t gpa, uint64_t len)
{
	if (gpa >= vm->ram_size || len > vm->ram_size - gpa)
		return NULL;
	return vm->ram + gpa;
}

/*
 * A line from the guest's console, prefixed with its name. Bytes that
 * are not printable ASCII are shown as \xNN: a guest must not be able to
 * send escape sequences to the terminal of whoever reads the transcript.
 */
static void console_line(void *ctx, const char *line, size_t len)
{
	struct vm *vm = ctx;
	char out[4 * UART_LINE_MAX + 1];
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)line[i];

		if ((c >= 0x20 && c < 0x7f) || c == '\t')
			out[n++] = (char)c;
		else
			n += (size_t)hv_snprintf(out + n, sizeof(out) - n,
						 "\\x%02x", c);
	}
	printk("[%s] %.*s\n", vm->name, (int)n, out);
}

/*
 * A bzImage guest (the Linux boot protocol, hv/bzimage.h): the kernel, its
 * initrd and zero page in RAM, the vCPU at the 32-bit entry with ESI =
 * the zero page. 0, or the reason printed and the VM stopped.
 */
static int load_linux(struct vm *vm, const struct boot_guest *cfg,
		      struct vcpu_boot_state *s)
{
	char why[BZIMAGE_WHY_MAX];
	struct bzimage_boot b;

	if (bzimage_load(vm->ram, vm->ram_size,
			 (const uint8_t *)cfg->image_phys, cfg->image_size,
			 (const uint8_t *)cfg->initrd_phys, cfg->initrd_size,
			 cfg->cmdline, &b, why)) {
		printk("[%s] cannot start: %s: %s\n", vm->name, cfg->image_path,
		       why);
		vm_stop(vm, "could not start: %s: %s", cfg->image_path, why);
		return -HV_EINVAL;
	}
	vm->vcpu.regs.rsi = b.zero_page;
	*s = (struct vcpu_boot_state){
		.rip = b.entry, .gdtr_base = b.gdt, .gdtr_limit = b.gdt_limit,
		.cs = BZ_BOOT_CS, .ds = BZ_BOOT_DS };
	printk("vm: guest=%s linux boot protocol %u.%02u kernel=0x%x-0x%x "
	       "initrd=0x%x+%u zero_page=0x%x e820=%u\n", vm->name,
	       b.version >> 8, b.version & 0xff, b.load_addr,
	       b.load_addr + b.init_size, b.initrd_addr, b.initrd_size,
	       b.zero_page, b.e820_entries);
	return 0;
}

int vm_create(struct vm *vm, unsigned int id, const struct boot_guest *cfg)
{
	struct vcpu_boot_state boot;
	bool linux_guest;
	char why[MULTIBOOT_WHY_MAX];
	uint32_t entry, mbi;
	int rc;

	memset(vm, 0, sizeof(*vm));
	vm->id = id;
	vm->config = cfg;
	memcpy(vm->name, cfg->name, sizeof(vm->name));
	vm->name[sizeof(vm->name) - 1] = '\0';
	vm->ram_size = cfg->mem_bytes;

	vm->ram_hpa = pmm_alloc(&hv_pmm, vm->ram_size / PMM_PAGE_SIZE,
				GUEST_RAM_ALIGN);
	if (!vm->ram_hpa) {
		printk("[%s] cannot start: no %llu KiB of contiguous memory left "
		       "for its RAM\n", vm->name,
		       (unsigned long long)(vm->ram_size >> 10));
		vm_stop(vm, "could not start: not enough memory for its RAM");
		return -HV_ENOMEM;
	}
	vm->ram = (uint8_t *)vm->ram_hpa;
	memset(vm->ram, 0, vm->ram_size);

	linux_guest = bzimage_is((const uint8_t *)cfg->image_phys,
				 cfg->image_size);
	if (linux_guest) {
		if (load_linux(vm, cfg, &boot)) {
			vm_destroy(vm);
			return -HV_EINVAL;
		}
		entry = (uint32_t)boot.rip;
		mbi = 0;
	} else if (multiboot_load(vm->ram, vm->ram_size,
			   (const uint8_t *)cfg->image_phys, cfg->image_size,
			   &entry, why)) {
		printk("[%s] cannot start: %s: %s\n", vm->name, cfg->image_path,
		       why);
		vm_stop(vm, "could not start: %s: %s", cfg->image_path, why);
		vm_destroy(vm);
		return -HV_EINVAL;
	}
	if (!linux_guest) {
		mbi = multiboot_build_info(vm->ram, vm->ram_size,
					   cfg->image_path, cfg->cmdline);
		vm->vcpu.regs.rax = MULTIBOOT_BOOTLOADER_MAGIC;
		vm->vcpu.regs.rbx = mbi;
		boot = (struct vcpu_boot_state){
			.rip = entry, .cs = 0x08, .ds = 0x10 };
	}

	uart_model_init(&vm->uart, console_line, vm);
	pic_model_init(&vm->pic);
	pit_model_init(&vm->pit, tsc_hz);
	reset_model_init(&vm->reset);
	fw_cfg_model_init(&vm->fw_cfg, vm->ram_size, 1);

	vm->vcpu.vm = vm;
	vm->pv = cfg->pv == BOOT_PV_EDUHV;
	/* pv=none: VMCALL must raise #UD, which only the full path does. */
	vm->vcpu.fastpath_off = cfg->trace == BOOT_TRACE_ON || !vm->pv;
	rc = arch_vm_init(vm);
	if (!rc)
		rc = arch_vcpu_init(&vm->vcpu, &boot);
	if (rc) {
		printk("[%s] cannot start: the virtual machine could not be set up\n",
		       vm->name);
		vm_stop(vm, "could not start: the virtual machine could not be "
			"set up");
		vm_destroy(vm);
		return rc;
	}
	vm->state = VM_RUNNING;
	printk("vm: guest=%s ram=%lluKiB host=0x%llx entry=0x%x mbi=0x%x\n",
	       vm->name, (unsigned long long)(vm->ram_size >> 10),
	       (unsigned long long)vm->ram_hpa, entry, mbi);
	return 0;
}

void vm_destroy(struct vm *vm)
{
	arch_vm_destroy(vm);
	if (vm->ram_hpa)
		pmm_free(&hv_pmm, vm->ram_hpa, vm->ram_size / PMM_PAGE_SIZE);
	vm->ram_hpa = 0;
	vm->ram = NULL;
}

/* Move virtual time on: a due PIT period is an edge on IRQ 0. */
static void update_timer(struct vm *vm)
{
	uint64_t deadline = pit_deadline(&vm->pit);

	if (deadline && arch_read_timestamp() >= deadline &&
	    pit_tick(&vm->pit, arch_read_timestamp()))
		vm_pulse_irq(vm, PIT_IRQ);
}

static void deliver_interrupts(struct vcpu *v)
{
	struct vm *vm = v->vm;

	update_timer(vm);
	if (pic_has_interrupt(&vm->pic) && arch_vcpu_interrupt_window_open(v))
		arch_vcpu_inject_interrupt(v, pic_acknowledge(&vm->pic));
}

/*
 * HLT: sleep until an interrupt can wake the guest. A guest that can never
 * be woken (interrupts off, or no source armed) is stopped: on a real PC
 * it would sleep forever.
 */
enum exit_action handle_hlt(struct vcpu *v, const struct hv_exit *e)
{
	struct vm *vm = v->vm;
	uint64_t deadline;

	arch_vcpu_skip_instruction(v);
	if (!(arch_vcpu_rflags(v) & RFLAGS_IF)) {
		vm_stop(vm, "HLT with interrupts disabled at RIP 0x%llx: the "
			"guest would never wake up",
			(unsigned long long)e->guest_rip);
		return EXIT_STOP;
	}
	update_timer(vm);
	if (pic_has_interrupt(&vm->pic))
		return EXIT_RESUME;		/* one is waiting already */
	deadline = pit_deadline(&vm->pit);
	if (!deadline || pic_irq_masked(&vm->pic, PIT_IRQ)) {
		vm_stop(vm, "HLT at RIP 0x%llx with no interrupt that could "
			"wake the guest (timer %s)",
			(unsigned long long)e->guest_rip,
			deadline ? "masked at the PIC" : "not running");
		return EXIT_STOP;
	}
	vm->sleep = (struct vm_sleep){ .kind = SLEEP_HLT, .wake_tsc = deadline };
	return EXIT_SLEEP;
}

bool vm_wake_if_due(struct vm *vm, uint64_t now)
{
	struct vm_sleep *s = &vm->sleep;

	switch (s->kind) {
	case SLEEP_NONE:
		return true;
	case SLEEP_HLT:
		if (now < s->wake_tsc)
			return false;
		break;
	case SLEEP_BLOCK:
		if (!hypercall_block_wake(vm, now))
			return false;
		break;
	}
	s->kind = SLEEP_NONE;
	return true;
}

static void trace_line(void *ctx, const char *line)
{
	(void)ctx;
	printk("%s\n", line);
}

size_t vm_trace_dump(struct vm *vm, const char *why)
{
	struct trace_dump_info d = {
		.guest = vm->name,
		.why = why,
		.hz = tsc_hz,
		.start_tsc = vm->start_tsc,
		.fastpath = vm->stats.fast_count,
		.reason_name = arch_exit_reason_name,
	};

	uart_model_flush(&vm->uart);	/* the guest's half line first */
	return trace_dump(&vm->trace, &d, trace_line, NULL);
}

void vm_report(struct vm *vm)
{
	uart_model_flush(&vm->uart);
	if (vm->config->trace == BOOT_TRACE_ON)
		vm_trace_dump(vm, "end");
	if (vm->state == VM_EXITED)
		printk("vm: guest=%s result=exited status=%d\n", vm->name,
		       vm->exit_status);
	else if (vm->state == VM_RESET)
		printk("vm: guest=%s result=reset by=\"%s\"\n", vm->name,
		       vm->reset.how);
	else
		printk("vm: guest=%s result=stopped reason=\"%s\"\n", vm->name,
		       vm->stop_reason);
	exit_stats_print(vm, arch_exit_reason_name);
}

/*
 * The time the vCPU may run before the hypervisor must look again: the
 * end of its slice, its time limit or its next timer interrupt. A timer
 * tick only matters if it can raise a new request: not while IRQ 0 is
 * masked or its last request still waits (ticks in between coalesce).
 * Without this, a guest that programs the PIT to its fastest rate and
 * masks it would have the hypervisor wake every microsecond for nothing.
 */
static uint64_t next_deadline(const struct vm *vm, uint64_t until)
{
	uint64_t d = until, pit = pit_deadline(&vm->pit);

	if (pit && pit < d && !pic_irq_masked(&vm->pic, PIT_IRQ) &&
	    !pic_irq_requested(&vm->pic, PIT_IRQ))
		d = pit;
	if (vm->limit_tsc && vm->limit_tsc < d)
		d = vm->limit_tsc;
	return d;
}

void vm_start_clock(struct vm *vm, uint64_t now)
{
	vm->start_tsc = now;
	vm->limit_tsc = vm->config->limit_ms ?
		now + tsc_from_ns(vm->config->limit_ms * 1000000ULL) : 0;
}

void vm_run_slice(struct vm *vm, uint64_t until)
{
	struct vcpu *v = &vm->vcpu;
	struct exit_mark last_exit, end;
	uint32_t last_reason = 0;
	bool have_exit = false;
	enum exit_action action = EXIT_RESUME;
	struct hv_exit *e = &v->exit;

	arch_vcpu_load(v);
	hv_current_vcpu = v;
	while (vm->state == VM_RUNNING && action == EXIT_RESUME) {
		uint64_t now = arch_read_timestamp();

		if (vm->limit_tsc && now >= vm->limit_tsc) {
			vm_stop(vm, "time limit of %llu ms reached",
				(unsigned long long)vm->config->limit_ms);
			break;
		}
		if (now >= until)
			break;			/* its slice is over */
		deliver_interrupts(v);
		arch_vcpu_set_deadline(v, next_deadline(vm, until));
		arch_vcpu_run(v, e);
		/* The previous exit ended with this entry: account it. */
		if (have_exit)
			vm_account_exit(vm, last_reason, &last_exit, &v->at_entry);
		have_exit = true;
		last_exit = v->at_exit;
		last_reason = e->reason;
		trace_record(&vm->trace, e->reason, e->qualification,
			     e->guest_rip, v->at_exit.tsc);
		action = hv_handle_exit(v, e);
		if (action == EXIT_STOP && vm->state == VM_RUNNING)
			vm_stop(vm, "stopped by the %s handler",
				hv_exit_kind_name(e->kind));
	}
	if (have_exit) {
		arch_exit_mark(&end);
		vm_account_exit(vm, last_reason, &last_exit, &end);
	}
	hv_current_vcpu = NULL;
	arch_vcpu_put(v);
}
