# SPDX-License-Identifier: MIT
"""System cases for pv=kvm (issue 14, item 1): KVM's paravirtual interface
(hv/kvm_pv.c). A Multiboot guest (guest/kvmpv.c) meets it as Linux does,
twice side by side so each steals time from the other; Debian's kernel
finds it and takes kvm-clock, and prints the same /init lines as under
pv=none.
"""
import os

from cases import Case, GUEST_FAILED, OK, guest_config, uses_hv

KVMPV = 'image=guests/kvmpv.elf mem=16M pv=kvm cmdline="console=serial"'
REFUSED = [("0x4b564d01", "misaligned"), ("0x4b564d01", "across a page"),
           ("0x4b564d01", "outside RAM"), ("0x4b564d01", "on the APIC"),
           ("0x4b564d00", "misaligned"), ("0x4b564d00", "across a page"),
           ("0x4b564d00", "over RAM's end"),
           ("0x4b564d03", "reserved bits"), ("0x4b564d03", "outside RAM"),
           ("0x4b564d04", "misaligned"), ("0x4b564d04", "outside RAM"),
           ("0x4b564d02", r"\(not offered\)"),
           ("0x4b564d05", r"\(not offered\)")]


def kvmpv_lines(g):
    p = r"^\[%s\] kvmpv: " % g
    return [p + r"cpuid 1: hypervisor bit set$",
            p + r'cpuid 0x40000000: max 0x40000001, signature "KVMKVMKVM" '
                r"\(KVM's\)$",
            p + r"cpuid 0x40000001: features 0x100006a, hints 0x0$",
            p + r"features: nop_io_delay 1 clocksource2 1 steal_time 1 "
                r"pv_eoi 1 stable_bit 1$",
            p + r"wrmsr SYSTEM_TIME_NEW: no fault, version even, "
                r"flags 0x1$",
            p + r"kvm-clock: TSC \d+ kHz \(mul 0x[0-9a-f]+ shift -?\d+\)$",
            p + r"kvm-clock read twice: monotonic, at the pace of the TSC, "
                r"retries 0$",
            p + r"wrmsr WALL_CLOCK_NEW: no fault, version even, year "
                r"plausible$",
            p + r"wrmsr STEAL_TIME: no fault, version even$",
            p + r"wrmsr PV_EOI_EN: no fault$",
            p + r"pv eoi: 3 self-IPIs, 3 by the flag, 0 written, in service "
                r"after 0$"] + \
        [p + r"wrmsr %s %s: #GP$" % r for r in REFUSED] + \
        [p + r"rdmsr 0x40000000 \(EduHV's hypercall MSR\): #GP$",
         p + r"the refused addresses are untouched$"] + \
        [p + r"vmm?call %d: no fault, rax -1000$" % n
         for n in (1, 5, 9, 10, 11, 0, 7)] + \
        [p + r"steal time: version even, some stolen$",
         p + r"done, 0 failed$",
         r"^vm: guest=%s result=exited status=0$" % g,
         r"^kvm-pv: guest=%s system_time=0x[0-9a-f]+1 wall_clock=0x[0-9a-f]+ "
         r"steal_time=0x[0-9a-f]+1 pv_eoi=0x[0-9a-f]+1 steal_ns=[1-9]\d* "
         r"pv_eois=3$" % g]


