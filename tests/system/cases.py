# SPDX-License-Identifier: MIT
"""The system test cases: what to boot, what to break, what must be seen.

Patterns are Python regular expressions matched per line (re.M) against
the cleaned serial transcript (tools/run: no escape sequences, no CRs).
"""

import os
import re
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


class Case:
    def __init__(self, name, doc, emu="qemu", config=None, status=0,
                 expect=(), expect_count=None, reject=(), break_esp=None,
                 check=None, timeout=120, memory=512, native=None,
                 run_args=(), svm=None, svm_expect=None, svm_reject=None):
        self.name = name
        self.doc = doc
        self.emu = emu
        self.config = config if config is not None else DEFAULT_CONFIG
        self.status = status
        self.expect = list(expect)
        self.expect_count = expect_count or {}
        self.reject = list(reject)
        self.break_esp = break_esp
        self.check = check
        self.timeout = timeout
        self.memory = memory
        self.native = native
        self.run_args = list(run_args)
        # Does the case run again on the SVM backend (as NAME@svm, under
        # QEMU's TCG)? By default every case that runs guests under the
        # hypervisor does; a string says why this one cannot; "only": it
        # runs on SVM alone. @svm_expect: its expect list there, if the
        # lines differ by more than the exit names; @svm_reject likewise.
        if svm is None:
            svm = emu == "bochs" or getattr(native, "uses_hv", False)
        if svm is True and "linux" in name and LINUX_ON_SVM is not True:
            svm = LINUX_ON_SVM
        self.svm = svm
        self.svm_expect = svm_expect
        self.svm_reject = svm_reject
        self.backend = "vmx"

    def on_svm(self):
        """The same case on the SVM backend: QEMU's TCG instead of Bochs."""
        import copy
        c = copy.copy(self)
        c.name, c.backend = self.name + "@svm", "svm"
        c.expect = [q for q in map(svm_reasons, self.expect) if q] \
            if self.svm_expect is None else list(self.svm_expect)
        c.reject = [q for q in map(svm_reasons, self.reject) if q] \
            if self.svm_reject is None else list(self.svm_reject)
        c.expect_count = {svm_reasons(p): n
                          for p, n in self.expect_count.items()
                          if svm_reasons(p)}
        if c.emu == "bochs":
            c.emu = "qemu"
        c.doc = self.doc + " [SVM, QEMU TCG]"
        return c


# VT-x's exit reason names (SDM Appendix C) and the SVM exit codes that
# stand for the same exits (APM vol. 2, Appendix C; arch/x86/svm/svm_names.c):
# a case's "reason=NAME" patterns match either backend's statistics.
SVM_REASONS = {
    "IO_INSTRUCTION": "IOIO",
    "EPT_VIOLATION": "NPF",
    "VMCALL": "(?:VMMCALL|EXCP_UD)",	# Intel's VMCALL #UDs on AMD
    "TRIPLE_FAULT": "SHUTDOWN",
    "CR_ACCESS": "(?:WRITE|READ)_CR[048]",
    "MSR_READ": "MSR",
    "MSR_WRITE": "MSR",
    "EXTERNAL_INTERRUPT": "INTR",
    "PREEMPTION_TIMER": "INTR",
    "INTERRUPT_WINDOW": "VINTR",
    "INVALID_STATE": "INVALID",
    "VMON": "EXCP_UD",		# VMXON #UDs on AMD: intercepted, re-raised
    "XSETBV": None,		# QEMU's TCG cannot intercept it: no line
    # QEMU 7.2's TCG reports INVD as WBINVD ((b & 2) in translate.c,
    # fixed in QEMU 8.1): either line.
    "INVD": "(?:INVD|WBINVD)",
}


def svm_reasons(pattern):
    """@pattern with every reason=NAME of VT-x's as SVM's name for it;
    None for a pattern about an exit SVM under QEMU does not have."""
    if any(SVM_REASONS.get(n, "") is None
           for n in re.findall(r"reason=(\w+)", pattern)):
        return None
    return re.sub(r"reason=(\w+)",
                  lambda m: "reason=" + SVM_REASONS.get(m.group(1),
                                                        m.group(1)),
                  pattern)


# Debian's kernel on the SVM backend: True, the Linux cases' @svm variants
# run (a reason string here would say why they do not).
LINUX_ON_SVM = True


# The backend the current case runs the hypervisor on, per thread
# (tests/system/run runs cases side by side): "vmx" boots it in Bochs,
# which emulates VT-x; "svm" in QEMU's TCG, which emulates AMD SVM.
_current = threading.local()
HV_EMU = {"vmx": "bochs", "svm": "qemu"}


def set_backend(backend):
    _current.backend = backend


def backend():
    return getattr(_current, "backend", "vmx")


def uses_hv(fn):
    """Mark a case's function as one that boots the hypervisor (run_hv):
    its case runs on both backends."""
    fn.uses_hv = True
    return fn


with open(os.path.join(os.path.dirname(__file__), "..", "..", "guest",
                       "configs", "default.cfg")) as _f:
    DEFAULT_CONFIG = _f.read()

# tools/run exit statuses
OK, PANIC, NO_VIRT, LOADER_ERROR, GUEST_FAILED = 0, 1, 2, 3, 5
EXIT_NO_END = 4  # tools/run: the emulator ended before the hypervisor did

# What every successful boot prints, in order of the start-up sequence.
BOOT_LINES = [
    r"^hvboot: loading the hypervisor from \\hv\\$",
    r"^hvboot: 1 guest\(s\) loaded, entering the hypervisor at 0xffffffff8",
    r"^hv: educational x86-64 hypervisor ",
    r"^hv: image at 0xffffffff80000000 \(physical 0x[0-9a-f]+\), \d+ KiB$",
    r"^mmu: own page tables at 0x[0-9a-f]+: identity map of \d+ GiB \(NX\)",
    r"^mem: \d+ regions from the firmware, highest address 0x[0-9a-f]+$",
    r"^mem:   usable +\d+ KiB in \d+ regions?$",
    r"^mem:   hypervisor +\d+ KiB in \d+ regions?$",
    r"^mem: page allocator: \d+ of \d+ usable pages free \(\d+ MiB\)$",
    r"^config: hv/hv.cfg: 1 guest, schedule round-robin$",
    r"^config:   tour +guests/tour.elf +mem +16384 KiB, image \d+ bytes, "
    r'cmdline "console=serial"$',
]

# A loader failure is one error line, and the hypervisor never starts.
LOADER_FAILS = {r"^hvboot: error: ": 1}
NO_HYPERVISOR = [r"^hv: ", r"^PANIC"]


def in_order(patterns):
    """A check that @patterns match lines in this order."""
    import re

    def check(text):
        pos = 0
        for p in patterns:
            m = re.compile(p, re.M).search(text, pos)
            if not m:
                return ["not in start-up order (or missing): /%s/" % p]
            pos = m.end()
        return []
    return check


