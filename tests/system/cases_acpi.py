# SPDX-License-Identifier: MIT
"""System cases for the guests' ACPI tables (hv/acpi/, issue 12 item 4).

acpi-poweroff: under the hypervisor in Bochs, a Multiboot guest (guest/
acpi.c) finds the tables by the BIOS-area scan, checks them, and powers
off through the FADT's sleep control register: outcome exited, status 0.

acpi-linux-native: Debian's kernel, natively in QEMU's pc machine (which
has the local APIC and IOAPIC that a hardware-reduced platform needs),
booted with the hypervisor's tables instead of the firmware's: the tables
from build/tools/acpitables at 0x7000000 (QEMU's "-device loader"),
acpi_rsdp= pointing at them, memmap= keeping Linux off them. Linux must
list every table, accept them without an ACPI error or warning, offer
S5, and on `poweroff -f` (linuxtest.end=poweroff) write SLP_TYP 5 |
SLP_EN = 0x34 to the sleep control port 0x680, where an isa-debug-exit
device ends QEMU with status 0x34. Under the hypervisor Linux gets the
tables only once the VM has the APIC devices (vm_has_apic() in hv/vm.h).
"""
import os
import re
import subprocess
import sys

from cases import Case, ROOT, guest_config

LINUX = os.path.join(ROOT, "build", "linux")
TABLES_GPA = 0x7000000
SLEEP_CONTROL_PORT = 0x680
POWEROFF_VALUE = 5 << 2 | 1 << 5	# \_S5's SLP_TYP, SLP_EN


def host_tsc_khz():
    """QEMU's TCG TSC runs at the host's: Linux cannot calibrate it on a
    hardware-reduced platform (no PIT, HPET or PM timer to do it with)."""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("cpu MHz"):
                return int(float(line.split(":")[1]) * 1000)
    return 1000000


def linux_native_acpi(build, image, log):
    tables = os.path.join(build, "acpi-native")
    os.makedirs(tables, exist_ok=True)
    tool = os.path.join(build, "tools", "acpitables")
    r = subprocess.run([tool, "--base", hex(TABLES_GPA), tables],
                       capture_output=True, text=True)
    if r.returncode:
        return 1, "acpitables failed: " + r.stderr
    append = ("console=ttyS0 cryptomgr.notests nokaslr "
              "memmap=128K$0x%x acpi_rsdp=0x%x tsc_early_khz=%d "
              "linuxtest.end=poweroff" % (TABLES_GPA, TABLES_GPA,
                                          host_tsc_khz()))
    cmd = ["qemu-system-x86_64", "-machine", "pc", "-m", "256",
           "-kernel", os.path.join(build, "linux", "bzImage"),
           "-initrd", os.path.join(build, "linux", "test-initrd.cpio.gz"),
           "-append", append, "-display", "none", "-net", "none",
           "-serial", "file:" + log + ".native", "-no-reboot",
           "-device", "loader,file=%s,addr=0x%x,force-raw=on" % (
               os.path.join(tables, "area.bin"), TABLES_GPA),
           "-device", "isa-debug-exit,iobase=0x%x,iosize=1" %
           SLEEP_CONTROL_PORT,
           "-device", "isa-debug-exit,iobase=0xf4,iosize=4"]
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, timeout=240,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        status = p.returncode >> 1 if p.returncode & 1 else -p.returncode
    except subprocess.TimeoutExpired:
        status = 124
    text = open(log + ".native", errors="replace").read().replace("\r", "")
    out = ["native status 0x%x" % status]
    bad = [l for l in text.splitlines()
           if re.search(r"ACPI (BIOS )?Error|ACPI (BIOS )?Warning|"
                        r"ACPI Exception|Firmware Bug.*ACPI", l)]
    out += ["acpi problem: " + l for l in bad] or ["no ACPI errors or warnings"]
    out += [l for l in text.splitlines()
            if re.search(r"\] ACPI: |linux-test: |PM: |reboot: |pnp: |"
                         r"ttyS0 at|rtc_cmos", l)]
    return (0 if status == POWEROFF_VALUE and not bad else 1), "\n".join(out)


def madt_as_announced(text):
    """The MADT is there exactly when the hypervisor says so (madt=yes:
    the VM has the APIC devices, vm_has_apic()): the guest then finds it
    in the XSDT, which has two entries instead of one."""
    m = re.search(r"^vm: guest=acpi acpi .* madt=(yes|no) ", text, re.M)
    if not m:
        return ["no 'vm: guest=acpi acpi ...' line"]
    madt = m.group(1) == "yes"
    seen = re.search(r"^\[acpi\] acpi: APIC at 0xe0[0-9a-f]+, \d+ bytes, "
                     r'revision 5, checksum ok, OEM "EDUHV "$', text, re.M)
    xsdt = re.search(r"^\[acpi\] acpi: XSDT at 0xe0[0-9a-f]+, %d bytes, "
                     % (36 + 8 * (2 if madt else 1)), text, re.M)
    problems = []
    if bool(seen) != madt:
        problems.append("madt=%s, but the guest %s an APIC table" %
                        (m.group(1), "found" if seen else "did not find"))
    if not xsdt:
        problems.append("the XSDT does not have %d entries" %
                        (2 if madt else 1))
    return problems