CASES = [
    Case("kvmpv", emu="bochs", doc=
         "pv=kvm, two guests side by side (and a pv=eduhv one that finds "
         "none of KVM's MSRs): KVM's signature and exactly the "
         "features implemented, no EduHV leaf or MSR; kvm-clock filled at "
         "the WRMSR and read twice (monotonic, at the TSC's pace), the wall "
         "clock a plausible date, steal time counted while the other ran, "
         "PV EOI on self-IPIs; bad addresses and unoffered MSRs #GP and "
         "nothing is written; KVM hypercalls (EduHV's numbers too) -1000",
         config=guest_config("name=kvmpv " + KVMPV, "name=kvmpv2 " + KVMPV,
                             "name=eduhv " + KVMPV.replace("pv=kvm",
                                                           "pv=eduhv")),
         status=OK, timeout=400,
         expect=kvmpv_lines("kvmpv") + kvmpv_lines("kvmpv2") + [
             # the same guest under pv=eduhv: EduHV's signature, and
             # none of KVM's MSRs
             r"^\[eduhv\] kvmpv: cpuid 1: hypervisor bit set$",
             r'^\[eduhv\] kvmpv: cpuid 0x40000000: max 0x40000001, '
             r'signature "EduHV x86-64"$',
             r"^\[eduhv\] kvmpv: not KVM: 8 of 8 accesses to KVM's MSRs "
             r"#GP, the area is untouched$",
             r"^vm: guest=eduhv result=exited status=0$"],
         reject=[r"FAIL", r"PANIC", r"result=stopped",
                 r"^kvm-pv: guest=eduhv"]),

    Case("contain-kvm-msrs", emu="bochs", doc=
         "a pv=kvm guest writes KVM's MSRs with hostile values (random, "
         "misaligned, across pages, past its RAM, on the APIC) and makes "
         "random VMCALLs for 3 s: the bad ones #GP, the good ones write "
         "only its scratch area (the fences around it stay intact), it is "
         "stopped at its limit, and a kvmpv guest beside it passes",
         config=guest_config('name=kvmhostile image=guests/hostile.elf '
                             'mem=16M pv=kvm cmdline="kvm-msrs report=2000" '
                             'limit=3s', "name=kvmpv " + KVMPV),
         status=GUEST_FAILED, timeout=400,
         expect=kvmpv_lines("kvmpv") + [
             r"^\[kvmhostile\] hostile: kvm-msrs: KVM's MSRs with hostile "
             r"values and random VMCALLs forever \(seed 1\)$",
             r"^\[kvmhostile\] hostile: kvm-msrs: 10000 writes \([1-9]\d* "
             r"accepted, [1-9]\d* #GP\), fences intact$",
             r'^vm: guest=kvmhostile result=stopped reason="time limit '
             r'of 3000 ms reached"$'],
         reject=[r"FAIL", r"PANIC", r"WRITTEN", r"still running",
                 r"result=stopped reason=\"(?!time limit)"]),
]


# ------------------------------------------------------------ Linux

try:
    from cases_linux import (LINUX, HV_APPEND, TEST_STATUS,
                             expected_test_lines)
    HAVE_LINUX = os.path.exists(os.path.join(LINUX, "bzImage"))
except ImportError:
    HAVE_LINUX = False

# What Linux 6.1 prints when it takes KVM's clock (arch/x86/kernel/
# kvmclock.c, kernel/time/clocksource.c).
KVM_CLOCK_LINES = (r"Hypervisor detected: KVM",
                   r"kvm-clock: Using msrs 4b564d01 and 4b564d00",
                   r"Switched to clocksource kvm-clock")


def linux_guest(name, pv, append=""):
    # 192M each: both fit the 512 MiB machine run_hv() boots.
    return ("name=%s image=linux/bzImage initrd=linux/test-initrd.cpio.gz "
            "mem=192M limit=400s pv=%s cmdline=\"%s%s\"" % (
                name, pv, HV_APPEND, append))


@uses_hv
def pv_same_as_full(build, image, log):
    """One boot of the hypervisor, the two guests one after the other
    (schedule sequential): /init's lines and status under pv=none and
    pv=kvm are the computed ones, the same in both; the PV kernel reports
    kvm-clock in use, the full one never heard of KVM."""
    from cases import run_hv
    status, text = run_hv(image, log + ".hv", timeout=1500)
    lines = text.splitlines()
    want = expected_test_lines(HV_APPEND)
    out = ["hypervisor status %d" % status]
    got = {}
    for g in ("full", "pv"):
        got[g] = [l[len(g) + 3:] for l in lines
                  if l.startswith("[%s] linux-test:" % g)]
        ended = [l for l in lines if l.startswith("vm: guest=%s result=" % g)]
        out.append("%s: init transcript %s, %s" % (
            g, "as computed" if got[g] == want else "differs: %r" % got[g],
            ended[0][len("vm: guest=%s " % g):] if ended else "no result"))
        found = [p for p in KVM_CLOCK_LINES
                 if any(l.startswith("[%s] " % g) and p in l for l in lines)]
        out.append("%s: kvm-clock lines: %s" % (g, "; ".join(found) or
                                                 "none"))
    if got["full"] and got["full"] == got["pv"]:
        out.append("full and pv: the same %d /init lines" % len(got["pv"]))
    out += [l for l in lines if l.startswith(("vm: ", "outcome: ", "run: ",
                                              "kvm-pv: ")) or
            "clocksource: Switched" in l]
    with open(log, "w") as f:
        f.write("\n".join(out) + "\n")
    return status, "\n".join(out)


def init_time(lines, g):
    """The guest clock (printk's timestamp) at Linux's "Run /init"."""
    import re
    for l in lines:
        m = re.match(r"^\[%s\] \[ *([\d.]+)\] Run /init as init process$"
                     % g, l)
        if m:
            return float(m.group(1))
    return None


