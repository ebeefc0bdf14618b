# SPDX-License-Identifier: MIT
"""A core snapshot of the hypervisor when it panics (tools/run).

panic() (hv/panic.c) prints the panic and its backtrace, then calls
power_panic_notify() (drivers/power.c) before it powers off. There:

- QEMU: the write to the pvpanic port pauses the machine (-action
  panic=pause, tools/machine.py). QemuCore dumps the hypervisor's memory
  with QMP's dump-guest-memory, through its page tables (paging=true:
  an ELF core at the addresses hv.elf was linked at, with the CPU's
  registers), and lets the machine go on.
- Bochs: a breakpoint at power_panic_notify() (in the commands Bochs
  starts with) stops its debugger. BochsCore sends it "r" and writemem
  for the same memory, then "c"; after the run it wraps that in an ELF
  core (tools/bochsdbg.py:snapshot_core()), as tools/debug does.

The memory is the hypervisor's image, .bss included (__text_start to
__hv_end: code, data, the VM array, the stacks); what the page allocator
gave out (a VMCB, a guest's RAM) is not in it. Either way tools/run
prints where the core is and the GDB command that opens it with the
hv.elf that booted.
"""

import os
import re
import shutil
import subprocess
import time

import bochsdbg
import qmp


def core_path(log):
    """Next to the transcript: build/serial.log -> build/serial.core."""
    base = log[:-4] if log and log.endswith(".log") else \
        (log or "build/serial")
    return base + ".core"


def elf_from_image(image, dest):
    """Copy the image's hv/hv.elf to @dest; False if it has none."""
    out = subprocess.run(["mcopy", "-n", "-o", "-i", image, "::/hv/hv.elf",
                          dest], env=dict(os.environ, MTOOLS_SKIP_CHECK="1"),
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return out.returncode == 0 and os.path.exists(dest)


def same_file(a, b):
    try:
        with open(a, "rb") as fa, open(b, "rb") as fb:
            return fa.read() == fb.read()
    except OSError:
        return False


def elf_for_command(booted, image, core):
    """The ELF path to print: build/hv.elf (next to the image) if it is
    the one that booted, else a copy next to the core (a test build)."""
    here = os.path.join(os.path.dirname(image), "hv.elf")
    if same_file(here, booted):
        return here
    copy = core[:-5] + ".elf"
    shutil.copyfile(booted, copy)
    return copy


def hv_symbols(elf):
    return bochsdbg.elf_symbols(elf)


def lines_for(core, elf):
    return ["run: core snapshot of the panic: %s (%d KiB)" %
            (core, os.path.getsize(core) >> 10),
            "run: open it with symbols: gdb -x tools/gdb/hv.gdb %s %s "
            "(then bt, hv-guests)" % (elf, core)]


class QemuCore:
    """QEMU: the dump at the pvpanic pause, when the console says PANIC."""

    PANIC = re.compile(r"^PANIC: ", re.M)

    def __init__(self, qmp_path, image, log, workdir):
        self.qmp_path, self.image, self.log = qmp_path, image, log
        self.booted = os.path.join(workdir, "booted-hv.elf")
        self.ok = elf_from_image(image, self.booted)
        self.done = False

    def stdin(self):
        return subprocess.DEVNULL

    def poll(self, text, proc):
        """Lines to print once the panic is dumped, else []."""
        if self.done or not self.PANIC.search(text):
            return []
        self.done = True
        core = core_path(self.log)
        try:
            if not self.ok:
                raise OSError("no hv/hv.elf in %s" % self.image)
            mon = qmp.Qmp(self.qmp_path)
            deadline = time.monotonic() + 20
            while mon.cmd("query-status")["status"] != "guest-panicked":
                if time.monotonic() > deadline:
                    raise qmp.QmpError("QEMU did not stop at the panic")
                time.sleep(0.05)
            if os.path.exists(core):
                os.unlink(core)
            mon.cmd("dump-guest-memory", timeout=120, paging=True,
                    protocol="file:" + os.path.abspath(core),
                    **self.hv_range(mon))
            mon.cmd("cont")
            mon.close()
            os.chmod(core, 0o644)
            return lines_for(core, elf_for_command(self.booted, self.image,
                                                   core))
        except (qmp.QmpError, OSError, ValueError, KeyError) as e:
            return ["run: no core snapshot of the panic: %s" % e]

    def hv_range(self, mon):
        """The physical range of the hypervisor's image as
        dump-guest-memory's begin and length (else the core would be as
        big as the machine's RAM); {} (everything) if it is not one
        physical block."""
        syms = hv_symbols(self.booted)
        lo, hi = syms["__text_start"], syms["__hv_end"]

        def gpa(va):
            out = mon.cmd("human-monitor-command",
                          **{"command-line": "gva2gpa 0x%x" % va})
            m = re.search(r"gpa: (0x[0-9a-f]+)", out)
            return int(m.group(1), 16) if m else None

        first, last = gpa(lo), gpa(hi - 1)
        if first is None or last is None or last - first != hi - 1 - lo:
            return {}
        return {"begin": first, "length": hi - lo}

    def finish(self, emulator_out):
        return []


class BochsCore:
    """Bochs: its debugger stops at power_panic_notify(); the memory and
    the registers are taken there."""

    STOPPED = re.compile(r"^\(0\) Breakpoint 1, ", re.M)

    def __init__(self, image, log, workdir):
        self.image, self.log, self.workdir = image, log, workdir
        self.booted = os.path.join(workdir, "booted-hv.elf")
        self.mem = os.path.join(workdir, "panic.mem")
        self.syms = hv_symbols(self.booted) \
            if elf_from_image(image, self.booted) else {}
        self.out_path = os.path.join(workdir, "emulator.out")
        self.sent = False

    def ready(self):
        return all(s in self.syms for s in ("power_panic_notify",
                                            "__text_start", "__hv_end"))

    def rc_lines(self):
        """What Bochs runs first: the breakpoint, then on."""
        if not self.ready():
            return ["c"]
        return ["lb 0x%x" % self.syms["power_panic_notify"], "c"]

    def stdin(self):
        # The debugger reads its next commands here once it has stopped.
        return subprocess.PIPE if self.ready() else subprocess.DEVNULL

    def poll(self, text, proc):
        if self.sent or not self.ready():
            return []
        try:
            with open(self.out_path, errors="replace") as f:
                said = f.read()
        except OSError:
            return []
        if not self.STOPPED.search(said):
            return []
        self.sent = True
        lo, hi = self.syms["__text_start"], self.syms["__hv_end"]
        try:
            proc.stdin.write(('r\nwritemem "%s" 0x%x %d\nc\n' %
                              (self.mem, lo, hi - lo)).encode())
            proc.stdin.flush()
        except OSError:
            pass
        return []

    def finish(self, emulator_out):
        """After the run: the core, if Bochs stopped at the panic."""
        if not self.sent:
            return []
        core = core_path(self.log)
        said = emulator_out[self.STOPPED.search(emulator_out).end():]
        regs = {m.group(1): int(m.group(2) + m.group(3), 16)
                for m in bochsdbg.REG.finditer(said)}
        try:
            with open(self.mem, "rb") as f:
                blob = f.read()
        except OSError:
            return ["run: no core snapshot of the panic: Bochs wrote no "
                    "memory dump"]
        if "rip" not in regs or not blob:
            return ["run: no core snapshot of the panic: no registers "
                    "from Bochs"]
        bochsdbg.snapshot_core(core, [(self.syms["__text_start"], blob)],
                               regs)
        return lines_for(core, elf_for_command(self.booted, self.image,
                                               core))
