# SPDX-License-Identifier: MIT
"""What this machine can run, and the emulator settings that work here.

Shared by tools/run (the launcher) and tools/doctor. Facts behind the
choices are in ../shared/notes/emulators.md and docs/running.md.
"""

import os

BOCHS_CPU = "corei7_skylake_x"     # a Bochs CPU model with VMX, EPT, VPID
OVMF = "/usr/share/ovmf/OVMF.fd"


def cpu_info():
    """(vendor, has_vmx, model name, has_svm) from /proc/cpuinfo."""
    vendor, flags, model = "unknown", set(), ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                key, _, value = line.partition(":")
                key, value = key.strip(), value.strip()
                if key == "vendor_id":
                    vendor = value
                elif key == "flags":
                    flags = set(value.split())
                elif key == "model name":
                    model = value
                if key == "" and vendor != "unknown":
                    break
    except OSError:
        pass
    return vendor, "vmx" in flags, model, "svm" in flags


def kvm_device():
    """(usable, why) for /dev/kvm."""
    if not os.path.exists("/dev/kvm"):
        return False, "/dev/kvm does not exist"
    if not os.access("/dev/kvm", os.R_OK | os.W_OK):
        return False, "/dev/kvm is not readable and writable by this user"
    return True, "/dev/kvm is usable"


def kvm_nested(module):
    """The 'nested' parameter of kvm_intel or kvm_amd, or None if that
    module is not loaded."""
    try:
        with open("/sys/module/%s/parameters/nested" % module) as f:
            return f.read().strip()
    except OSError:
        return None


# Per host vendor: its extension's cpuinfo flag and name, and KVM's module.
HOST_VIRT = {
    "GenuineIntel": ("vmx", "VT-x", "kvm_intel"),
    "AuthenticAMD": ("svm", "SVM", "kvm_amd"),
}


def nested_virt():
    """(ok, why): can QEMU give its guest the host's VT-x or SVM through
    KVM here (Intel with kvm_intel nested=1, AMD with kvm_amd nested=1)?"""
    vendor, vmx, _, svm = cpu_info()
    if vendor not in HOST_VIRT:
        return False, "the host CPU is %s, neither Intel nor AMD" % vendor
    flag, name, module = HOST_VIRT[vendor]
    if not (vmx if flag == "vmx" else svm):
        return False, "the host CPU shows no %s flag" % flag
    ok, why = kvm_device()
    if not ok:
        return False, why
    nested = kvm_nested(module)
    if nested is None:
        return False, "the %s module is not loaded" % module
    if nested not in ("Y", "1"):
        return False, ("%s nested=%s (enable it: modprobe -r %s; modprobe "
                       "%s nested=1)" % (module, nested, module, module))
    return True, "%s CPU with %s, /dev/kvm usable, %s nested=%s" % (
        vendor, name, module, nested)


def pick_emulator():
    """EMU=auto: QEMU with KVM where nested VT-x or SVM works, else Bochs
    (VT-x, and counts that repeat exactly)."""
    ok, why = nested_virt()
    if ok:
        return "qemu-kvm", why
    return "bochs", ("no nested virtualization for QEMU: %s; Bochs emulates "
                     "VT-x" % why)


def qemu_command(memory_mib, disk, serial, kvm, gdb_port=None,
                 debug_exit=True, serial_port=None, cpu=None, icount=False,
                 qmp=None):
    """QEMU's pc machine with OVMF, the ESP image, serial to a file.

    With @serial_port, the serial port is a TCP server on that local port
    instead (both ways: for typing at the guests), and QEMU waits for the
    connection before it starts. With @gdb_port, QEMU waits halted for a
    debugger on that TCP port. Without @debug_exit, only ACPI can turn the
    machine off. @cpu: the TCG CPU model (default "max": AMD SVM with
    nested paging, no VT-x; "max,svm=off": neither). @icount: one TSC
    tick per instruction (-icount shift=0,sleep=off), so that counts
    repeat exactly from run to run, as Bochs' sync=none does. @qmp: a
    QMP socket at that path, and a pvpanic device whose panic pauses the
    machine (the hypervisor's panic() writes it: tools/run takes a core).
    """
    cmd = [
        "qemu-system-x86_64", "-machine", "pc", "-m", str(memory_mib),
        "-bios", OVMF,
        "-drive", "format=raw,file=%s,snapshot=on" % disk,
        "-serial", ("tcp:127.0.0.1:%d,server=on,wait=on" % serial_port
                    if serial_port else "file:%s" % serial),
        "-display", "none", "-net", "none", "-no-reboot",
    ]
    if debug_exit:
        # The hypervisor writes its status here at power-off; QEMU then
        # exits with (status << 1) | 1.
        cmd += ["-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
    if kvm:
        flag = HOST_VIRT.get(cpu_info()[0], ("vmx",))[0]
        cmd += ["-enable-kvm", "-cpu", "host,+" + flag]
    else:
        cmd += ["-cpu", cpu or "max"]     # TCG: SVM, not VT-x
    if icount:
        cmd += ["-icount", "shift=0,sleep=off"]
    if gdb_port:
        cmd += ["-gdb", "tcp:127.0.0.1:%d" % gdb_port, "-S"]
    if qmp:
        cmd += ["-qmp", "unix:%s,server=on,wait=off" % qmp,
                "-device", "pvpanic", "-action", "panic=pause"]
    return cmd


def bochsrc(memory_mib, disk, serial, log, cpu_model=BOCHS_CPU,
            serial_port=None):
    """A headless Bochs configuration that boots OVMF from @disk.

    - OVMF as the ROM at 4 GiB - 2 MiB. OVMF finds no ACPI tables and
      offers no GOP under Bochs (its video driver binds only to Cirrus,
      which the VNC display cannot show at 32 bpp), so the hypervisor
      uses the serial port and the shutdown port;
    - clock sync=none: the TSC advances with executed instructions, so
      counts repeat exactly from run to run; time0=utc: the RTC starts at
      the host's current time in UTC, as QEMU's does (-rtc base=utc), so
      the hypervisor's guests get the real date (docs/platform.md, CMOS);
    - the serial port to a file, or with @serial_port a TCP server on
      that local port (both ways; Bochs waits for the connection); the
      display is a VNC server nobody needs to connect to (Debian's Bochs
      has no 'nogui').
    """
    com1 = ("com1: enabled=1, mode=socket-server, dev=localhost:%d"
            % serial_port if serial_port else
            "com1: enabled=1, mode=file, dev=%s" % serial)
    return "\n".join([
        "megs: %d" % memory_mib,
        "cpu: model=%s, count=1, ips=50000000, reset_on_triple_fault=0"
        % cpu_model,
        "romimage: file=%s, address=0xffe00000" % OVMF,
        "vgaromimage: file=/usr/share/bochs/VGABIOS-lgpl-latest",
        "pci: enabled=1, chipset=i440fx",
        "ata0-master: type=disk, mode=flat, path=%s" % disk,
        "boot: disk",
        "clock: sync=none, time0=utc",
        com1,
        'display_library: rfb, options="timeout=0"',
        "log: %s" % log,
        "speaker: enabled=0",
        "sound: driver=dummy",
        "panic: action=fatal",
        "error: action=report",
        "info: action=ignore",
        "debug: action=ignore",
        "",
    ])
