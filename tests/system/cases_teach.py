# SPDX-License-Identifier: MIT
"""System cases of the student's path (issue 15): `make run` reports the
hypervisor's status (item 3)."""
import os
import shlex
import subprocess

from cases import (Case, ROOT, OK, PANIC, NO_VIRT, LOADER_ERROR,
                   GUEST_FAILED, use_test_build, guest_config)

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
        p = subprocess.run(cmd, cwd=ROOT, stdin=subprocess.DEVNULL,
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


CASES = [
    status_case("make-run-status-0",
                "make run, all guests exit 0: status 0, make says 0",
                OK, emu="bochs", timeout=300,
                expect=[r"^hv: power off, status 0$"]),
    status_case("make-run-status-panic",
                "make run, the hypervisor panics (test build): status 1",
                PANIC, break_esp=use_test_build("hv_page_fault.elf"),
                expect=[r"^PANIC: unhandled exception 14"]),
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
