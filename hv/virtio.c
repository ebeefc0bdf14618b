// SPDX-License-Identifier: MIT
/* A guest's virtio-mmio devices, wired to the VM (see virtio.h). */
#include "hv/virtio.h"

#include "hv/apic.h"
#include "hv/irq.h"
#include "hv/printk.h"
#include "hv/vm.h"

/* Guest RAM only: vm_gpa_to_hva() checks the range against it. */
static void *map(void *ctx, uint64_t gpa, uint64_t len)
{
	return vm_gpa_to_hva(ctx, gpa, len);
}

/* The console's bytes take the UART's way to the guest's console line. */
static void emit(void *ctx, const uint8_t *p, size_t n)
{
	struct vm *vm = ctx;

	uart_model_text(&vm->uart, (const char *)p, n);
}

static void set_irq(void *ctx, bool level)
{
	vm_set_irq(ctx, VIRTIO_CONSOLE_GSI, level);
}

static void report(void *ctx, int queue, const char *why)
{
	struct vm *vm = ctx;

	if (++vm->virtio.stops > VIRTIO_STOPS_SHOWN) {
		if (vm->virtio.stops == VIRTIO_STOPS_SHOWN + 1)
			printk("virtio: guest=%s device=console: more stops, "
			       "counted but not shown\n", vm->name);
		return;
	}
	uart_model_flush(&vm->uart);	/* the guest's half line first */
	if (queue < 0)
		printk("virtio: guest=%s device=console stopped: %s\n",
		       vm->name, why);
	else
		printk("virtio: guest=%s device=console queue=%d stopped: %s\n",
		       vm->name, queue, why);
}

static bool claims(struct vcpu *v, uint64_t gpa, uint64_t *off)
{
	if (!v->vm->virtio.console_on || gpa < VIRTIO_CONSOLE_MMIO_BASE ||
	    gpa >= VIRTIO_CONSOLE_MMIO_BASE + VIRTIO_MMIO_SIZE)
		return false;
	*off = gpa - VIRTIO_CONSOLE_MMIO_BASE;
	return true;
}

static uint64_t regs_read(struct vcpu *v, uint64_t off, unsigned int size)
{
	return virtio_mmio_read(&v->vm->virtio.console.mmio, off, size);
}

static void regs_write(struct vcpu *v, uint64_t off, unsigned int size,
		       uint64_t value)
{
	virtio_mmio_write(&v->vm->virtio.console.mmio, off, size, value);
}

static const struct mmio_device console_mmio = {
	.name = "virtio-console",
	.claims = claims,
	.read = regs_read,
	.write = regs_write,
};

int virtio_vm_init(struct vm *vm)
{
	struct vq_mem mem = { .map = map, .ctx = vm };

	if (vm->config->virtio != BOOT_VIRTIO_CONSOLE)
		return 0;
	vm->virtio.console_on = true;
	virtio_console_init(&vm->virtio.console, &mem, emit, set_irq, report,
			    vm);
	printk("vm: guest=%s virtio-console mmio=0x%llx+0x%x gsi=%u\n",
	       vm->name, (unsigned long long)VIRTIO_CONSOLE_MMIO_BASE,
	       VIRTIO_MMIO_SIZE, VIRTIO_CONSOLE_GSI);
	return mmio_register(vm, &console_mmio);
}

bool virtio_console_takes_input(struct vm *vm)
{
	return vm->virtio.console_on &&
	       virtio_console_ready(&vm->virtio.console);
}

size_t virtio_console_input(struct vm *vm, const uint8_t *buf, size_t n)
{
	return virtio_console_receive(&vm->virtio.console, buf, n);
}

bool virtio_input_can_wake(const struct vm *vm)
{
	return vm->virtio.console_on &&
	       virtio_mmio_live(&vm->virtio.console.mmio) &&
	       ioapic_pin_unmasked(&vm->ioapic,
				   apic_isa_pin(VIRTIO_CONSOLE_GSI));
}

void virtio_report(const struct vm *vm)
{
	const struct virtio_console *c = &vm->virtio.console;

	if (!vm->virtio.console_on)
		return;
	printk("virtio: guest=%s device=console status=0x%x tx_bytes=%llu "
	       "tx_chains=%llu rx_bytes=%llu rx_chains=%llu notifies=%llu "
	       "stops=%llu\n",
	       vm->name, c->mmio.status, (unsigned long long)c->tx_bytes,
	       (unsigned long long)c->tx_chains,
	       (unsigned long long)c->rx_bytes,
	       (unsigned long long)c->rx_chains,
	       (unsigned long long)c->mmio.notifies,
	       (unsigned long long)vm->virtio.stops);
}
