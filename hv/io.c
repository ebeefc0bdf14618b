// SPDX-License-Identifier: MIT
/*
 * Port I/O exits: IN/OUT and their string (INS/OUTS) and REP forms, routed
 * to the device models of hv/dev/. The I/O bitmaps make every port exit.
 */
#include "hv/io.h"

#include "hv/acpi/acpi.h"
#include "hv/arch.h"
#include "hv/dev/fw_cfg.h"
#include "hv/dev/i8042.h"
#include "hv/dev/pci.h"
#include "hv/dev/reset.h"
#include "hv/dev/rtc.h"
#include "hv/irq.h"
#include "hv/vm.h"

#define RFLAGS_TF	(1ULL << 8)
#define RFLAGS_DF	(1ULL << 10)
/* Iterations of one REP string instruction per exit; the rest re-executes. */
#define REP_BATCH	4096

/*
 * A device's ports. @bytes: the device is 8-bit, so a wider access is
 * split into byte accesses of consecutive ports, as QEMU does for ISA
 * devices whose registers are bytes (impl.max_access_size = 1); without
 * it the handler gets the whole access and its @size.
 */
struct port_range {
	uint16_t first, count;
	bool bytes;
	uint32_t (*read)(struct vm *vm, uint16_t port, unsigned int size);
	void (*write)(struct vm *vm, uint16_t port, unsigned int size,
		      uint32_t value);
};

static uint32_t uart_read(struct vm *vm, uint16_t port, unsigned int size)
{
	(void)size;
	return uart_model_read(&vm->uart, port - PORT_COM1);
}

static void uart_write(struct vm *vm, uint16_t port, unsigned int size,
		     uint32_t v)
{
	(void)size;
	uart_model_write(&vm->uart, port - PORT_COM1, (uint8_t)v);
}

static uint32_t elcr_read(struct vm *vm, uint16_t port, unsigned int size)
{
	(void)size;
	return pic_elcr_read(&vm->pic, port - PORT_ELCR);
}

static void elcr_write(struct vm *vm, uint16_t port, unsigned int size,
		       uint32_t v)
{
	(void)size;
	pic_elcr_write(&vm->pic, port - PORT_ELCR, (uint8_t)v);
}

static uint32_t pic_read(struct vm *vm, uint16_t port, unsigned int size)
{
	(void)size;
	return pic_model_read(&vm->pic, port);
}

static void pic_write(struct vm *vm, uint16_t port, unsigned int size,
		    uint32_t v)
{
	(void)size;
	pic_model_write(&vm->pic, port, (uint8_t)v);
}

static uint32_t pit_read(struct vm *vm, uint16_t port, unsigned int size)
{
	(void)size;
	return pit_model_read(&vm->pit, port, arch_read_timestamp());
}

static void pit_write(struct vm *vm, uint16_t port, unsigned int size,
		    uint32_t v)
{
	(void)size;
	pit_model_write(&vm->pit, port, (uint8_t)v, arch_read_timestamp());
}

/* The guest ends itself with @status: outcome "exited". */
static void guest_exit(struct vm *vm, int status)
{
	vm->exit_status = status;
	vm->state = VM_EXITED;
}

/* QEMU's isa-debug-exit: the guest ends with the status it writes. */
static void debug_exit_write(struct vm *vm, uint16_t port, unsigned int size,
			     uint32_t v)
{
	(void)port;
	(void)size;
	guest_exit(vm, (int)v);
}

/*
 * EduHV's mark port: the exit statistics as they are now are kept, under
 * the value written, and printed when the guest ends (hv/stats.h). What
 * the guest did between two marks is then the difference (tools/compare).
 */
static void stats_mark_write(struct vm *vm, uint16_t port, unsigned int size,
			     uint32_t v)
{
	(void)port;
	(void)size;
	exit_stats_mark(vm, v);
}

/* The PM1 blocks and PM timer; ACPI soft off (S5) ends it: status 0. */
static uint32_t acpi_pm_read(struct vm *vm, uint16_t port, unsigned int size)
{
	uint64_t now = arch_read_timestamp();
	uint32_t v = acpi_pm_model_read(&vm->acpi_pm, port, size, now);

	vm_set_irq(vm, ACPI_SCI_IRQ, acpi_pm_sci(&vm->acpi_pm, now));
	return v;
}

