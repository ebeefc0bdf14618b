# SPDX-License-Identifier: MIT
"""GDB at source level through a VM exit, on any machine: make debug
EMU=qemu, scripted. QEMU's TCG emulates AMD SVM, so the hypervisor runs
its guests there on its SVM backend, and QEMU's gdbstub lets GDB stop in
the exit handler, step it line by line, decode the exit and go on
(docs/guide/08-debugging.md)."""

import os
import re
import subprocess

from cases import Case, OK, ROOT, debug_session

GDB_PORT = 12346
GDB_EXIT_SESSION = """continue
hv-break-exit CPUID
continue
hv-exit
step
step
step
hv-regs
hv-vmcb control.exitcode save.rip
delete
detach
"""


def gdb_exit_session(build, image, log):
    status, text, serial = debug_session("qemu", build, image, log,
                                         GDB_EXIT_SESSION, 240, "--port",
                                         str(GDB_PORT))
    return status, text + "\n" + serial


# Filters that compose (hv-break-exit lists, adds, removes), hv-help,
# and the guest's symbols at a stop. IO_INSTRUCTION is VT-x's name: on
# SVM it stops at the exits of its kind (IOIO). tour's exit 0 is CPUID: with the
# CPUID filter removed, the first stop must be a later IOIO exit; after
# "off", no breakpoint is left but hv_main's. First, a breakpoint in the
# guest's kmain: GDB says "in ?? ()", hv.py names it and loads tour's
# symbols, and bt shows kmain.
GDB_FILTER_SESSION = """continue
hbreak *0x%(kmain)x
continue
bt 1
delete 2
hv-help
hv-break-exit
hv-break-exit CPUID
hv-break-exit IO_INSTRUCTION guest=tour
hv-break-exit hypercall
hv-break-exit
hv-break-exit -CPUID
hv-break-exit -hypercall
hv-break-exit
continue
hv-exit
hv-bt
hv-break-exit off
hv-break-exit
info breakpoints
detach
"""

# A guest's symbol and source line, as tools/guestsyms.py prints it.
TOUR_SYM = r"<\w+(?:\+0x[0-9a-f]+)?> at guest/[\w/]+\.\w+:\d+"


def gdb_filter_session(build, image, log):
    kmain = guest_symbol(os.path.join(build, "guests", "tour.elf"), "kmain")
    status, text, serial = debug_session("qemu", build, image, log,
                                         GDB_FILTER_SESSION %
                                         {"kmain": kmain}, 120, "--port",
                                         str(GDB_PORT + 1))
    return status, text + "\n" + serial


def guest_symbol(elf, name):
    """The address of @name in a guest image (nm)."""
    out = subprocess.run(["nm", elf], stdout=subprocess.PIPE,
                         universal_newlines=True).stdout
    m = re.search(r"^([0-9a-f]+) T %s$" % name, out, re.M)
    return int(m.group(1), 16)


# The same on the Bochs path (tools/debug: Bochs's debugger, the hv-*
# commands on snapshots): filters (IOIO, SVM's name, stops at VT-x's
# exits of its kind, HV_EXIT_IO), hv-help, a breakpoint at the guest's
# kmain shown with tour's symbol, Bochs's "in ?? ()" with the
# hypervisor's.
BOCHS_FILTER_SESSION = """\
hv-help
hv-break-exit
hv-break-exit CPUID guest=tour
hv-break-exit IOIO
hv-break-exit
hv-break-exit -CPUID
hv-break-exit
lb 0x%(kmain)x
c
d 4
c
hv-exit
hv-bt
hv-break-exit off
hv-break-exit
blist
c
"""


def bochs_filter_session(build, image, log):
    kmain = guest_symbol(os.path.join(build, "guests", "tour.elf"), "kmain")
    status, text, serial = debug_session(
        "bochs", build, image, log, BOCHS_FILTER_SESSION % {"kmain": kmain},
        120)
    return status, text + "\n" + serial


