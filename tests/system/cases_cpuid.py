# SPDX-License-Identifier: MIT
"""System cases of the CPUID and MSR model (issue 11, item 5)."""
import re

from cases import Case, MSR_DIFFERENT_BY_DESIGN, same_as_native, guest_config, uses_hv


@uses_hv
def msr_same_as_native(build, image, log):
    """same_as_native("msr"), then the hypervisor's own value of each line
    that differs from QEMU by design, so that those are checked too."""
    status, text = same_as_native("msr")(build, image, log)
    hv = open(log + ".hv", errors="replace").read().splitlines()
    mine = ["by design: " + l[len("[msr] "):] for l in hv
            if l.startswith("[msr] msr: ") and
            any(re.match(p, l[len("[msr] "):]) for p in MSR_DIFFERENT_BY_DESIGN)]
    mine += [l for l in hv if l.startswith("msr: guest=")]
    text += "\n" + "\n".join(mine)
    with open(log, "a") as f:
        f.write("\n".join(mine) + "\n")
    return status, text


BY_DESIGN = [
    "cpuid 1 ecx: MONITOR 0",
    "cpuid 1 edx: ACPI 0",
    "cpuid 1 ecx: x2APIC 1 TSC-deadline 1",
    "cpuid 7 ebx: TSC_ADJUST 1",
    "cpuid 0x80000001 ecx: SVM 0",
    "cpuid: max basic leaf >= 0x16: 1",
    "cpuid 0x15: crystal given 1, TSC from it within 2% of the TSC against "
    "the PIT: 1",
    "cpuid 0x16: base MHz within 2% of it: 1, maximum the base: 1, bus 100 "
    "MHz: 1",
    "PAT entry 2 reserved: 0x7040600070402: #GP, value kept",
    "PAT entry 8: 0x7040600070408: #GP, value kept",
    "MTRRdefType type 2: 0xc02: #GP, value kept",
    "MTRRdefType bit 12: 0x1c06: #GP, value kept",
    "MTRRphysBase0 bits 11:8: 0x106: #GP, value kept",
    "MTRRfix64K_00000 type 7: 0x606060606060607: #GP, value kept",
    "BIOS_SIGN_ID: WRMSR 0 ok, RDMSR ok, a revision 1",
    "MCG_CAP: ok, banks 0",
    "FS_BASE non-canonical: 0x800000000000: #GP, value kept",
    "RDMSR 0x12345678: #GP",
    "WRMSR 0x12345678: #GP",
    "TSC written 2^40: ok, reads on from there 1, RDTSC agrees 1",
    "TSC_ADJUST moved forward with it: 1",
    "TSC_ADJUST written back: TSC below 2^40 again 1",
]

CASES = [
    Case("msr-same-as-native",
         "CPUID as a PC without the unmodelled features shows it, one CPU "
         "in leaf 0xB; PAT, MTRRs as the firmware leaves them, machine "
         "check, MISC_ENABLE, EFER, the SYSCALL/SYSENTER and segment-base "
         "MSRs, the TSC: read, written, read back, and the writes a CPU "
         "refuses with #GP; as on QEMU apart from the lines "
         "docs/platform.md lists, whose values under the hypervisor are "
         "checked here",
         native=msr_same_as_native, status=0, timeout=300,
         config=guest_config("name=msr image=guests/msr.elf mem=16M "
                             'cmdline="console=serial"'),
         expect=[r"^native status 0, hypervisor status 0$",
                 r"^compared \d+ lines \(%d differ by design\)$"
                 % len(BY_DESIGN),
                 r"^transcripts match$",
                 r"^vm: guest=msr result=exited status=0$",
                 r"^msr: guest=msr gp_unknown=2 gp_reserved=\d+ "
                 r"last_unknown=0x12345678$"]
         + [r"^by design: msr: %s$" % re.escape(l) for l in BY_DESIGN]),
]
