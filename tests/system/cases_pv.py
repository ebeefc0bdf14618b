# SPDX-License-Identifier: MIT
"""System cases of who may use the hypercalls (issue 11, item 7): pv=none
is a bare PC, and only ring 0 of a pv=eduhv guest may call."""
from cases import Case, same_as_native, guest_config, OK, uses_hv, backend

# A bare PC's CPU for the reference run: TCG's "max" sets the hypervisor
# bit and, with tcg-cpuid, answers leaf 0x40000000 as "TCGTCGTCGTCG".
BARE_CPU = "max,hypervisor=off,tcg-cpuid=off"
# QEMU's TCG, not the PC, differs there (docs/platform.md, "pv=none").
PVNONE_DIFFER = (r"^pvnone: cpuid 0x40000000-0x40000001:",
                 r"^pvnone: (rd|wr)msr 0x40000000 ")
# On an AMD CPU (SVM) leaves past the highest read zeros (APM vol. 3,
# CPUID), where QEMU's TCG answers as Intel's do, whatever the vendor.
PVNONE_DIFFER_AMD = (r"^pvnone: cpuid 0x40000002-0x400000ff:",)


@uses_hv
def pvnone_same_as_native(build, image, log):
    """same_as_native(), and the pvnone lines that differ by design as the
    hypervisor printed them, so that they are checked too."""
    differ = PVNONE_DIFFER + (PVNONE_DIFFER_AMD if backend() == "svm" else ())
    status, text = same_as_native("pvnone", cpu=BARE_CPU,
                                  differ=differ)(build, image, log)
    with open(log + ".hv") as f:
        hv = [l[len("[pvnone] "):] for l in f.read().splitlines()
              if l.startswith("[pvnone] pvnone: ")]
    extra = ["under the hypervisor: " + l for l in hv]
    with open(log, "a") as f:
        f.write("\n".join(extra) + "\n")
    return status, text + "\n" + "\n".join(extra)


PVNONE_EXPECT = [
    r"^native status 0, hypervisor status 0$",
    r"^compared 8 lines \(3 differ by design\)$",
    r"^transcripts match$",
    r"^under the hypervisor: pvnone: cpuid 1: hypervisor bit clear$",
    r"^under the hypervisor: pvnone: cpuid 0x40000000-0x40000001: 2 like "
    r"the highest basic leaf, 0 zeros, 0 other$",
    r"^under the hypervisor: pvnone: cpuid 0x40000002-0x400000ff: 254 like "
    r"the highest basic leaf, 0 zeros, 0 other$",
    r"^under the hypervisor: pvnone: rdmsr 0x40000000 "
    r"\(EduHV's hypercall MSR\): #GP$",
    r"^under the hypervisor: pvnone: wrmsr 0x40000000 "
    r"\(a page, enabled\): #GP, the page is untouched$",
    r"^under the hypervisor: pvnone: vmcall HC_SHUTDOWN\(42\): "
    r"#UD at the vmcall, rax unchanged$",
    r"^under the hypervisor: pvnone: the buffer is untouched$",
    r"^vm: guest=pvnone result=exited status=0$",
    # the #UDs came from VM exits, not from a CPU without VMX
    r"^exits: guest=pvnone reason=VMCALL kind=hypercall count=3 "]

# SVM: AMD's zeros, one more line by design; VMCALL #UDs by itself on
# AMD, and the #UD intercept sees it (svm_exit.c).
PVNONE_SVM_EXPECT = [
    r"^compared 7 lines \(4 differ by design\)$" if "compared" in p else
    r"^under the hypervisor: pvnone: cpuid 0x40000000-0x40000001: 0 like "
    r"the highest basic leaf, 2 zeros, 0 other$" if "0x40000001:" in p else
    r"^under the hypervisor: pvnone: cpuid 0x40000002-0x400000ff: 0 like "
    r"the highest basic leaf, 254 zeros, 0 other$" if "0x400000ff:" in p else
    r"^exits: guest=pvnone reason=EXCP_UD kind=hypercall count=3 "
    if "VMCALL" in p else p
    for p in PVNONE_EXPECT]

CASES = [
    Case("pvnone-same-as-native",
         "pv=none: no hypervisor bit, leaves 0x40000000-0x400000ff as on "
         "hardware, the hypercall MSR #GPs, VMCALL #UDs; the same lines "
         "as natively on QEMU (hypervisor=off)",
         native=pvnone_same_as_native, status=0, timeout=300,
         config=guest_config("name=pvnone image=guests/pvnone.elf mem=16M "
                             'pv=none cmdline="console=serial"'),
         expect=PVNONE_EXPECT, svm_expect=PVNONE_SVM_EXPECT,
         reject=[r"FAIL"]),
    Case("hypercall-from-ring3",
         "a pv guest in ring 3: every hypercall -HV_EPERM and no effect; "
         "undocumented numbers -HV_ENOSYS; HC_EXIT_STATS outside RAM "
         "-HV_EFAULT; the hypervisor goes on",
         emu="bochs", status=OK, timeout=300,
         config=guest_config("name=hcring3 image=guests/hcring3.elf "
                             'mem=16M cmdline="platform=pv"'),
         expect=[r"^\[hcring3\] hcring3: ring 3: HC_NULL \(the fast path's "
                 r"call\): ok$",
                 r"^\[hcring3\] hcring3: ring 3: HC_SHUTDOWN\(42\): ok$",
                 r"^\[hcring3\] hcring3: ring 0: hypercall 0x100000007: ok$",
                 r"^\[hcring3\] hcring3: ring 0: HC_EXIT_STATS\(across the "
                 r"end of RAM\): ok$",
                 r"^\[hcring3\] hcring3: back in ring 0 from ring 3: ok$",
                 r"^\[hcring3\] hcring3: done, 0 failed$",
                 r"^vm: guest=hcring3 result=exited status=0$",
                 r"^fastpath: guest=hcring3 reason=VMCALL kind=hypercall count=[1-9]"],
         expect_count={r"^\[hcring3\] hcring3: .*: ok$": 37},
         reject=[r"FAIL", r"FROM RING 3", r"PANIC", r"result=stopped"]),
]
