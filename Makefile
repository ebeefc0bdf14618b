# SPDX-License-Identifier: MIT
#
# make           build everything (the ESP image in build/esp.img)
# make run       boot the default configuration (guest/configs/default.cfg)
# make debug     boot it under a debugger, stop at VM exits (tools/debug)
# make test      unit tests, then system tests that boot the real thing
# make unit      host unit tests only (cmocka)
# make doctor    what this machine can run, and how
# make deps      install what is missing (apt-get, as root)
# make clean
#
# Variables: EMU=auto|bochs|qemu|qemu-kvm   CONFIG=path/to/file.cfg

.DEFAULT_GOAL := all

BUILD      ?= build
EMU        ?= auto
CONFIG     ?= guest/configs/default.cfg
TIMEOUT    ?= 600
V          ?= 0

ifeq ($(V),0)
Q := @
endif

CC         := gcc
LD         := ld
NASM       := nasm
OBJCOPY    := objcopy
PYTHON     := python3

# ---------------------------------------------------------------- deps
# Debian package : a file that shows it is installed.
DEPS := \
	gcc:/usr/bin/gcc \
	binutils:/usr/bin/ld \
	make:/usr/bin/make \
	nasm:/usr/bin/nasm \
	gnu-efi:/usr/lib/crt0-efi-x86_64.o \
	qemu-system-x86:/usr/bin/qemu-system-x86_64 \
	ovmf:/usr/share/ovmf/OVMF.fd \
	bochs:/usr/bin/bochs \
	bochsbios:/usr/share/bochs/BIOS-bochs-latest \
	vgabios:/usr/share/vgabios/vgabios.bin \
	mtools:/usr/bin/mcopy \
	dosfstools:/usr/sbin/mkfs.fat \
	libcmocka-dev:/usr/include/cmocka.h \
	gdb:/usr/bin/gdb \
	python3:/usr/bin/python3 \
	gnuplot-nox:/usr/bin/gnuplot \
	console-setup-linux:/usr/share/consolefonts/Lat15-Terminus16.psf.gz \
	clang-14:/usr/bin/clang-14 \
	libclang-rt-14-dev:/usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a \
	acpica-tools:/usr/bin/iasl

MISSING = $(strip $(foreach d,$(DEPS),$(if $(wildcard $(word 2,$(subst :, ,$(d)))),,$(word 1,$(subst :, ,$(d))))))

.PHONY: deps
deps:
	@missing="$(MISSING)"; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
		echo "deps: installing $$missing"; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null || \
			{ echo "deps: apt-get install failed"; exit 1; }; \
	else \
		echo "deps: missing Debian packages. Run:"; \
		echo "  sudo apt-get install -y $$missing"; \
		exit 1; \
	fi

# ---------------------------------------------------------------- flags
WARN := -Wall -Wextra -Werror -Wno-unused-parameter
# Expanded when used, so that a fresh machine gets gcc from 'deps' first.
GCC_INCLUDE = $(shell $(CC) -print-file-name=include)

# The hypervisor: freestanding, upper-half, no red zone (interrupts use the
# stack below RSP), no SSE (no FPU state to save on exits), frame pointers
# for backtraces.
HV_CFLAGS = -std=gnu11 -O2 -g $(WARN) -ffreestanding -fno-builtin \
	-fno-stack-protector -fno-pic -fno-pie -mno-red-zone -mcmodel=kernel \
	-mgeneral-regs-only -fno-omit-frame-pointer \
	-fno-asynchronous-unwind-tables -fno-tree-loop-distribute-patterns \
	-nostdinc -isystem $(GCC_INCLUDE) \
	-I. -Iinclude -MMD -MP
HV_LDFLAGS := -nostdlib -static -z max-page-size=4096 -z noexecstack -T linker.ld

# The loader: a gnu-efi PE32+ application.
EFI_INC    := /usr/include/efi
EFI_LIB    := /usr/lib
EFI_CFLAGS := -std=gnu11 -O2 -g $(WARN) -ffreestanding -fno-builtin \
	-fno-stack-protector -fpic -fshort-wchar -mno-red-zone \
	-mgeneral-regs-only -maccumulate-outgoing-args \
	-fno-tree-loop-distribute-patterns -DGNU_EFI_USE_MS_ABI \
	-I$(EFI_INC) -I$(EFI_INC)/x86_64 -I. -Iinclude -MMD -MP
