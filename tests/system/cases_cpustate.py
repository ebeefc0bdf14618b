# SPDX-License-Identifier: MIT
"""System cases of the CPU state the SDM's way (issue 11, item 6): each
fidelity guest under the hypervisor in Bochs against its native QEMU run."""
import re

from cases import Case, same_as_native, guest_config, run_hv, run_native, uses_hv


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


def same_as_native_but(guest, qemu_wrong):
    """same_as_native(), but the lines matching @qemu_wrong (where QEMU's
    TCG is not the hardware, docs/platform.md) are not compared: they are
    listed as "hypervisor only:" for the case to check against the SDM."""
    @uses_hv
    def run(build, image, log):
        status, hv_text = run_hv(image, log + ".hv")
        n_status, n_text = run_native(build, guest, log + ".native")
        prefix = "[%s] " % guest
        under_hv = [l[len(prefix):] for l in hv_text.splitlines()
                    if l.startswith(prefix)]
        natively = [l for l in n_text.splitlines()
                    if l.startswith(guest + ":")]

        def wrong(l):
            return any(re.match(p, l) for p in qemu_wrong)
        keep_hv = [l for l in under_hv if not wrong(l)]
        keep_native = [l for l in natively if not wrong(l)]
        out = ["native status %d, hypervisor status %d" % (n_status, status),
               "compared %d lines (%d not modelled by QEMU TCG)"
               % (len(keep_hv), len(under_hv) - len(keep_hv))]
        out += ["transcripts match" if keep_hv == keep_native else
                "transcripts differ"]
        if keep_hv != keep_native:
            import difflib
            out += list(difflib.unified_diff(keep_native, keep_hv,
                                             "native QEMU",
                                             "under the hypervisor",
                                             lineterm=""))
        out += ["hypervisor only: " + l for l in under_hv if wrong(l)]
        out += [l for l in hv_text.splitlines()
                if l.startswith(("vm: ", "exits: ", "hv: power off", "run: "))]
        with open(log, "w") as f:
            f.write("\n".join(out) + "\n")
        return (status if n_status == 0 else 100 + n_status), "\n".join(out)
    return run


# What QEMU 7.2's TCG gets wrong here (docs/platform.md): reserved CR4
# bits hang it, illegal CR0 values and clearing CR4.PAE in long mode pass
# without #GP, and a fault's pushed RFLAGS.RF stays 0.
CR4_QEMU_WRONG = [
    r"^cr4: (CR4 bit 32|CR4 reserved bit 15|CR4\.VMXE|"
    r"CR4\.PAE cleared in long mode|CR0\.PG without PE|"
    r"CR0\.NW without CD|CR0 bit 32|CR0\.PG cleared in 64-bit code): ",
    r"^cr4: .*: pushed RF \d$",
    # TCG's -cpu max has no PCID; under the hypervisor the host CPU's
    # (Bochs' has it, QEMU's TCG not): the PCIDE rules where it is.
    r"^cr4: PCID in CPUID: ", r"^cr4: CR4\.PCIDE",
]

CR4_GP = ["CR4 bit 32", "CR4 reserved bit 15", "CR4.VMXE",
          "CR4.PAE cleared in long mode", "CR4.LA57 toggled in long mode",
          "CR0.PG without PE", "CR0.NW without CD", "CR0 bit 32",
          "CR0.PG cleared in 64-bit code",
          "XCR0 without x87", "XCR0 AVX without SSE"]
# Bochs' CPU has PCID: the PCIDE rules (SDM Vol. 2B, MOV to CR4).
CR4_PCIDE = [r"^hypervisor only: cr4: PCID in CPUID: 1$",
             r"^hypervisor only: cr4: CR4\.PCIDE with CR3\[11:0\] not 0: "
             r"#GP error 0x0$",
             r"^hypervisor only: cr4: CR4\.PCIDE with CR3\[11:0\] not 0: "
             r"pushed RF 1$",
             r"^hypervisor only: cr4: CR4\.PCIDE with CR3\[11:0\] 0: "
             r"no fault$",
             r"^hypervisor only: cr4: CR4\.PCIDE then: 1$"]