def panic_core_opens(text):
    """The panic's core snapshot (tools/run, tools/panic_core.py): the
    file it names exists, and the GDB command it prints opens it with
    the hypervisor's symbols: bt from panic() down to the faulting
    selftest point."""
    import shlex
    problems = []
    core = re.search(r"^\[(?:tools/run|make run)\] run: core snapshot of "
                     r"the panic: (\S+) \(\d+ KiB\)$", text, re.M)
    cmd = re.search(r"^\[(?:tools/run|make run)\] run: open it with "
                    r"symbols: "
                    r"(gdb -x tools/gdb/hv\.gdb \S+ (\S+)) \(then bt, "
                    r"hv-guests\)$", text, re.M)
    if not core or not cmd:
        return ["no core snapshot line, or no GDB command line"]
    if not os.path.exists(core.group(1)) or cmd.group(2) != core.group(1):
        return ["the core %s is not there, or the command opens another "
                "(%s)" % (core.group(1), cmd.group(2))]
    out = subprocess.run(shlex.split(cmd.group(1)) + [
        "-batch", "-ex", "bt", "-ex", "hv-guests"], cwd=ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        universal_newlines=True).stdout
    # (QEMU stops in panic(), Bochs at power_panic_notify(), one down)
    for want in (r"^#\d  (?:0xffffffff8[0-9a-f]+ in )?panic \(.*\) at "
                 r"hv/panic\.c:\d+$",
                 r"^#\d+  0xffffffff8[0-9a-f]+ in trap_handler \(.*\) at "
                 r"arch/x86/traps\.c:\d+$",
                 r"^#\d+  0xffffffff8[0-9a-f]+ in selftest_point \(",
                 r"^hv: no guests yet"):
        if not re.search(want, out, re.M):
            problems.append("GDB on the core: missing /%s/ in: %s" %
                            (want, out[-600:]))
    return problems


def all_checks(*checks):
    return lambda text: [p for c in checks for p in c(text)]


def remove(relpath):
    def do(esp):
        os.remove(os.path.join(esp, relpath))
    return do


def overwrite(relpath, data):
    def do(esp):
        with open(os.path.join(esp, relpath), "wb") as f:
            f.write(data)
    return do


def truncate(relpath, size):
    def do(esp):
        with open(os.path.join(esp, relpath), "r+b") as f:
            f.truncate(size)
    return do


def chain_load_lock_vmx(esp):
    """Boot tests/system/efi/lock_vmx.c first: it locks VT-x off, as a
    firmware setup screen would, then starts our loader."""
    os.makedirs(os.path.join(esp, "EFI", "hv"))
    os.rename(os.path.join(esp, "EFI", "BOOT", "BOOTX64.EFI"),
              os.path.join(esp, "EFI", "hv", "hvboot.efi"))
    build = os.path.dirname(os.path.dirname(os.path.dirname(esp)))
    with open(os.path.join(build, "tests", "lock_vmx.efi"), "rb") as src, \
            open(os.path.join(esp, "EFI", "BOOT", "BOOTX64.EFI"), "wb") as dst:
        dst.write(src.read())


def use_test_build(name):
    """Boot build/tests/NAME in place of hv.elf (a test build)."""
    def do(esp):
        build = os.path.dirname(os.path.dirname(os.path.dirname(esp)))
        with open(os.path.join(build, "tests", name), "rb") as src, \
                open(os.path.join(esp, "hv", "hv.elf"), "wb") as dst:
            dst.write(src.read())
    return do


def run_native(build, guest, log, mem_mib=16, append="console=serial",
               initrd=None, extra=(), cpu="max"):
    """A guest image booted natively by QEMU (SeaBIOS, -kernel, Multiboot):
    the reference its transcript under the hypervisor is compared with.
    @initrd: QEMU's Multiboot modules, "PATH [string],PATH [string]".
    @extra: more QEMU options (-icount for guests that time devices).
    @cpu: the -cpu model."""
    cmd = ["qemu-system-x86_64", "-machine", "pc", "-cpu", cpu,
           "-m", str(mem_mib)] + list(extra) + [
           "-kernel", os.path.join(build, "guests", guest + ".elf"),
           "-append", append] + (["-initrd", initrd] if initrd else []) + [
           "-serial", "file:" + log, "-display", "none", "-net", "none",
           "-no-reboot",
           "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, timeout=60,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        status = p.returncode >> 1 if p.returncode & 1 else -p.returncode
    except subprocess.TimeoutExpired:
        status = 124
    text = open(log, errors="replace").read().replace("\r", "")
    return status, text


def native(guest):
    def run(build, image, log):
        return run_native(build, guest, log)
    return run


def run_hv(image, log, timeout=300):
    """Boot @image under the hypervisor, on the current case's backend
    (Bochs for VT-x, QEMU's TCG for SVM); (status, transcript)."""
    p = subprocess.run([sys.executable, os.path.join(ROOT, "tools", "run"),
                        "--emu", HV_EMU[backend()], "--image", image,
                        "--log", log,
                        "--quiet", "--timeout", str(timeout)],
                       cwd=ROOT, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True, errors="replace")
    text = open(log).read() if os.path.exists(log) else ""
    if p.returncode == EXIT_NO_END or not text:
        # The emulator did not get to the hypervisor's end: what tools/run
        # said (and the emulator's last output) is all there is to go on.
        text += "".join((l if l.startswith("run: ") else "run: " + l) + "\n"
                        for l in p.stderr.splitlines() if l.strip())[-4000:]
    return p.returncode, text


# Lines that legitimately differ between QEMU and the hypervisor: the CPU
# (vendor, hypervisor signature) and the firmware's memory map.
DIFFERENT_BY_DESIGN = (r"^tour: cpuid:", r"^tour: mmap:")
# The apic guest: QEMU's TCG has no TSC-deadline timer; the hypervisor's
# local APIC has one (docs/platform.md).
DIFFERENT_BY_DESIGN += (r"^apic: tsc-deadline:", r"^apic: cpuid: local APIC \d, x2APIC ")  # apic
# cpuid: where QEMU's TCG is not the PC the hypervisor models: it offers
# MONITOR, ACPI thermal control and SVM, lacks TSC_ADJUST and leaves
# 0x15/0x16, has 10 machine-check banks, takes reserved PAT, MTRR and
# segment-base values, reads unknown MSRs as 0 and ignores TSC writes
# (docs/platform.md, "CPUID and MSR lines that differ from QEMU").
MSR_DIFFERENT_BY_DESIGN = tuple(r"^msr: " + p for p in (
    r"cpuid 1 ecx: MONITOR ", r"cpuid 1 edx: ACPI ",
    r"cpuid 1 ecx: x2APIC \d TSC-deadline ",
    r"cpuid 7 ebx: TSC_ADJUST ", r"cpuid 0x80000001 ecx: SVM ",
    r"cpuid: max basic leaf ", r"cpuid 0x1[56]: ", r"cpuid 0x1f\.", r"PAT entry ", r"MTRR\w+ (type|bits?) ",
    r"MCG_CAP: ", r"FS_BASE non-canonical: ", r"(RD|WR)MSR 0x12345678: ",
    r"TSC(_ADJUST)? ", r"BIOS_SIGN_ID: "))
DIFFERENT_BY_DESIGN += MSR_DIFFERENT_BY_DESIGN


def same_as_native(guest, append="console=serial", initrd=None, differ=(),
                   extra=(), cpu="max"):
    """The guest's lines under the hypervisor (in Bochs) must equal its
    lines natively under QEMU (-cpu @cpu, with @append, the modules
    @initrd and the QEMU options @extra), apart from DIFFERENT_BY_DESIGN
    and @differ."""
    import difflib
    import re

    @uses_hv
    def run(build, image, log):
        status, hv_text = run_hv(image, log + ".hv")
        n_status, n_text = run_native(build, guest, log + ".native",
                                      append=append, initrd=initrd,
                                      extra=extra, cpu=cpu)
        prefix = "[%s] " % guest
        under_hv = [l[len(prefix):] for l in hv_text.splitlines()
                    if l.startswith(prefix)]
        natively = [l for l in n_text.splitlines()
                    if l.startswith(guest + ":")]

        def keep(lines):
            return [l for l in lines
                    if not any(re.match(p, l) for p in
                               DIFFERENT_BY_DESIGN + tuple(differ))]
        diff = list(difflib.unified_diff(keep(natively), keep(under_hv),
                                         "native QEMU", "under the hypervisor",
                                         lineterm=""))
        out = ["native status %d, hypervisor status %d" % (n_status, status),
               "compared %d lines (%d differ by design)"
               % (len(keep(under_hv)), len(under_hv) - len(keep(under_hv)))]
        out += diff or ["transcripts match"]
        # The case's own by-design lines, for it to check as they are.
        out += ["hypervisor only: " + l for l in under_hv
                if any(re.match(p, l) for p in differ)]
        out += [l for l in hv_text.splitlines()
                if l.startswith(("vm: ", "exits: ", "mmio: ", "apic: ",
                                 "hv: power off", "run: "))]
        with open(log, "w") as f:
            f.write("\n".join(out) + "\n")
        return (status if n_status == 0 else 100 + n_status), "\n".join(out)
    return run


def compare_twice(build, image, log, backend="vmx"):
    """make compare's tool, twice: the figures must hold (--check) and the
    second boot must give exactly the counts and cycles of the first.
    Then each workload's lines must be the same fully virtualized and
    paravirtualized, apart from the platform, its timing and nullop's
    figures."""
    import re
    out = []
    status = 0
    for n in (1, 2):
        cmd = [sys.executable, os.path.join(ROOT, "tools", "compare"),
               "--build", build, "--out", log + ".run%d" % n, "--check",
               "--backend", backend]
        if n == 2:
            cmd += ["--repeat-check", log + ".run1/results.json"]
        p = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=1500)
        text = p.stdout.decode("utf-8", "replace")
        out += ["run %d: %s" % (n, l) for l in text.splitlines()
                if l.startswith(("check:", "repeat-check:", "compare:"))]
        status = status or p.returncode
    transcript = open(log + ".run1/serial.log").read().splitlines()
    timing = re.compile(r"^[\w-]+: (platform=|done, guest time |"
                        r"(empty|cpuid|hypercall): )")
    for w in ("console", "timer", "idle", "compute", "nullop"):
        lines = {}
        for mode in ("full", "pv"):
            prefix = "[%s-%s] " % (w, mode)
            lines[mode] = [l[len(prefix):] for l in transcript
                           if l.startswith(prefix) and
                           not timing.match(l[len(prefix):])]
        same = lines["full"] == lines["pv"] and lines["full"]
        out.append("%s: %d lines, %s" % (w, len(lines["full"]),
                   "the same full and PV" if same else "DIFFERENT"))
    with open(log, "w") as f:
        f.write("\n".join(out) + "\n")
    return status, "\n".join(out)