EFI_LDFLAGS := -nostdlib -znocombreloc -shared -Bsymbolic \
	-T $(EFI_LIB)/elf_x86_64_efi.lds -L$(EFI_LIB) $(EFI_LIB)/crt0-efi-x86_64.o

# Host unit tests.
UNIT_CFLAGS := -std=gnu11 -O1 -g $(WARN) -fsanitize=address,undefined \
	-fno-omit-frame-pointer -I. -Iinclude -DHV_HOST_TEST -MMD -MP
UNIT_LIBS := -lcmocka

# ---------------------------------------------------------------- sources
HV_C := \
	hv/main.c hv/printk.c hv/panic.c hv/backtrace.c hv/pmm.c hv/mm.c \
	hv/selftest.c hv/vm.c hv/exit.c hv/io.c hv/cpuid.c hv/msr.c \
	hv/stats.c hv/trace.c hv/multiboot.c hv/memmap.c hv/irq.c hv/dev/uart.c hv/dev/pic.c hv/dev/pit.c \
	hv/hypercalls.c hv/guest_mem.c hv/mailbox.c hv/sched.c \
	hv/kvm_pv.c hv/pvclock.c \
	hv/elf.c hv/lib/format.c hv/lib/string.c hv/lib/mem.c \
	arch/x86/setup.c arch/x86/gdt.c arch/x86/traps.c arch/x86/mmu.c \
	arch/x86/paging.c arch/x86/guest_walk.c arch/x86/virt.c \
	arch/x86/vmx/vmx_backend.c arch/x86/vmx/vmx_caps.c arch/x86/vmx/vmx_init.c \
	arch/x86/vmx/vmx_controls.c arch/x86/vmx/vmx_names.c \
	arch/x86/vmx/vmx_check.c arch/x86/vmx/vmx_guest_state.c \
	arch/x86/vmx/vmcs.c arch/x86/vmx/vmx_vmcs.c arch/x86/vmx/vmx_run.c \
	arch/x86/vmx/vmx_debug.c \
	arch/x86/vmx/vmx_exit.c arch/x86/vmx/vmx_qualification.c \
	arch/x86/vmx/vmx_cr.c arch/x86/vmx/ept.c arch/x86/vmx/ept_map.c \
	arch/x86/vmx/vmx_diagnose.c arch/x86/vmx/vmx_switch.c \
	drivers/uart16550.c drivers/fbcon.c drivers/acpi.c \
	drivers/acpi_tables.c drivers/power.c drivers/tsc.c drivers/irqchip.c
HV_C += hv/bzimage.c  # linux
HV_C += hv/dev/reset.c hv/dev/i8042.c hv/dev/fw_cfg.c hv/smbios.c  # legacy
HV_C += hv/dev/pci.c  # pci
HV_C += hv/cr.c  # cpustate
HV_C += hv/mmio.c
HV_C += hv/console.c  # uart
HV_C += hv/boot_gdt.c  # multiboot
HV_C += hv/apic.c hv/dev/lapic.c hv/dev/x2apic.c hv/dev/ioapic.c  # apic
HV_C += hv/mmio_emulate.c arch/x86/decode.c arch/x86/alu.c arch/x86/execute.c arch/x86/emulate.c arch/x86/vmx/vmx_regs.c  # mmio
HV_C += arch/x86/insn.c  # svm: instruction lengths without NRIP save
HV_C += hv/dev/rtc.c drivers/rtc.c  # rtc
HV_C += hv/dev/virtqueue.c hv/dev/virtio_mmio.c hv/dev/virtio_console.c hv/virtio.c  # virtio
HV_C += hv/acpi/aml.c hv/acpi/table.c hv/acpi/rsdp.c hv/acpi/xsdt.c hv/acpi/fadt.c hv/acpi/facs.c hv/acpi/madt.c hv/acpi/dsdt.c hv/dev/acpi_pm.c  # acpi
HV_C += arch/x86/svm/svm_init.c arch/x86/svm/npt.c arch/x86/svm/npt_map.c \
	arch/x86/svm/svm_pm.c arch/x86/svm/svm_vmcb.c arch/x86/svm/svm_run.c \
	arch/x86/svm/svm_exit.c arch/x86/svm/svm_nmi.c arch/x86/svm/svm_insn.c arch/x86/svm/svm_regs.c \
	arch/x86/svm/svm_switch.c arch/x86/svm/svm_timer.c \
	arch/x86/svm/svm_check.c arch/x86/svm/svm_diagnose.c \
	arch/x86/svm/svm_names.c arch/x86/svm/svm_ops.c  # svm