static void acpi_pm_write(struct vm *vm, uint16_t port, unsigned int size,
			  uint32_t v)
{
	uint64_t now = arch_read_timestamp();

	acpi_pm_model_write(&vm->acpi_pm, port, size, v, now);
	vm_set_irq(vm, ACPI_SCI_IRQ, acpi_pm_sci(&vm->acpi_pm, now));
	if (vm->acpi_pm.off && vm->state == VM_RUNNING)
		guest_exit(vm, 0);
}

static uint32_t port61_read(struct vm *vm, uint16_t port, unsigned int size)
{
	(void)port;
	(void)size;
	return pit_port61_read(&vm->pit, arch_read_timestamp());
}

static void port61_write(struct vm *vm, uint16_t port, unsigned int size,
			 uint32_t v)
{
	(void)port;
	(void)size;
	pit_port61_write(&vm->pit, (uint8_t)v, arch_read_timestamp());
}

static uint32_t reset_read(struct vm *vm, uint16_t port, unsigned int size)
{
	(void)size;
	return reset_model_read(&vm->reset, port);
}

static void reset_write(struct vm *vm, uint16_t port, unsigned int size,
			uint32_t v)
{
	(void)size;
	reset_model_write(&vm->reset, port, (uint8_t)v);
	if (vm->reset.requested && vm->state == VM_RUNNING)
		vm->state = VM_RESET;
}

/*
 * The 8042: IRQ 1 and 12 follow its output buffer (levels, as QEMU's
 * kbd_update_irq_lines sets them); a read of 0x60 empties it.
 */
static void kbc_irqs(struct vm *vm)
{
	vm_set_irq(vm, I8042_KBD_IRQ, i8042_kbd_irq(&vm->kbc));
	vm_set_irq(vm, I8042_AUX_IRQ, i8042_aux_irq(&vm->kbc));
}

static uint32_t kbc_read(struct vm *vm, uint16_t port, unsigned int size)
{
	bool took = port == PORT_KBC_DATA &&
		    (vm->kbc.status & KBC_STATUS_OBF);
	uint8_t v;

	(void)size;
	v = i8042_read(&vm->kbc, port);
	/*
	 * Reading the byte drops the line before the next byte raises it
	 * (QEMU's kbd_deassert_irq): an edge-triggered pin sees each byte
	 * of a multi-byte answer, as atkbd's probe needs.
	 */
	if (took) {
		vm_set_irq(vm, I8042_KBD_IRQ, false);
		vm_set_irq(vm, I8042_AUX_IRQ, false);
	}
	kbc_irqs(vm);
	return v;
}

static void kbc_write(struct vm *vm, uint16_t port, unsigned int size,
		      uint32_t v)
{
	(void)size;
	i8042_write(&vm->kbc, port, (uint8_t)v);
	kbc_irqs(vm);
	if (vm->kbc.reset_how && vm->state == VM_RUNNING)
		vm->state = VM_RESET;
}

/*
 * 0xcf8-0xcfb: a 32-bit access to 0xcf8 is the PCI configuration address
 * (QEMU's pci_host_config_write takes no other); 0xcf9 is the PIIX3's
 * reset control register, which only a byte access reaches: a 32-bit OUT
 * to 0xcf8 must not reset the machine with its byte 1. Any other access
 * there reads all ones and is dropped.
 */
static uint32_t pci_address_port_read(struct vm *vm, uint16_t port,
				      unsigned int size)
{
	if (port == PORT_PCI_CONFIG_ADDRESS && size == 4)
		return pci_address_read(&vm->pci);
	if (port == PORT_RESET_CONTROL && size == 1)
		return reset_read(vm, port, size);
	return ~0u;
}

static void pci_address_port_write(struct vm *vm, uint16_t port,
				   unsigned int size, uint32_t v)
{
	if (port == PORT_PCI_CONFIG_ADDRESS && size == 4)
		pci_address_write(&vm->pci, v);
	else if (port == PORT_RESET_CONTROL && size == 1)
		reset_write(vm, port, size, v);
}

static uint32_t pci_data_port_read(struct vm *vm, uint16_t port,
				   unsigned int size)
{
	return pci_data_read(&vm->pci, port, size);
}

static void pci_data_port_write(struct vm *vm, uint16_t port,
				unsigned int size, uint32_t v)
{
	pci_data_write(&vm->pci, port, size, v);
}

