# SPDX-License-Identifier: MIT
# Guest kernels (included by the top-level Makefile).

# Guests: 32-bit multiboot kernels.
GUEST_CFLAGS = -std=gnu11 -O2 -g $(WARN) -m32 -march=i686 -ffreestanding \
	-fno-builtin -fno-stack-protector -fno-pic -fno-pie -mgeneral-regs-only \
	-fno-asynchronous-unwind-tables -nostdinc \
	-isystem $(GCC_INCLUDE) -Iinclude -MMD -MP

GUESTS := hello

$(BUILD)/guest/%.o: guest/%.c | deps
	@mkdir -p $(@D)
	@echo "  CC      $< (guest)"
	$(Q)$(CC) $(GUEST_CFLAGS) -c $< -o $@

$(BUILD)/guest/%.o: guest/%.asm | deps
	@mkdir -p $(@D)
	@echo "  NASM    $<"
	$(Q)$(NASM) -f elf32 -g $< -o $@

$(BUILD)/guests/%.elf: $(BUILD)/guest/multiboot.o $(BUILD)/guest/%.o guest/guest.ld
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(LD) -m elf_i386 -nostdlib -static -z max-page-size=4096 -z noexecstack \
		-T guest/guest.ld -o $@ $(BUILD)/guest/multiboot.o $(BUILD)/guest/$*.o

.PHONY: guests
guests: $(GUESTS:%=$(BUILD)/guests/%.elf)