HV_ASM := arch/x86/entry.asm arch/x86/isr.asm drivers/font.asm \
	arch/x86/vmx/vmx_entry.asm
HV_ASM += arch/x86/svm/svm_entry.asm arch/x86/svm/svm_irq.asm  # svm

BOOT_C := \
	boot/main.c boot/console.c boot/files.c boot/handoff.c boot/mmap.c \
	hv/config.c hv/elf.c hv/lib/format.c hv/lib/string.c arch/x86/paging.c
BOOT_C += hv/bzimage.c hv/memmap.c  # linux
BOOT_C += hv/multiboot.c hv/boot_gdt.c  # multiboot

HV_OBJ   := $(HV_C:%.c=$(BUILD)/hv/%.o) $(HV_ASM:%.asm=$(BUILD)/hv/%.o)
BOOT_OBJ := $(BOOT_C:%.c=$(BUILD)/boot/%.o)
FONT     := $(BUILD)/font.psf

ESP      := $(BUILD)/esp
ESP_IMG  := $(BUILD)/esp.img

.PHONY: all
all: $(BUILD)/hv.elf $(BUILD)/BOOTX64.EFI guests $(ESP_IMG)

# ---------------------------------------------------------------- hypervisor
$(BUILD)/hv/%.o: %.c | deps
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(HV_CFLAGS) -c $< -o $@

$(BUILD)/hv/drivers/font.o: drivers/font.asm $(FONT)
	@mkdir -p $(@D)
	@echo "  NASM    $<"
	$(Q)$(NASM) -f elf64 -g -DFONT_FILE='"$(FONT)"' $< -o $@

$(BUILD)/hv/%.o: %.asm | deps
	@mkdir -p $(@D)
	@echo "  NASM    $<"
	$(Q)$(NASM) -f elf64 -g -F dwarf $< -o $@

$(FONT): | deps
	@mkdir -p $(@D)
	$(Q)zcat /usr/share/consolefonts/Lat15-Terminus16.psf.gz > $@

$(BUILD)/hv.elf: $(HV_OBJ) linker.ld
	@echo "  LD      $@"
	$(Q)$(LD) $(HV_LDFLAGS) -o $@ $(HV_OBJ)

# Test builds: the hypervisor with tests/system/hv/selftest_NAME.c in place
# of hv/selftest.c, to make it fail on purpose (see hv/selftest.h).
$(BUILD)/tests/hv_%.elf: $(filter-out $(BUILD)/hv/hv/selftest.o,$(HV_OBJ)) \
		$(BUILD)/hv/tests/system/hv/selftest_%.o linker.ld
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(LD) $(HV_LDFLAGS) -o $@ $(filter %.o,$^)

# Lab builds (docs/labs/): lab 1 is the hypervisor with the student's
# docs/labs/lab1/break.c in place of hv/selftest.c. LAB1_DIR and LAB_OUT
# let the tests build a reference solution beside it.
LAB1_DIR ?= docs/labs/lab1
LAB_OUT  ?= $(BUILD)/labs/lab1

$(LAB_OUT)/break.o: $(LAB1_DIR)/break.c | deps
	@mkdir -p $(@D)
	@echo "  CC      $< (lab 1)"
	$(Q)$(CC) $(HV_CFLAGS) -c $< -o $@

$(LAB_OUT)/hv.elf: $(filter-out $(BUILD)/hv/hv/selftest.o,$(HV_OBJ)) \
		$(LAB_OUT)/break.o linker.ld
	@echo "  LD      $@"
	$(Q)$(LD) $(HV_LDFLAGS) -o $@ $(filter %.o,$^)

# Lab 1's second boot: the field break.c broke, set to the student's
# answer (tools/labs/lab1_repair.c); tools/lab runs make lab1-repair.
LAB1_FIELD ?= GUEST_RFLAGS
LAB1_VALUE ?= 0x2
.PHONY: lab1-repair
lab1-repair: $(LAB_OUT)/repair/hv.elf
$(LAB_OUT)/repair/repair.o: tools/labs/lab1_repair.c FORCE | deps
	@mkdir -p $(@D)
	$(Q)$(CC) $(HV_CFLAGS) -DLAB1_FIELD=$(LAB1_FIELD) \
		-DLAB1_FIELD_NAME='"$(LAB1_FIELD)"' \
		-DLAB1_VALUE='((uint64_t)$(LAB1_VALUE))' -c $< -o $@