# A table Linux lists: just above TABLES_GPA, with our IDs.
TABLE = (r"^\[ *[\d.]+\] ACPI: %s 0x0*70[0-9A-F]{5} [0-9A-F]{6} "
         r"\(v0%d EDUHV  EDUHVPC  00000001 EDHV 00000001\)$")

CASES = [
    Case("acpi-poweroff", emu="bochs", doc=
         "a Multiboot guest finds the ACPI tables by the BIOS-area scan, "
         "checks them, writes \\_S5's SLP_TYP | SLP_EN to the FADT's sleep "
         "control register: outcome exited, status 0",
         config=guest_config("name=acpi image=guests/acpi.elf mem=16M "
                             'cmdline="console=serial"'),
         status=0, timeout=300,
         expect=[r"^vm: guest=acpi acpi rsdp=0xe0000 xsdt=0xe0[0-9a-f]+ "
                 r"fadt=0xe0[0-9a-f]+ dsdt=0xe0[0-9a-f]+ madt=(yes|no) "
                 r"sleep=0x680$",
                 r'^\[acpi\] acpi: RSDP at 0xe0000, revision 2, OEM "EDUHV ", '
                 r"extended checksum ok$",
                 r"^\[acpi\] acpi: XSDT at 0xe0[0-9a-f]+, \d+ bytes, revision 1, "
                 r'checksum ok, OEM "EDUHV "$',
                 r"^\[acpi\] acpi: FACP at 0xe0[0-9a-f]+, 276 bytes, "
                 r"revision 6, checksum ok",
                 r"^\[acpi\] acpi: FADT flags 0x100431, hardware-reduced 1$",
                 r"^\[acpi\] acpi: DSDT at 0xe0[0-9a-f]+, \d+ bytes, "
                 r"revision 2, checksum ok",
                 r"^\[acpi\] acpi: sleep control register: port 0x680, "
                 r"\\_S5 SLP_TYP 5$",
                 r"^\[acpi\] acpi: powering off: writing 0x34 to port 0x680$",
                 r"^vm: guest=acpi result=exited status=0$",
                 r"^outcome: acpi +exited +0 "],
         check=madt_as_announced,
         reject=[r"FAIL", r"still running", r"checksum bad"]),
]

if not os.path.exists(os.path.join(LINUX, "bzImage")):
    print("cases_acpi: build/linux/bzImage missing: acpi-linux-native "
          "skipped", file=sys.stderr)
else:
    CASES.append(Case(
        "acpi-linux-native", doc=
        "Debian's kernel natively in QEMU with the hypervisor's ACPI tables "
        "(MADT included): every table listed and accepted, no ACPI error "
        "or warning, S5 offered; poweroff -f writes SLP_TYP 5 | SLP_EN "
        "(0x34) to the sleep control port 0x680",
        native=linux_native_acpi, status=0, timeout=300,
        expect=[r"^native status 0x34$",
                r"^no ACPI errors or warnings$",
                r"^\[ *[\d.]+\] ACPI: RSDP 0x0*%x 000024 \(v02 EDUHV \)$" %
                TABLES_GPA,
                TABLE % ("XSDT", 1),
                TABLE % ("FACP", 6),
                TABLE % ("DSDT", 2),
                TABLE % ("APIC", 5),
                r"^\[ *[\d.]+\] ACPI: INT_SRC_OVR \(bus 0 bus_irq 0 "
                r"global_irq 2 dfl dfl\)$",
                r"^\[ *[\d.]+\] ACPI: Using ACPI \(MADT\) for SMP "
                r"configuration information$",
                r"^\[ *[\d.]+\] ACPI: 1 ACPI AML tables successfully "
                r"acquired and loaded$",
                r"^\[ *[\d.]+\] ACPI: PM: \(supports S0 S5\)$",
                r"^\[ *[\d.]+\] ACPI: Using IOAPIC for interrupt routing$",
                r"^\[ *[\d.]+\] pnp: PnP ACPI: found 2 devices$",
                r"^\[ *[\d.]+\] 00:0\d: ttyS0 at I/O 0x3f8 ",
                r"^\[ *[\d.]+\] rtc_cmos 00:0\d: registered as rtc0$",
                r"^linux-test: done$",
                r"^linux-test: poweroff -f$",
                r"^\[ *[\d.]+\] ACPI: PM: Preparing to enter system sleep "
                r"state S5$"]))