CASES = [
    Case("gdb-svm-filters",
         "make debug EMU=qemu, scripted: hv-break-exit lists, adds and "
         "removes filters (a removed one no longer stops, off leaves no "
         "breakpoint), hv-help, the guest's symbols at the stop and in "
         "hv-bt, and GDB's own bt in a guest's code",
         native=gdb_filter_session, status=OK, timeout=150,
         expect=[r"^Breakpoint 2, 0x0+[0-9a-f]+ in \?\? \(\)\n"
                 r"hv: in guest tour <kmain> at guest/tour\.c:\d+\n"
                 r"hv: guest symbols from build/guest/tour\.elf64 "
                 r"\(add-symbol-file\)$",
                 r"^#0  kmain \(.*\) at guest/tour\.c:\d+$",
                 r"^hypervisor commands \(GDB, tools/gdb/hv\.py\):$",
                 r"^  hv-break-exit off +remove every exit filter$",
                 r"^hv: no exit filters \(hv-break-exit all: stop at every "
                 r"full exit\)$",
                 r"^hv: breakpoint 3 at every CPUID exit \(in "
                 r"hv_handle_exit\)$",
                 r"^hv: breakpoint 4 at every IO_INSTRUCTION exit of guest "
                 r"tour \(in hv_handle_exit\)$",
                 r"^hv: breakpoint 5 at every HV_EXIT_HYPERCALL exit \(in "
                 r"hv_handle_exit\)$",
                 r"^hv: 3 exit filter\(s\), any of them stops:\n"
                 r"  breakpoint 3: every CPUID exit\n"
                 r"  breakpoint 4: every IO_INSTRUCTION exit of guest tour\n"
                 r"  breakpoint 5: every HV_EXIT_HYPERCALL exit$",
                 r"^hv: removed breakpoint 3 \(every CPUID exit\)$",
                 r"^hv: removed breakpoint 5 \(every HV_EXIT_HYPERCALL "
                 r"exit\)$",
                 r"^hv: 1 exit filter\(s\), any of them stops:\n"
                 r"  breakpoint 4: every IO_INSTRUCTION exit of guest tour\n"
                 r"hv: breakpoint 4: guest tour, IOIO exit at 0x[0-9a-f]+ "
                 + TOUR_SYM + "$",
                 r"^guest tour, exit [1-9]\d*: IOIO \(reason 123, ",
                 r"^  guest RIP: +0x[0-9a-f]+ " + TOUR_SYM + "$",
                 r"^#0  hv_handle_exit \(.*\) at hv/exit\.c:\d+$",
                 r"^#1  0xffffffff8[0-9a-f]+ in vm_run_slice \(.*\) at "
                 r"hv/vm\.c:\d+$",
                 r"^guest tour: at 0x[0-9a-f]+ " + TOUR_SYM + "$",
                 r"^hv: 1 exit filter\(s\) removed\nhv: no exit filters",
                 r"^vm: guest=tour result=exited status=0$",
                 r"^hv: power off, status 0$"],
         expect_count={r"^Breakpoint \d+, hv_handle_exit": 1,
                       r"^\d+ +breakpoint +keep +y .* in hv_handle_exit ": 0,
                       r"^1 +hw breakpoint +keep +y .* in hv_main at "
                       r"hv/main\.c:\d+$": 1},
         # (GDB's first stop, at the reset vector, is "in ?? ()": no
         # symbol there, rightly)
         reject=[r"^Python Exception", r"PANIC", r"^#\d+ .*\?\?",
                 r"no symbol in"]),

    Case("debug-bochs-filters",
         "make debug EMU=bochs, scripted: hv-help, hv-break-exit lists, "
         "adds and removes filters (a removed one no longer stops, off "
         "leaves no breakpoint at hv_handle_exit), a guest breakpoint "
         "and Bochs's breakpoint lines with symbols, hv-bt with the "
         "guest's",
         native=bochs_filter_session, status=OK, timeout=300,
         expect=[r"^hypervisor commands \(Bochs, tools/debug: ",
                 r"^  hv-break-exit off +remove every exit filter$",
                 r"^debug: no exit filters \(hv-break-exit all: stop at "
                 r"every full exit\)$",
                 r"^debug: stopping at every exit with reason 10 \(CPUID\) "
                 r"of guest tour \(breakpoint at hv_handle_exit "
                 r"0x[0-9a-f]+\)$",
                 r"^debug: 2 exit filter\(s\), any of them stops \(at "
                 r"hv_handle_exit 0x[0-9a-f]+\):\n"
                 r"  filter 1: every exit with reason 10 \(CPUID\) of guest "
                 r"tour\n"
                 r"  filter 2: every exit of kind 8 \(IOIO\)$",
                 r"^debug: removed every exit with reason 10 \(CPUID\) of "
                 r"guest tour$",
                 r"^\(0\) Breakpoint 4, 0x0+[0-9a-f]+ in guest tour <kmain> "
                 r"at guest/tour\.c:\d+$",
                 r"^\(0\) \[0x[0-9a-f]+\] 0008:0+[0-9a-f]+ \(guest tour "
                 r"<kmain>, guest/tour\.c:\d+\): ",
                 r"^\(0\) Breakpoint 3, 0xffffffff8[0-9a-f]+ in "
                 r"hv_handle_exit \(\)$",
                 r"^guest tour, exit [1-9]\d*: IO_INSTRUCTION \(reason 30, ",
                 r"^#0  hv_handle_exit \(.*\) at hv/exit\.c:\d+$",
                 r"^guest tour: at 0x[0-9a-f]+ " + TOUR_SYM + "$",
                 r"^debug: 1 exit filter\(s\) removed\n<hv-debug> "
                 r"hv-break-exit\ndebug: no exit filters",
                 r"^vm: guest=tour result=exited status=0$"],
         # after off: no breakpoint at hv_handle_exit (3) is left
         expect_count={r"^\(0\) Breakpoint 3, ": 1,
                       r"^ +3 +lbreakpoint ": 0},
         reject=[r"Traceback", r"PANIC", r"in \?\? \(\)",
                 r"^Python Exception"]),


    Case("gdb-svm-exit",
         "make debug EMU=qemu, scripted: GDB stops at tour's first CPUID "
         "exit in hv_handle_exit under SVM, decodes it, steps three lines "
         "into handle_cpuid() at source level, reads the VMCB, detaches, "
         "and the machine runs to its end",
         native=gdb_exit_session, status=OK, timeout=300,
         expect=[r"^hv: breakpoint \d+ at every CPUID exit \(in "
                 r"hv_handle_exit\)$",
                 r"^Breakpoint \d+, hv_handle_exit \(v=.*0x[0-9a-f]+ <vms\+\d+>, "
                 r"e=.*\) at hv/exit\.c:\d+$",
                 r"^\d+\t\tenum hv_exit_kind k = ",
                 r"^guest tour, exit \d+: CPUID \(reason 114, APM vol\. 2 "
                 r"Appendix C\)$",
                 r"^  kind: +HV_EXIT_CPUID$",
                 r"^  handler: +handle_cpuid\(\) in hv/cpuid\.c:\d+",
                 r"^handle_cpuid \(v=0x[0-9a-f]+ <vms\+\d+>, e=0x[0-9a-f]+ "
                 r"<vms\+\d+>\) at hv/cpuid\.c:\d+$",
                 r"^\d+\t\tuint32_t leaf = \(uint32_t\)v->regs\.rax",
                 r"^control\.exitcode +0x72$",
                 r"^save\.rip +0x[0-9a-f]+$",
                 r"^  mode: +32-bit protected mode, paging off, CPL 0$",
                 r"^  mode   32-bit protected mode, paging off, CPL 0$",
                 r"^svm: ready$",
                 r"^vm: guest=tour result=exited status=0$",
                 r"^hv: power off, status 0$"],
         reject=[r"^Python Exception", r"^hv: no ", r"PANIC"]),
]