CASES = [
    fidelity("singlestep-same-as-native", "singlestep",
             "RFLAGS.TF over CPUID, OUT 0x80, RDMSR, MOV SS; CPUID "
             "(emulated) and NOP, MOV (not); an MMIO write and read "
             "(emulated); REP OUTSB, one trap per iteration: the same #DB "
             "count, RIPs, DR6 and RCX as on QEMU",
             23),
    fidelity("sti-blocking-same-as-native", "stiblock",
             "STI then CPUID, OUT, IN, RDMSR, NOP with the PIT's request "
             "waiting: the interrupt right after that instruction, as on "
             "QEMU", 6),
    fidelity("nmi-same-as-native", "nmi",
             "NMIs with IF clear: a self-NMI by the ICR, a second one sent in the handler right after its "
             "IRET, the PIT as an NMI through IOAPIC pin 2, through LINT0 "
             "in NMI mode, during a REP OUTSB, and waking a HLT with IF "
             "clear: as on QEMU", 7),
    Case("host-nmi-no-panic",
         "host NMIs (QMP inject-nmi) while the nmi guest boots and runs: "
         "counted and returned from (an NMI #VMEXIT, then the host's "
         "vector 2 on its IST stack after STGI); the guest's own NMIs are "
         "untouched. SVM only: Bochs has no way to raise one",
         emu="qemu", svm="only", timeout=300,
         run_args=["--nmi", r"^vm: guest=nmi ram=",
                   "--nmi", r"^\[nmi\] nmi: spinning$"],
         config=guest_config("name=nmi image=guests/nmi.elf mem=16M "
                             'cmdline="console=serial spin=200"'),
         expect=[r"^\[tools/run\] run: host NMI injected$",
                 r"^\[nmi\] nmi: nested: 2 taken, order EsLEL, the second "
                 r"at the first's return address: 1$",
                 r"^\[nmi\] nmi: done$",
                 r"^\[nmi\] nmi: spun$",
                 r"^nmi: guest=nmi raised=\d+ injected=\d+ host=2$",
                 r"^vm: guest=nmi result=exited status=0$"],
         expect_count={r"^\[tools/run\] run: host NMI injected$": 2},
         reject=[r"PANIC", r"exception 2", r"no host NMI"]),
    Case("dr7-same-as-native",
         "a DR7 data breakpoint set, exits (CPUID, OUT, IN), then the "
         "write hits it: DR0, DR7 and DR6 as on QEMU; IA32_DEBUGCTL.BTF "
         "kept across the same exits",
         native=same_as_native("dr7", differ=(r"^dr7: DEBUGCTL BTF ",)),
         status=0, timeout=300,
         config=guest_config("name=dr7 image=guests/dr7.elf mem=16M "
                             'cmdline="console=serial"'),
         expect=[r"^native status 0, hypervisor status 0$",
                 r"^compared 9 lines \(1 differ by design\)$",
                 r"^transcripts match$",
                 # QEMU's TCG ignores writes of IA32_DEBUGCTL (reads 0);
                 # the SDM's MSR (17.4.1) keeps BTF, and so must the
                 # VMCS's debug controls and the VMCB across exits.
                 r"^hypervisor only: dr7: DEBUGCTL BTF after exits 0x2$",
                 r"^vm: guest=dr7 result=exited status=0$"],
         reject=[r"FAIL"]),
    fidelity("rf-same-as-native", "rf",
             "execute breakpoints on an exiting instruction (CPUID, OUT, "
             "an MMIO write) and the next one, resumed with RF set: the "
             "completed instruction clears RF, both hit, as on QEMU", 10),
    Case("cr4-same-as-native",
         "CR0/CR4/XCR0 writes the CPU refuses (reserved CR4 bit, VMXE, "
         "PCIDE with CR3[11:0] set, PG without PE, PG cleared in 64-bit "
         "code, ...) raise #GP(0) with RF pushed, the legal ones "
         "pass; as on QEMU where QEMU models it, as the SDM says elsewhere",
         native=same_as_native_but("cr4", CR4_QEMU_WRONG), status=0,
         timeout=300,
         config=guest_config("name=cr4 image=guests/cr4.elf mem=16M "
                             'cmdline="console=serial"'),
         expect=[r"^native status 0, hypervisor status 0$",
                 r"^compared 12 lines \(24 not modelled by QEMU TCG\)$",
                 r"^transcripts match$",
                 r"^vm: guest=cr4 result=exited status=0$"] +
         [r"^hypervisor only: cr4: %s: #GP error 0x0$" % re.escape(w)
          for w in CR4_GP[:4] + CR4_GP[5:9]] +
         [r"^hypervisor only: cr4: %s: pushed RF 1$" % re.escape(w)
          for w in CR4_GP] + CR4_PCIDE,
         reject=[r"FAIL", r"pushed RF 0", r"^transcripts differ$"],
         # SVM under QEMU: XSETBV cannot be intercepted there, so QEMU
         # itself raises its #GP, without RF (docs/platform.md).
         svm_expect=[r"^native status 0, hypervisor status 0$",
                     r"^compared 12 lines \(20 not modelled by QEMU TCG\)$",
                     r"^transcripts match$",
                     r"^vm: guest=cr4 result=exited status=0$"] +
         [r"^hypervisor only: cr4: %s: #GP error 0x0$" % re.escape(w)
          for w in CR4_GP[:4] + CR4_GP[5:9]] +
         [r"^hypervisor only: cr4: %s: pushed RF 1$" % re.escape(w)
          for w in CR4_GP[:9]] +
         [r"^hypervisor only: cr4: %s: pushed RF 0$" % re.escape(w)
          for w in CR4_GP[9:]],
         svm_reject=[r"FAIL", r"^transcripts differ$"] +
         [r"^hypervisor only: cr4: %s: pushed RF 0$" % re.escape(w)
          for w in CR4_GP[:9]]),
]
