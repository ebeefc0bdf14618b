# SPDX-License-Identifier: MIT
"""System cases for Linux guests (issue 12): Debian's cloud kernel and the
test initramfs from `make linux` (tools/linux/mklinux).

The test initramfs's /init prints fixed "linux-test:" lines and ends the
VM through port 0xF4 with status 0x31. Without build/linux (the packages
could not be had: no network and no cache in build/debs) the cases are
left out with one line.
"""
import hashlib
import os
import re
import subprocess
import sys

from cases import (Case, ROOT, LOADER_ERROR, LOADER_FAILS, NO_HYPERVISOR,
                   uses_hv)

LINUX = os.path.join(ROOT, "build", "linux")
TEST_STATUS = 0x31
TEST_APPEND = "console=ttyS0 cryptomgr.notests quiet"
# Under the hypervisor: early console on (polled; the tty layer's output
# needs the UART's interrupt). The TSC's rate comes from CPUID leaves
# 0x15/0x16 (hv/cpuid.c), not from the command line.
HV_APPEND = "console=ttyS0 earlyprintk=serial,ttyS0 cryptomgr.notests"


# What Linux says when it dislikes the guest's ACPI tables.
ACPI_TROUBLE = (r"ACPI (BIOS )?(Error|Warning|Exception)|"
                r"Firmware Bug.*ACPI")
# An MSR the CPU (by its CPUID vendor) has, which the kernel reads
# unguarded, faulted: on AMD, SYSCFG with the fixed MTRRs.
MSR_TROUBLE = r"unchecked MSR access error"
# CPUID 0xD's sizes disagree with the components' offsets (Bochs sums them).
XSAVE_TROUBLE = r"XSAVE consistency problem"
# The 8042 not found or not answering as a PC's does (i8042.c, atkbd.c).
KBC_TROUBLE = (r"probe of i8042 failed|i8042: Can't|No PS/2 controller|"
               r"i8042: .*timeout|atkbd serio0: (Failed|Unknown)")
# No SMBIOS tables found, or tables it refused (dmi_scan_machine()).
DMI_TROUBLE = r"DMI not present|SMBIOS .* (corrupted|invalid)"
# No PCI configuration mechanism, or a root bridge Linux refused.
PCI_TROUBLE = (r"PCI: Fatal|No config space access|PCI: .*failed|"
               r"pci_bus 0000:00: .*conflict")


def kernel_release():
    with open(os.path.join(LINUX, "kernel-release")) as f:
        return f.read().strip()


def run_native_linux(build, log, append=TEST_APPEND):
    """build/linux's kernel and test initramfs, natively in QEMU."""
    linux = os.path.join(build, "linux")
    cmd = ["qemu-system-x86_64", "-machine", "pc", "-m", "256",
           "-kernel", os.path.join(linux, "bzImage"),
           "-initrd", os.path.join(linux, "test-initrd.cpio.gz"),
           "-append", append, "-display", "none", "-net", "none",
           "-serial", "file:" + log, "-no-reboot",
           "-device", "isa-debug-exit,iobase=0xf4,iosize=0x4"]
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, timeout=120,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        status = p.returncode >> 1 if p.returncode & 1 else -p.returncode
    except subprocess.TimeoutExpired:
        status = 124
    text = open(log, errors="replace").read().replace("\r", "")
    return status, text


def expected_test_lines(append):
    """What the test /init must print: computed here, not recorded."""
    data = "".join("%d\n" % i for i in range(1, 5001)).encode()
    return [
        "linux-test: start",
        "linux-test: uname -r: " + kernel_release(),
        "linux-test: cmdline: " + append,
        "linux-test: sha256 of seq 1 5000: " + hashlib.sha256(data).hexdigest(),
        "linux-test: lines: 5000",
        "linux-test: slept 1 s",
        "linux-test: sum of squares 1..100 = %d" % sum(i * i for i in range(1, 101)),
        "linux-test: done",
    ]


