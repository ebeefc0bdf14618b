// SPDX-License-Identifier: MIT
/*
 * kbc: the 8042 keyboard controller and its PS/2 keyboard and mouse,
 * driven as Linux's i8042.c, atkbd.c and psmouse probe them: flush, the
 * command byte (CTR), self test, interface tests, the AUX bit and loop
 * tests, keyboard reset, identify, echo, scan code set, mouse reset, ID
 * and the IntelliMouse knock, then answers taken by IRQ 1 and IRQ 12
 * through the PIC, one interrupt per byte. Every byte is printed with the
 * side (kbd/aux) the status register said it came from.
 */
#include "guest/lib/pic.h"
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/trap.h"
#include "guest/lib/x86.h"

#define DATA		0x60
#define STATUS		0x64
#define STR_OBF		0x01
#define STR_IBF		0x02
#define STR_AUX		0x20
#define CTR_KBDINT	0x01
#define CTR_AUXINT	0x02
#define CTR_KBDDIS	0x10
#define CTR_AUXDIS	0x20
#define POLL_MAX	100000u

void kmain(uint32_t magic, uint32_t info);

#define IRQ_LOG 8
static volatile int irq_count[2];
static volatile uint8_t irq_status[2], irq_data[2][IRQ_LOG];

static void wait_write(void)
{
	for (unsigned int i = 0; i < POLL_MAX && (inb(STATUS) & STR_IBF); i++)
		cpu_relax();
}

static void cmd(uint8_t c)
{
	wait_write();
	outb(STATUS, c);
}

static void data(uint8_t d)
{
	wait_write();
	outb(DATA, d);
}

/* The next byte and its side, or -1 if none came (i8042_wait_read). */
static int next(int *aux)
{
	for (unsigned int i = 0; i < POLL_MAX; i++) {
		uint8_t st = inb(STATUS);

		if (st & STR_OBF) {
			*aux = !!(st & STR_AUX);
			return inb(DATA);
		}
		cpu_relax();
	}
	return -1;
}

/*
 * Print the @n answers to @what (" none" where one did not come), then
 * whether more is waiting: the devices answer at once here and in QEMU.
 */
static void answers(const char *what, int n)
{
	int aux, b;

	printf("kbc: %s:", what);
	for (int i = 0; i < n; i++) {
		b = next(&aux);
		if (b < 0) {
			printf(" none");
			break;
		}
		printf(" 0x%x%s", b, aux ? "(aux)" : "");
	}
	printf("%s\n", inb(STATUS) & STR_OBF ? " and more" : "");
}

static int read_ctr(void)
{
	int aux;

	cmd(0x20);
	return next(&aux);
}

static void write_ctr(uint8_t ctr)
{
	cmd(0x60);
	data(ctr);
}

static void kbd(const char *what, uint8_t b, int max)
{
	data(b);
	answers(what, max);
}

static void aux(const char *what, uint8_t b, int max)
{
	cmd(0xd4);
	data(b);
	answers(what, max);
}

static void kbc_irq(struct trap_frame *tf)
{
	int i = tf->vector == TRAP_IRQ_BASE + 12;

	irq_status[i] = inb(STATUS);
	irq_data[i][irq_count[i] % IRQ_LOG] = inb(DATA);
	irq_count[i]++;
	pic_eoi(i ? 12 : 1);
}

/* Open the interrupt window a little: whatever is pending arrives. */
static void window(void)
{
	sti();
	for (int i = 0; i < 100000; i++)
		cpu_relax();
	cli();
}

/*
 * One interrupt per byte: a device's multi-byte answer (ACK, then its
 * ID) raises its IRQ again for each byte the handler's read brings in,
 * which an edge-triggered PIC or IOAPIC pin sees only if the line drops
 * at the read (Linux's atkbd probe waits on exactly that).
 */
static void irq_step(const char *what, int i)
{
	irq_count[i] = 0;
	window();
	printf("kbc: %s: %d interrupt(s), status aux %d, bytes", what,
	       irq_count[i], !!(irq_status[i] & STR_AUX));
	for (int n = 0; n < irq_count[i] && n < IRQ_LOG; n++)
		printf(" 0x%x", irq_data[i][n]);
	printf("\n");
	printf("kbc: after it: output buffer %d\n", inb(STATUS) & STR_OBF);
}