static uint32_t fw_cfg_read(struct vm *vm, uint16_t port, unsigned int size)
{
	return fw_cfg_model_read(&vm->fw_cfg, port, size);
}

static void fw_cfg_write(struct vm *vm, uint16_t port, unsigned int size,
			 uint32_t v)
{
	fw_cfg_model_write(&vm->fw_cfg, port, size, v);
}

/* IRQ 8 follows register C's IRQF: up on a flag, down when C is read. */
static uint32_t rtc_read(struct vm *vm, uint16_t port, unsigned int size)
{
	uint8_t v;

	(void)size;
	v = rtc_model_read(&vm->rtc, port, arch_read_timestamp());
	vm_set_irq(vm, RTC_IRQ, rtc_irq_level(&vm->rtc));
	return v;
}

static void rtc_write(struct vm *vm, uint16_t port, unsigned int size,
		      uint32_t v)
{
	(void)size;
	rtc_model_write(&vm->rtc, port, (uint8_t)v, arch_read_timestamp());
	vm_set_irq(vm, RTC_IRQ, rtc_irq_level(&vm->rtc));
}

/* The POST/delay port: QEMU drops writes and reads all ones (ioport80). */
static uint32_t post_read(struct vm *vm, uint16_t port, unsigned int size)
{
	(void)vm;
	(void)port;
	(void)size;
	return ~0u;
}

static void post_write(struct vm *vm, uint16_t port, unsigned int size,
		       uint32_t v)
{
	(void)vm;
	(void)port;
	(void)size;
	(void)v;
}

static const struct port_range ports[] = {
	{ PORT_PIC_MASTER, 2, true, pic_read, pic_write },
	{ PORT_PIT, 4, true, pit_read, pit_write },
	{ PORT_KBC_DATA, 1, true, kbc_read, kbc_write },
	{ PORT_SYSCTL_B, 1, true, port61_read, port61_write },
	{ PORT_KBC_CMD, 1, true, kbc_read, kbc_write },
	{ PORT_RTC_INDEX, 2, true, rtc_read, rtc_write },
	{ PORT_POST, 1, true, post_read, post_write },
	{ PORT_SYSCTL_A, 1, true, reset_read, reset_write },
	{ PORT_PIC_SLAVE, 2, true, pic_read, pic_write },
	{ PORT_DEBUG_EXIT, 4, false, NULL, debug_exit_write },
	{ PORT_STATS_MARK, 4, false, NULL, stats_mark_write },
	{ PORT_COM1, 8, true, uart_read, uart_write },
	{ PORT_ELCR, 2, true, elcr_read, elcr_write },
	{ PORT_FW_CFG_SEL, 2, false, fw_cfg_read, fw_cfg_write },
	{ PORT_PCI_CONFIG_ADDRESS, 4, false, pci_address_port_read,
	  pci_address_port_write },
	{ PORT_PCI_CONFIG_DATA, 4, false, pci_data_port_read,
	  pci_data_port_write },
	{ ACPI_PM_BASE, ACPI_PM_PORTS, false, acpi_pm_read, acpi_pm_write },
};

static const struct port_range *find(uint16_t port)
{
	for (unsigned i = 0; i < sizeof(ports) / sizeof(ports[0]); i++)
		if (port >= ports[i].first &&
		    port < ports[i].first + ports[i].count)
			return &ports[i];
	return NULL;
}

/*
 * An access goes to the device whose range holds its first port, at its
 * width; an 8-bit device gets it as byte accesses of consecutive ports,
 * each to whatever decodes that port. An access that starts at a port no
 * device claims reads all ones and is dropped whole.
 */
uint32_t io_port_read(struct vm *vm, uint16_t port, unsigned int size)
{
	const struct port_range *r = find(port);
	uint32_t all = size == 4 ? ~0u : (1u << (8 * size)) - 1, v = 0;

	if (!r || !r->read)
		return all;
	if (!r->bytes)
		return r->read(vm, port, size) & all;
	for (unsigned int i = 0; i < size; i++) {
		uint16_t p = (uint16_t)(port + i);
		const struct port_range *b = find(p);
		uint32_t x = b && b->read && b->bytes ? b->read(vm, p, 1) & 0xff :
			     0xff;

		v |= x << (8 * i);
	}
	return v;
}