def native_transcript(build, image, log):
    status, text = run_native_linux(build, log + ".native")
    got = [l for l in text.splitlines() if l.startswith("linux-test:")]
    want = expected_test_lines(TEST_APPEND)
    out = ["native status %d" % status]
    out += ["transcript as expected" if got == want else
            "transcript differs: got %r, want %r" % (got, want)]
    return (0 if status == TEST_STATUS and got == want else 1), "\n".join(out)


@uses_hv
def banner_as_native(build, image, log, append=HV_APPEND, same=()):
    """Under the hypervisor in Bochs: the kernel's own "Linux version"
    banner must equal the native one (the hypervisor's console splits
    lines at 160 characters: the first part is compared). Each kernel
    message matching a regex of @same must also be the native one."""
    from cases import run_hv

    status, hv_text = run_hv(image, log + ".hv", timeout=400)
    n_status, n_text = run_native_linux(build, log + ".native", append)

    def banner(text, prefix):
        for l in text.splitlines():
            if l.startswith(prefix) and "] Linux version " in l:
                return l[len(prefix):]
        return None
    hv_banner = banner(hv_text, "[linux] ")
    n_banner = banner(n_text, "")
    out = ["hypervisor status %d, native status %d" % (status, n_status)]
    if hv_banner and n_banner and n_banner.startswith(hv_banner) and \
            len(hv_banner) >= 100:
        out.append("banner as native: " + hv_banner.split("] ", 1)[1])
    else:
        out.append("banner differs: %r / %r" % (hv_banner, n_banner))
    # /init's lines (through the tty layer: the UART's interrupts) are
    # compared with the native run of the same command line.
    # Without "quiet" a kernel message may land inside one of /init's
    # lines (seen natively: "linux-test: start[    2.327054] tsc: Refined
    # TSC clocksource calibration: ..."): it is cut off, it is not /init's.
    def init_line(l):
        return re.sub(r"\[ *\d+\.\d{6}\] .*$", "", l)
    hv_init = [init_line(l[len("[linux] "):]) for l in hv_text.splitlines()
               if l.startswith("[linux] linux-test:")]
    n_init = [init_line(l) for l in n_text.splitlines()
              if l.startswith("linux-test:")]
    if hv_init and hv_init == n_init:
        out.append("init transcript as native: %d lines" % len(hv_init))
    else:
        out.append("init transcript differs: %r / %r" % (hv_init, n_init))

    def message(text, prefix, rx):
        for l in text.splitlines():
            m = re.match(r"^%s\[ *\d+\.\d{6}\] (.*)$" % re.escape(prefix), l)
            if m and re.search(rx, m.group(1)):
                return m.group(1)
        return None
    for rx in same:
        hv_m, n_m = message(hv_text, "[linux] ", rx), message(n_text, "", rx)
        out.append("as native: " + hv_m if hv_m and hv_m == n_m else
                   "differs from native: %r / %r" % (hv_m, n_m))
    out += [l for l in hv_text.splitlines()
            if l.startswith(("[linux] ", "vm: ", "exits: ", "outcome: ",
                             "run: "))]
    with open(log, "w") as f:
        f.write("\n".join(out) + "\n")
    return status, "\n".join(out)


@uses_hv
def noapic_as_native(build, image, log):
    """PIC mode: ACPI's SCI set level-triggered in the PIIX3's ELCR, from
    what the firmware left there, as natively."""
    return banner_as_native(build, image, log, append=HV_APPEND + " noapic",
                            same=[r"^ACPI: setting ELCR "])