$(LAB_OUT)/repair/hv.elf: $(filter-out $(BUILD)/hv/hv/selftest.o,$(HV_OBJ)) \
		$(LAB_OUT)/repair/repair.o linker.ld
	$(Q)$(LD) $(HV_LDFLAGS) -o $@ $(filter %.o,$^)

# make lab1, lab2, lab3, lab4: check the student's result (tools/lab).
# make lab4-start breaks the local APIC timer's one-shot mode in
# hv/dev/lapic.c (docs/labs/lab4/start.patch): lab 4 is finding it.
.PHONY: lab1 lab2 lab3 lab4 lab4-start
lab4-start:
	$(Q)patch -p1 -N -i docs/labs/lab4/start.patch
lab4: all
	$(Q)$(PYTHON) tools/lab 4 --build $(BUILD)
lab1: all $(LAB_OUT)/hv.elf
	$(Q)$(PYTHON) tools/lab 1 --build $(BUILD) --dir $(LAB1_DIR) \
		--hv $(LAB_OUT)/hv.elf
lab2: all
	$(Q)$(PYTHON) tools/lab 2 --build $(BUILD)
lab3: all
	$(Q)$(PYTHON) tools/lab 3 --build $(BUILD) --dir $(LAB3_DIR)
LAB3_DIR ?= docs/labs/lab3

# ---------------------------------------------------------------- loader
$(BUILD)/boot/%.o: %.c | deps
	@mkdir -p $(@D)
	@echo "  CC      $< (efi)"
	$(Q)$(CC) $(EFI_CFLAGS) -c $< -o $@

$(BUILD)/bootx64.so: $(BOOT_OBJ)
	@echo "  LD      $@"
	$(Q)$(LD) $(EFI_LDFLAGS) $^ -o $@ -lefi -lgnuefi

# A test-only UEFI application (tests/system/efi/).
$(BUILD)/tests/%.so: $(BUILD)/boot/tests/system/efi/%.o
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(LD) $(EFI_LDFLAGS) $^ -o $@ -lefi -lgnuefi

EFI_APP = $(OBJCOPY) -j .text -j .sdata -j .data -j .dynamic -j .dynsym \
	-j .rel -j .rela -j .rel.* -j .rela.* -j .reloc \
	--target efi-app-x86_64 --subsystem=10 $< $@

$(BUILD)/BOOTX64.EFI: $(BUILD)/bootx64.so
	@echo "  EFI     $@"
	$(Q)$(EFI_APP)

$(BUILD)/tests/%.efi: $(BUILD)/tests/%.so
	@echo "  EFI     $@"
	$(Q)$(EFI_APP)

TEST_EFI := $(BUILD)/tests/lock_vmx.efi $(BUILD)/tests/hv_page_fault.elf \
	$(BUILD)/tests/hv_bad_guest_state.elf $(BUILD)/tests/hv_unexpected_exit.elf \
	$(BUILD)/tests/hv_bad_vmcb.elf

# ---------------------------------------------------------------- guests
# guest/guest.mk builds every guest image as $(BUILD)/guests/NAME.elf and
# defines the phony target 'guests'.
include guest/guest.mk

# ---------------------------------------------------------------- ESP
# The ESP as a directory (QEMU reads it as a FAT drive) and as a FAT32
# image (Bochs). Layout: \EFI\BOOT\BOOTX64.EFI, \hv\hv.elf, \hv\hv.cfg,
# \hv\guests\*.elf.
.PHONY: esp
esp: $(ESP_IMG)

$(ESP_IMG): $(BUILD)/hv.elf $(BUILD)/BOOTX64.EFI guests $(CONFIG) tools/mkesp FORCE
	$(Q)tools/mkesp --config $(CONFIG) --build $(BUILD) --out $(ESP) --image $@

.PHONY: FORCE
FORCE:

# ---------------------------------------------------------------- run
# make run: tools/run's last line is "run: exit status N (meaning)", and N
# goes to $(RUN_STATUS) too. GNU make cannot exit with N: any failed recipe
# makes it exit 2 (after "make: *** [...] Error N"). RUN_ARGS: more
# tools/run options (tools/run --help), e.g. RUN_ARGS="--memory 1024".
RUN_ARGS   ?=
RUN_STATUS ?= $(BUILD)/run-status
.PHONY: run
run: all
	$(Q)$(PYTHON) tools/run --emu $(EMU) --image $(ESP_IMG) \
		--timeout $(TIMEOUT) --log $(BUILD)/serial.log \
		--status-file $(RUN_STATUS) $(RUN_ARGS)

