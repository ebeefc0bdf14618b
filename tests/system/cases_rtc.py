# SPDX-License-Identifier: MIT
"""System cases of the CMOS RTC (issue 11, item 4)."""
from cases import Case, same_as_native, guest_config

CASES = [
    Case("cmos-same-as-native",
         "the CMOS RTC at 0x70/0x71: defaults, NMI bit, UIP rising and "
         "falling, register C, BCD/binary/12 h, memory bytes for 16 MiB, "
         "SET, update/alarm/periodic interrupts on IRQ 8, a plausible "
         "date from the host's clock, as on QEMU",
         native=same_as_native("cmos"), status=0, timeout=400,
         config=guest_config("name=cmos image=guests/cmos.elf mem=16M "
                             'cmdline="console=serial"'),
         expect=[r"^native status 0, hypervisor status 0$",
                 r"^compared 21 lines \(0 differ by design\)$",
                 r"^transcripts match$",
                 r"^vm: guest=cmos result=exited status=0$"]),
]