FOUR_GUESTS = [
    'name=tour image=guests/tour.elf mem=16M cmdline="console=serial"',
    "name=exits image=guests/exits.elf mem=16M",
    "name=hello image=guests/hello.elf mem=16M",
    'name=timer image=guests/timer.elf mem=16M cmdline="platform=pv"',
]


def lay_out(build, config, where):
    cfg = where + ".cfg"
    with open(cfg, "w") as f:
        f.write(config)
    subprocess.run([os.path.join(ROOT, "tools", "mkesp"), "--config", cfg,
                    "--build", build, "--out", where + ".esp", "--image",
                    where + ".img"], check=True, cwd=ROOT)
    return where + ".img"


@uses_hv
def together_same_as_alone(build, image, log):
    """Four guests at once (round robin) and the same four alone
    (schedule sequential): each guest's lines must be the same, and at
    once their lines must really interleave."""
    import re
    runs = {}
    for policy in ("sequential", "round-robin"):
        img = lay_out(build, "schedule %s\n" % policy +
                      guest_config(*FOUR_GUESTS), log + "." + policy)
        runs[policy] = run_hv(img, log + "." + policy + ".log")
    timing = re.compile(r"done, guest time \d+")
    out = ["sequential status %d, round-robin status %d"
           % (runs["sequential"][0], runs["round-robin"][0])]
    for name in ("tour", "exits", "hello", "timer"):
        prefix = "[%s] " % name
        per = {}
        for policy, (_, text) in runs.items():
            lines = text.splitlines()
            per[policy] = [l for l in lines if l.startswith(prefix) and
                           not timing.search(l)]
        out.append("%s: %d lines, %s" % (
            name, len(per["sequential"]),
            "the same alone and together" if per["sequential"] ==
            per["round-robin"] and per["sequential"] else "DIFFERENT"))
    # Interleaved: one guest after the other would switch from one
    # guest's lines to another's three times; at once, many more.
    speakers = [l.split("]")[0] for l in runs["round-robin"][1].splitlines()
                if l.startswith("[")]
    switches = sum(1 for a, b in zip(speakers, speakers[1:]) if a != b)
    out.append("round-robin: the guests' lines %s (%d switches)" %
               ("interleave" if switches > 6 else "do NOT interleave",
                switches))
    out += [l for l in runs["round-robin"][1].splitlines()
            if l.startswith("outcome:")]
    with open(log, "w") as f:
        f.write("\n".join(out) + "\n")
    return runs["round-robin"][0], "\n".join(out)


def exittrace():
    sys.path.insert(0, os.path.join(ROOT, "tools"))
    import exittrace as et
    return et


def trace_complete(guest, last_reason, last_what):
    """trace=on: the guest's dump at its end holds the newest 1024 of all
    its exits, as many as its exit statistics count, none left to the
    fast path, and the last is the exit that ended it."""
    def check(text):
        et = exittrace()
        try:
            t = et.parse(text)[guest]
        except (et.TraceError, KeyError) as e:
            return ["trace of %s: %s" % (guest, e)]
        total = re.search(r"^exits: guest=%s total=(\d+) " % guest, text, re.M)
        recs = t.ordered()
        problems = []
        want = last_reason if backend() == "vmx" else \
            SVM_REASONS.get(last_reason, last_reason)
        if not total or int(total.group(1)) != t.recorded:
            problems.append("trace of %s: %d exits recorded, statistics say %s"
                            % (guest, t.recorded,
                               total.group(1) if total else "nothing"))
        if t.fastpath or len(recs) != min(1024, t.recorded) or \
                t.dumps[-1][0] != "end":
            problems.append("trace of %s: fastpath=%d, %d shown, dumps %s" %
                            (guest, t.fastpath, len(recs), t.dumps))
        if recs and (recs[-1].reason, recs[-1].decoded()) != \
                (want, last_what):
            problems.append("trace of %s: last exit %s (%s), expected %s (%s)"
                            % (guest, recs[-1].reason, recs[-1].decoded(),
                               want, last_what))
        return problems
    return check


