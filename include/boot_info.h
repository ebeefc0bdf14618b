/* SPDX-License-Identifier: MIT */
/*
 * The hand-off from the UEFI loader (boot/) to the hypervisor (hv/).
 *
 * Contract at the hypervisor's ELF entry point:
 *   - 64-bit long mode, interrupts off, boot services exited;
 *   - CR3 = loader page tables: physical memory identity-mapped from 0 to
 *     boot_info.identity_limit (2 MiB pages, RW), plus the hypervisor image
 *     mapped at the virtual addresses it was linked for (4 KiB pages);
 *   - RDI = physical (= identity-mapped) address of struct boot_info;
 *   - the stack is the loader's: the hypervisor switches to its own first.
 *
 * Everything the loader leaves for the hypervisor (the image, the ELF file,
 * the configuration, guest images, this struct, the page tables) lives in
 * memory of type BOOT_MEM_HV, never in memory reported usable.
 *
 * Fixed-width types only: boot/ is built with the UEFI ABI, hv/ without.
 */
#ifndef BOOT_INFO_H
#define BOOT_INFO_H

#include <stdint.h>

#define BOOT_INFO_MAGIC		0x4f464e4942564848ULL	/* "HHVBINFO" */
#define BOOT_INFO_VERSION	6	/* 4: initrd, 5: Multiboot modules, 6: pv= */

#define BOOT_MAX_GUESTS		16
#define BOOT_GUEST_NAME_MAX	16	/* including the NUL */
#define BOOT_GUEST_PATH_MAX	128
#define BOOT_GUEST_CMDLINE_MAX	256
#define BOOT_MAX_MEM_REGIONS	256
#define BOOT_GUEST_MODULES_MAX	8	/* module= lines of a guest */

/* Memory region types, normalized from the UEFI types by the loader. */
enum boot_mem_type {
	BOOT_MEM_USABLE = 1,	/* free for the hypervisor's page allocator */
	BOOT_MEM_RESERVED,	/* firmware, runtime services, unusable */
	BOOT_MEM_ACPI_RECLAIM,	/* ACPI tables: keep until parsed */
	BOOT_MEM_ACPI_NVS,
	BOOT_MEM_MMIO,
	BOOT_MEM_BAD,
	BOOT_MEM_HV,		/* loaded by the loader for the hypervisor */
	BOOT_MEM_PERSISTENT,
};

struct boot_mem_region {
	uint64_t base;
	uint64_t length;
	uint32_t type;		/* enum boot_mem_type */
	uint32_t reserved;
};

/*
 * module=: a Multiboot module, read. Its string is the value as written,
 * "PATH [args]": the Multiboot module string (as GRUB's "module" line and
 * QEMU's -initrd give it), the file to read being its first word.
 */
struct boot_module {
	char string[BOOT_GUEST_CMDLINE_MAX];
	uint64_t phys;
	uint64_t size;
};

/* A guest as the configuration file describes it, with its image loaded. */
struct boot_guest {
	char name[BOOT_GUEST_NAME_MAX];
	char image_path[BOOT_GUEST_PATH_MAX];
	char cmdline[BOOT_GUEST_CMDLINE_MAX];
	uint64_t mem_bytes;	/* guest RAM size from mem= */
	uint64_t image_phys;	/* the image file's bytes, as read */
	uint64_t image_size;
	uint32_t config_line;	/* for diagnostics */
	uint32_t limit_ms;	/* limit=: run at most this long; 0: no limit */
	uint32_t trace;		/* trace=: enum boot_trace */
	uint32_t pv;		/* pv=: enum boot_pv */
	/* initrd=: a Linux guest's initial ramdisk, as read ("" and 0: none) */
	char initrd_path[BOOT_GUEST_PATH_MAX];
	uint64_t initrd_phys;
	uint64_t initrd_size;
	uint32_t module_count;
	uint32_t virtio;		/* virtio=: enum boot_virtio */
	struct boot_module modules[BOOT_GUEST_MODULES_MAX];
};

/* trace= in hv.cfg: what the guest's exit trace (hv/trace.h) does. */
enum boot_trace {
	BOOT_TRACE_OFF = 0,	/* recorded, dumped only on request */
	BOOT_TRACE_ON,		/* every exit recorded, dumped at the end */
};

/* pv= in hv.cfg: the paravirtual interface the guest is offered. */
enum boot_pv {
	BOOT_PV_EDUHV = 0,	/* EduHV's CPUID leaves, MSR and hypercalls */
	BOOT_PV_NONE,		/* none: a bare PC, VMCALL raises #UD */
};

/* virtio= in hv.cfg: the virtio-mmio devices the guest has (hv/virtio.h). */
enum boot_virtio {
	BOOT_VIRTIO_NONE = 0,	/* none (default) */
	BOOT_VIRTIO_CONSOLE,	/* console: a virtio-console at 0xfeb00000 */
};

/* How the hypervisor shares the CPU between guests (hv.cfg "schedule"). */
enum boot_schedule {
	BOOT_SCHED_ROUND_ROBIN = 0,	/* all at once, time slices (default) */
	BOOT_SCHED_SEQUENTIAL,		/* one after the other, in config order */
};

/* Hypervisor-wide settings from the configuration file. */
struct boot_options {
	uint32_t schedule;		/* enum boot_schedule */
	uint32_t reserved;
};

/* Pixel formats we can draw into; others leave the framebuffer unused. */
enum boot_fb_format {
	BOOT_FB_NONE = 0,
	BOOT_FB_RGBX32,		/* byte 0 = red */
	BOOT_FB_BGRX32,		/* byte 0 = blue */
};

struct boot_framebuffer {
	uint64_t base;
	uint64_t size;
	uint32_t width;
	uint32_t height;
	uint32_t pixels_per_line;
	uint32_t format;	/* enum boot_fb_format */
};

struct boot_info {
	uint64_t magic;
	uint32_t version;
	uint32_t size;			/* sizeof(struct boot_info) */

	/* The hypervisor image: where it runs and where it really is. */
	uint64_t hv_phys_base;
	uint64_t hv_virt_base;
	uint64_t hv_size;
	uint64_t hv_elf_phys;		/* the whole ELF file, for symbols */
	uint64_t hv_elf_size;

	uint64_t identity_limit;	/* loader maps [0, this) 1:1 */
	uint64_t loader_cr3;

	uint64_t acpi_rsdp;		/* 0 if the firmware has none */
	struct boot_framebuffer fb;

	uint64_t config_phys;		/* the configuration text as read */
	uint64_t config_size;
	char config_path[BOOT_GUEST_PATH_MAX];

	struct boot_options options;
	uint32_t guest_count;
	uint32_t mem_region_count;
	struct boot_guest guests[BOOT_MAX_GUESTS];
	struct boot_mem_region mem[BOOT_MAX_MEM_REGIONS];
};

_Static_assert(sizeof(struct boot_mem_region) == 24, "boot_mem_region ABI");
_Static_assert(sizeof(struct boot_module) == 272, "boot_module ABI");
_Static_assert(sizeof(struct boot_guest) == 584 + 8 + 8 * 272, "boot_guest ABI");
_Static_assert(sizeof(struct boot_framebuffer) == 32, "boot_framebuffer ABI");
_Static_assert(sizeof(struct boot_options) == 8, "boot_options ABI");

#endif /* BOOT_INFO_H */