@uses_hv
def among_others(build, image, log):
    """Linux beside Multiboot guests and a second Linux that panics: the
    test /init's lines are still the computed ones, and each Multiboot
    guest's lines equal its lines when it runs alone under QEMU."""
    from cases import run_hv, run_native
    status, hv_text = run_hv(image, log + ".hv", timeout=1500)
    lines = hv_text.splitlines()
    out = ["hypervisor status %d" % status]
    got = [l[len("[linux] "):] for l in lines
           if l.startswith("[linux] linux-test:")]
    want = expected_test_lines(HV_APPEND)
    out.append("linux: init transcript as computed" if got == want else
               "linux: init transcript differs: %r" % got)
    for g in ("tour", "hello"):
        _, n_text = run_native(build, g, log + "." + g)
        mine = [l[len(g) + 3:] for l in lines if l.startswith("[%s] " % g)]
        theirs = [l for l in n_text.splitlines() if l.startswith(g + ":")]
        keep = [l for l in mine if not l.startswith(("tour: cpuid:",
                                                     "tour: mmap:"))]
        ref = [l for l in theirs if not l.startswith(("tour: cpuid:",
                                                      "tour: mmap:"))]
        out.append("%s: %d lines as alone natively" % (g, len(keep))
                   if keep and keep == ref else
                   "%s: transcript differs from native" % g)
    out += [l for l in lines if l.startswith(("vm: ", "outcome: ", "run: ")) or
            "Kernel panic" in l]
    with open(log, "w") as f:
        f.write("\n".join(out) + "\n")
    return status, "\n".join(out)


# The TSC's rate from CPUID 0x16 in whole MHz, 0x15 exact (TSC_KNOWN_FREQ:
# no PIT calibration, no refining): on Intel only, as Linux 6.1 reads it.
TSC_FROM_CPUID = (r"^\[linux\] \[ *[\d.]+\] tsc: Detected \d+\.000 MHz "
                  r"processor$")
# On AMD (the SVM backend) Linux calibrates the TSC against the PIT, with
# the PM timer as reference (arch/x86/kernel/tsc.c). Under QEMU's TCG the
# guest's TSC runs at the host's rate in real time while an exit costs
# 45,000-60,000 TSC cycles (the IOIO average of linux-to-init@svm's
# statistics), too many for Linux's thresholds (pit_calibrate_tsc: 1000
# reads of port 0x61 in 10 ms; tsc_read_refs: three PM timer reads within
# 131,072 cycles): it marks the TSC unstable and keeps time with the PM
# timer. With QEMU's -icount (one TSC tick per instruction) the same boot
# calibrates against the PIT to the rate the hypervisor states. Either way
# the PM timer is there and Linux runs on a clock it trusts.
PM_TIMER_LINES = [
    r"^\[linux\] \[ *[\d.]+\] clocksource: Switched to clocksource "
    r"(acpi_pm|tsc)$",
]


def svm_timing(expect):
    """@expect for the SVM backend: the PM timer instead of CPUID's rate."""
    return [p for p in expect if p != TSC_FROM_CPUID] + PM_TIMER_LINES


def linux_config(mem="256M", initrd="linux/test-initrd.cpio.gz"):
    return ("guest name=linux image=linux/bzImage initrd=%s mem=%s "
            "cmdline=\"console=ttyS0\"\n" % (initrd, mem))


def truncate(path, size):
    def do(esp):
        with open(os.path.join(esp, path), "r+b") as f:
            f.truncate(size)
    return do


def loader_refuses(name, doc, config, expect, break_esp=None):
    """The UEFI loader stops with one line; the hypervisor never starts."""
    return Case(name, doc, config=config, status=LOADER_ERROR,
                break_esp=break_esp, expect=[expect],
                expect_count=LOADER_FAILS, reject=NO_HYPERVISOR)


