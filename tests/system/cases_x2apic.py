# SPDX-License-Identifier: MIT
"""System case of the local APIC's x2APIC mode (SDM Vol. 3A, 10.12).

The x2apic guest runs one sequence in xAPIC mode (MMIO), then in x2APIC
mode (MSRs 0x800-0x8ff), then checks the mode's rules. QEMU 7.2's TCG has
no x2APIC ("TCG doesn't support requested feature: CPUID.01H:ECX.x2apic"):
natively the guest runs the xAPIC half only and says so. So the case
checks three things: the xAPIC half equals the native run's; the x2APIC
half equals the xAPIC half line for line; the rule lines are what the SDM
says (RULES). -icount as in cases_apic.py: the timer is timed by the PIT.
"""
import re

from cases import Case, same_as_native, guest_config, uses_hv

ICOUNT = ("-icount", "shift=0,sleep=off")
TAG = re.compile(r"^\[x2apic\] x2apic: \[(xAPIC|x2APIC)\] (.*)$")

# What the SDM gives, line by line (10.12.5.1 Figure 10-27, 10.12.1.2-3
# and Table 10-6, 10.12.2, 10.12.10.2); the MADT's APIC ID is 0.
RULES = [
    "x2APIC ID 0x0 (CPUID's initial APIC ID 0), LDR 0x1",
    "IA32_APIC_BASE x2APIC -> xAPIC: #GP, then EN 1 EXTD 1",
    "IA32_APIC_BASE EN=0 EXTD=1: #GP, then EN 1 EXTD 1",
    "RDMSR 0x80e (DFR: none in x2APIC mode): #GP",
    "RDMSR 0x831 (ICR high: the ICR is 64-bit): #GP",
    "RDMSR 0x80b (EOI: write-only): #GP",
    "RDMSR 0x83f (SELF IPI: write-only): #GP",
    "WRMSR 0x802 0x0 (ID: read-only): #GP",
    "WRMSR 0x80d 0x1 (LDR: read-only): #GP",
    "WRMSR 0x839 0x0 (current count: read-only): #GP",
    "WRMSR 0x808 0x100 (TPR: reserved bit 8): #GP",
    "WRMSR 0x808 0x100000000 (TPR: bits 63:32 reserved): #GP",
    "WRMSR 0x80b 0x1 (EOI: not 0): #GP",
    "WRMSR 0x828 0x1 (ESR: not 0): #GP",
    "WRMSR 0x83f 0x140 (SELF IPI: reserved bit 8): #GP",
    "MMIO page: version reads 0xffffffff, a TPR write leaves TPR 0x0",
    "IA32_APIC_BASE x2APIC -> disabled: ok, then EN 0 EXTD 0",
    "IA32_APIC_BASE disabled -> x2APIC: #GP, then EN 0 EXTD 0",
    "IA32_APIC_BASE disabled -> xAPIC: ok, then EN 1 EXTD 0",
    "xAPIC again: MMIO version 0x50014, SVR 0xff",
    "RDMSR 0x808 (TPR in xAPIC mode): #GP",
]

_native = same_as_native("x2apic", extra=ICOUNT,
                         differ=(r"^x2apic: cpuid:", r"^x2apic: \[x2APIC\]",
                                 r"^x2apic: rule:"))


@uses_hv
def x2apic_both_modes(build, image, log):
    """same_as_native() for the xAPIC half, then the halves against each
    other and the rules against RULES."""
    status, text = _native(build, image, log)
    hv = open(log + ".hv", errors="replace").read().splitlines()
    native = open(log + ".native", errors="replace").read().splitlines()
    halves = {"xAPIC": [], "x2APIC": []}
    for l in hv:
        m = TAG.match(l)
        if m:
            halves[m.group(1)].append(m.group(2))
    out = ["native: %s" % ("says it has no x2APIC"
                           if any(l.startswith("x2apic: cpuid: x2APIC 0: ")
                                  for l in native) else "NO x2APIC LINE")]
    out.append("halves: %d xAPIC lines, %d x2APIC lines, %s"
               % (len(halves["xAPIC"]), len(halves["x2APIC"]),
                  "the same" if halves["xAPIC"] == halves["x2APIC"]
                  and halves["xAPIC"] else "DIFFERENT"))
    for a, b in zip(halves["xAPIC"], halves["x2APIC"]):
        if a != b:
            out.append("DIFFERENT: xAPIC %r, x2APIC %r" % (a, b))
    rules = [l[len("[x2apic] x2apic: rule: "):] for l in hv
             if l.startswith("[x2apic] x2apic: rule: ")]
    out.append("rules: %d of %d as the SDM says" %
               (sum(a == b for a, b in zip(rules, RULES)), len(RULES)))
    for got, want in zip(rules + [""] * len(RULES), RULES):
        if got != want:
            out.append("RULE NOT MET: got %r, want %r" % (got, want))
    # same_as_native() forwarded the mmio: line already.
    out += [l for l in hv if l.startswith("msr: guest=")]
    with open(log, "a") as f:
        f.write("\n".join(out) + "\n")
    return status, text + "\n" + "\n".join(out)


CASES = [
    Case("x2apic-modes",
         "x2APIC mode (SDM 10.12): the same timer, IPI, TPR and EOI "
         "sequence by MMIO and by MSRs, the xAPIC half as on QEMU; the "
         "IA32_APIC_BASE transitions, the MSRs that #GP, the MMIO page "
         "gone in x2APIC mode",
         native=x2apic_both_modes, status=0, timeout=300,
         config=guest_config("name=x2apic image=guests/x2apic.elf mem=16M "
                             'cmdline="console=serial"'),
         expect=[r"^native status 0, hypervisor status 0$",
                 r"^compared 1\d lines \(\d+ differ by design\)$",
                 r"^transcripts match$",
                 r"^native: says it has no x2APIC$",
                 r"^halves: 1\d xAPIC lines, 1\d x2APIC lines, the same$",
                 r"^rules: 21 of 21 as the SDM says$",
                 r"^vm: guest=x2apic result=exited status=0$"],
         reject=[r"FAIL", r"DIFFERENT", r"NOT MET"]),
]
