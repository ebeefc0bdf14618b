# SPDX-License-Identifier: MIT
"""The hypervisor's debugger commands, one line each: what hv-help
prints, in GDB (tools/gdb/hv.py) and in the Bochs session of tools/debug,
which runs the same commands on a snapshot."""

COMMANDS = [
    ("hv-guests", "the VMs, and which one runs now"),
    ("hv-break-exit all|REASON|KIND [guest=NAME]",
     "stop at full VM exits: all, one reason (either vendor's\n"
     "name, or a number), one kind (io, hypercall ...), one guest"),
    ("hv-break-exit", "list the exit filters"),
    ("hv-break-exit -REASON|-guest=NAME", "remove that filter"),
    ("hv-break-exit off", "remove every exit filter"),
    ("hv-next [NAME]", "continue to a guest's next exit"),
    ("hv-exit", "the current exit, decoded (guest RIP with its symbol)"),
    ("hv-bt", "the hypervisor's backtrace, then where the guest is"),
    ("hv-regs", "the current guest's registers"),
    ("hv-vmcs [FIELD...]", "VMCS fields (GUEST_RIP, GUEST_CR ...), VT-x"),
    ("hv-vmcb [FIELD...]",
     "VMCB fields (control.exitcode, save.cr ...), SVM"),
    ("hv-trace [NAME]", "a guest's recent exits"),
    ("hv-fastpath on|off", "HC_NULL through the full path or not"),
    ("hv-snapshot on|off", "the VMCS copy hv-vmcs reads (VT-x)"),
    ("hv-help", "this list"),
]


def text(mode):
    """The list, headed by where it runs (@mode: "gdb" or "bochs")."""
    head = {"gdb": "hypervisor commands (GDB, tools/gdb/hv.py):",
            "bochs": "hypervisor commands (Bochs, tools/debug: each on a "
                     "snapshot, through GDB; crib: the Bochs "
                     "commands):"}[mode]
    out = [head]
    for cmd, what in COMMANDS:
        lines = what.split("\n")
        if len(cmd) > 24:
            out.append("  " + cmd)
        else:
            out.append("  %-24s  %s" % (cmd, lines.pop(0)))
        out += ["  %-24s  %s" % ("", l) for l in lines]
    return "\n".join(out)
