# SPDX-License-Identifier: MIT
"""System cases of the student's path (issue 15): `make run` reports the
hypervisor's status (item 3); the exit trace's ring size per guest
(item 4); lab 4's guest, natively and under the hypervisor (item 5)."""
import os
import re
import shlex
import subprocess

from cases import (Case, ROOT, OK, PANIC, NO_VIRT, LOADER_ERROR,
                   GUEST_FAILED, use_test_build, guest_config, exittrace,
                   panic_core_opens, LOADER_FAILS, NO_HYPERVISOR,
                   same_as_native)
from cases_apic import ICOUNT

# What tools/run's last line says for each status (the README's table).
MEANING = {
    OK: "fine",
    PANIC: "the hypervisor panicked",
    NO_VIRT: "no usable VT-x or SVM",
    LOADER_ERROR: "the loader stopped with an error",
    4: "the emulator ended early",
    GUEST_FAILED: "a guest was stopped or failed",
    124: "timeout",
}


def make_run(emu, *run_args):
    """`make run` on the case's ESP image, as a student types it (the
    image, log and status file pointed at the case's directory through
    RUN_ARGS and RUN_STATUS). The case's status is the one build/run-status holds; make's
    own status must be 0 for 0 and 2 (GNU make's) for anything else."""
    def run(build, image, log):
        where = os.path.dirname(log)
        status_file = os.path.join(where, "run-status")
        args = ["--image", image, "--log", log] + list(run_args)
        # -o all: the case's build is made already; remaking build/esp.img
        # here would race with the other cases.
        cmd = ["make", "-s", "-o", "all", "run", "BUILD=" + build,
               "EMU=" + emu, "TIMEOUT=300", "RUN_STATUS=" + status_file,
               "RUN_ARGS=" + " ".join(shlex.quote(a) for a in args)]
        # As a user types it: not as a sub-make of make test, whose
        # MAKELEVEL would make it "make[2]: ***" and MAKEFLAGS pass on.
        env = {k: v for k, v in os.environ.items() if k not in
               ("MAKELEVEL", "MAKEFLAGS", "MFLAGS", "MAKEOVERRIDES")}
        p = subprocess.run(cmd, cwd=ROOT, stdin=subprocess.DEVNULL, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=600)
        out = p.stdout.decode("utf-8", "replace").splitlines()
        text = open(log).read() if os.path.exists(log) else ""
        text += "".join("\n[make run] " + line for line in out)
        try:
            status = int(open(status_file).read())
        except (OSError, ValueError):
            return 99, text + "\nno status in " + status_file
        text += "\nrun-status: %d" % status
        text += "\nmake's status: %d" % p.returncode
        # The last line tools/run prints, then make's own verdict.
        lines = [line for line in out if line.startswith("run: ")]
        text += "\nlast run line: " + (lines[-1] if lines else "(none)")
        return status, text
    return run


def status_case(name, doc, status, emu="qemu", run_args=(), **kw):
    expect = [r"^run-status: %d$" % status,
              r"^last run line: run: exit status %d \(%s\)$"
              % (status, MEANING[status]),
              r"^make's status: %d$" % (0 if status == OK else 2)]
    if status != OK:
        expect.append(r"^\[make run\] make: \*\*\* \[Makefile:\d+: run\] "
                      r"Error %d$" % status)
    return Case(name, doc, native=make_run(emu, *run_args), status=status,
                expect=expect + kw.pop("expect", []),
                reject=[r"Traceback"], **kw)


def trace_sizes(sizes):
    """Each guest's dump at its end holds min(its ring, its exits) of its
    newest exits, as many as its statistics count (hv/trace.h)."""
    def check(text):
        et = exittrace()
        try:
            traces = et.parse(text)
        except et.TraceError as e:
            return ["trace: %s" % e]
        problems = []
        for guest, size in sizes.items():
            t = traces.get(guest)
            total = re.search(r"^exits: guest=%s total=(\d+) " % guest,
                              text, re.M)
            if not t or not total:
                problems.append("no trace or statistics of %s" % guest)
                continue
            n = int(total.group(1))
            seqs = sorted(t.records)
            want = list(range(max(0, n - size), n))
            if t.recorded != n or seqs != want:
                problems.append(
                    "trace of %s (ring %d): %d exits, statistics %d, shown "
                    "%s..%s (%d), expected %d..%d" %
                    (guest, size, t.recorded, n, seqs[:1], seqs[-1:],
                     len(seqs), want[0] if want else -1,
                     want[-1] if want else -1))
            if size > 1024 and n <= 1024:
                problems.append("%s made only %d exits: the case cannot "
                                "tell a ring of %d from the default"
                                % (guest, n, size))
        return problems
    return check