def exit_count(lines, g, reason):
    for l in lines:
        if l.startswith("exits: guest=%s reason=%s " % (g, reason)):
            return int(l.split(" count=")[1].split()[0])
    return 0


@uses_hv
def apic_count_mode(build, image, log):
    """Two pv=none guests one after the other, the first with
    lapic=notscdeadline: its clock events go through the APIC timer's
    count registers (TMICT by MMIO), the second's through
    IA32_TSC_DEADLINE. Both reach /init within a factor of 1.5 of guest
    time: the count mode runs at the rate Linux reads from CPUID 0x15."""
    from cases import run_hv
    status, text = run_hv(image, log + ".hv", timeout=1500)
    lines = text.splitlines()
    out = ["hypervisor status %d" % status]
    t = {}
    for g in ("count", "deadline"):
        t[g] = init_time(lines, g)
        out.append("%s: /init at %s s, MSR_WRITE %d, EPT_VIOLATION %d" % (
            g, t[g], exit_count(lines, g, "MSR_WRITE"),
            exit_count(lines, g, "EPT_VIOLATION")))
    if t["count"] and t["deadline"]:
        ratio = t["count"] / t["deadline"]
        out.append("count and deadline: guest time to /init %s (%.2f)" % (
            "comparable" if ratio < 1.5 else "differs", ratio))
    out += [l for l in lines if l.startswith(("vm: ", "outcome: ", "run: ")) or
            "lapic timer already calibrated" in l or "TSC_DEADLINE" in l]
    with open(log, "w") as f:
        f.write("\n".join(out) + "\n")
    return status, "\n".join(out)


def compare_linux(build, image, log):
    """tools/compare --linux, once, into LOG.run/: its lines."""
    import subprocess
    import sys
    root = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    p = subprocess.run([sys.executable, os.path.join(root, "tools", "compare"),
                        "--build", build, "--out", log + ".run", "--linux"],
                       cwd=root, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=900)
    text = p.stdout.decode("utf-8", "replace")
    out = [l for l in text.splitlines()
           if l.startswith(("check:", "compare:"))]
    with open(log, "w") as f:
        f.write("\n".join(out) + "\n")
    return p.returncode, "\n".join(out)


def steal_grows(text):
    """The second /proc/stat line's steal is above the first's."""
    import re
    steal = [int(m.group(1)) for m in re.finditer(
        r"^\[linux\] cpu  (?:\d+ ){7}(\d+) ", text, re.M)]
    if len(steal) == 2 and steal[1] > steal[0]:
        return []
    return ["steal did not grow: %r" % steal]


