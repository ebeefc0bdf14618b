# SPDX-License-Identifier: MIT
"""System cases for the guests' ACPI tables (hv/acpi/, issue 12 item 4).

acpi-poweroff: under the hypervisor in Bochs, a Multiboot guest (guest/
acpi.c) finds the tables by the BIOS-area scan, checks them, sees the PM
timer count, and powers off through the FADT's PM1a control block:
outcome exited, status 0.

acpi-linux-native: Debian's kernel, natively in QEMU's pc machine, booted
with the hypervisor's tables instead of the firmware's: the tables from
build/tools/acpitables at 0x7000000 (QEMU's "-device loader"), acpi_rsdp=
pointing at them, memmap= keeping Linux off them. The tables name the
fixed ACPI hardware at the ports of QEMU's own PIIX4 PM block (SeaBIOS's
0x600), so natively they drive QEMU's real registers: Linux must list
every table, accept them without an ACPI error or warning, offer S5, use
the PM timer, and on `poweroff -f` (linuxtest.end=poweroff) write
\_S5's SLP_TYP 0 | SLP_EN to PM1a_CNT (0x604), which QEMU's PIIX4 takes
for soft off: QEMU ends by itself with status 0 (an isa-debug-exit at
0xf4 would end it with 0x31 if Linux went on to its helper instead).
"""
import os
import re
import subprocess
import sys

from cases import Case, ROOT, guest_config

LINUX = os.path.join(ROOT, "build", "linux")
TABLES_GPA = 0x7000000
PM1A_CNT_PORT = 0x604
POWEROFF_VALUE = 0 << 10 | 1 << 13	# \_S5's SLP_TYP, SLP_EN


def linux_native_acpi(build, image, log):
    tables = os.path.join(build, "acpi-native")
    os.makedirs(tables, exist_ok=True)
    tool = os.path.join(build, "tools", "acpitables")
    r = subprocess.run([tool, "--base", hex(TABLES_GPA),
                        "--ram", hex(256 << 20), tables],
                       capture_output=True, text=True)
    if r.returncode:
        return 1, "acpitables failed: " + r.stderr
    append = ("console=ttyS0 cryptomgr.notests nokaslr "
              "memmap=128K$0x%x acpi_rsdp=0x%x "
              "linuxtest.end=poweroff" % (TABLES_GPA, TABLES_GPA))
    cmd = ["qemu-system-x86_64", "-machine", "pc", "-m", "256",
           "-kernel", os.path.join(build, "linux", "bzImage"),
           "-initrd", os.path.join(build, "linux", "test-initrd.cpio.gz"),
           "-append", append, "-display", "none", "-net", "none",
           "-serial", "file:" + log + ".native", "-no-reboot",
           "-device", "loader,file=%s,addr=0x%x,force-raw=on" % (
               os.path.join(tables, "area.bin"), TABLES_GPA),
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
                         r"ttyS0 at|rtc_cmos|clocksource|tsc: ", l)]
    return (0 if status == 0 and not bad else 1), "\n".join(out)


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
         "checks them and the FACS, sees the PM timer count, writes "
         "\\_S5's SLP_TYP | SLP_EN to the FADT's PM1a control block: "
         "outcome exited, status 0",
         config=guest_config("name=acpi image=guests/acpi.elf mem=16M "
                             'cmdline="console=serial"'),
         status=0, timeout=300,
         expect=[r"^vm: guest=acpi acpi rsdp=0xe0000 xsdt=0xe0[0-9a-f]+ "
                 r"fadt=0xe0[0-9a-f]+ dsdt=0xe0[0-9a-f]+ madt=(yes|no) "
                 r"pm1a_cnt=0x604 pm_tmr=0x608 sci=9$",
                 r'^\[acpi\] acpi: RSDP at 0xe0000, revision 2, OEM "EDUHV ", '
                 r"extended checksum ok$",
                 r"^\[acpi\] acpi: XSDT at 0xe0[0-9a-f]+, \d+ bytes, revision 1, "
                 r'checksum ok, OEM "EDUHV "$',
                 r"^\[acpi\] acpi: FACP at 0xe0[0-9a-f]+, 276 bytes, "
                 r"revision 6, checksum ok",
                 r"^\[acpi\] acpi: FADT flags 0x431, hardware-reduced 0$",
                 r'^\[acpi\] acpi: FADT hypervisor vendor "EduHV"$',
                 r"^\[acpi\] acpi: FACS at 0xe0[0-9a-f]+, 64 bytes, "
                 r"version 2$",
                 r"^\[acpi\] acpi: DSDT at 0xe0[0-9a-f]+, \d+ bytes, "
                 r"revision 2, checksum ok",
                 r"^\[acpi\] acpi: PM timer: port 0x608, 24 bits, counting$",
                 r"^\[acpi\] acpi: PM1a_CNT: port 0x604, SCI_EN 1, "
                 r"\\_S5 SLP_TYP 0$",
                 r"^\[acpi\] acpi: powering off: writing 0x2000 to port "
                 r"0x604$",
                 r"^vm: guest=acpi result=exited status=0$",
                 r"^outcome: acpi +exited +0 "],
         check=madt_as_announced,
         reject=[r"FAIL", r"still running", r"checksum bad"]),
    Case("acpi-vendor-pvnone", emu="bochs", doc=
         "pv=none: the FADT names no hypervisor (Hypervisor Vendor "
         "Identity zero, as a PC's firmware and QEMU leave it); pv=eduhv "
         "names EduHV (acpi-poweroff)",
         config=guest_config("name=acpi image=guests/acpi.elf mem=16M "
                             'pv=none cmdline="console=serial"'),
         status=0, timeout=300,
         expect=[r"^\[acpi\] acpi: FADT hypervisor vendor none$",
                 r"^vm: guest=acpi result=exited status=0$"],
         reject=[r"FAIL", r"hypervisor vendor \""]),
]

