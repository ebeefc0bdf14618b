# SPDX-License-Identifier: MIT
# GDB setup for the hypervisor (make debug; docs/guide/08-debugging.md).
# gdb -x tools/gdb/hv.gdb build/hv.elf, then: target remote :1234
set pagination off
set confirm off
set print pretty on
set disassembly-flavor intel
# Read .rodata (the exit names' tables) from hv.elf: stopped in a guest's
# code, QEMU reads memory through the guest's page tables, not ours.
set trust-readonly-sections on
source tools/gdb/hv.py

# hv-help (tools/gdb/hvhelp.py) lists the hv-* commands.