def pvtest_trace_dumps(text):
    """HC_TRACE_DUMP: the second dump, made right after the first, shows
    what came after it, ending with its own VMCALL from stub 12 of the
    hypercall page (page offset 12 * 32 + 5, past the stub's mov eax);
    pvtest then spends the budget, 8 dumps, and a ninth prints nothing."""
    et = exittrace()
    try:
        t = et.parse(text)["pvtest"]
    except (et.TraceError, KeyError) as e:
        return ["trace of pvtest: %s" % e]
    if [d[0] for d in t.dumps] != ["hypercall"] * 8:
        return ["trace of pvtest: dumps %s, expected 8 by hypercall" %
                t.dumps]
    (_, f1, n1), (_, f2, n2) = t.dumps[:2]
    last = t.records[f2 + n2 - 1]
    want = 12 * 32 + 5
    call = "VMCALL" if backend() == "vmx" else "VMMCALL"
    if last.reason != call or last.rip & 0xfff != want or f2 != f1 + n1:
        return ["trace of pvtest: dumps %s, second ends with %s at rip 0x%x, "
                "expected %s at page offset 0x%x" %
                (t.dumps[:2], last.reason, last.rip, call, want)]
    return []


def guest_config(*lines):
    return "".join("guest %s\n" % l for l in lines)


GDB_PORT = 12345
GDB_SESSION = """continue
info symbol $pc
info line *$pc
print bi->magic == 0x4f464e4942564848
hv-guests
hv-help
delete
detach
"""


def debug_session(emu, build, image, log, commands, timeout, *extra):
    """tools/debug --emu EMU --commands (a scripted make debug): returns
    its exit status, what it printed and the guests' serial transcript,
    and keeps both in @log."""
    cmds = log + ".cmds"
    with open(cmds, "w") as f:
        f.write(commands)
    try:
        p = subprocess.run(
            [sys.executable, os.path.join(ROOT, "tools", "debug"), "--emu",
             emu, "--image", image, "--build", build, "--commands", cmds,
             "--log", log + ".serial", "--timeout", str(timeout)] +
            list(extra), cwd=ROOT, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            timeout=2 * timeout)
        text, status = p.stdout.decode("utf-8", "replace"), p.returncode
    except subprocess.TimeoutExpired:
        text, status = "tools/debug timed out", 124
    serial = ""
    if os.path.exists(log + ".serial"):
        with open(log + ".serial", errors="replace") as f:
            serial = f.read()
    with open(log, "w") as f:
        f.write(text + "\n----- serial -----\n" + serial)
    return status, text, serial


def gdb_session(build, image, log):
    """make debug EMU=qemu, scripted: QEMU halted with a gdbstub, GDB with
    build/hv.elf (no offset) and tools/gdb/hv.gdb stops at hv_main on the
    hardware breakpoint tools/debug sets, reads boot_info, runs the hv-*
    commands (no guests yet), and lets the machine run to its end (QEMU's
    TCG has SVM: the guests run under it, and the machine powers off)."""
    status, text, serial = debug_session("qemu", build, image, log,
                                         GDB_SESSION, 100, "--port",
                                         str(GDB_PORT))
    return status, text + "\n" + serial


BOCHS_SESSION = """\
# The scripted session of make debug EMU=bochs (tools/debug): to the
# VM-exit entry, then the same exit decoded, then to the end.
c
r
hv-break-exit all
c
hv-exit
hv-regs
hv-vmcs VM_EXIT_REASON GUEST_RIP
d 2
d 3
c
"""


def bochs_debugger_session(build, image, log):
    """tools/debug --emu bochs on a script: it must stop at vmx_exit_stub
    with the guest's registers live, then show that first exit decoded
    (hv-exit, hv-regs, hv-vmcs) exactly as the guest's exit trace, dumped
    at its end, recorded it."""
    status, text, serial = debug_session("bochs", build, image, log,
                                         BOCHS_SESSION, 200)
    problems = []
    m = re.search(r"<hv-debug> c\n(?:.*\n){0,3}.*\(vmx_exit_stub\+0\)", text)
    stub_rax = re.search(r"<hv-debug> r\n(?:.*\n)*?rax: ([0-9a-f]{8})_"
                         r"([0-9a-f]{8})", text)
    exit_line = re.search(r"^guest compute, exit 0: (\w+) \(reason (\d+)",
                          text, re.M)
    regs_rax = re.search(r"^  rax 0x([0-9a-f]{16}) ", text, re.M)
    vmcs_rip = re.search(r"^GUEST_RIP +0x([0-9a-f]+)$", text, re.M)
    first = re.search(r"^trace: guest=compute seq=0 tsc=\d+ reason=(\w+) "
                      r"nr=(\d+) qual=0x[0-9a-f]+ rip=0x([0-9a-f]+) "
                      r"kind=\w+$",
                      serial, re.M)
    if not m:
        problems.append("the first c did not stop at vmx_exit_stub")
    if not (stub_rax and regs_rax and int(stub_rax.group(1) +
                                          stub_rax.group(2), 16) ==
            int(regs_rax.group(1), 16)):
        problems.append("RAX at vmx_exit_stub and hv-regs' rax differ or "
                        "are missing")
    if not (exit_line and first and vmcs_rip):
        problems.append("missing: hv-exit line %s, trace seq=0 %s, GUEST_RIP "
                        "%s" % (bool(exit_line), bool(first), bool(vmcs_rip)))
    elif (exit_line.group(1), exit_line.group(2)) != first.group(1, 2) or \
            vmcs_rip.group(1) != first.group(3):
        problems.append("the debugger says exit 0 is %s (%s) at 0x%s, the "
                        "trace says %s (%s) at 0x%s" %
                        (exit_line.group(1), exit_line.group(2),
                         vmcs_rip.group(1)) + first.group(1, 2, 3))
    if "vm: guest=compute result=exited status=0" not in serial:
        problems.append("the guest did not run to its end after the session")
    return (0 if not problems and status == 0 else 1), \
        text + "\n" + "\n".join("session: " + x for x in problems)


def read_ppm(path):
    with open(path, "rb") as f:
        data = f.read()
    magic, dims, maxval, pixels = data.split(b"\n", 3)
    assert magic == b"P6" and maxval == b"255"
    w, h = map(int, dims.split())
    return w, h, pixels