void kmain(uint32_t magic, uint32_t info)
{
	int flushed = 0, ctr;
	static const uint8_t knock[] = { 200, 100, 80 };

	trap_init();
	platform_init(magic, info);
	printf("kbc: status: 0x%x\n", inb(STATUS));
	while ((inb(STATUS) & STR_OBF) && flushed < 64) {
		inb(DATA);
		flushed++;
	}
	printf("kbc: flushed %d byte(s)\n", flushed);
	ctr = read_ctr();
	printf("kbc: CTR as the firmware left it: 0x%x\n", ctr);
	cmd(0xad);
	printf("kbc: status after a command: 0x%x\n", inb(STATUS));
	write_ctr((uint8_t)(ctr & ~(CTR_KBDINT | CTR_AUXINT)));
	printf("kbc: status after data: 0x%x\n", inb(STATUS));
	cmd(0xaa);
	answers("self test 0xaa", 1);
	cmd(0xab);
	answers("keyboard interface test 0xab", 1);
	cmd(0xa9);
	answers("aux interface test 0xa9", 1);
	cmd(0xc0);
	answers("input port 0xc0", 1);
	cmd(0xd0);
	answers("output port 0xd0", 1);
	cmd(0xa8);
	printf("kbc: CTR after 0xa8: 0x%x\n", read_ctr());
	cmd(0xa7);
	printf("kbc: CTR after 0xa7: 0x%x\n", read_ctr());
	cmd(0xd3);
	data(0x5a);
	answers("aux loop 0xd3 0x5a", 1);
	cmd(0xd2);
	data(0xa5);
	answers("kbd loop 0xd2 0xa5", 1);

	cmd(0xae);
	kbd("kbd reset 0xff", 0xff, 2);
	kbd("kbd identify 0xf2", 0xf2, 3);
	kbd("kbd echo 0xee", 0xee, 1);
	kbd("kbd scan code set 0xf0", 0xf0, 1);
	kbd("kbd ... get 0x00", 0x00, 2);
	kbd("kbd leds 0xed", 0xed, 1);
	kbd("kbd ... 0x00", 0x00, 1);
	kbd("kbd typematic 0xf3", 0xf3, 1);
	kbd("kbd ... 0x20", 0x20, 1);
	kbd("kbd disable 0xf5", 0xf5, 1);
	kbd("kbd enable 0xf4", 0xf4, 1);
	kbd("kbd unknown 0xd9", 0xd9, 1);

	cmd(0xa8);
	aux("aux reset 0xff", 0xff, 3);
	aux("aux get id 0xf2", 0xf2, 2);
	for (unsigned int i = 0; i < sizeof(knock); i++) {
		aux("aux sample rate 0xf3", 0xf3, 1);
		aux("aux ... rate", knock[i], 1);
	}
	aux("aux get id after 200,100,80", 0xf2, 2);
	aux("aux resolution 0xe8", 0xe8, 1);
	aux("aux ... 3", 0x03, 1);
	aux("aux enable 0xf4", 0xf4, 1);
	aux("aux status 0xe9", 0xe9, 4);
	aux("aux disable 0xf5", 0xf5, 1);
	aux("aux unknown 0xe1", 0xe1, 0);

	/* Interrupts, through the PIC, as Linux takes the answers. */
	pic_init(TRAP_IRQ_BASE, TRAP_IRQ_BASE + 8);
	trap_set_handler(TRAP_IRQ_BASE + 1, kbc_irq);
	trap_set_handler(TRAP_IRQ_BASE + 12, kbc_irq);
	pic_unmask(1);
	pic_unmask(12);
	ctr = read_ctr();
	write_ctr((uint8_t)((ctr | CTR_KBDINT | CTR_AUXINT) &
			    ~(CTR_KBDDIS | CTR_AUXDIS)));
	data(0xee);
	irq_step("IRQ 1 for kbd echo", 0);
	cmd(0xd3);
	data(0xa5);
	irq_step("IRQ 12 for aux loop 0xa5", 1);
	data(0xf2);
	irq_step("IRQ 1 for kbd identify 0xf2", 0);
	cmd(0xd4);
	data(0xff);
	irq_step("IRQ 12 for aux reset 0xff", 1);
	platform_exit(0);
}