# make debug: EMU=auto is QEMU+KVM+GDB with nested VT-x, else Bochs's
# debugger; EMU=qemu is GDB on QEMU without VMX (the boot path only).
.PHONY: debug
debug: all
	$(Q)$(PYTHON) tools/debug --emu $(EMU) --image $(ESP_IMG) \
		--build $(BUILD) --log $(BUILD)/debug/serial.log

.PHONY: doctor
doctor:
	$(Q)tools/doctor

# ---------------------------------------------------------------- tests
# UNIT_TESTS: test source : the sources it tests, comma-separated.
include tests/unit/unit.mk

unit_bin = $(BUILD)/unit/$(basename $(notdir $(word 1,$(subst :, ,$(1)))))
UNIT_BINS := $(foreach t,$(UNIT_TESTS),$(call unit_bin,$(t)))

define unit_rule
$(call unit_bin,$(1)): $(word 1,$(subst :, ,$(1))) $(subst $(comma), ,$(word 2,$(subst :, ,$(1)))) | deps
	@mkdir -p $$(@D)
	@echo "  CC      $$@ (host)"
	$(Q)$(CC) $(UNIT_CFLAGS) -o $$@ $$(filter %.c,$$^) $(UNIT_LIBS)
endef
comma := ,
$(foreach t,$(UNIT_TESTS),$(eval $(call unit_rule,$(t))))

# Unit tests need the real hypervisor image for the ELF tests.
.PHONY: unit
unit: $(UNIT_BINS) $(BUILD)/hv.elf
	$(Q)$(PYTHON) tests/unit/run $(UNIT_BINS)

.PHONY: tooltests
tooltests:
	$(Q)$(PYTHON) -m unittest discover -s tests/tools -q

# The seam between hv/ and arch/ is one-way (hv/arch.h).
.PHONY: seamcheck
seamcheck: all
	$(Q)$(PYTHON) tools/seamcheck $(BUILD)

.PHONY: labtests
labtests: all
	$(Q)$(PYTHON) tests/labs/run --build $(BUILD)

.PHONY: system
system: all $(TEST_EFI)
	$(Q)$(PYTHON) tests/system/run --build $(BUILD)

# make tryits: every "Try it" of docs/guide and docs/labs, run as written
# in a copy of the tree (tools/tryits), then the docs' figures checked
# against the make compare that ran there. make doccheck: the names the
# docs use exist, and their figures agree with build/compare*/ (if made).
.PHONY: tryits doccheck
tryits: all $(TEST_EFI)
	$(Q)$(PYTHON) tools/tryits --build $(BUILD)
doccheck:
	$(Q)$(PYTHON) tools/doccheck --build $(BUILD)

.PHONY: test
test: unit tooltests seamcheck system labtests tryits fuzz-smoke

# ---------------------------------------------------------------- misc
# ---------------------------------------------------------------- linux
# make linux: Debian 12's cloud kernel and busybox-static (apt-get download,
# cached in build/debs/) as build/linux/bzImage, initrd.cpio.gz,
# test-initrd.cpio.gz and compare-initrd.cpio.gz (tools/linux/mklinux).
# make test, make compare and the system cases build it if the packages
# can be had; without network and cache they skip the Linux cases with
# one line (mklinux's exit status 2).
.PHONY: linux linux-if-available
linux:
	$(Q)$(PYTHON) tools/linux/mklinux

linux-if-available:
	$(Q)$(PYTHON) tools/linux/mklinux || [ $$? -eq 2 ]

system: linux-if-available

.PHONY: clean
clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# ---------------------------------------------------------------- compare
# make compare   boot every workload fully virtualized and paravirtualized
#                in Bochs, one guest after the other, and compare them:
#                tables, $(BUILD)/compare/report.md, charts, results.json
#                (tools/compare, docs/compare.md), in Bochs on VT-x; then
#                the same on SVM in QEMU's TCG (-icount) into
#                $(BUILD)/compare-svm/, with a VT-x against SVM table;
#                then Debian's kernel (make linux) under pv=none against
#                pv=kvm in Bochs into $(BUILD)/compare-linux/ (its own
#                invariants always checked), skipped with one line where
#                make linux could not get the packages.
#                COMPARE_ARGS=--check also asserts the project's figures.
COMPARE_ARGS ?=
LINUX_COMPARE_INITRD := $(BUILD)/linux/compare-initrd.cpio.gz