TO_INIT_EXPECT = [
    r"^banner as native: Linux version ",
    r"^init transcript as native: 8 lines$",
    r"^vm: guest=linux linux boot protocol 2\.\d\d "
    r"kernel=0x1000000-0x[0-9a-f]+ initrd=0x[0-9a-f]+\+\d+ "
    r"zero_page=0x7000 e820=5$",
    r"^\[linux\] \[ *[\d.]+\] BIOS-e820: \[mem "
    r"0x0000000000100000-0x000000000fffffff\] usable$",
    r"^\[linux\] \[ *[\d.]+\] Freeing initrd memory: \d+K$",
    # Found through the DSDT (PNP0501), on its ISA IRQ (on a
    # hardware-reduced platform Linux numbered it itself).
    r"^\[linux\] \[ *[\d.]+\] 00:0\d: ttyS0 at I/O 0x3f8 "
    r"\(irq = 4, base_baud = 115200\) is a 16550A$",
    r"^\[linux\] \[ *[\d.]+\] Run /init as init process$",
    # The FADT's century index: Linux reads the RTC's century byte.
    r"^\[linux\] \[ *[\d.]+\] rtc_cmos 00:0\d: alarms up to one day, "
    r"y3k, 114 bytes nvram$",
    # The guest's ACPI tables: the MADT's IOAPIC and overrides, the
    # switch from the 8259 to them, the PM timer.
    r"^\[linux\] \[ *[\d.]+\] ACPI: Using ACPI \(MADT\) for "
    r"SMP configuration information$",
    r"^\[linux\] \[ *[\d.]+\] IOAPIC\[0\]: apic_id 0, version "
    r"32, address 0xfec00000, GSI 0-23$",
    r"^\[linux\] \[ *[\d.]+\] ACPI: INT_SRC_OVR \(bus 0 "
    r"bus_irq 0 global_irq 2 dfl dfl\)$",
    r"^\[linux\] \[ *[\d.]+\] ACPI: INT_SRC_OVR \(bus 0 "
    r"bus_irq 9 global_irq 9 high level\)$",
    r"^\[linux\] \[ *[\d.]+\] APIC: Switch to symmetric I/O "
    r"mode setup$",
    r"^\[linux\] \[ *[\d.]+\] ACPI: PM-Timer IO Port: 0x608$",
    # The SMBIOS tables (hv/smbios.c) as dmi_scan_machine() finds them.
    r"^\[linux\] \[ *[\d.]+\] SMBIOS 2\.8 present\.$",
    r"^\[linux\] \[ *[\d.]+\] DMI: EduHV EduHV PC, BIOS \S+ 12/01/2026$",
    # The 8042 (hv/dev/i8042.c), found by PNP through the DSDT as on
    # QEMU's pc, its two ports, and the keyboard behind it.
    r"^\[linux\] \[ *[\d.]+\] i8042: PNP: PS/2 Controller "
    r"\[PNP0303:KBD,PNP0f13:MOU\] at 0x60,0x64 irq 1,12$",
    r"^\[linux\] \[ *[\d.]+\] serio: i8042 KBD port at 0x60,0x64 irq 1$",
    r"^\[linux\] \[ *[\d.]+\] serio: i8042 AUX port at 0x60,0x64 irq 12$",
    r"^\[linux\] \[ *[\d.]+\] input: AT Translated Set 2 keyboard as ",
    # PCI (hv/dev/pci.c): configuration mechanism #1, the root bridge
    # the DSDT declares with its windows, bus 0's functions, the PIIX4's
    # PMBASE on the ACPI PM block, as on QEMU's pc.
    r"^\[linux\] \[ *[\d.]+\] PCI: Using configuration type 1 for "
    r"base access$",
    r"^\[linux\] \[ *[\d.]+\] ACPI: PCI Root Bridge \[PCI0\] "
    r"\(domain 0000 \[bus 00-ff\]\)$",
    r"^\[linux\] \[ *[\d.]+\] pci_bus 0000:00: root bus resource "
    r"\[mem 0x10000000-0xfebfffff window\]$",
    r"^\[linux\] \[ *[\d.]+\] pci 0000:00:00\.0: \[8086:1237\] type 00 "
    r"class 0x060000$",
    r"^\[linux\] \[ *[\d.]+\] pci 0000:00:01\.0: \[8086:7000\] type 00 "
    r"class 0x060100$",
    r"^\[linux\] \[ *[\d.]+\] pci 0000:00:01\.3: quirk: \[io  "
    r"0x0600-0x063f\] claimed by PIIX4 ACPI$",
    TSC_FROM_CPUID,
    r"^outcome: linux +exited +%d " % TEST_STATUS]

