# SPDX-License-Identifier: MIT
"""System cases of the 16550's interrupts (issue 11 item 4)."""
from cases import Case, same_as_native, guest_config

CASES = [
    Case("uartirq-same-as-native",
         "the 16550's interrupts on IRQ 4 (THR empty, received data, line "
         "status, their priority, the FIFO) as QEMU raises them",
         native=same_as_native("uartirq"), status=0, timeout=300,
         config=guest_config("name=uartirq image=guests/uartirq.elf "
                             'mem=16M cmdline="console=serial"'),
         expect=[r"^native status 0, hypervisor status 0$",
                 r"^compared 9 lines \(0 differ by design\)$",
                 r"^transcripts match$",
                 r"^vm: guest=uartirq result=exited status=0$"]),
]

# Two guests that read typed lines (polled) and say them back; the input
# goes to the first one, Ctrl-A three times passes it to the second, and
# when that one ends it comes back.
CASES.append(
    Case("console-switch", emu="bochs", doc=
         "typed input reaches the guest holding the console; Ctrl-A x3 "
         "passes it to the next, a lone Ctrl-A reaches the guest; when a "
         "guest ends, the input moves on",
         config=guest_config(
             'name=left image=guests/echo.elf mem=16M cmdline="console=serial"',
             'name=right image=guests/echo.elf mem=16M '
             'cmdline="console=serial"'),
         status=0, timeout=300,
         run_args=["--type", r'^\[right\] echo: ready for line 1$',
                   r"one\x01z\r",
                   "--type", r'^\[left\] echo: got "one', r"\x01\x01\x01",
                   "--type", r"^console: input goes to guest right", r"two\r",
                   "--type", r'^\[right\] echo: got "two"$', r"\r",
                   "--type", r"^console: input goes to guest left", r"\r"],
         expect=[r"^console: input goes to guest left \(Ctrl-A three times "
                 r"passes it on\)$",
                 r'^\[left\] echo: got "one\\x01z"$',
                 r"^console: input goes to guest right ",
                 r'^\[right\] echo: got "two"$',
                 r"^\[right\] echo: 1 lines, done$",
                 r"^\[left\] echo: 1 lines, done$",
                 r"^outcome: left +exited +0 ", r"^outcome: right +exited +0 "],
         reject=[r'^\[left\] echo: got "two"', r'^\[right\] echo: got "one']))
