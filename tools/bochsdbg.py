# SPDX-License-Identifier: MIT
"""Drive Bochs's internal debugger from Python, and turn what it shows
into things GDB can read.

Debian's Bochs has its own debugger compiled in (and so no gdbstub). It
reads commands from its standard input and answers with a "<bochs:N> "
prompt, which is enough to script it: tools/debug prints the symbol file
and the crib for people, tests/system/cases.py and the lab checkers use
BochsDebugger to stop at a VM exit and look.

snapshot_core() writes an ELF core file from a memory dump (Bochs's
writemem) and the registers, so that `gdb build/hv.elf CORE` with
tools/gdb/hv.gdb runs the hv-* commands on a real VM exit taken in Bochs.
"""

import os
import re
import select
import struct
import subprocess
import time

PROMPT = re.compile(rb"<bochs:(\d+)> $")
REG = re.compile(r"^(r[a-z0-9]+)\s*:\s*([0-9a-f]{8})_([0-9a-f]{8})$", re.M)


class BochsError(Exception):
    pass


def elf_symbols(elf):
    """{name: address} of an ELF's symbols (nm), functions and data."""
    out = subprocess.run(["nm", elf], stdout=subprocess.PIPE, check=True,
                         universal_newlines=True).stdout
    syms = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3:
            syms.setdefault(parts[2], int(parts[0], 16))
    return syms


def write_symbol_file(elf, path):
    """Bochs's ldsym format: "ADDRESS NAME" per line. Section markers
    (__text_start ...) are left out: Bochs would name hv_main after one."""
    syms = elf_symbols(elf)
    with open(path, "w") as f:
        for name, addr in sorted(syms.items(), key=lambda kv: kv[1]):
            if not name.startswith("__"):
                f.write("%016x %s\n" % (addr, name))
    return syms


class BochsDebugger:
    """Bochs started with its debugger on a pipe. cmd() sends one command
    and returns what it printed up to the next prompt."""

    def __init__(self, bochsrc, cwd, log=None):
        self.log = open(log, "w") if log else None
        self.proc = subprocess.Popen(
            ["bochs", "-q", "-unlock", "-f", bochsrc], cwd=cwd,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, start_new_session=True)
        self.buf = b""
        self.read_to_prompt(60)

    def read_to_prompt(self, timeout):
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        while not PROMPT.search(self.buf):
            left = deadline - time.monotonic()
            if left <= 0:
                raise BochsError("no debugger prompt after %d s; Bochs said: "
                                 "%s" % (timeout, self.tail()))
            ready, _, _ = select.select([fd], [], [], min(left, 1.0))
            if ready:
                data = os.read(fd, 65536)
                if not data:
                    raise BochsError("Bochs ended; it said: %s" % self.tail())
                self.buf += data
        text = PROMPT.sub(b"", self.buf).decode("utf-8", "replace")
        if self.log:
            self.log.write(self.buf.decode("utf-8", "replace"))
            self.log.flush()
        self.buf = b""
        return text

    def tail(self):
        return self.buf[-800:].decode("utf-8", "replace")

    def cmd(self, line, timeout=60):
        if self.log:
            self.log.write(line + "\n")
        self.proc.stdin.write(line.encode() + b"\n")
        self.proc.stdin.flush()
        out = self.read_to_prompt(timeout)
        # Without a terminal, Bochs echoes the command first.
        first, _, rest = out.partition("\n")
        return rest if first.strip() == line.strip() else out

    def regs(self):
        """{rax: ..., rip: ...} from the r command."""
        return {m.group(1): int(m.group(2) + m.group(3), 16)
                for m in REG.finditer(self.cmd("r"))}

    def physical(self, vaddr):
        """Linear -> physical through the current page tables (page)."""
        out = self.cmd("page 0x%x" % vaddr)
        m = re.search(r"linear page 0x([0-9a-f]+) maps to physical page "
                      r"0x([0-9a-f]+)", out)
        if not m:
            raise BochsError("page 0x%x: %s" % (vaddr, out.strip()))
        return int(m.group(2), 16) + (vaddr & 0xfff)

    def write32(self, vaddr, val):
        """A 32-bit store at a linear address (setpmem is physical)."""
        self.cmd("setpmem 0x%x 4 0x%x" % (self.physical(vaddr), val))

    def quit(self):
        if self.proc.poll() is None:
            try:
                self.proc.stdin.write(b"q\n")
                self.proc.stdin.flush()
            except BrokenPipeError:
                pass
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.log:
            self.log.close()
            self.log = None


# ---------------------------------------------------------------- core files
# An ELF core file (System V gABI, ET_CORE) GDB reads: one PT_LOAD per
# memory range, and an NT_PRSTATUS note with the registers in the layout
# of Linux's struct elf_prstatus on x86-64.

PRSTATUS_REGS = ["r15", "r14", "r13", "r12", "rbp", "rbx", "r11", "r10",
                 "r9", "r8", "rax", "rcx", "rdx", "rsi", "rdi", "orig_rax",
                 "rip", "cs", "eflags", "rsp", "ss", "fs_base", "gs_base",
                 "ds", "es", "fs", "gs"]


def _note(name, ntype, desc):
    name = name.encode() + b"\0"
    pad = lambda b: b + b"\0" * (-len(b) % 4)  # noqa: E731
    return struct.pack("<III", len(name), len(desc), ntype) + pad(name) + \
        pad(desc)


def snapshot_core(path, ranges, regs):
    """ranges: [(vaddr, bytes)]; regs: {name: value} (missing ones 0)."""
    gregs = struct.pack("<27Q", *[regs.get(r, 0) for r in PRSTATUS_REGS])
    # struct elf_prstatus: 112 bytes before pr_reg, 8 after (fpvalid).
    prstatus = b"\0" * 112 + gregs + b"\0" * 8
    notes = _note("CORE", 1, prstatus)               # NT_PRSTATUS
    phnum = 1 + len(ranges)
    ehsize, phentsize = 64, 56
    offset = ehsize + phnum * phentsize
    phdrs = [struct.pack("<IIQQQQQQ", 4, 0, offset, 0, 0, len(notes), 0, 4)]
    offset += len(notes)
    data = [notes]
    for vaddr, blob in ranges:
        phdrs.append(struct.pack("<IIQQQQQQ", 1, 7, offset, vaddr, 0,
                                 len(blob), len(blob), 0x1000))
        offset += len(blob)
        data.append(blob)
    ident = b"\x7fELF" + bytes([2, 1, 1, 0]) + b"\0" * 8
    header = ident + struct.pack("<HHIQQQIHHHHHH", 4, 62, 1, 0, ehsize, 0, 0,
                                 ehsize, phentsize, phnum, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(header)
        f.write(b"".join(phdrs))
        f.write(b"".join(data))
