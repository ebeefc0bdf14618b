# SPDX-License-Identifier: MIT
# Guest kernels (included by the top-level Makefile).
#
# A guest is 64-bit code in a Multiboot (v1) image: guest/lib/entry.o (the
# header and the way to long mode), the workload (guest/NAME.c, or every
# guest/NAME/*.c) and the library libguest.a. It is linked as ELF64 at
# 1 MiB, $(BUILD)/guest/NAME.elf64 (the one to give a debugger), then copied
# to ELF32 as $(BUILD)/guests/NAME.elf, because QEMU's Multiboot loader
# refuses ELF64.

# No red zone (interrupts push below RSP), no SSE (no FPU state to save
# in the trap stubs), small code model (everything below 2 GiB).
GUEST_CFLAGS = -std=gnu11 -O2 -g $(WARN) -m64 -march=x86-64 -ffreestanding \
	-fno-builtin -fno-stack-protector -fno-pic -fno-pie -mno-red-zone \
	-mgeneral-regs-only -mcmodel=small -fno-omit-frame-pointer \
	-fno-asynchronous-unwind-tables -fno-tree-loop-distribute-patterns \
	-fcf-protection=none -nostdinc -isystem $(GCC_INCLUDE) \
	-I. -Iinclude -MMD -MP
GUEST_LDFLAGS := -m elf_x86_64 -nostdlib -static -z max-page-size=4096 \
	-z noexecstack -T guest/guest.ld

GUESTS := hello tour exits crash console timer idle compute nullop pvtest \
	lab2 lab3 lab4 \
	pingpong hostile fuzzer
GUESTS += reset pit2 fwcfg kbc smbios  # legacy
GUESTS += uartirq echo  # uart
GUESTS += mbinfo  # multiboot
# mbinfo starts in its own 32-bit code (guest/mbinfo.c), not entry.asm's.
GUEST_LDFLAGS_mbinfo := -e mbinfo_start
GUESTS += apic  # apic
GUESTS += x2apic  # apic
GUESTS += mmio  # mmio
GUESTS += cmos  # rtc
GUESTS += acpi  # acpi
GUESTS += singlestep stiblock dr7 rf cr4 nmi  # cpustate
GUESTS += msr  # cpuid
GUESTS += pvnone hcring3  # pv
GUESTS += kvmpv  # kvmpv
GUESTS += pci  # pci
GUESTS += virtiohostile  # virtio

# The library: what every guest needs, with the hypervisor's own printf
# engine and string functions (freestanding, self-contained), and both
# platform backends (guest/lib/platform.h), chosen at boot.
GUEST_COMMON_SRC := \
	guest/lib/trap.c guest/lib/guard.c guest/lib/isr.asm \
	guest/lib/printf.c guest/lib/multiboot.c guest/lib/paging.c \
	guest/lib/platform.c guest/lib/args.c guest/lib/chaos.c \
	hv/lib/format.c hv/lib/mem.c hv/lib/string.c
GUEST_PC_SRC := \
	guest/lib/pc.c guest/lib/uart.c guest/lib/pic.c guest/lib/pit.c
GUEST_PC_SRC += guest/lib/apic.c  # apic
GUEST_PV_SRC := \
	guest/lib/pv.c guest/lib/pv_probe.c
GUEST_LIB_SRC := $(GUEST_COMMON_SRC) $(GUEST_PC_SRC) $(GUEST_PV_SRC)
GUEST_LIB_OBJ := $(patsubst %,$(BUILD)/guest/%.o,$(basename $(GUEST_LIB_SRC)))
GUEST_LIB     := $(BUILD)/guest/libguest.a
GUEST_ENTRY   := $(BUILD)/guest/guest/lib/entry.o

$(BUILD)/guest/%.o: %.c | deps
	@mkdir -p $(@D)
	@echo "  CC      $< (guest)"
	$(Q)$(CC) $(GUEST_CFLAGS) -c $< -o $@

$(BUILD)/guest/%.o: %.asm | deps
	@mkdir -p $(@D)
	@echo "  NASM    $< (guest)"
	$(Q)$(NASM) -f elf64 -g -F dwarf $< -o $@

$(GUEST_LIB): $(GUEST_LIB_OBJ)
	@echo "  AR      $@"
	$(Q)rm -f $@ && $(AR) rcs $@ $^

# The header must be a 32-bit aligned word 0x1badb002 within the first
# 8192 bytes of the file (Multiboot Specification 3.1.1).
GUEST_CHECK_HEADER = head -c 8192 $@ | od -An -tx4 -w4 -v | grep -q '^ *1badb002$$' || \
	{ echo "$@: no multiboot header in the first 8 KiB"; rm -f $@; exit 1; }

define guest_rule
GUEST_OBJ_$(1) := $$(patsubst %.c,$(BUILD)/guest/%.o,$$(wildcard guest/$(1).c guest/$(1)/*.c))

$(BUILD)/guest/$(1).elf64: $(GUEST_ENTRY) $$(GUEST_OBJ_$(1)) $(GUEST_LIB) guest/guest.ld
	@echo "  LD      $$@"
	$(Q)$(LD) $(GUEST_LDFLAGS) $$(GUEST_LDFLAGS_$(1)) -o $$@ $(GUEST_ENTRY) $$(GUEST_OBJ_$(1)) $(GUEST_LIB)

$(BUILD)/guests/$(1).elf: $(BUILD)/guest/$(1).elf64
	@mkdir -p $$(@D)
	@echo "  ELF32   $$@"
	$(Q)$(OBJCOPY) -O elf32-i386 --strip-debug $$< $$@
	$(Q)$$(GUEST_CHECK_HEADER)
endef
$(foreach g,$(GUESTS),$(eval $(call guest_rule,$(g))))

.PHONY: guests
guests: $(GUESTS:%=$(BUILD)/guests/%.elf)

# multiboot: mblow, a kernel in one segment at 0x8000 (guest/mblow/),
# 32-bit assembly on its own linker script, without the guest library.
$(BUILD)/guest/mblow.o: guest/mblow/mblow.asm | deps
	@mkdir -p $(@D)
	@echo "  NASM    $< (guest)"
	$(Q)$(NASM) -f elf32 $< -o $@

$(BUILD)/guests/mblow.elf: $(BUILD)/guest/mblow.o guest/mblow/mblow.ld
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(LD) -m elf_i386 -nostdlib -static -z noexecstack -z max-page-size=4096 \
		-T guest/mblow/mblow.ld -o $@ $<
	$(Q)$(GUEST_CHECK_HEADER)

guests: $(BUILD)/guests/mblow.elf