def run_into_head(build, image, log):
    """tools/run | head -1: the reader goes after the first line; tools/run
    must go on to the end (the emulator stopped, the real status), with no
    BrokenPipeError traceback (tools/quietpipe.py)."""
    head = subprocess.Popen(["head", "-1"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE)
    p = subprocess.Popen([os.path.join(ROOT, "tools", "run"), "--emu", "qemu",
                          "--qemu-cpu", "max,svm=off", "--image", image,
                          "--log", log, "--timeout", "120"],
                         stdout=head.stdin, stderr=subprocess.PIPE, cwd=ROOT)
    head.stdin.close()
    err = p.communicate(timeout=300)[1].decode("utf-8", "replace")
    first = head.stdout.read().decode("utf-8", "replace")
    head.stdout.close()
    head.wait()
    text = open(log).read() if os.path.exists(log) else ""
    text += "\nhead printed: " + first
    text += "".join("\n[tools/run stderr] " + line
                    for line in err.splitlines())
    return p.returncode, text


CASES = [
    Case("lab4-same-as-native",
         "lab 4's guest: the local APIC timer's one-shot mode (counts down, "
         "fires once, reads 0, re-armed by a write, quiet when masked) as "
         "on QEMU, so that the lab's checks are a real APIC's",
         native=same_as_native("lab4", extra=ICOUNT,
                               differ=(r"^lab4: counting down: ",)),
         status=0, timeout=300,
         config=guest_config("name=lab4 image=guests/lab4.elf mem=16M "
                             'cmdline="console=serial"'),
         expect=[r"^native status 0, hypervisor status 0$",
                 r"^compared 5 lines \(1 differ by design\)$",
                 r"^transcripts match$",
                 r"^vm: guest=lab4 result=exited status=0$"]),
    Case("run-into-head",
         "tools/run | head -1: it goes on to the hypervisor's end and its "
         "status, quietly",
         native=run_into_head, status=NO_VIRT,
         expect=[r"^head printed: run: qemu-system-x86_64 ",
                 r"^hv: power off, status 2$",
                 r"^\[tools/run stderr\] run: exit status 2 "],
         reject=[r"Traceback", r"BrokenPipe"]),
    Case("trace-ring-sizes",
         "trace=16 and trace=4096 on two guests: each dump holds its own "
         "ring's worth of newest exits (the tour's ~1800: all of them)",
         emu="bochs", status=OK, timeout=300,
         config="schedule sequential\n" + guest_config(
             "name=exits image=guests/exits.elf mem=16M trace=16",
             'name=tour image=guests/tour.elf mem=16M '
             'cmdline="console=serial" trace=4K'),
         check=trace_sizes({"exits": 16, "tour": 4096}),
         expect=[r"^vm: guest=exits result=exited status=0$",
                 r"^vm: guest=tour result=exited status=0$",
                 r"^trace: guest=exits why=end .* shown=16 fastpath=0$"],
         reject=[r"PANIC", r"FAIL"]),
    Case("trace-bad-ring-size",
         "loader: trace=1000 is not a power of two",
         status=LOADER_ERROR,
         config=guest_config("name=a image=guests/hello.elf mem=16M "
                             "trace=1000"),
         expect=[r"^hvboot: error: hv/hv\.cfg:1: trace '1000': the ring "
                 r"size must be a power of two from 16 to 65536 exits$"],
         expect_count=LOADER_FAILS, reject=NO_HYPERVISOR),

    status_case("make-run-status-0",
                "make run, all guests exit 0: status 0, make says 0",
                OK, emu="bochs", timeout=300,
                expect=[r"^hv: power off, status 0$"]),
    status_case("make-run-status-panic",
                "make run, the hypervisor panics (test build): status 1, "
                "and the core snapshot opens with the command it prints",
                PANIC, break_esp=use_test_build("hv_page_fault.elf"),
                expect=[r"^PANIC: unhandled exception 14"],
                check=panic_core_opens),
    status_case("make-run-status-no-virt",
                "make run on a CPU with neither VT-x nor SVM: status 2",
                NO_VIRT, run_args=["--qemu-cpu", "max,svm=off"],
                expect=[r"^hv: power off, status 2$"]),
    status_case("make-run-status-loader",
                "make run, the configuration names a missing guest: "
                "status 3",
                LOADER_ERROR,
                config="guest name=ghost image=guests/ghost.elf mem=16M\n",
                expect=[r"^hvboot: error: hv/guests/ghost\.elf: cannot "
                        r"open: file not found$"]),
    status_case("make-run-status-no-end",
                "make run, the emulator ends before the hypervisor's last "
                "line (QEMU with 1 MiB, the firmware cannot start): status 4",
                4, run_args=["--memory", "1"],
                expect=[r"^\[make run\] run: qemu ended without the "
                        r"hypervisor's last line"]),
    status_case("make-run-status-guest-failed",
                "make run, a guest exits with status 1: status 5",
                GUEST_FAILED, emu="bochs", timeout=300,
                config=guest_config('name=lab2 image=guests/lab2.elf '
                                    'mem=16M cmdline="platform=pv"'),
                expect=[r"^vm: guest=lab2 result=exited status=1$"]),
    status_case("make-run-status-timeout",
                "make run, stopped at its timeout: status 124",
                124, run_args=["--timeout", "2"],
                expect=[r"^\[make run\] run: timed out after 2 s$"]),
]
