// SPDX-License-Identifier: MIT
/*
 * Port I/O exits: IN/OUT and their string (INS/OUTS) and REP forms, routed
 * to the device models of hv/dev/. The I/O bitmaps make every port exit.
 */
#include "hv/io.h"

#include "hv/arch.h"
#include "hv/vm.h"

#define RFLAGS_DF	(1ULL << 10)
/* Iterations of one REP string instruction per exit; the rest re-executes. */
#define REP_BATCH	4096

struct port_range {
	uint16_t first, count;
	uint32_t (*read)(struct vm *vm, uint16_t port);
	void (*write)(struct vm *vm, uint16_t port, uint32_t value);
};

static uint32_t uart_read(struct vm *vm, uint16_t port)
{
	return uart_model_read(&vm->uart, port - PORT_COM1);
}

static void uart_write(struct vm *vm, uint16_t port, uint32_t v)
{
	uart_model_write(&vm->uart, port - PORT_COM1, (uint8_t)v);
}

static uint32_t pic_read(struct vm *vm, uint16_t port)
{
	return pic_model_read(&vm->pic, port);
}

static void pic_write(struct vm *vm, uint16_t port, uint32_t v)
{
	pic_model_write(&vm->pic, port, (uint8_t)v);
}

static uint32_t pit_read(struct vm *vm, uint16_t port)
{
	return pit_model_read(&vm->pit, port, arch_read_timestamp());
}

static void pit_write(struct vm *vm, uint16_t port, uint32_t v)
{
	pit_model_write(&vm->pit, port, (uint8_t)v, arch_read_timestamp());
}

/* QEMU's isa-debug-exit: the guest ends with the status it writes. */
static void debug_exit_write(struct vm *vm, uint16_t port, uint32_t v)
{
	vm->exit_status = (int)v;
	vm->state = VM_EXITED;
}

static const struct port_range ports[] = {
	{ PORT_PIC_MASTER, 2, pic_read, pic_write },
	{ PORT_PIT, 4, pit_read, pit_write },
	{ PORT_PIC_SLAVE, 2, pic_read, pic_write },
	{ PORT_DEBUG_EXIT, 4, NULL, debug_exit_write },
	{ PORT_COM1, 8, uart_read, uart_write },
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
 * Wider accesses are split into byte accesses of consecutive ports, as
 * the ISA bus does, except for the exit port, which takes the whole value.
 */
uint32_t io_port_read(struct vm *vm, uint16_t port, unsigned int size)
{
	uint32_t v = 0;

	for (unsigned int i = 0; i < size; i++) {
		const struct port_range *r = find((uint16_t)(port + i));
		uint32_t b = r && r->read ? r->read(vm, (uint16_t)(port + i)) &
					    0xff : 0xff;

		v |= b << (8 * i);
	}
	return v;
}

void io_port_write(struct vm *vm, uint16_t port, unsigned int size,
		   uint32_t value)
{
	const struct port_range *r = find(port);

	if (r && r->first == PORT_DEBUG_EXIT) {
		r->write(vm, port, value);
		return;
	}
	for (unsigned int i = 0; i < size; i++) {
		r = find((uint16_t)(port + i));
		if (r && r->write)
			r->write(vm, (uint16_t)(port + i), value >> (8 * i) & 0xff);
	}
}

/* INS/OUTS, one element at a time, through the guest's page tables. */
static enum exit_action string_io(struct vcpu *v, const struct hv_exit *e)
{
	struct vm *vm = v->vm;
	uint64_t mask = e->io.addr_size == 8 ? ~0ULL :
			e->io.addr_size == 4 ? 0xffffffffULL : 0xffffULL;
	uint64_t *index = e->io.in ? &v->regs.rdi : &v->regs.rsi;
	uint64_t count = e->io.rep ? v->regs.rcx & mask : 1, done;
	int64_t step = (arch_vcpu_rflags(v) & RFLAGS_DF) ? -(int64_t)e->io.size :
			e->io.size;
	uint64_t gla = e->io.gla;

	for (done = 0; done < count && done < REP_BATCH; done++) {
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
		arch_vcpu_skip_instruction(v);
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
	arch_vcpu_skip_instruction(v);
	return vm->state == VM_RUNNING ? EXIT_RESUME : EXIT_STOP;
}