.PHONY: compare
compare: $(BUILD)/hv.elf $(BUILD)/BOOTX64.EFI guests linux-if-available | deps
	$(Q)$(PYTHON) tools/compare --build $(BUILD) $(COMPARE_ARGS)
	$(Q)$(PYTHON) tools/compare --build $(BUILD) --backend svm \
		--out $(BUILD)/compare-svm \
		--against $(BUILD)/compare/results.json $(COMPARE_ARGS)
	$(Q)if [ -f $(LINUX_COMPARE_INITRD) ]; then \
		$(PYTHON) tools/compare --build $(BUILD) --linux $(COMPARE_ARGS); \
	else \
		echo "compare: no $(LINUX_COMPARE_INITRD) (make linux): Linux rows skipped"; \
	fi

# ---------------------------------------------------------------- fuzz
# make fuzz        build the libFuzzer harnesses (tests/fuzz/) into
#                  $(BUILD)/fuzz/bin/ and run each for FUZZ_SECONDS on a
#                  copy of its seed corpus; inputs that crash are kept in
#                  $(BUILD)/fuzz/<harness>/; fails if any harness crashed
# make fuzz-smoke  the same, 10 seconds each (for CI)
FUZZ_CC      ?= clang-14
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS  := -std=gnu11 -g -O1 $(WARN) -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer -I. -Iinclude -DHV_HOST_TEST
# HARNESS.c:SOURCE.c[,SOURCE.c...], as in tests/unit/unit.mk.
FUZZ_TARGETS := \
	tests/fuzz/fuzz_config.c:hv/config.c,hv/lib/format.c \
	tests/fuzz/fuzz_loader.c:hv/elf.c,hv/multiboot.c,hv/memmap.c,hv/boot_gdt.c,hv/lib/format.c \
	tests/fuzz/fuzz_guest_mem.c:hv/guest_mem.c
FUZZ_TARGETS += tests/fuzz/fuzz_bzimage.c:hv/bzimage.c,hv/memmap.c,hv/boot_gdt.c,hv/lib/format.c  # linux
FUZZ_TARGETS += tests/fuzz/fuzz_decode.c:arch/x86/decode.c,arch/x86/alu.c,arch/x86/execute.c  # mmio
FUZZ_TARGETS += tests/fuzz/fuzz_virtio.c:hv/dev/virtio_mmio.c,hv/dev/virtio_console.c,hv/dev/virtqueue.c  # virtio
FUZZ_TARGETS += tests/fuzz/fuzz_insn.c:arch/x86/insn.c  # svm
fuzz_bin = $(BUILD)/fuzz/bin/$(basename $(notdir $(word 1,$(subst :, ,$(1)))))
FUZZ_BINS := $(foreach t,$(FUZZ_TARGETS),$(call fuzz_bin,$(t)))
FUZZ_HDRS := $(wildcard include/*.h hv/*.h hv/lib/*.h)

define fuzz_rule
$(call fuzz_bin,$(1)): $(word 1,$(subst :, ,$(1))) $(subst $(comma), ,$(word 2,$(subst :, ,$(1)))) $(FUZZ_HDRS) | deps
	@mkdir -p $$(@D)
	@echo "  CC      $$@ (libFuzzer)"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -o $$@ $$(filter %.c,$$^)
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call fuzz_rule,$(t))))

.PHONY: fuzz fuzz-smoke
fuzz-smoke: FUZZ_SECONDS = 10
fuzz fuzz-smoke: $(FUZZ_BINS)
	$(Q)$(PYTHON) tests/fuzz/run --build $(BUILD) --seconds $(FUZZ_SECONDS) $(FUZZ_BINS)

# ---------------------------------------------------------------- acpi
# build/tools/acpitables: the guests' ACPI tables built on the host as the
# hypervisor builds them (tools/acpi/acpitables.c), for native boots that
# load them (tests/system/cases_acpi.py).
ACPITABLES := $(BUILD)/tools/acpitables
$(ACPITABLES): tools/acpi/acpitables.c $(subst $(comma), ,$(ACPI_SRC)) \
		$(wildcard hv/acpi/*.h) | deps
	@mkdir -p $(@D)
	@echo "  CC      $@ (host)"
	$(Q)$(CC) -std=gnu11 -O2 $(WARN) -I. -Iinclude -DHV_HOST_TEST -o $@ $(filter %.c,$^)
all: $(ACPITABLES)
