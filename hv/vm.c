// SPDX-License-Identifier: MIT
/*
 * A VM's life: build it from its configuration, run its vCPU until the
 * guest ends or misbehaves, report, give its memory back. Around each
 * entry the run loop moves virtual time on (the PIT, the local APIC's
 * timer), delivers interrupts (the local APIC's by priority, the PIC's
 * through LINT0) and accounts the cycles spent in the hypervisor.
 */
#include "hv/vm.h"

#include <stdarg.h>

#include "drivers/rtc.h"
#include "drivers/tsc.h"
#include "hv/acpi/acpi.h"
#include "hv/apic.h"
#include "hv/arch.h"
#include "hv/boot_gdt.h"
#include "hv/bzimage.h"
#include "hv/cpuid.h"
#include "hv/errno.h"
#include "hv/exit.h"
#include "hv/hypercalls.h"
#include "hv/irq.h"
#include "hv/lib/format.h"
#include "hv/lib/string.h"
#include "hv/multiboot.h"
#include "hv/panic.h"
#include "hv/pmm.h"
#include "hv/printk.h"
#include "hv/smbios.h"
#include "hv/trace.h"
#include "hv/version.h"

#define RFLAGS_IF	(1ULL << 9)
#define GUEST_RAM_ALIGN	(2ULL << 20)	/* lets EPT use 2 MiB pages */
#define PIT_IRQ		0
#define UART_IRQ	4	/* COM1 */

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
 * The guests' console output, one line at a time, each prefixed with its
 * guest's name. Bytes that are not printable ASCII are shown as \xNN: a
 * guest must not be able to send escape sequences to the terminal of
 * whoever reads the transcript.
 *
 * A guest that waits for input (a shell's prompt) has its unfinished line
 * shown at once; the rest of that line follows on the same terminal line
 * unless another guest's output came in between.
 */
static struct vm *open_line;	/* whose partial line the terminal shows */

static void console_print(const char *line, size_t len)
{
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
	printk("%.*s", (int)n, out);
}

/*
 * Bring the terminal's line for @vm up to @line: append to what it shows
 * when that is still the line's start, else (re)draw it whole, from the
 * line's beginning if the terminal is on it.
 */
static void console_continue(struct vm *vm, const char *line, size_t len)
{
	size_t shown = vm->console_shown;
	bool on_it = open_line == vm;

	if (open_line && !on_it)
		printk("\n");		/* end the other guest's line */
	if (on_it && shown <= len && !memcmp(line, vm->console_text, shown)) {
		console_print(line + shown, len - shown);
		return;
	}
	printk("%s[%s] ", on_it ? "\r" : "", vm->name);
	console_print(line, len);
	if (on_it)
		printk("\x1b[K");	/* what is left of the longer old line */
}

static void console_line(void *ctx, const char *line, size_t len)
{
	struct vm *vm = ctx;

	console_continue(vm, line, len);
	printk("\n");
	vm->console_shown = 0;
	open_line = NULL;
}

static void console_show_partial(struct vm *vm)
{
	const struct dev_uart *u = &vm->uart;

	if (open_line == vm && u->len == vm->console_shown &&
	    !memcmp(u->line, vm->console_text, u->len))
		return;			/* the terminal shows it already */
	console_continue(vm, u->line, u->len);
	memcpy(vm->console_text, u->line, u->len);
	vm->console_shown = u->len;
	open_line = vm;
}

/* Could typed input wake it (its UART's receive interrupt reaches the CPU)? */
static bool isa_irq_routed(const struct vm *vm, unsigned int irq);

static bool input_can_wake(const struct vm *vm)
{
	return (uart_model_rx_interrupts(&vm->uart) &&
		isa_irq_routed(vm, UART_IRQ)) || virtio_input_can_wake(vm);
}

/* The UART's INTR line is ISA IRQ 4 (COM1). */
static void uart_irq(void *ctx, bool level)
{
	vm_set_irq(ctx, UART_IRQ, level);
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
	if (vm->acpi_rsdp)
		bzimage_set_acpi_rsdp(vm->ram, &b, vm->acpi_rsdp);
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

/*
 * A Multiboot guest (hv/multiboot.h): the kernel's segments, its modules,
 * the GDT and the boot information in RAM, the vCPU at the entry point
 * with EAX = the magic, EBX = the information, as GRUB and QEMU leave it.
 * 0, or the reason printed and the VM stopped.
 */
static int load_multiboot(struct vm *vm, const struct boot_guest *cfg,
			  struct vcpu_boot_state *s)
{
	struct multiboot_module mods[MULTIBOOT_MODULES_MAX];
	struct multiboot_guest g = {
		.ram_size = vm->ram_size,
		.image = (const uint8_t *)cfg->image_phys,
		.size = cfg->image_size, .path = cfg->image_path,
		.args = cfg->cmdline, .mods = mods,
		.nmods = cfg->module_count,
	};
	char why[MULTIBOOT_WHY_MAX];
	struct multiboot_layout l;
	int rc;

	_Static_assert(BOOT_GUEST_MODULES_MAX == MULTIBOOT_MODULES_MAX,
		       "as many modules as hv.cfg takes");
	for (unsigned int i = 0; i < g.nmods && i < MULTIBOOT_MODULES_MAX; i++)
		mods[i] = (struct multiboot_module){
			.data = (const uint8_t *)cfg->modules[i].phys,
			.size = cfg->modules[i].size,
			.string = cfg->modules[i].string };
	rc = multiboot_load(vm->ram, &g, &l, why);
	if (rc) {
		const char *file = rc == MULTIBOOT_BAD_MODULE ?
				   cfg->modules[l.bad_module].string :
				   cfg->image_path;	/* a module: its string */

		printk("[%s] cannot start: %s: %s\n", vm->name, file, why);
		vm_stop(vm, "could not start: %s: %s", file, why);
		return -HV_EINVAL;
	}
	vm->vcpu.regs.rax = MULTIBOOT_BOOTLOADER_MAGIC;
	vm->vcpu.regs.rbx = l.mbi;
	*s = (struct vcpu_boot_state){
		.rip = l.entry, .gdtr_base = l.gdt, .gdtr_limit = l.gdt_limit,
		.cs = BOOT_MULTIBOOT_CS, .ds = BOOT_MULTIBOOT_DS };
	printk("vm: guest=%s multiboot kernel=0x%x-0x%x modules=%u "
	       "info=0x%x-0x%x gdt=0x%x+0x%x\n", vm->name, l.kernel_start,
	       l.kernel_end, g.nmods, l.info.start, l.info.end, l.gdt,
	       l.gdt_limit);
	for (unsigned int i = 0; i < g.nmods; i++)
		printk("vm: guest=%s module %u at 0x%x-0x%x \"%s\"\n", vm->name,
		       i, l.mod[i].start, l.mod[i].end, mods[i].string);
	return 0;
}

/*
 * The ACPI tables a PC's firmware leaves in the BIOS area, before any
 * loader runs (hv/acpi/acpi.h); the MADT only if the VM has the APIC
 * devices (vm_has_apic()).
 */
static void load_acpi(struct vm *vm)
{
	/* EduHV's name only where the guest is offered its interface. */
	struct acpi_platform p = { .apic = vm_has_apic(vm), .cpus = 1,
				   .hypervisor_vendor = vm->config->pv == BOOT_PV_EDUHV ?
						"EduHV" : NULL,
				   .pci_mem_base = (uint32_t)vm->ram_size };

	if (vm->config->virtio == BOOT_VIRTIO_CONSOLE) {
		p.virtio_mmio_base = VIRTIO_CONSOLE_MMIO_BASE;
		p.virtio_mmio_gsi = VIRTIO_CONSOLE_GSI;
	}
	struct acpi_layout l;

	if (acpi_build_tables(vm->ram + ACPI_TABLES_GPA, ACPI_TABLES_GPA,
			      ACPI_TABLES_SIZE, &p, &l))
		panic("the ACPI tables do not fit the BIOS area");
	vm->acpi_rsdp = l.rsdp;
	printk("vm: guest=%s acpi rsdp=0x%llx xsdt=0x%llx fadt=0x%llx "
	       "dsdt=0x%llx madt=%s pm1a_cnt=0x%x pm_tmr=0x%x sci=%u\n",
	       vm->name, (unsigned long long)l.rsdp,
	       (unsigned long long)l.xsdt, (unsigned long long)l.fadt,
	       (unsigned long long)l.dsdt, l.madt ? "yes" : "no",
	       ACPI_PM1A_CNT_PORT, ACPI_PM_TMR_PORT, ACPI_SCI_IRQ);
}

/*
 * The SMBIOS tables beside them (hv/smbios.h), which Linux reads for its
 * "DMI:" line and its quirks: the RAM and the processor the guest sees.
 */
static void load_smbios(struct vm *vm)
{
	struct smbios_platform p = { .ram_bytes = vm->ram_size,
				     .bios_version = HV_VERSION };
	uint32_t r[4];

	cpuid_guest(1, 0, r);
	p.cpuid1_eax = r[0];
	p.cpuid1_edx = r[3];
	if (!smbios_build(vm->ram + SMBIOS_GPA, SMBIOS_GPA, SMBIOS_SIZE, &p))
		panic("the SMBIOS tables do not fit the BIOS area");
}

/* Does the guest's CPUID say "AuthenticAMD" (its MSRs are AMD's then)? */
static bool guest_is_amd(void)
{
	uint32_t r[4];

	cpuid_guest(0, 0, r);
	return r[1] == 0x68747541 && r[3] == 0x69746e65 && r[2] == 0x444d4163;
}

/* MAXPHYADDR as the guest's CPUID gives it: what MTRR bases may hold. */
static unsigned int guest_phys_bits(void)
{
	uint32_t r[4];

	cpuid_guest(0x80000000u, 0, r);
	if (r[0] < 0x80000008u)
		return 36;
	cpuid_guest(0x80000008u, 0, r);
	return r[0] & 0xff;
}

static uint64_t trace_pages(uint64_t entries)
{
	return (entries * sizeof(struct trace_entry) + PMM_PAGE_SIZE - 1) /
	       PMM_PAGE_SIZE;
}

/* The exit trace's ring: trace=N exits, or the default (hv/trace.h). */
static int alloc_trace(struct vm *vm, const struct boot_guest *cfg)
{
	uint64_t entries = cfg->trace_entries ? cfg->trace_entries :
						TRACE_ENTRIES_DEFAULT;
	struct trace_entry *ring = alloc_pages_zeroed(trace_pages(entries),
						      PMM_PAGE_SIZE, NULL);

	if (!ring) {
		printk("[%s] cannot start: no %llu KiB left for its exit "
		       "trace (trace=%llu)\n", vm->name,
		       (unsigned long long)(trace_pages(entries) * 4),
		       (unsigned long long)entries);
		vm_stop(vm, "could not start: not enough memory for its exit "
			"trace");
		return -HV_ENOMEM;
	}
	trace_init(&vm->trace, ring, entries);
	return 0;
}

int vm_create(struct vm *vm, unsigned int id, const struct boot_guest *cfg)
{
	struct vcpu_boot_state boot;
	bool linux_guest;
	uint16_t level_irqs;
	uint32_t mbi;
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
	rc = alloc_trace(vm, cfg);
	if (rc) {
		vm_destroy(vm);
		return rc;
	}

	linux_guest = bzimage_is((const uint8_t *)cfg->image_phys,
				 cfg->image_size);
	load_acpi(vm);
	load_smbios(vm);
	rc = linux_guest ? load_linux(vm, cfg, &boot) :
			   load_multiboot(vm, cfg, &boot);
	if (rc) {
		vm_destroy(vm);
		return rc;
	}
	mbi = linux_guest ? 0 : (uint32_t)vm->vcpu.regs.rbx;

	uart_model_init(&vm->uart, console_line, vm);
	uart_model_connect_irq(&vm->uart, uart_irq, vm);
	pic_model_init(&vm->pic);
	pit_model_init(&vm->pit, tsc_hz);
	reset_model_init(&vm->reset);
	pci_model_init(&vm->pci, ACPI_PM_BASE, ACPI_SCI_IRQ);
	/* As SeaBIOS leaves it: the PCI interrupt lines level-triggered. */
	level_irqs = pci_pirq_irqs(&vm->pci);
	pic_elcr_write(&vm->pic, 0, (uint8_t)level_irqs);
	pic_elcr_write(&vm->pic, 1, (uint8_t)(level_irqs >> 8));
	i8042_init(&vm->kbc);
	acpi_pm_model_init(&vm->acpi_pm, tsc_hz, arch_read_timestamp());
	fw_cfg_model_init(&vm->fw_cfg, vm->ram_size, 1);
	/* The host's time; all of the guest's RAM is below 4 GiB. */
	rtc_model_init(&vm->rtc, tsc_hz, host_rtc_sec, host_rtc_tsc,
		       vm->ram_size, 0, 1);

	vm->vcpu.vm = vm;
	msr_vcpu_reset(&vm->vcpu.msrs, guest_phys_bits(),
		       arch_tsc_offsetting());
	vm->vcpu.msrs.amd = guest_is_amd();
	msr_firmware_mtrrs(&vm->vcpu.msrs, vm->ram_size);
	vm->pv = cfg->pv == BOOT_PV_EDUHV;
	vm->pv_kvm = cfg->pv == BOOT_PV_KVM;
	if (vm->pv_kvm)
		kvm_pv_vm_init(vm, arch_read_timestamp(), tsc_hz);
	/*
	 * pv=none: VMCALL must raise #UD, pv=kvm: answer as KVM (RAX 0 is
	 * no EduHV null call there); only the full path does either.
	 */
	vm->vcpu.fastpath_off = cfg->trace == BOOT_TRACE_ON || !vm->pv;
	rc = apic_vm_init(vm);
	if (!rc)
		rc = virtio_vm_init(vm);
	if (!rc)
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
	printk("vm: guest=%s ram=%lluKiB host=0x%llx entry=0x%llx mbi=0x%x\n",
	       vm->name, (unsigned long long)(vm->ram_size >> 10),
	       (unsigned long long)vm->ram_hpa, (unsigned long long)boot.rip,
	       mbi);
	return 0;
}

void vm_destroy(struct vm *vm)
{
	arch_vm_destroy(vm);
	if (vm->ram_hpa)
		pmm_free(&hv_pmm, vm->ram_hpa, vm->ram_size / PMM_PAGE_SIZE);
	vm->ram_hpa = 0;
	vm->ram = NULL;
	if (vm->trace.ring)
		pmm_free(&hv_pmm, (uint64_t)vm->trace.ring,
			 trace_pages(vm->trace.entries));
	trace_init(&vm->trace, NULL, 0);
}

/*
 * Move virtual time on: a due PIT period is an edge on IRQ 0; a due RTC
 * flag with its enable raises IRQ 8 (until the guest reads register C);
 * the local APIC's timer sends its interrupt when it runs out.
 */
static void update_timer(struct vm *vm)
{
	uint64_t now = arch_read_timestamp();
	uint64_t deadline = pit_deadline(&vm->pit);
	uint64_t rtc = rtc_deadline(&vm->rtc);

	if (deadline && now >= deadline && pit_tick(&vm->pit, now))
		vm_pulse_irq(vm, PIT_IRQ);
	if (rtc && arch_read_timestamp() >= rtc)
		vm_set_irq(vm, RTC_IRQ,
			   rtc_update(&vm->rtc, arch_read_timestamp()));
	lapic_update_timer(&vm->vcpu.lapic, now);
}

/* Does the 8259 ask for the CPU, and does the local APIC let it through? */
static bool pic_interrupt(const struct vcpu *v)
{
	return pic_has_interrupt(&v->vm->pic) && lapic_accepts_pic(&v->lapic);
}

/*
 * An NMI first (it outranks external interrupts: SDM 6.9), at the first
 * moment the backend says it can go in. Then the local APIC's
 * interrupts, by priority (SDM 10.8.3.1); then the 8259's, which come as
 * ExtINT and ignore the APIC's priorities (as QEMU's apic_get_interrupt()
 * orders them). An NMI injected now leaves the interrupt for the next
 * entry: the backend sees an event on its way and opens the window.
 */
/*
 * The timers up to now, and the 8259's INTR on LINT0 (virtual wire),
 * which NMI mode makes an NMI: what is pending, NMIs included.
 */
static void raise_due_interrupts(struct vcpu *v)
{
	update_timer(v->vm);
	lapic_set_lint(&v->lapic, 0, pic_has_interrupt(&v->vm->pic));
}

static void deliver_interrupts(struct vcpu *v)
{
	struct vm *vm = v->vm;
	bool apic;

	raise_due_interrupts(v);
	if (v->lapic.nmi_pending && arch_vcpu_nmi_window_open(v)) {
		lapic_take_nmi(&v->lapic);
		arch_vcpu_inject_nmi(v);
		vm->stats.nmis_injected++;
	}
	apic = lapic_has_interrupt(&v->lapic);
	if ((apic || pic_interrupt(v)) && arch_vcpu_interrupt_window_open(v)) {
		arch_vcpu_inject_interrupt(v, apic ?
					   lapic_acknowledge(&v->lapic) :
					   pic_acknowledge(&vm->pic));
		vm->stats.injected++;
	}
}

/*
 * Can the PIT's next period end raise a new request: through the 8259
 * (unmasked, let through by the local APIC as ExtINT or NMI, its last
 * request taken) or
 * through IOAPIC pin 2? @pending: a request still waiting counts.
 */
static bool pit_routed(const struct vm *vm, bool pending)
{
	const struct dev_pic *pic = &vm->pic;

	return (!pic_irq_masked(pic, PIT_IRQ) &&
		lapic_pic_wired(&vm->vcpu.lapic) &&
		(pending || !pic_irq_requested(pic, PIT_IRQ))) ||
	       ioapic_pin_unmasked(&vm->ioapic, apic_isa_pin(PIT_IRQ));
}

/*
 * Can ISA line @irq interrupt the CPU: through the 8259 (unmasked there,
 * and let through by the local APIC) or through its IOAPIC pin?
 */
static bool isa_irq_routed(const struct vm *vm, unsigned int irq)
{
	return (!pic_irq_masked(&vm->pic, irq) &&
		lapic_pic_wired(&vm->vcpu.lapic)) ||
	       ioapic_pin_unmasked(&vm->ioapic, apic_isa_pin(irq));
}

static uint64_t earliest(uint64_t a, uint64_t b)
{
	if (!a)
		return b;
	return b && b < a ? b : a;
}

/*
 * Can ISA line @irq's next request be an NMI: through its IOAPIC pin in
 * NMI mode, or through the 8259 to LINT0 in NMI mode, whose INTR must
 * be low to rise again (nothing acknowledges an NMI at the 8259)?
 */
static bool isa_irq_nmi(const struct vm *vm, unsigned int irq)
{
	return ioapic_pin_nmi(&vm->ioapic, apic_isa_pin(irq)) ||
	       (!pic_irq_masked(&vm->pic, irq) &&
		lapic_lint0_nmi(&vm->vcpu.lapic) &&
		!pic_has_interrupt(&vm->pic));
}

/* The next timer event that comes as an NMI: what wakes HLT with IF clear. */
static uint64_t nmi_wake(const struct vm *vm)
{
	uint64_t wake = 0;

	if (isa_irq_nmi(vm, PIT_IRQ))
		wake = pit_deadline(&vm->pit);
	if (isa_irq_nmi(vm, RTC_IRQ))
		wake = earliest(wake, rtc_deadline(&vm->rtc));
	return wake;
}

/*
 * HLT: sleep until an interrupt can wake the guest: the PIT's or the
 * local APIC timer's next one. A guest that can never be woken
 * (interrupts off, or no source armed) is stopped: on a real PC it would
 * sleep forever.
 */
enum exit_action handle_hlt(struct vcpu *v, const struct hv_exit *e)
{
	struct vm *vm = v->vm;
	uint64_t pit, wake;

	if (vcpu_skip_emulated_instruction(v))
		return EXIT_RESUME;	/* a single-step #DB ends the halt */
	raise_due_interrupts(v);
	if (v->lapic.nmi_pending)
		return EXIT_RESUME;		/* an NMI wakes it, IF or not */
	if (!(arch_vcpu_rflags(v) & RFLAGS_IF)) {
		/* Only an NMI can end it (SDM Vol. 2A, HLT). */
		wake = nmi_wake(vm);
		if (!wake) {
			vm_stop(vm, "HLT with interrupts disabled at RIP 0x%llx "
				"and no NMI to come: the guest would never "
				"wake up", (unsigned long long)e->guest_rip);
			return EXIT_STOP;
		}
		vm->sleep = (struct vm_sleep){ .kind = SLEEP_HLT,
					       .wake_tsc = wake,
					       .nmi_only = true };
		return EXIT_SLEEP;
	}
	if (lapic_has_interrupt(&v->lapic) || pic_interrupt(v))
		return EXIT_RESUME;		/* one is waiting already */
	pit = pit_deadline(&vm->pit);
	wake = earliest(pit_routed(vm, true) ? pit : 0,
			lapic_timer_deadline(&v->lapic));
	if (isa_irq_routed(vm, RTC_IRQ))
		wake = earliest(wake, rtc_deadline(&vm->rtc));
	if (!wake && !input_can_wake(vm)) {
		vm_stop(vm, "HLT at RIP 0x%llx with no interrupt that could "
			"wake the guest (timer %s)",
			(unsigned long long)e->guest_rip,
			pit ? "masked at the PIC" : "not running");
		return EXIT_STOP;
	}
	/* Waiting for the user, perhaps: let them see the prompt. */
	if (input_can_wake(vm))
		console_show_partial(vm);
	vm->sleep = (struct vm_sleep){ .kind = SLEEP_HLT, .wake_tsc = wake };
	return EXIT_SLEEP;
}

bool vm_waits_for_input(const struct vm *vm)
{
	return vm->state == VM_RUNNING && vm->sleep.kind == SLEEP_HLT &&
	       input_can_wake(vm);
}

bool vm_wake_if_due(struct vm *vm, uint64_t now)
{
	struct vm_sleep *s = &vm->sleep;

	switch (s->kind) {
	case SLEEP_NONE:
		return true;
	case SLEEP_HLT:
		/* Its timer, or a device's interrupt (typed input) wakes it. */
		if ((!s->wake_tsc || now < s->wake_tsc) &&
		    (s->nmi_only || (!lapic_has_interrupt(&vm->vcpu.lapic) &&
				     !pic_interrupt(&vm->vcpu))) &&
		    !vm->vcpu.lapic.nmi_pending)
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
	struct trace_dump_info d;

	exit_stats_fold(&vm->stats);
	d = (struct trace_dump_info){
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
		       vm->reset.requested ? vm->reset.how : vm->kbc.reset_how);
	else
		printk("vm: guest=%s result=stopped reason=\"%s\"\n", vm->name,
		       vm->stop_reason);
	msr_report(vm);
	kvm_pv_report(vm);
	exit_stats_print(vm, arch_exit_reason_name);
	mmio_report(vm);
	virtio_report(vm);
	apic_report(vm);
}

/*
 * The time the vCPU may run before the hypervisor must look again: the
 * end of its slice, its time limit or its next timer interrupt. A timer
 * tick only matters if it can raise a new request: not while IRQ 0 is
 * masked or its last request still waits (ticks in between coalesce);
 * the same for the local APIC's timer (lapic_timer_deadline()).
 * Without this, a guest that programs the PIT to its fastest rate and
 * masks it would have the hypervisor wake every microsecond for nothing.
 */
static uint64_t next_deadline(const struct vm *vm, uint64_t until)
{
	uint64_t d = until, pit = pit_deadline(&vm->pit);
	uint64_t rtc = rtc_deadline(&vm->rtc);
	uint64_t apic = lapic_timer_deadline(&vm->vcpu.lapic);

	if (pit && pit < d && pit_routed(vm, false))
		d = pit;
	/* rtc_deadline() is 0 while IRQ 8 is up: nothing new can come. */
	if (rtc && rtc < d && isa_irq_routed(vm, RTC_IRQ))
		d = rtc;
	if (apic && apic < d)
		d = apic;
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
	struct exit_mark last_exit = { 0 }, end;	/* set before its first use */
	uint32_t last_reason = 0, last_kind = 0;
	bool have_exit = false;
	enum exit_action action = EXIT_RESUME;
	struct hv_exit *e = &v->exit;
	uint64_t input_poll = tsc_from_ns(CONSOLE_POLL_NS), next_input_poll = 0;

	arch_vcpu_load(v);
	hv_current_vcpu = v;
	kvm_pv_vcpu_load(v);	/* its clock and steal time, this turn */
	while (vm->state == VM_RUNNING && action == EXIT_RESUME) {
		uint64_t now = arch_read_timestamp();

		if (vm->limit_tsc && now >= vm->limit_tsc) {
			vm_stop(vm, "time limit of %llu ms reached",
				(unsigned long long)vm->config->limit_ms);
			break;
		}
		if (now >= until)
			break;			/* its slice is over */
		if (now >= next_input_poll) {	/* what the user typed */
			console_input_poll();
			next_input_poll = now + input_poll;
		}
		deliver_interrupts(v);
		if (vm->pv_kvm)
			kvm_pv_before_entry(v);
		arch_vcpu_set_deadline(v, next_deadline(vm, until));
		arch_vcpu_run(v, e);
		if (vm->pv_kvm)
			kvm_pv_after_exit(v);	/* a PV EOI, first */
		/* The previous exit ended with this entry: account it. */
		if (have_exit)
			vm_account_exit(vm, last_reason, last_kind, &last_exit,
					&v->at_entry);
		have_exit = true;
		last_exit = v->at_exit;
		last_reason = e->reason;
		last_kind = e->kind;
		trace_record(&vm->trace, e->reason, e->kind, e->qualification,
			     e->guest_rip, v->at_exit.tsc);
		action = hv_handle_exit(v, e);
		if (action == EXIT_STOP && vm->state == VM_RUNNING)
			vm_stop(vm, "stopped by the %s handler",
				hv_exit_kind_name(e->kind));
	}
	if (have_exit) {
		arch_exit_mark(&end);
		vm_account_exit(vm, last_reason, last_kind, &last_exit, &end);
	}
	/* Still runnable: the slice ended, not the guest's will to run. */
	kvm_pv_vcpu_put(v, vm->state == VM_RUNNING &&
			vm->sleep.kind == SLEEP_NONE);
	hv_current_vcpu = NULL;
	arch_vcpu_put(v);
}