CASES = []
if not os.path.exists(os.path.join(LINUX, "bzImage")):
    print("cases_linux: build/linux/bzImage missing (make linux could not get "
          "the Debian packages): Linux cases skipped", file=sys.stderr)
else:
    CASES = [
        Case("linux-native",
             "Debian's cloud kernel and the test initramfs boot natively in "
             "QEMU: the script's lines as computed, status 0x31 via port 0xF4",
             native=native_transcript, status=0, timeout=150,
             expect=[r"^native status %d$" % TEST_STATUS,
                     r"^transcript as expected$"]),
        Case("linux-to-init", emu="bochs", doc=
             "Debian's kernel under the hypervisor in Bochs: loaded by the "
             "boot protocol, its banner equals the native one, /init's "
             "lines (the tty layer, on the UART's interrupts) equal the "
             "native ones, and its helper ends the VM through port 0xF4 "
             "with status 0x31",
             config="guest name=linux image=linux/bzImage "
                    "initrd=linux/test-initrd.cpio.gz mem=256M limit=300s "
                    "cmdline=\"%s\"\n" % HV_APPEND,
             native=banner_as_native, status=5, timeout=600,
             expect=TO_INIT_EXPECT,
             svm_expect=svm_timing(TO_INIT_EXPECT),
             svm_reject=[ACPI_TROUBLE, MSR_TROUBLE, XSAVE_TROUBLE,
                         KBC_TROUBLE, DMI_TROUBLE, PCI_TROUBLE,
                         r"tsc_early_khz"],
             reject=[ACPI_TROUBLE, MSR_TROUBLE, XSAVE_TROUBLE, KBC_TROUBLE,
                     DMI_TROUBLE, PCI_TROUBLE,
                     r"tsc: Fast TSC calibration",
                     r"tsc: Refined TSC", r"tsc_early_khz"]),
        Case("linux-noapic", emu="bochs", doc=
             "Debian's kernel with `noapic`: the 8259 PIC only (no IOAPIC "
             "setup), ACPI's SCI made level-triggered in the PIIX3's ELCR "
             "from what the firmware left there (as natively: 0200 from "
             "0c00), /init's lines on the UART's interrupt through the PIC "
             "as native ones",
             config="guest name=linux image=linux/bzImage "
                    "initrd=linux/test-initrd.cpio.gz mem=256M limit=300s "
                    "cmdline=\"%s noapic\"\n" % HV_APPEND,
             native=noapic_as_native, status=5, timeout=600,
             expect=[r"^banner as native: Linux version ",
                     r"^init transcript as native: 8 lines$",
                     r"^as native: ACPI: setting ELCR to 0200 \(from 0c00\)$",
                     r"^\[linux\] \[ *[\d.]+\] ACPI: Skipping IOAPIC "
                     r"probe due to 'noapic' option\.$",
                     r"^\[linux\] \[ *[\d.]+\] ACPI: Using PIC for "
                     r"interrupt routing$",
                     r"^vm: guest=linux result=exited status=49$"],
             reject=[ACPI_TROUBLE, MSR_TROUBLE, PCI_TROUBLE,
                     r"IOAPIC\[0\]: apic_id", r"differs"]),
        Case("linux-acpi-poweroff", emu="bochs", doc=
             "Debian's kernel with the guest's ACPI tables: every table "
             "listed and accepted with no ACPI error, S5 offered; its "
             "/init's `poweroff -f` writes the FADT's PM1a control block "
             "and the guest ends with outcome exited, status 0",
             config="guest name=linux image=linux/bzImage "
                    "initrd=linux/test-initrd.cpio.gz mem=256M limit=300s "
                    "cmdline=\"%s linuxtest.end=poweroff\"\n" % HV_APPEND,
             status=0, timeout=600,
             expect=[r"^vm: guest=linux acpi rsdp=0xe0000 .* madt=yes "
                     r"pm1a_cnt=0x604 pm_tmr=0x608 sci=9$"] +
                    [r"^\[linux\] \[ *[\d.]+\] ACPI: %s 0x00000000000E0"
                     % t for t in ("RSDP", "XSDT", "FACP", "DSDT", "FACS",
                                   "APIC")] +
                    [r"^\[linux\] \[ *[\d.]+\] ACPI: PM: \(supports S0 S5\)$",
                     r"^\[linux\] linux-test: poweroff -f$",
                     r"^vm: guest=linux result=exited status=0$",
                     r"^outcome: linux +exited +0 "],
             reject=[ACPI_TROUBLE, MSR_TROUBLE, r"linux-test: hvexit"]),
        Case("linux-shell", emu="bochs", doc=
             "guest/configs/linux.cfg: Debian's kernel boots to busybox's "
             "prompt; typed input reaches its shell through the UART (RX "
             "interrupt): `uname -a` and a computation answer, `reboot -f` "
             "ends the guest with outcome reset",
             config=open(os.path.join(ROOT, "guest", "configs",
                                      "linux.cfg")).read(),
             status=0, timeout=600,
             # Each command once the shell has printed its prompt again:
             # typed earlier, its first key is echoed before the prompt.
             run_args=["--type", r"^\[linux\] ~ # $", r"uname -a\r",
                       "--type", r"x86_64 GNU/Linux\n\[linux\] ~ # $",
                       r"echo hv-$((6*7))\r",
                       "--type", r"^\[linux\] hv-42\n\[linux\] ~ # $",
                       r"reboot -f\r"],
             expect=[r"^console: input goes to guest linux \(Ctrl-A three "
                     r"times passes it on\)$",
                     r"^\[linux\] eduhv Linux guest: Linux 6\.1\.",
                     r"^\[linux\] ~ # uname -a$",
                     r"^\[linux\] Linux \S+ 6\.1\.0-\d+-cloud-amd64 #1 SMP "
                     r"PREEMPT_DYNAMIC Debian .* x86_64 GNU/Linux$",
                     r"^\[linux\] ~ # echo hv-\$\(\(6\*7\)\)$",
                     r"^\[linux\] hv-42$",
                     r"^\[linux\] ~ # reboot -f$",
                     r'^vm: guest=linux result=reset by="port 0xcf9"$',
                     r"^outcome: linux +reset "]),
        Case("linux-hvc0", emu="bochs", doc=
             "guest/configs/linux-hvc0.cfg: virtio=console declares a "
             "virtio-mmio device (LNRO0005) in the DSDT; /init loads the "
             "kernel package's virtio modules and runs the shell on "
             "/dev/hvc0: its output and every typed byte (counted by the "
             "device: exactly what was typed) go through the virtqueues, "
             "none through the UART; `seq 1 5000` (28893 bytes with the "
             "tty's CRs) comes out whole; `reboot -f` resets the device "
             "and ends the guest",
             config=open(os.path.join(ROOT, "guest", "configs",
                                      "linux-hvc0.cfg")).read(),
             status=0, timeout=600,
             # Each command once the shell has printed its prompt again
             # (typed earlier, its first keys echo before the prompt:
             # seen on SVM, "re~ # read l; echo got:$l").
             run_args=["--type", r"^\[linux\] ~ # $", r"tty\r",
                       "--type", r"^\[linux\] /dev/hvc0\n\[linux\] ~ # $",
                       r"read l; echo got:$l\r",
                       # (the prompt matched above: the rest of its line,
                       # and its end: ash has taken the Enter, so the
                       # tty echoes what comes next on a line of its own)
                       "--type", r"read l; echo got:\$l\n",
                       r"typed-42\r",
                       "--type", r"^\[linux\] got:typed-42\n\[linux\] ~ # $",
                       r"seq 1 5000\r",
                       "--type", r"^\[linux\] 5000\n\[linux\] ~ # $",
                       r"reboot -f\r"],
             expect=[r"^vm: guest=linux virtio-console mmio=0xfeb00000\+0x200 "
                     r"gsi=5$",
                     r"^\[linux\] The shell runs on /dev/hvc0 "
                     r"\(virtio-console\)\.$",
                     r"^\[linux\] ~ # tty$",
                     r"^\[linux\] /dev/hvc0$",
                     r"^\[linux\] typed-42$",
                     r"^\[linux\] got:typed-42$",
                     r"^\[linux\] ~ # reboot -f$",
                     r'^vm: guest=linux result=reset by="port 0xcf9"$',
                     r"^\[linux\] 1$", r"^\[linux\] 5000$",
                     # Every byte typed reached the device: tty\r, the
                     # read line, typed-42\r, seq 1 5000\r, reboot -f\r.
                     r"^virtio: guest=linux device=console status=0x0 "
                     r"tx_bytes=[1-9]\d* tx_chains=[1-9]\d* rx_bytes=%d "
                     r"rx_chains=[1-9]\d* notifies=[1-9]\d* stops=0$"
                     % len("tty\rread l; echo got:$l\rtyped-42\r"
                           "seq 1 5000\rreboot -f\r"),
                     r"^outcome: linux +reset "],
             # seq's 5000 lines, each once (nothing lost or doubled).
             expect_count={r"^\[linux\] \d+$": 5000},
             reject=[ACPI_TROUBLE, r"^virtio: .*stopped"]),
        Case("linux-among-others", emu="bochs", doc=
             "Linux round robin beside Multiboot guests and a second Linux "
             "that panics (no init): the panicking one is stopped at its "
             "time limit with one line, the others finish with their "
             "transcripts unchanged",
             config="guest name=linux image=linux/bzImage "
                    "initrd=linux/test-initrd.cpio.gz mem=224M limit=600s "
                    "cmdline=\"%s\"\n"
                    "guest name=panic image=linux/bzImage "
                    "initrd=linux/test-initrd.cpio.gz mem=128M limit=120s "
                    "cmdline=\"%s rdinit=/nonexistent\"\n"
                    "guest name=tour image=guests/tour.elf mem=16M "
                    "cmdline=\"console=serial\"\n"
                    "guest name=hello image=guests/hello.elf mem=16M\n"
                    % (HV_APPEND, HV_APPEND),
             native=among_others, status=5, timeout=1500, memory=1024,
             expect=[r"^linux: init transcript as computed$",
                     r"^tour: \d+ lines as alone natively$",
                     r"^hello: \d+ lines as alone natively$",
                     r"^\[panic\] .*Kernel panic - not syncing: ",
                     r"^outcome: linux +exited +%d " % TEST_STATUS,
                     r"^outcome: panic +stopped +- .* time limit of 120000 "
                     r"ms reached",
                     r"^outcome: tour +exited +0 ",
                     r"^outcome: hello +exited +0 "]),
        loader_refuses(
            "linux-truncated-bzimage", "loader: a bzImage cut short",
            linux_config(), r"^hvboot: error: hv/linux/bzImage: truncated: "
            r"\d+ bytes, the header announces \d+$",
            break_esp=truncate("hv/linux/bzImage", 1 << 20)),
        loader_refuses(
            "linux-kernel-too-big", "loader: the kernel does not fit mem=",
            linux_config(mem="64M"),
            r"^hvboot: error: hv/linux/bzImage: does not fit the guest's "
            r"RAM: the kernel needs up to 0x[0-9a-f]+, RAM ends at 0x4000000$"),
        loader_refuses(
            "linux-initrd-too-big", "loader: the initrd does not fit mem=",
            linux_config(mem="68M"),
            r"^hvboot: error: hv/linux/test-initrd\.cpio\.gz: initrd of "
            r"\d+ bytes does not fit the guest's RAM above the kernel"),
        loader_refuses(
            "linux-initrd-missing", "loader: initrd= names no file",
            linux_config(initrd="linux/none.cpio.gz"),
            r"^hvboot: error: hv/linux/none\.cpio\.gz: cannot open: "
            r"file not found$"),
    ]
