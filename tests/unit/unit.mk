# SPDX-License-Identifier: MIT
# Host unit tests, one per source file: TEST.c:SOURCE.c[,SOURCE.c...]
UNIT_TESTS := \
	tests/unit/hv/test_config.c:hv/config.c,hv/lib/format.c \
	tests/unit/hv/test_elf.c:hv/elf.c,hv/lib/format.c \
	tests/unit/hv/test_pmm.c:hv/pmm.c \
	tests/unit/hv/lib/test_format.c:hv/lib/format.c \
	tests/unit/hv/test_multiboot.c:hv/multiboot.c,hv/memmap.c,hv/boot_gdt.c,hv/lib/format.c \
	tests/unit/hv/test_cpuid.c:hv/cpuid.c \
	tests/unit/hv/dev/test_uart.c:hv/dev/uart.c \
	tests/unit/hv/dev/test_pic.c:hv/dev/pic.c \
	tests/unit/hv/dev/test_pit.c:hv/dev/pit.c \
	tests/unit/boot/test_mmap.c:boot/mmap.c \
	tests/unit/arch/x86/test_paging.c:arch/x86/paging.c \
	tests/unit/arch/x86/test_guest_walk.c:arch/x86/guest_walk.c \
	tests/unit/arch/x86/vmx/test_vmx_caps.c:arch/x86/vmx/vmx_caps.c,hv/lib/format.c \
	tests/unit/arch/x86/vmx/test_vmx_names.c:arch/x86/vmx/vmx_names.c \
	tests/unit/arch/x86/vmx/test_vmx_controls.c:arch/x86/vmx/vmx_controls.c \
	tests/unit/arch/x86/vmx/test_vmx_check.c:arch/x86/vmx/vmx_check.c,arch/x86/vmx/vmx_guest_state.c,arch/x86/vmx/vmx_names.c,arch/x86/vmx/vmx_controls.c,arch/x86/vmx/vmx_caps.c,hv/lib/format.c \
	tests/unit/arch/x86/vmx/test_vmx_qualification.c:arch/x86/vmx/vmx_qualification.c \
	tests/unit/arch/x86/vmx/test_ept_map.c:arch/x86/vmx/ept_map.c,arch/x86/paging.c \
	tests/unit/drivers/test_acpi_tables.c:drivers/acpi_tables.c \
	tests/unit/hv/test_guest_mem.c:hv/guest_mem.c \
	tests/unit/hv/test_mailbox.c:hv/mailbox.c \
	tests/unit/hv/test_trace.c:hv/trace.c,hv/lib/format.c
UNIT_TESTS += tests/unit/hv/test_memmap.c:hv/memmap.c
UNIT_TESTS += tests/unit/hv/test_bzimage.c:hv/bzimage.c,hv/memmap.c,hv/boot_gdt.c,hv/lib/format.c
UNIT_TESTS += tests/unit/hv/dev/test_reset.c:hv/dev/reset.c
UNIT_TESTS += tests/unit/hv/dev/test_i8042.c:hv/dev/i8042.c
UNIT_TESTS += tests/unit/hv/dev/test_fw_cfg.c:hv/dev/fw_cfg.c
UNIT_TESTS += tests/unit/hv/test_smbios.c:hv/smbios.c
UNIT_TESTS += tests/unit/hv/test_boot_gdt.c:hv/boot_gdt.c  # multiboot
UNIT_TESTS += tests/unit/hv/dev/test_lapic.c:hv/dev/lapic.c,hv/dev/x2apic.c  # apic
UNIT_TESTS += tests/unit/hv/dev/test_ioapic.c:hv/dev/ioapic.c,hv/dev/lapic.c  # apic
UNIT_TESTS += tests/unit/arch/x86/test_decode.c:arch/x86/decode.c,arch/x86/alu.c  # mmio
UNIT_TESTS += tests/unit/arch/x86/test_alu.c:arch/x86/alu.c  # mmio
UNIT_TESTS += tests/unit/arch/x86/test_execute.c:arch/x86/execute.c,arch/x86/decode.c,arch/x86/alu.c  # mmio
UNIT_TESTS += tests/unit/hv/test_mmio.c:hv/mmio.c  # mmio
UNIT_TESTS += tests/unit/hv/dev/test_rtc.c:hv/dev/rtc.c  # rtc
ACPI_SRC := hv/acpi/aml.c,hv/acpi/table.c,hv/acpi/rsdp.c,hv/acpi/xsdt.c,hv/acpi/fadt.c,hv/acpi/facs.c,hv/acpi/madt.c,hv/acpi/dsdt.c  # acpi
UNIT_TESTS += tests/unit/hv/acpi/test_aml.c:hv/acpi/aml.c  # acpi
UNIT_TESTS += tests/unit/hv/acpi/test_guest_tables.c:$(ACPI_SRC)  # acpi
UNIT_TESTS += tests/unit/hv/acpi/test_acpi_iasl.c:$(ACPI_SRC)  # acpi
UNIT_TESTS += tests/unit/hv/dev/test_acpi_pm.c:hv/dev/acpi_pm.c  # acpi
UNIT_TESTS += tests/unit/hv/test_cr.c:hv/cr.c  # cpustate
UNIT_TESTS += tests/unit/hv/test_msr.c:hv/msr.c  # cpuid
UNIT_TESTS += tests/unit/hv/test_pv.c:hv/pv.h  # pv
UNIT_TESTS += tests/unit/hv/test_pvclock.c:hv/pvclock.c  # kvmpv
UNIT_TESTS += tests/unit/hv/test_kvm_pv.c:hv/kvm_pv.c,hv/pvclock.c,hv/dev/lapic.c,hv/dev/ioapic.c  # kvmpv
UNIT_TESTS += tests/unit/arch/x86/svm/test_svm_check.c:arch/x86/svm/svm_check.c,hv/lib/format.c  # svm
UNIT_TESTS += tests/unit/arch/x86/svm/test_svm_names.c:arch/x86/svm/svm_names.c  # svm
UNIT_TESTS += tests/unit/arch/x86/svm/test_svm_pm.c:arch/x86/svm/svm_pm.c  # svm
UNIT_TESTS += tests/unit/arch/x86/svm/test_npt_map.c:arch/x86/svm/npt_map.c,arch/x86/paging.c  # svm
UNIT_TESTS += tests/unit/arch/x86/svm/test_svm_exit.c:arch/x86/svm/svm_exit.c,arch/x86/svm/svm_names.c  # svm
UNIT_TESTS += tests/unit/hv/dev/test_virtqueue.c:hv/dev/virtqueue.c  # virtio
UNIT_TESTS += tests/unit/hv/dev/test_virtio_mmio.c:hv/dev/virtio_mmio.c,hv/dev/virtio_console.c,hv/dev/virtqueue.c  # virtio
UNIT_TESTS += tests/unit/arch/x86/test_insn.c:arch/x86/insn.c  # svm
UNIT_TESTS += tests/unit/hv/test_stats.c:hv/stats.c,hv/dev/lapic.c
UNIT_TESTS += tests/unit/hv/dev/test_pci.c:hv/dev/pci.c  # pci
