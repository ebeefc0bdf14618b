// SPDX-License-Identifier: MIT
/*
 * hv_main: the hypervisor's start-up order, from the loader's hand-off to
 * power-off. Each step needs the ones before it:
 *
 *   serial console        so that everything after can be seen
 *   boot_info check       the contract with the loader
 *   GDT/IDT/TSS           so that a fault prints a report, not a reset
 *   symbols               so that the report names functions
 *   page allocator        fed by the memory map
 *   own page tables       the loader's go away
 *   framebuffer console   needs the identity map
 *   ACPI                  to power off at the end
 *   TSC                   calibrated: guests' timers need a time base
 *   VT-x                  probe, report, VMXON/VMXOFF smoke test
 *   guests                all at once, round robin, each to its end
 */
#include "boot_info.h"
#include "drivers/acpi.h"
#include "drivers/fbcon.h"
#include "drivers/irqchip.h"
#include "drivers/rtc.h"
#include "drivers/tsc.h"
#include "drivers/uart16550.h"
#include "hv/arch.h"
#include "hv/backtrace.h"
#include "hv/hypercalls.h"
#include "hv/panic.h"
#include "hv/pmm.h"
#include "hv/power.h"
#include "hv/printk.h"
#include "hv/sched.h"
#include "hv/selftest.h"
#include "hv/version.h"
#include "hv/vm.h"

void hv_main(struct boot_info *bi);

static const char *const mem_type_names[] = {
	[BOOT_MEM_USABLE] = "usable",
	[BOOT_MEM_RESERVED] = "reserved",
	[BOOT_MEM_ACPI_RECLAIM] = "ACPI tables",
	[BOOT_MEM_ACPI_NVS] = "ACPI NVS",
	[BOOT_MEM_MMIO] = "MMIO",
	[BOOT_MEM_BAD] = "bad",
	[BOOT_MEM_HV] = "hypervisor",
	[BOOT_MEM_PERSISTENT] = "persistent",
};

#define NR_MEM_TYPES (sizeof(mem_type_names) / sizeof(mem_type_names[0]))

static void print_memory_summary(const struct boot_info *bi)
{
	uint64_t bytes[NR_MEM_TYPES] = { 0 }, top = 0;
	unsigned int regions[NR_MEM_TYPES] = { 0 };

	for (uint32_t i = 0; i < bi->mem_region_count; i++) {
		const struct boot_mem_region *r = &bi->mem[i];
		uint32_t t = r->type < NR_MEM_TYPES ? r->type : BOOT_MEM_RESERVED;

		bytes[t] += r->length;
		regions[t]++;
		if (r->base + r->length > top)
			top = r->base + r->length;
	}
	printk("mem: %u regions from the firmware, highest address 0x%llx\n",
	       bi->mem_region_count, (unsigned long long)top);
	for (unsigned int t = 1; t < NR_MEM_TYPES; t++)
		if (regions[t])
			printk("mem:   %-12s %10llu KiB in %u region%s\n",
			       mem_type_names[t],
			       (unsigned long long)(bytes[t] >> 10), regions[t],
			       regions[t] == 1 ? "" : "s");
	printk("mem: page allocator: %llu of %llu usable pages free (%llu MiB)\n",
	       (unsigned long long)hv_pmm.free_pages,
	       (unsigned long long)hv_pmm.usable_pages,
	       (unsigned long long)(hv_pmm.free_pages >> 8));
}

static void print_guests(const struct boot_info *bi)
{
	printk("config: %s: %u guest%s, schedule %s\n", bi->config_path,
	       bi->guest_count, bi->guest_count == 1 ? "" : "s",
	       bi->options.schedule == BOOT_SCHED_SEQUENTIAL ? "sequential" :
	       "round-robin");
	for (uint32_t i = 0; i < bi->guest_count; i++) {
		const struct boot_guest *g = &bi->guests[i];

		printk("config:   %-15s %-24s mem %6llu KiB, image %llu bytes, "
		       "cmdline \"%s\"%s\n", g->name, g->image_path,
		       (unsigned long long)(g->mem_bytes >> 10),
		       (unsigned long long)g->image_size, g->cmdline,
		       g->pv == BOOT_PV_NONE ? ", pv=none" :
		       g->pv == BOOT_PV_KVM ? ", pv=kvm" : "");
		for (uint32_t m = 0; m < g->module_count; m++)
			printk("config:     module %u: %llu bytes, \"%s\"\n", m,
			       (unsigned long long)g->modules[m].size,
			       g->modules[m].string);
	}
}

static struct vm vms[BOOT_MAX_GUESTS];

/*
 * Run every configured guest, all at once (hv/sched.c); returns how many
 * did not end cleanly. A guest that cannot even start is reported as
 * stopped; the others run.
 */
static unsigned int run_guests(const struct boot_info *bi)
{
	unsigned int failed = 0, n = bi->guest_count;

	hypercall_init(n);
	for (uint32_t i = 0; i < n; i++)
		vm_create(&vms[i], i, &bi->guests[i]);	/* failures: stopped */
	sched_run(vms, n, bi->options.schedule);
	for (unsigned int i = 0; i < n; i++) {
		/* A reset is the guest's own ending, as a clean exit is. */
		if (vms[i].state != VM_RESET &&
		    (vms[i].state != VM_EXITED || vms[i].exit_status != 0))
			failed++;
		vm_destroy(&vms[i]);
	}
	return failed;
}

void hv_main(struct boot_info *bi)
{
	int rc;

	uart_init(COM1_PORT);
	printk("\nhv: educational x86-64 hypervisor %s\n", HV_VERSION);
	if (bi->magic != BOOT_INFO_MAGIC || bi->version != BOOT_INFO_VERSION ||
	    bi->size != sizeof(*bi))
		panic("boot_info at %p: magic 0x%llx version %u size %u; "
		      "the loader and the hypervisor do not match (rebuild both)",
		      (void *)bi, (unsigned long long)bi->magic, bi->version,
		      bi->size);
	arch_cpu_init();
	ksym_init((const void *)bi->hv_elf_phys, bi->hv_elf_size);
	printk("hv: image at 0x%llx (physical 0x%llx), %llu KiB\n",
	       (unsigned long long)bi->hv_virt_base,
	       (unsigned long long)bi->hv_phys_base,
	       (unsigned long long)(bi->hv_size >> 10));

	hv_pmm_init(bi);
	arch_mm_init(bi);
	fbcon_init(&bi->fb);
	selftest_point(SELFTEST_AFTER_MM_INIT, bi);
	if (bi->fb.format)
		printk("fb: %ux%u framebuffer at 0x%llx\n", bi->fb.width,
		       bi->fb.height, (unsigned long long)bi->fb.base);
	print_memory_summary(bi);
	acpi_init(bi->acpi_rsdp);
	print_guests(bi);

	tsc_calibrate();
	host_rtc_init();
	irqchip_quiesce();

	rc = arch_virt_init();
	if (rc)
		power_off(HV_STATUS_NO_VIRT);
	rc = arch_virt_enable();
	if (rc)
		panic("could not enter VMX operation after a good smoke test");
	power_off(run_guests(bi) ? HV_STATUS_GUEST_FAILED : HV_STATUS_OK);
}