if not os.path.exists(os.path.join(LINUX, "bzImage")):
    print("cases_acpi: build/linux/bzImage missing: acpi-linux-native "
          "skipped", file=sys.stderr)
else:
    CASES.append(Case(
        "acpi-linux-native", doc=
        "Debian's kernel natively in QEMU with the hypervisor's ACPI tables "
        "(MADT included): every table listed and accepted, no ACPI error "
        "or warning, S5 offered, the PM timer used; poweroff -f writes "
        "SLP_TYP 0 | SLP_EN to PM1a_CNT (0x604), QEMU's PIIX4 powers off",
        native=linux_native_acpi, status=0, timeout=300,
        expect=[r"^native status 0x0$",
                r"^no ACPI errors or warnings$",
                r"^\[ *[\d.]+\] ACPI: RSDP 0x0*%x 000024 \(v02 EDUHV \)$" %
                TABLES_GPA,
                TABLE % ("XSDT", 1),
                TABLE % ("FACP", 6),
                TABLE % ("DSDT", 2),
                r"^\[ *[\d.]+\] ACPI: FACS 0x0*70[0-9A-F]{5} 000040$",
                TABLE % ("APIC", 5),
                r"^\[ *[\d.]+\] ACPI: PM-Timer IO Port: 0x608$",
                r"^\[ *[\d.]+\] ACPI: INT_SRC_OVR \(bus 0 bus_irq 0 "
                r"global_irq 2 dfl dfl\)$",
                r"^\[ *[\d.]+\] ACPI: INT_SRC_OVR \(bus 0 bus_irq 9 "
                r"global_irq 9 high level\)$",
                r"^\[ *[\d.]+\] ACPI: Using ACPI \(MADT\) for SMP "
                r"configuration information$",
                r"^\[ *[\d.]+\] ACPI: 1 ACPI AML tables successfully "
                r"acquired and loaded$",
                r"^\[ *[\d.]+\] ACPI: PM: \(supports S0 S5\)$",
                r"^\[ *[\d.]+\] ACPI: Using IOAPIC for interrupt routing$",
                r"^\[ *[\d.]+\] pnp: PnP ACPI: found 4 devices$",
                r"^\[ *[\d.]+\] 00:0\d: ttyS0 at I/O 0x3f8 ",
                r"^\[ *[\d.]+\] rtc_cmos 00:0\d: registered as rtc0$",
                r"^linux-test: done$",
                r"^linux-test: poweroff -f$",
                r"^\[ *[\d.]+\] clocksource: acpi_pm: mask: 0xffffff ",
                r"^\[ *[\d.]+\] ACPI: PM: Preparing to enter system sleep "
                r"state S5$",
                r"^\[ *[\d.]+\] reboot: Power down$"]))