def framebuffer_lines_match(ppm, lines, font_path):
    """Render @lines with the console font as drivers/fbcon.c does (8x16
    PSF1 glyphs, grey on black, row 0 at the top) and compare each pixel
    with the screen dump. Returns a list of problems."""
    import gzip
    font = gzip.open(font_path).read()
    height = font[3]
    w, h, px = read_ppm(ppm)
    problems = []
    for row, line in enumerate(lines):
        for col, ch in enumerate(line[:w // 8]):
            glyph = font[4 + ord(ch) * height:4 + (ord(ch) + 1) * height]
            for y in range(height):
                for x in range(8):
                    on = glyph[y] & (0x80 >> x)
                    off = ((row * height + y) * w + col * 8 + x) * 3
                    if (px[off:off + 3] == b"\xc0\xc0\xc0") != bool(on):
                        problems.append("screen row %d column %d ('%s') "
                                        "differs from the transcript"
                                        % (row, col, ch))
                        break
                else:
                    continue
                break
            if len(problems) > 3:
                return problems
    return problems


FONT = "/usr/share/consolefonts/Lat15-Terminus16.psf.gz"


def framebuffer_session(build, image, log):
    """QEMU (no debug-exit, -no-shutdown, so the screen stays after S5):
    dump the screen and compare it with the serial transcript."""
    import socket
    sys.path.insert(0, os.path.join(ROOT, "tools"))
    import machine
    sock = log + ".monitor"
    ppm = log + ".ppm"
    # No SVM: the boot's lines, no guests', are what fits on the screen.
    cmd = machine.qemu_command(512, image, log + ".raw", kvm=False,
                               debug_exit=False, cpu="max,svm=off")
    cmd += ["-no-shutdown", "-monitor", "unix:%s,server,nowait" % sock]
    qemu = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    text = ""
    try:
        deadline = time.monotonic() + 60
        while "hv: power off" not in text and time.monotonic() < deadline:
            time.sleep(0.2)
            if os.path.exists(log + ".raw"):
                text = open(log + ".raw", errors="replace").read()
        if "hv: power off" not in text:
            return 124, text
        mon = socket.socket(socket.AF_UNIX)
        mon.connect(sock)
        mon.sendall(b"screendump %s\n" % ppm.encode())
        for _ in range(50):
            time.sleep(0.1)
            if os.path.exists(ppm) and os.path.getsize(ppm) > 100:
                break
        time.sleep(0.5)
        mon.sendall(b"quit\n")
        time.sleep(0.5)
        mon.close()
    finally:
        try:
            qemu.wait(10)
        except subprocess.TimeoutExpired:
            qemu.kill()
    import re
    text = re.sub(r"\x1b\[[0-9;=?]*[A-Za-z]", "", text).replace("\r", "")
    hv = text[text.index("hv: educational"):].split("\n")
    # The console starts with the banner's leading empty line.
    problems = framebuffer_lines_match(ppm, [""] + hv[:12], FONT)
    result = "\n".join(["framebuffer: %s" % p for p in problems] or
                       ["framebuffer: rows 0-12 match the transcript"])
    with open(log, "w") as f:
        f.write(text + "\n" + result + "\n")
    return 0, result


CASES = [
    Case("bochs-boot-vmx",
         "Bochs: boot, memory map, VMX capabilities, VMXON/VMXOFF",
         emu="bochs", timeout=300,
         svm="VT-x's capability lines; qemu-boot-svm is SVM's",
         expect=BOOT_LINES + [
             r"^acpi: ",
             r"^vmx: IA32_FEATURE_CONTROL was unlocked \(0x0\); set VMXON "
             r"outside SMX and locked it$",
             r"^vmx: VMCS revision 0x2b, VMCS size 4096 bytes, memory type "
             r"WB, TRUE controls yes",
             r"^vmx: EPT yes, unrestricted guest yes, VPID yes, "
             r"VMX-preemption timer yes$",
             r"^vmx: EPT 4-level walk yes, write-back yes, 2M pages yes, "
             r"1G pages yes, INVEPT yes, INVVPID yes",
             r"^vmx: smoke test: VMXON, VMCLEAR, VMPTRLD, VMPTRST, VMXOFF ok$",
             r"^vmx: ready$",
             r"^hv: power off, status 0$",
         ],
         reject=[r"PANIC", r"^\*\*\* exception", r"VT-x is not available"],
         check=in_order(BOOT_LINES + [r"^vmx: ready$",
                                      r"^hv: power off, status 0$"])),

    Case("qemu-boot-svm",
         "QEMU (TCG, -cpu max): boot, SVM's capabilities, the guests run "
         "under SVM",
         emu="qemu",
         expect=BOOT_LINES + [
             r"^acpi: ",
             r"^svm: revision 1, \d+ ASIDs, nested paging yes, NRIP save "
             r"(yes|no), decode assists (yes|no), ",
             r"^svm: ready$",
             r"^svm: preemption by the local APIC timer, vector 0xec, "
             r"\d+ ticks per 1000 TSC cycles$",
             r"^svm: EFER.SVME set, host save area at 0x[0-9a-f]+$",
             r"^vm: guest=tour result=exited status=0$",
             r"^hv: power off, status 0$",
         ],
         reject=[r"PANIC", r"^\*\*\* exception", r"^vmx: "]),

    Case("qemu-no-vtx",
         "QEMU (TCG) with neither VT-x nor SVM (-cpu max,svm=off): one "
         "clear line from each backend, then a clean power-off",
         emu="qemu", status=NO_VIRT, run_args=["--qemu-cpu", "max,svm=off"],
         expect=BOOT_LINES + [
             r"^acpi: FADT rev \d+, PM1a_CNT 0x[0-9a-f]+",
             r"^hv: power off, status 2$",
         ],
         expect_count={
             r"^vmx: VT-x is not available: CPUID\.1:ECX\.VMX = 0 on this "
             r"\w+ CPU; run it in Bochs \(make run EMU=bochs\) or in QEMU "
             r"with nested KVM on an Intel host \(make run EMU=qemu-kvm\)": 1,
             r"^vmx: ": 1,
             r"^svm: AMD SVM is not available \(CPUID "
             r"0x80000001:ECX.SVM = 0\)$": 1,
             r"^svm: ": 1,
         },
         reject=[r"PANIC", r"^\*\*\* exception"]),

    Case("bochs-vmx-locked",
         "Bochs: the firmware locked VT-x off (IA32_FEATURE_CONTROL)",
         emu="bochs", status=NO_VIRT, timeout=300,
         svm="IA32_FEATURE_CONTROL is VT-x's lock",
         break_esp=chain_load_lock_vmx,
         expect=[r"^lock_vmx: IA32_FEATURE_CONTROL 0x0 -> 0x1$",
                 r"^hv: power off, status 2$"],
         expect_count={
             r'^vmx: VT-x is disabled and locked by the firmware '
             r'\(IA32_FEATURE_CONTROL = 0x1\): enable "Intel '
             r'Virtualization Technology" in the firmware setup$': 1,
             r"^vmx: ": 1},
         reject=[r"PANIC", r"^\*\*\* exception"]),

    Case("bochs-no-ept",
         "Bochs with a Core 2 (VT-x without EPT, VPID, unrestricted guest)",
         emu="bochs", status=NO_VIRT, timeout=300,
         svm="a VT-x CPU model",
         run_args=["--bochs-cpu", "core2_penryn_t9600"],
         expect=[r"^vmx: VT-x here lacks what this hypervisor needs: EPT, "
                 r"unrestricted guest, VPID; run it in Bochs",
                 r"^vmx: EPT no, unrestricted guest no, VPID no",
                 r"^hv: power off, status 2$"],
         reject=[r"PANIC", r"^\*\*\* exception", r"smoke test"]),

    Case("qemu-acpi-poweroff",
         "QEMU without the debug-exit port: ACPI S5 turns the machine off",
         emu="qemu", status=NO_VIRT,
         run_args=["--no-debug-exit", "--qemu-cpu", "max,svm=off"],
         expect=[r"^acpi: FADT rev \d+, PM1a_CNT 0x[0-9a-f]+, PM1b_CNT 0x0, "
                 r"\\_S5 SLP_TYP \d+/\d+$",
                 r"^hv: power off, status 2$",
                 r"^\[tools/run\] run: qemu exited by itself \(code 0\)$"],
         reject=[r"did not turn off"]),

    Case("qemu-framebuffer",
         "QEMU: the framebuffer console shows what the serial port shows",
         native=framebuffer_session, status=0, timeout=60,
         expect=[r"^framebuffer: rows 0-12 match the transcript$"]),

    Case("hv-exception-report",
         "a page fault in the hypervisor: report, symbolized backtrace, "
         "panic, the core snapshot tools/run takes and the GDB command "
         "it prints",
         emu="qemu", status=PANIC,
         break_esp=use_test_build("hv_page_fault.elf"),
         expect=[r"^selftest: writing to unmapped address 0x700000000000$",
                 r"^\*\*\* exception 14 \(#PF page fault\) in the hypervisor, "
                 r"error code 0x2$",
                 r"^  RIP ffffffff8[0-9a-f]{7} selftest_point\+0x[0-9a-f]+$",
                 r"^  CR2 0000700000000000  CR3 [0-9a-f]{16}  RFLAGS",
                 r"^  page fault: page not present, write, supervisor$",
                 r"^  RAX [0-9a-f]{16}  RBX [0-9a-f]{16}  RCX",
                 r"^  R12 [0-9a-f]{16}  R13",
                 r"^PANIC: unhandled exception 14 \(#PF page fault\) at "
                 r"ffffffff8[0-9a-f]{7}$",
                 r"^hv: power off, status 1$"],
         check=all_checks(in_order([
             r"^backtrace:$",
             r"^  #\d+ ffffffff8[0-9a-f]{7} panic\+0x",
             r"^  #\d+ ffffffff8[0-9a-f]{7} trap_handler\+0x",
             r"^  #\d+ ffffffff8[0-9a-f]{7} selftest_point\+0x",
             r"^  #\d+ ffffffff8[0-9a-f]{7} hv_main\+0x",
             r"^hv: power off, status 1$"]), panic_core_opens)),

    Case("hv-panic-core-bochs",
         "Bochs: a page fault in the hypervisor, its panic, the core "
         "snapshot tools/run takes at power_panic_notify() and the GDB "
         "command it prints",
         emu="bochs", status=PANIC, timeout=120,
         svm="hv-exception-report is the same on QEMU",
         break_esp=use_test_build("hv_page_fault.elf"),
         expect=[r"^PANIC: unhandled exception 14 \(#PF page fault\) at "
                 r"ffffffff8[0-9a-f]{7}$",
                 r"^hv: power off, status 1$"],
         check=panic_core_opens),

    Case("loader-missing-hv",
         "loader: no hv/hv.elf on the ESP",
         status=LOADER_ERROR, break_esp=remove("hv/hv.elf"),
         expect=[r"^hvboot: error: hv/hv\.elf: cannot open: file not found$"],
         expect_count=LOADER_FAILS, reject=NO_HYPERVISOR),

    Case("loader-corrupt-hv",
         "loader: hv/hv.elf is not an ELF file",
         status=LOADER_ERROR,
         break_esp=overwrite("hv/hv.elf", b"this is not an ELF file\n" * 100),
         expect=[r"^hvboot: error: hv/hv\.elf: not an ELF file \(bad magic\)$"],
         expect_count=LOADER_FAILS, reject=NO_HYPERVISOR),

    Case("loader-truncated-hv",
         "loader: hv/hv.elf cut short",
         status=LOADER_ERROR, break_esp=truncate("hv/hv.elf", 6000),
         expect=[r"^hvboot: error: hv/hv\.elf: truncated: segment \d+ lies "
                 r"past the end of the file \(6000 bytes\)$"],
         expect_count=LOADER_FAILS, reject=NO_HYPERVISOR),

    Case("loader-missing-guest",
         "loader: the configuration names a guest image that is not there",
         status=LOADER_ERROR,
         config="guest name=ghost image=guests/ghost.elf mem=16M\n",
         expect=[r"^hvboot: error: hv/guests/ghost\.elf: cannot open: "
                 r"file not found$"],
         expect_count=LOADER_FAILS, reject=NO_HYPERVISOR),

    Case("loader-bad-config-line",
         "loader: a configuration line it cannot parse",
         status=LOADER_ERROR,
         config=("# two guests, the second one misspelt\n"
                 "guest name=a image=guests/hello.elf mem=16M\n"
                 "guest name=b image=guests/hello.elf memory=16M\n"),
         expect=[r"^hvboot: error: hv/hv\.cfg:3: unknown key 'memory' "
                 r"\(expected name, image, mem, cmdline, limit, trace, initrd, "
                 r"module, pv or virtio\)$"],
         expect_count=LOADER_FAILS, reject=NO_HYPERVISOR),

    Case("loader-missing-config",
         "loader: no hv/hv.cfg on the ESP",
         status=LOADER_ERROR, break_esp=remove("hv/hv.cfg"),
         expect=[r"^hvboot: error: hv/hv\.cfg: cannot open: file not found$"],
         expect_count=LOADER_FAILS, reject=NO_HYPERVISOR),

    Case("loader-not-enough-memory",
         "loader: the guests need more RAM than the machine has",
         status=LOADER_ERROR, memory=256,
         config=("guest name=big1 image=guests/hello.elf mem=3G\n"
                 "guest name=big2 image=guests/hello.elf mem=1G\n"),
         expect=[r"^hvboot: error: hv/hv\.cfg: not enough memory: the guests "
                 r"need 4096 MiB \(and the hypervisor 16 MiB\), this machine "
                 r"has \d+ MiB free$"],
         expect_count=LOADER_FAILS, reject=NO_HYPERVISOR),

    Case("debug-bochs-session",
         "make debug EMU=bochs, scripted: stop at the VM-exit entry, decode "
         "the first exit, compare with the exit trace",
         native=bochs_debugger_session, status=OK, timeout=400,
         config=guest_config('name=compute image=guests/compute.elf mem=16M '
                             'cmdline="platform=pv" trace=on'),
         reject=[r"^session: ", r"Traceback"]),

    Case("lab2-guest-unsolved",
         "lab 2's guest on the hypervisor as it is: hypercall 13 does not "
         "exist, and the guest says so",
         emu="bochs", status=GUEST_FAILED, timeout=300,
         config=guest_config('name=lab2 image=guests/lab2.elf mem=16M '
                             'cmdline="platform=pv"'),
         expect=[r"^\[lab2\] lab2: hypercall 13 \(CPUID\) returned -38, "
                 r"expected \d+$",
                 r"^\[lab2\] lab2: FAIL hypercall 13 does not exist yet "
                 r"\(-HV_ENOSYS\)$",
                 r"^vm: guest=lab2 result=exited status=1$"]),

    Case("gdb-symbols",
         "GDB with build/hv.elf stops at hv_main under QEMU, no offset",
         native=gdb_session, status=OK, timeout=150,
         expect=[r"^Hardware assisted breakpoint 1 at 0xffffffff8[0-9a-f]+: "
                 r"file hv/main\.c, line \d+\.$",
                 r"^Breakpoint 1, hv_main \(bi=0x[0-9a-f]+\) at "
                 r"hv/main\.c:\d+$",
                 r"^hv_main in section \.text$",
                 r'^Line \d+ of "hv/main\.c" starts at address '
                 r"0xffffffff8[0-9a-f]+ <hv_main>",
                 r"^\$1 = 1$",
                 r"^hv: no guests yet \(they are made after VMX is on",
                 r"^  hv-break-exit all\|REASON\|KIND \[guest=NAME\]$",
                 r"^svm: ready$"]),

    Case("guest-hello-native",
         "the hello guest boots natively under qemu -kernel (Multiboot)",
         native=native("hello"), status=0,
         expect=[r"^hello: started by a multiboot loader$",
                 r"^hello: done$"]),

    Case("guest-exits-native",
         "the exits guest passes its own checks natively (QEMU TCG)",
         # -icount: QEMU's clocks follow the instructions, so the PIT's
         # tick is due when the guest's TSC says (interrupt-window); on
         # host time a loaded machine delivers it late.
         native=lambda build, image, log: run_native(
             build, "exits", log, extra=("-icount", "shift=0,sleep=off")),
         status=0,
         expect=[r"^exits: cpuid-0: ok$", r"^exits: done, 0 failed$"],
         reject=[r"FAIL"]),

    Case("tour-same-as-native",
         "tour prints the same under the hypervisor (Bochs) as on QEMU",
         native=same_as_native("tour"), status=0, timeout=300,
         expect=[r"^native status 0, hypervisor status 0$",
                 r"^compared 1\d lines \(\d+ differ by design\)$",
                 r"^transcripts match$",
                 r"^vm: guest=tour result=exited status=0$",
                 r"^exits: guest=tour total=\d+ cycles=\d+$",
                 r"^exits: guest=tour reason=IO_INSTRUCTION kind=io count=\d+ "
                 r"cycles=\d+ vmreads=\d+ vmwrites=\d+$",
                 r"^exits: guest=tour reason=HLT kind=hlt count=\d+ cycles=\d+ "
                 r"vmreads=\d+ vmwrites=\d+$"]),

    Case("exits-under-hv",
         "the exits guest causes every handled exit kind and checks each",
         emu="bochs", status=OK, timeout=300,
         config=guest_config("name=exits image=guests/exits.elf mem=16M "
                             "trace=on"),
         check=trace_complete("exits", "IO_INSTRUCTION", "out8 port 0xf4"),
         expect=[r"^\[exits\] exits: done, 0 failed$",
                 r"^vm: guest=exits result=exited status=0$"] +
         [r"^exits: guest=exits reason=%s kind=\w+ count=\d+ cycles=\d+ "
          r"vmreads=\d+ "
          r"vmwrites=\d+$" % r
          for r in ("CPUID", "HLT", "INVD", "WBINVD", "IO_INSTRUCTION",
                    "MSR_READ", "MSR_WRITE", "CR_ACCESS", "XSETBV", "VMON",
                    "INTERRUPT_WINDOW", "PREEMPTION_TIMER")],
         reject=[r"FAIL", r"skipped", r"PANIC"]),

    Case("pvtest-under-hv",
         "pvtest: every hypercall with good and bad arguments, checked",
         emu="bochs", status=OK, timeout=300,
         config=guest_config('name=pvtest image=guests/pvtest.elf mem=16M '
                             'cmdline="platform=pv"'),
         check=pvtest_trace_dumps,
         expect=[r"^\[pvtest\] pvtest: done, 0 failed$",
                 r"^\[pvtest\] pvtest: rf-null: ok$",
                 r"^vm: guest=pvtest result=exited status=0$",
                 r"^exits: guest=pvtest reason=VMCALL kind=hypercall count=\d+ "],
         reject=[r"FAIL", r"PANIC", r"result=stopped"]),

    Case("pv-refused-natively",
         "platform=pv under QEMU: the guest finds no EduHV and says so",
         native=lambda build, image, log: run_native(
             build, "console", log, append="platform=pv"),
         status=124,
         expect=[r'platform=pv, but the hypervisor is "TCGTCGTCGTCG", '
                 r'not "EduHV x86-64"']),

    Case("compare-full-vs-pv",
         "make compare twice: figures hold, counts repeat, same lines",
         native=compare_twice, status=0, timeout=1500,
         expect=[r"^run 1: check: all figures hold$",
                 r"^run 2: check: all figures hold$",
                 r"^run 2: repeat-check: exit counts equal; cycles equal$",
                 r"^console: \d+ lines, the same full and PV$",
                 r"^timer: \d+ lines, the same full and PV$",
                 r"^idle: \d+ lines, the same full and PV$",
                 r"^compute: \d+ lines, the same full and PV$",
                 r"^nullop: \d+ lines, the same full and PV$"],
         reject=[r"DIFFERENT", r"check: .*expected"]),

    Case("compare-svm",
         "make compare's SVM half twice (QEMU TCG, -icount): figures hold, "
         "counts and instructions repeat exactly, same lines full and PV",
         native=lambda build, image, log: compare_twice(build, image, log,
                                                        backend="svm"),
         status=0, timeout=1500,
         expect=[r"^run 1: compare: booting 10 guests in QEMU's TCG with "
                 r"-icount \(SVM\)",
                 r"^run 1: check: all figures hold$",
                 r"^run 2: check: all figures hold$",
                 r"^run 2: repeat-check: exit counts equal; cycles equal$",
                 r"^console: \d+ lines, the same full and PV$",
                 r"^nullop: \d+ lines, the same full and PV$"],
         reject=[r"DIFFERENT", r"check: .*expected"]),

    Case("sched-together-same-as-alone",
         "four guests at once print what each prints alone",
         native=together_same_as_alone, status=OK, timeout=600,
         expect=[r"^sequential status 0, round-robin status 0$",
                 r"^tour: \d+ lines, the same alone and together$",
                 r"^exits: \d+ lines, the same alone and together$",
                 r"^hello: \d+ lines, the same alone and together$",
                 r"^timer: \d+ lines, the same alone and together$",
                 r"^round-robin: the guests' lines interleave \(\d+ switches\)$",
                 r"^outcome: tour +exited +0 ",
                 r"^outcome: timer +exited +0 "],
         reject=[r"DIFFERENT", r"NOT"]),

    Case("sched-pingpong",
         "two guests play ping-pong with messages, beside a third",
         emu="bochs", status=OK, timeout=300,
         config=guest_config(
             'name=ping image=guests/pingpong.elf mem=16M '
             'cmdline="platform=pv role=ping peer=1 rounds=100"',
             'name=pong image=guests/pingpong.elf mem=16M '
             'cmdline="platform=pv role=pong peer=0"',
             'name=tour image=guests/tour.elf mem=16M cmdline="console=serial"'),
         expect=[r"^\[ping\] pingpong: ping done, 100 rounds$",
                 r"^\[pong\] pingpong: pong done, 100 rounds$",
                 r"^outcome: ping +exited +0 ",
                 r"^outcome: pong +exited +0 ",
                 r"^outcome: tour +exited +0 "],
         reject=[r"PANIC", r"stopped"]),

    Case("contain-endless",
         "spinning, exception storm, garbage hypercalls, random ports/MSRs: "
         "stopped at their time limit, the others finish",
         emu="bochs", status=GUEST_FAILED, timeout=300,
         config=guest_config(
             'name=spin image=guests/hostile.elf mem=16M cmdline="spin" '
             'limit=1s',
             'name=storm image=guests/hostile.elf mem=16M cmdline="storm" '
             'limit=1s',
             'name=garbage image=guests/hostile.elf mem=16M '
             'cmdline="hypercall-garbage platform=pv" limit=1s',
             'name=ports image=guests/hostile.elf mem=16M cmdline="ports" '
             'limit=1s',
             'name=tour image=guests/tour.elf mem=16M cmdline="console=serial"',
             "name=hello image=guests/hello.elf mem=16M"),
         expect=[r"^outcome: %s +stopped +- +\d+ +\d+  time limit of 1000 "
                 r"ms reached" % g for g in ("spin", "storm", "garbage",
                                             "ports")] +
                [r"^outcome: tour +exited +0 ", r"^outcome: hello +exited +0 ",
                 r"^\[tour\] tour: done$", r"^hv: power off, status 5$"],
         check=lambda text: [] if len(re.findall(
             r"^\[tour\] tour: ", text, re.M)) >= 15 else
             ["tour's transcript is incomplete"],
         reject=[r"PANIC", r"\x1b"]),

    Case("contain-crashes",
         "triple fault, writes and reads outside RAM, other guests' RAM: "
         "stopped at once, the others finish",
         emu="bochs", status=GUEST_FAILED, timeout=300,
         config=guest_config(
             'name=triple image=guests/hostile.elf mem=16M cmdline="triple"',
             'name=eptr image=guests/hostile.elf mem=16M cmdline="ept-read"',
             'name=eptw image=guests/hostile.elf mem=16M cmdline="ept-write"',
             'name=other image=guests/hostile.elf mem=16M cmdline="other-ram"',
             'name=tour image=guests/tour.elf mem=16M cmdline="console=serial"',
             "name=hello image=guests/hello.elf mem=16M"),
         expect=[r"^outcome: triple +stopped +- .*  triple fault at RIP",
                 r"^outcome: eptr +stopped +- .*  read at guest-physical "
                 r"0x20000000, RIP 0x[0-9a-f]+: outside the guest's RAM$",
                 r"^outcome: eptw +stopped +- .*  write at guest-physical "
                 r"0x20000000, RIP 0x[0-9a-f]+: outside the guest's RAM$",
                 r"^outcome: other +stopped +- .*  read at guest-physical "
                 r"0x1000000, RIP 0x[0-9a-f]+: outside the guest's RAM$",
                 r"^outcome: tour +exited +0 ", r"^outcome: hello +exited +0 "],
         reject=[r"PANIC", r"still running"]),

    Case("fuzzer-guest",
         "100,000 random hypercalls and 100,000 random port/MSR accesses",
         emu="bochs", status=OK, timeout=900,
         config=guest_config(
             'name=fuzzer image=guests/fuzzer.elf mem=16M '
             'cmdline="platform=pv count=100000" limit=600s',
             "name=hello image=guests/hello.elf mem=16M"),
         expect=[r"^\[fuzzer\] fuzzer: done, 100000 hypercalls, 1000\d\d port "
                 r"and MSR accesses, 0 failed$",
                 r"^outcome: fuzzer +exited +0 ",
                 r"^outcome: hello +exited +0 "],
         reject=[r"PANIC", r"FAIL"]),

    Case("contain-ept-violation",
         "a guest reading outside its RAM is stopped; the next one runs",
         emu="bochs", status=GUEST_FAILED, timeout=300,
         config=guest_config(
             'name=bad image=guests/crash.elf mem=16M cmdline="ept-read"',
             "name=good image=guests/hello.elf mem=16M"),
         expect=[r'^vm: guest=bad result=stopped reason="read at '
                 r"guest-physical 0x20000000, RIP 0x[0-9a-f]+: outside the "
                 r'guest\'s RAM"$',
                 r"^exits: guest=bad reason=EPT_VIOLATION kind=npf count=1 ",
                 r"^\[good\] hello: done$",
                 r"^vm: guest=good result=exited status=0$",
                 r"^hv: power off, status 5$"],
         reject=[r"crash: read", r"PANIC"]),

    Case("contain-triple-fault",
         "a guest that triple-faults is stopped; the next one runs",
         emu="bochs", status=GUEST_FAILED, timeout=300,
         config=guest_config(
             'name=bad image=guests/crash.elf mem=16M cmdline="triple"',
             "name=good image=guests/hello.elf mem=16M"),
         expect=[r'^vm: guest=bad result=stopped reason="triple fault at '
                 r"RIP 0x[0-9a-f]+ ",
                 r"^exits: guest=bad reason=TRIPLE_FAULT kind=shutdown count=1 ",
                 r"^vm: guest=good result=exited status=0$"],
         reject=[r"still running", r"PANIC"]),

    Case("unexpected-exit",
         "an exit no handler expects (test build): VMCS dump, only that VM stops",
         emu="bochs", status=GUEST_FAILED, timeout=300,
         break_esp=use_test_build("hv_unexpected_exit.elf"),
         config=guest_config("name=exits image=guests/exits.elf mem=16M",
                             "name=hello image=guests/hello.elf mem=16M"),
         expect=[r"^selftest: RDTSC exiting on for guest exits$",
                 r"^\[exits\] unexpected VM exit 16 \(RDTSC\), "
                 r"qualification 0x0, RIP 0x[0-9a-f]+; the VMCS:$",
                 r"^  GUEST_RIP +0x[0-9a-f]+$",
                 r"^  CPU_BASED_VM_EXEC_CONTROL +0x[0-9a-f]+$",
                 r'^vm: guest=exits result=stopped reason="unexpected VM '
                 r'exit 16 \(RDTSC\) at RIP 0x[0-9a-f]+"$',
                 r"^vm: guest=hello result=exited status=0$"],
         svm_expect=[r"^selftest: RDTSC exiting on for guest exits$",
                     r"^\[exits\] unexpected VM exit 110 \(RDTSC\), "
                     r"qualification 0x0, RIP 0x[0-9a-f]+; the VMCS:$",
                     r"^  RIP +0x[0-9a-f]+$",
                     r"^  INTERCEPT_VECTOR_3 +0x[0-9a-f]*4[0-9a-f]{3}$",
                     r'^vm: guest=exits result=stopped reason="unexpected '
                     r'VM exit 110 \(RDTSC\) at RIP 0x[0-9a-f]+"$',
                     r"^vm: guest=hello result=exited status=0$"],
         reject=[r"PANIC", r"exits: done"]),

    Case("svm-vmrun-checker",
         "a VMCB VMRUN refuses (test build): the checker names the APM rule",
         emu="qemu", status=GUEST_FAILED, timeout=300, svm="only",
         break_esp=use_test_build("hv_bad_vmcb.elf"),
         config=guest_config("name=tour image=guests/tour.elf mem=16M",
                             "name=hello image=guests/hello.elf mem=16M"),
         expect=[r"^selftest: EFER 0x1000 -> 0x0 \(EFER.SVME cleared\)$",
                 r"^\[tour\] VMRUN failed \(VMEXIT_INVALID\) at RIP "
                 r"0x[0-9a-f]+; the consistency checks",
                 r"^\[tour\]   APM 15.5.1 rule 0: EFER.SVME is zero "
                 r"\(EFER = 0x0\)$",
                 r'^vm: guest=tour result=stopped reason="VM entry failed '
                 r'\(INVALID\)',
                 r"^vm: guest=hello result=exited status=0$"],
         reject=[r"PANIC", r"rule [1-9]"]),

    Case("vmx-preflight-checker",
         "a broken guest-state field (test build): the checker names it",
         emu="bochs", status=GUEST_FAILED, timeout=300,
         svm="VT-x's guest-state checker",
         break_esp=use_test_build("hv_bad_guest_state.elf"),
         expect=[r"^selftest: GUEST_CR0 0x[0-9a-f]+ -> 0x[0-9a-f]+ "
                 r"\(CR0.NE cleared\)$",
                 r"^\[tour\] VM entry failed: exit reason 33 "
                 r"\(INVALID_STATE\)",
                 r"^\[tour\] vmx check: GUEST_CR0 = 0x[0-9a-f]+: CR0.NE "
                 r"must be 1 \(IA32_VMX_CR0_FIXED0\) \[SDM 27.3.1.1\]$",
                 r"^\[tour\] the pre-flight checker found 1 broken rule "
                 r"above$",
                 r'^vm: guest=tour result=stopped reason="VM entry failed'],
         reject=[r"PANIC"]),
]

# Each area of the platform keeps its cases in its own file,
# tests/system/cases_AREA.py, with a CASES list of its own.
for _path in sorted(__import__("glob").glob(
        os.path.join(os.path.dirname(os.path.abspath(__file__)),
                     "cases_*.py"))):
    _name = os.path.splitext(os.path.basename(_path))[0]
    CASES += __import__(_name).CASES