if HAVE_LINUX:
    CASES.append(Case(
        "linux-pv-same-as-full", emu="bochs", doc=
        "the same kernel and test initramfs under pv=none and pv=kvm, one "
        "after the other: the same computed /init lines and status 0x31 in "
        "both; with pv=kvm Linux detects KVM and switches to kvm-clock, "
        "with pv=none it sees no hypervisor interface",
        config="schedule sequential\n" +
               guest_config(linux_guest("full", "none"),
                            linux_guest("pv", "kvm")),
        native=pv_same_as_full, status=GUEST_FAILED, timeout=1600,
        expect=[r"^full: init transcript as computed, result=exited "
                r"status=%d$" % TEST_STATUS,
                r"^pv: init transcript as computed, result=exited "
                r"status=%d$" % TEST_STATUS,
                r"^full: kvm-clock lines: none$",
                r"^pv: kvm-clock lines: " + "; ".join(KVM_CLOCK_LINES) + "$",
                r"^full and pv: the same 8 /init lines$",
                r"^kvm-pv: guest=pv system_time=0x[0-9a-f]+1 ",
                r"^outcome: full +exited +%d " % TEST_STATUS,
                r"^outcome: pv +exited +%d " % TEST_STATUS]))
    # The local APIC timer's count mode against TSC-deadline, both
    # pv=none: CPUID 0x15's crystal is the timer's clock, so Linux's
    # lapic_timer_period is right and its tick comes at HZ (with the
    # TSC's rate there, the count mode's boot took 9 times as long).
    CASES.append(Case(
        "linux-apic-count-mode", emu="bochs", doc=
        "Debian's kernel twice under pv=none, one after the other: with "
        "lapic=notscdeadline (the APIC timer's count registers by MMIO) "
        "and with the TSC-deadline timer; the count mode reaches /init "
        "within 1.5 times the other's guest time, and Linux reads the "
        "timer's 1 GHz from CPUID 0x15 (lapic_timer_period 4000000 at "
        "HZ=250)",
        config="schedule sequential\n" +
               guest_config(linux_guest("count", "none",
                                        " lapic=notscdeadline apic=verbose"),
                            linux_guest("deadline", "none")),
        native=apic_count_mode, status=GUEST_FAILED, timeout=1600,
        svm="checks CPUID 0x15's crystal as the APIC timer's clock, which "
            "Linux 6.1 reads on Intel only: on SVM (AMD) it calibrates the "
            "timer itself, no 'lapic timer already calibrated 4000000' "
            "(measured: both modes reach /init, count at 2.65 s, deadline "
            "at 3.29 s of guest time, ratio 0.80), and its exit counts "
            "are VT-x's MSR_WRITE/EPT_VIOLATION names",
        expect=[r"^count: /init at [\d.]+ s, MSR_WRITE \d{1,2}, "
                r"EPT_VIOLATION \d+$",
                r"^deadline: /init at [\d.]+ s, MSR_WRITE \d{3,}, ",
                r"^count and deadline: guest time to /init comparable ",
                r"^\[count\] \[ *[\d.]+\] lapic timer already calibrated "
                r"4000000$",
                r"^outcome: count +exited +%d " % TEST_STATUS,
                r"^outcome: deadline +exited +%d " % TEST_STATUS],
        reject=[r"TSC_DEADLINE disabled due to Errata"]))
    # guest/configs/linux-pv.cfg's shell beside a guest that spins: the
    # 8th number of /proc/stat's cpu line (steal, in USER_HZ ticks) is
    # what hv/sched.c counted while the spinner had the CPU, and grows.
    CASES.append(Case(
        "linux-pv-steal", emu="bochs", doc=
        "guest/configs/linux-pv.cfg (pv=kvm, its shell on hvc0) beside a "
        "guest that spins: Linux's "
        "steal time in /proc/stat is the time the hypervisor's scheduler "
        "gave the spinner while Linux could have run, and it grows; "
        "`reboot -f` unregisters the PV MSRs (written 0)",
        config=open(os.path.join(os.path.dirname(os.path.dirname(
            os.path.dirname(os.path.abspath(__file__)))), "guest",
            "configs", "linux-pv.cfg")).read() +
        guest_config('name=spin image=guests/hostile.elf mem=16M '
                     'cmdline="spin" limit=60s'),
        status=GUEST_FAILED, timeout=900,
        run_args=["--type", r"^\[linux\] ~ # $",
                  r"tty; head -1 /proc/stat; sleep 2; head -1 /proc/stat\r",
                  "--type", r"^\[linux\] cpu .*\n.*\n?\[linux\] cpu ",
                  r"reboot -f\r"],
        expect=[r"^\[linux\] \[ *[\d.]+\] Hypervisor detected: KVM$",
                r"^\[linux\] /dev/hvc0$",  # the shell on virtio-console
                r"^vm: guest=linux virtio-console mmio=0xfeb00000\+0x200 "
                r"gsi=5$",
                r"^\[linux\] cpu  \d+ \d+ \d+ \d+ \d+ \d+ \d+ [1-9]\d* ",
                r'^vm: guest=linux result=reset by="port 0xcf9"$',
                r"^kvm-pv: guest=linux system_time=0x0 wall_clock=0x[0-9a-f]+ "
                r"steal_time=0x0 pv_eoi=0x0 steal_ns=[1-9]\d+ ",
                r'^vm: guest=spin result=stopped reason="time limit'],
        expect_count={r"^\[linux\] cpu  \d+ \d+ \d+ \d+ \d+ \d+ \d+ "
                      r"[1-9]\d* ": 2},
        check=steal_grows))
    # make compare's Linux rows (tools/compare --linux), once: its
    # invariants hold. Linux's counts do not repeat exactly from run to
    # run (a few exits in 60,000: RDRAND seeds KASLR and the kernel's
    # hashes, the RTC's date differs), so there is no --repeat-check.
    CASES.append(Case(
        "compare-linux",
        "make compare's Linux rows (pv=none, ttyS0 against pv=kvm, hvc0): "
        "the PV boot to /init and the 64 KiB hvc0 write take fewer exits "
        "than the full ones, and the report and charts are written",
        native=compare_linux, status=0, timeout=900,
        svm="Bochs only: the Linux rows are VT-x's",
        expect=[r"^compare: booting 2 guests in Bochs",
                r"^check: boot to /init exits full [\d,]+, PV [\d,]+ "
                r"\(PV fewer\)$",
                r"^check: 64 KiB console write exits full [\d,]+, PV "
                r"[\d,]+ \(PV fewer\)$",
                r"^check: all figures hold$",
                r"^compare: wrote .*report\.md, results\.json, exits\.svg, "
                r"cycles\.svg"],
        reject=[r"check: linux-"]))
