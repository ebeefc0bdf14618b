# SPDX-License-Identifier: MIT
"""GDB at source level through a VM exit, on any machine: make debug
EMU=qemu, scripted. QEMU's TCG emulates AMD SVM, so the hypervisor runs
its guests there on its SVM backend, and QEMU's gdbstub lets GDB stop in
the exit handler, step it line by line, decode the exit and go on
(docs/guide/08-debugging.md)."""

from cases import Case, OK, debug_session

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


CASES = [
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
