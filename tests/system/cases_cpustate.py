# SPDX-License-Identifier: MIT
"""System cases of the CPU state the SDM's way (issue 11, item 6): each
fidelity guest under the hypervisor in Bochs against its native QEMU run."""
from cases import Case, same_as_native, guest_config


def fidelity(name, guest, what, lines):
    return Case(name, what, native=same_as_native(guest), status=0,
                timeout=300,
                config=guest_config("name=%s image=guests/%s.elf mem=16M "
                                    'cmdline="console=serial"'
                                    % (guest, guest)),
                expect=[r"^native status 0, hypervisor status 0$",
                        r"^compared %d lines \(0 differ by design\)$" % lines,
                        r"^transcripts match$",
                        r"^vm: guest=%s result=exited status=0$" % guest],
                reject=[r"FAIL"])


CASES = [
    fidelity("singlestep-same-as-native", "singlestep",
             "RFLAGS.TF over CPUID, OUT 0x80 and RDMSR (emulated) and NOP, "
             "MOV (not): the same #DB count, RIPs and DR6 as on QEMU", 12),
    fidelity("sti-blocking-same-as-native", "stiblock",
             "STI then CPUID, OUT, IN, RDMSR, NOP with the PIT's request "
             "waiting: the interrupt right after that instruction, as on "
             "QEMU", 6),
    fidelity("dr7-same-as-native", "dr7",
             "a DR7 data breakpoint set, exits (CPUID, OUT, IN), then the "
             "write hits it: DR0, DR7 and DR6 as on QEMU", 8),
]