void io_port_write(struct vm *vm, uint16_t port, unsigned int size,
		   uint32_t value)
{
	const struct port_range *r = find(port);

	if (!r || !r->write)
		return;
	if (!r->bytes) {
		r->write(vm, port, size, value);
		return;
	}
	for (unsigned int i = 0; i < size && vm->state == VM_RUNNING; i++) {
		uint16_t p = (uint16_t)(port + i);
		const struct port_range *b = find(p);

		if (b && b->write && b->bytes)
			b->write(vm, p, 1, value >> (8 * i) & 0xff);
	}
}

/*
 * INS/OUTS, one element at a time, through the guest's page tables. With
 * RFLAGS.TF set, a REP form takes one iteration per exit: the CPU raises
 * its single-step trap after each iteration, with RIP still on the
 * instruction until the last one (SDM Vol. 3A, 19.3.1.4; QEMU does too).
 */
static enum exit_action string_io(struct vcpu *v, const struct hv_exit *e)
{
	struct vm *vm = v->vm;
	uint64_t batch = arch_vcpu_rflags(v) & RFLAGS_TF ? 1 : REP_BATCH;
	uint64_t mask = e->io.addr_size == 8 ? ~0ULL :
			e->io.addr_size == 4 ? 0xffffffffULL : 0xffffULL;
	uint64_t *index = e->io.in ? &v->regs.rdi : &v->regs.rsi;
	uint64_t count = e->io.rep ? v->regs.rcx & mask : 1, done;
	int64_t step = (arch_vcpu_rflags(v) & RFLAGS_DF) ? -(int64_t)e->io.size :
			e->io.size;
	uint64_t gla = e->io.gla;

	for (done = 0; done < count && done < batch; done++) {
		uint8_t buf[4];
		uint32_t val = 0;

		for (unsigned int b = 0; b < e->io.size; b++) {
			uint64_t gpa;
			uint8_t *p;

			if (arch_vcpu_translate(v, gla + b, e->io.in, &gpa) ||
			    !(p = vm_gpa_to_hva(vm, gpa, 1))) {
				vm_stop(vm, "%s at linear address 0x%llx: not mapped to guest RAM (RIP 0x%llx)",
					e->io.in ? "INS" : "OUTS",
					(unsigned long long)(gla + b),
					(unsigned long long)e->guest_rip);
				return EXIT_STOP;
			}
			if (e->io.in) {
				if (b == 0)
					val = io_port_read(vm, e->io.port, e->io.size);
				*p = (uint8_t)(val >> (8 * b));
			} else {
				buf[b] = *p;
			}
		}
		if (!e->io.in) {
			for (unsigned int b = 0; b < e->io.size; b++)
				val |= (uint32_t)buf[b] << (8 * b);
			io_port_write(vm, e->io.port, e->io.size, val);
		}
		gla += (uint64_t)step;
		*index = (*index & ~mask) | ((*index + (uint64_t)step) & mask);
		if (vm->state != VM_RUNNING)
			return EXIT_STOP;
	}
	if (e->io.rep)
		v->regs.rcx = (v->regs.rcx & ~mask) | ((count - done) & mask);
	/* A REP with iterations left runs again: like an interrupted one. */
	if (done == count)
		vcpu_skip_emulated_instruction(v);
	else if (batch == 1)
		vcpu_single_step_trap(v);
	return EXIT_RESUME;
}

enum exit_action handle_io(struct vcpu *v, const struct hv_exit *e)
{
	struct vm *vm = v->vm;
	uint64_t mask = e->io.size == 4 ? 0xffffffffULL :
			(1ULL << (8 * e->io.size)) - 1;

	if (e->io.string)
		return string_io(v, e);
	if (e->io.in) {
		uint32_t val = io_port_read(vm, e->io.port, e->io.size);

		/* IN to AL/AX leaves the rest; IN to EAX zero-extends (SDM IN). */
		if (e->io.size == 4)
			v->regs.rax = val;
		else
			v->regs.rax = (v->regs.rax & ~mask) | val;
	} else {
		io_port_write(vm, e->io.port, e->io.size,
			      (uint32_t)(v->regs.rax & mask));
	}
	vcpu_skip_emulated_instruction(v);
	return vm->state == VM_RUNNING ? EXIT_RESUME : EXIT_STOP;
}
