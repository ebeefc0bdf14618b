# SPDX-License-Identifier: MIT
"""System cases of the local APIC and the IOAPIC (issue 11, item 2).

The apic guest times the APIC's timer against the PIT. Natively, QEMU's
TCG clock follows the host's wall clock, so on a busy host the guest's
polling sees the PIT late and the ratios drift by 10-25%; -icount makes
QEMU's clock count instructions instead (the same device models, a
clock that does not depend on the host's load). Bochs (sync=none) is
deterministic already.
"""
from cases import Case, same_as_native, guest_config

ICOUNT = ("-icount", "shift=0,sleep=off")

CASES = [
    Case("apic-same-as-native",
         "the local APIC and the IOAPIC as on QEMU: the firmware's state, "
         "self-IPIs and shorthands, an illegal vector (ESR, LVT error), "
         "TPR and CR8, priority and EOI order with nested vectors, the "
         "timer's modes and divider against the "
         "PIT, HLT woken by the timer, the PIT through IOAPIC pin 2 (edge "
         "and level, remote IRR), the UART through pin 4, the global "
         "disable",
         native=same_as_native("apic", extra=ICOUNT,
                               differ=(r"^apic: tsc-deadline: ",
                                       r"^apic: ESR: self-IPI ")),
         status=0, timeout=300,
         config=guest_config("name=apic image=guests/apic.elf mem=16M "
                             'cmdline="console=serial"'),
         expect=[r"^native status 0, hypervisor status 0$",
                 r"^compared 36 lines \(6 differ by design\)$",
                 r"^transcripts match$",
                 # QEMU's TCG has no TSC-deadline timer: the hypervisor's
                 # lines, as the SDM has it (10.5.4.1), whatever the
                 # guest wrote to its TSC.
                 r"^hypervisor only: apic: tsc-deadline: advertised 1$",
                 r"^hypervisor only: apic: tsc-deadline: 35 ms: interrupts "
                 r"by 30 ms of the PIT 0, by 40 ms 1; MSR then 0x0, "
                 r"current count 0$",
                 r"^hypervisor only: apic: tsc-deadline: TSC written 2\^40 "
                 r"on, 35 ms: by 30 ms 0, by 40 ms 1$",
                 r"^hypervisor only: apic: tsc-deadline: armed for 35 ms, "
                 r"TSC written 20 ms on: by 30 ms 1, by 40 ms 1$",
                 # QEMU's TCG sends an illegal vector as any other and
                 # has no error for it; the SDM (10.5.3) logs "send
                 # illegal vector" (ESR bit 5), readable after the next
                 # write, and interrupts through LVT error, once.
                 r"^hypervisor only: apic: ESR: self-IPI with vector 3: "
                 r"delivered 0, error interrupts 1, ESR before a write "
                 r"0x0, after 0x20, after another 0x0$",
                 r"^vm: guest=apic result=exited status=0$",
                 # ipis(): of its ICR writes, "all excluding self" (no
                 # other CPU) and the fixed IPI to ID 15 (no such APIC)
                 # reach no one: 2 dropped. Every IOAPIC entry it
                 # unmasks is fixed, to APIC 0: none dropped.
                 r"^apic: guest=apic ipis_dropped=2 ioapic_dropped=0$"],
         reject=[r"FAIL"]),
]
