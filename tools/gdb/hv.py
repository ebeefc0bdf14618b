# SPDX-License-Identifier: MIT
"""GDB commands for the hypervisor: stop at VM exits, read them decoded.

Loaded by tools/gdb/hv.gdb (make debug). Everything here reads the
hypervisor's own memory through its debug information, so it works over
any GDB connection: QEMU's gdbstub (TCG, where the hypervisor runs its
guests on its SVM backend, or KVM with nested VT-x or SVM), or a core
file (tools/bochsdbg.py:snapshot_core() makes one from a Bochs snapshot
for tools/debug, tools/panic_core.py one at a panic). The commands work
on both backends; which one runs is read from arch/x86/virt.c. A guest
address is shown with the guest's own symbol (tools/guestsyms.py), and
a stop in a guest's code loads that guest's debug image into GDB.

    hv-guests                  the VMs: id, name, state, exits so far
    hv-break-exit all|REASON|KIND [guest=NAME]
                               stop at every full VM exit (in
                               hv_handle_exit), or only at those of one
                               reason (either vendor's name, or a
                               number), one kind of hv/exit.h (io,
                               hypercall ...) or one guest
    hv-break-exit              list the filters
    hv-break-exit -REASON|-KIND|-guest=NAME|off
                               remove one filter, or every one
    hv-bt                      bt, then the guest's RIP with its symbol
    hv-help                    the list (tools/gdb/hvhelp.py)
    hv-next [NAME]             continue to the next exit of guest NAME
                               (default: the current one)
    hv-exit                    the current exit, decoded
    hv-regs                    the current guest's registers
    hv-vmcs [FIELD...]         VMCS fields by name or prefix (GUEST_CR), VT-x
    hv-vmcb [FIELD...]         VMCB fields by name or prefix (save.cr), SVM
    hv-trace [NAME]            a guest's exit trace ring, decoded
    hv-fastpath on|off         let HC_NULL take the fast path, or not
                               (off: every hypercall stops hv-break-exit)

The VMCS cannot be read from memory (SDM 25.2): while these commands are
loaded, the hypervisor copies it at every full exit into
vmx_vmcs_snapshot (arch/x86/vmx/vmx_debug.c), and hv-vmcs, hv-regs and
hv-exit read that copy. SVM's VMCB is plain memory (APM vol. 2, 15.5):
hv-vmcb, hv-regs and hv-exit read it where it is.
"""

import os
import sys

import gdb

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import exittrace  # noqa: E402  (tools/exittrace.py: qualification decoding)
import guestsyms  # noqa: E402  (tools/guestsyms.py: a guest's symbols)
sys.path.insert(0, os.path.join(ROOT, "tools", "gdb"))
import hvhelp  # noqa: E402  (tools/gdb/hvhelp.py: what hv-help lists)

EXIT_BREAK_AT = "hv_handle_exit"
VM_STATES = {0: "running", 1: "exited", 2: "stopped", 3: "reset"}


class HvError(gdb.GdbError):
    pass


def value(expr):
    try:
        return gdb.parse_and_eval(expr)
    except gdb.error as e:
        raise HvError("hv: cannot read %s: %s (is this build/hv.elf?)" %
                      (expr, e))


def static(name):
    sym = gdb.lookup_static_symbol(name) or gdb.lookup_global_symbol(name)
    if sym is None:
        raise HvError("hv: no symbol %s in the loaded file" % name)
    return sym.value()


def cstr(v):
    return v.string(length=int(v.type.sizeof)).split("\0")[0] \
        if v.type.code == gdb.TYPE_CODE_ARRAY else v.string()


def vms():
    """The VMs that exist (a name), as gdb.Values of struct vm."""
    arr = static("vms")
    lo, hi = arr.type.range()
    out = []
    for i in range(lo, hi + 1):
        if int(arr[i]["name"][0]):
            out.append(arr[i])
    return out


def vm_by_name(name):
    for vm in vms():
        if cstr(vm["name"]) == name:
            return vm
    raise HvError("hv: no guest named %s (hv-guests lists them)" % name)


# Where the CPU has left the guest but the exit is not decoded yet.
NOT_YET_DECODED = ("vmx_exit_stub", "vmx_fastpath", "vmx_vcpu_enter",
                   "svm_vcpu_enter")

# Per backend: its exit names' table, and where its exit codes are defined.
BACKENDS = {
    "vmx": ("exit_reason_names", "SDM Vol. 3D Appendix C"),
    "svm": ("svm_exit_names", "APM vol. 2 Appendix C"),
}
# Per backend: its decoder's table, reason -> kind of hv/exit.h.
KIND_TABLES = {
    "vmx": "'arch/x86/vmx/vmx_exit.c'::exit_table",
    "svm": "'arch/x86/svm/svm_exit.c'::exit_table",
}


def backend():
    """'svm' or 'vmx': the backend arch/x86/virt.c picked at boot (VT-x
    before it picked one)."""
    try:
        v = int(value("virt"))
        if v and v == int(value("&svm_virt_ops")):
            return "svm"
    except HvError:
        pass
    return "vmx"


def exit_not_decoded_yet():
    """The function the stop is in, if it is on the way out of the guest
    before vmx_decode_exit(): vcpu->exit still holds the previous exit."""
    try:
        where = gdb.execute("info symbol $pc", to_string=True)
    except gdb.error:
        return None
    name = where.split()[0] if where.split() else ""
    return name if name in NOT_YET_DECODED else None


def current_vcpu():
    v = value("hv_current_vcpu")
    if int(v) == 0:
        raise HvError("hv: no vCPU is running on this CPU now (stop in "
                      "vm_run_slice, e.g. with hv-break-exit)")
    return v.dereference()


def reason_name(nr):
    names = static(BACKENDS[backend()][0])
    lo, hi = names.type.range()
    if lo <= nr <= hi and int(names[nr]):
        return names[nr].string()
    return "REASON_%d" % nr


def reason_number_in(text, b):
    """@text's number among backend @b's exit names, or None."""
    try:
        names = static(BACKENDS[b][0])
    except HvError:
        return None
    lo, hi = names.type.range()
    for i in range(lo, hi + 1):
        if int(names[i]) and names[i].string() == text.upper():
            return i
    return None


def known_reason(text, b):
    """Is @text an exit name of backend @b?"""
    return reason_number_in(text, b) is not None


def foreign_kind(text):
    """A name of the backend that does not run (IOIO on VT-x, EPT_VIOLATION
    on SVM): the kind of hv/exit.h its decoder gives it, which the running
    backend's exits have too. None if it is the running one's name."""
    here = backend()
    if known_reason(text, here):
        return None
    for b in BACKENDS:
        nr = reason_number_in(text, b)
        if b == here or nr is None:
            continue
        if b == "svm" and text.upper() == "NPF":
            return kind_number("npf")       # 0x400: past the table
        try:
            table = value(KIND_TABLES[b])
            lo, hi = table.type.range()
            if lo <= nr <= hi:
                return int(table[nr]["kind"])
        except (gdb.error, HvError):
            pass
    return None


def reason_number(text):
    if text.isdigit():
        return int(text)
    names = static(BACKENDS[backend()][0])
    lo, hi = names.type.range()
    for i in range(lo, hi + 1):
        if int(names[i]) and names[i].string() == text.upper():
            return i
    raise HvError("hv: no exit reason called %s (names as in %s: %s ...)"
                  % (text, BACKENDS[backend()][1],
                     "CPUID, IOIO, VMMCALL, NPF" if backend() == "svm" else
                     "CPUID, IO_INSTRUCTION, VMCALL, EPT_VIOLATION"))


def kind_number(text):
    """The value of enum hv_exit_kind (hv/exit.h) called HV_EXIT_@text
    (io, hypercall, cpuid ...), or None."""
    want = text.upper()
    if not want.startswith("HV_EXIT_"):
        want = "HV_EXIT_" + want
    try:
        t = gdb.lookup_type("enum hv_exit_kind")
    except gdb.error:
        return None
    for f in t.fields():
        if f.name == want and want != "HV_EXIT_NR":
            return int(f.enumval)
    return None


def parse_filter(words):
    """(reason, kind, guest) from hv-break-exit's words: reason a number
    or an upper-case name (looked up at each stop), kind a number."""
    reason = kind = guest = None
    for word in words:
        if word.startswith("guest="):
            guest = word[6:]
        elif word.isdigit():
            reason = int(word)
        elif any(known_reason(word, b) for b in BACKENDS):
            # Checked now against both backends' names, looked up in the
            # running one's at each stop.
            reason = word.upper()
        elif kind_number(word) is not None:
            kind = kind_number(word)
        else:
            try:
                reason_number(word)             # says what the names are
            except HvError as e:
                raise HvError("%s; or a kind of hv/exit.h: io, hypercall, "
                              "msr_read ..." % e)
    return reason, kind, guest


def resolve_reason(reason, kind):
    """(reason, kind) with a reason name made the running backend's
    number, or, for the other vendor's name, the kind of its exits."""
    if isinstance(reason, str):
        other = foreign_kind(reason)
        if other is not None:
            return None, other
        return reason_number(reason), kind
    return reason, kind


def filter_numbers(words):
    """parse_filter() with a reason name turned into the running
    backend's number (tools/debug asks this of hv.elf on Bochs): a line
    "filter=REASON,KIND,GUEST", -1 and "" for none."""
    reason, kind, guest = parse_filter(words)
    reason, kind = resolve_reason(reason, kind)
    print("filter=%d,%d,%s" % (-1 if reason is None else reason,
                               -1 if kind is None else kind, guest or ""))


def kind_name(nr):
    try:
        for f in gdb.lookup_type("enum hv_exit_kind").fields():
            if int(f.enumval) == nr:
                return f.name
    except gdb.error:
        pass
    return "kind %d" % nr


def build_dir():
    """The build directory: where the loaded hv.elf is (build/)."""
    for o in gdb.objfiles():
        if o.filename and o.filename.endswith(".elf"):
            d = os.path.dirname(os.path.abspath(o.filename))
            # A test build (build/tests/x.elf) boots the same guests.
            if os.path.isdir(os.path.join(d, "guests")):
                return d
    return os.path.join(ROOT, "build")


# {guest: image path} from the hv.cfg tools/debug boots: for a core
# without the guests' configs (struct boot_guest), and for guest code.
GUEST_IMAGES = {}


def guest_where(vcpu, rip):
    """"0x10003d <cpuid_probe+0x5> at guest/tour.c:42": a guest RIP with
    the guest's own symbol, from the image its config line names."""
    name = cstr(vcpu["vm"]["name"])
    try:
        image = GUEST_IMAGES.get(name) or \
            vcpu["vm"]["config"]["image_path"].string()
    except gdb.error:
        image = ""
    where = guestsyms.describe(build_dir(), image, rip) if image else ""
    return "0x%x%s" % (rip, " " + where if where else
                       " (no symbol in %s)" % (image or "its image"))


# ------------------------------------------------------------ the VMCS copy

def snapshot_fields():
    """{name: value} from the VMCS snapshot of the current exit, or None
    if there is none for it."""
    snap = static("vmx_vmcs_snapshot")
    vcpu = value("hv_current_vcpu")
    if int(snap["vcpu"]) == 0 or int(snap["vcpu"]) != int(vcpu) or \
            int(snap["exit_tsc"]) != int(vcpu.dereference()["at_exit"]["tsc"]):
        return None
    fields = static("vmcs_fields")
    out = {}
    for i in range(int(snap["count"])):
        if int(snap["valid"][i]):
            out[fields[i]["name"].string()] = int(snap["value"][i])
    return out


def need_snapshot():
    s = snapshot_fields()
    if s is None:
        on = int(static("vmx_debug_snapshot_on"))
        raise HvError("hv: no VMCS copy for this exit (%s)" %
                      ("it was taken before the copy was turned on: "
                       "continue to the next exit" if on else
                       "the copy is off: hv-snapshot on, then continue to "
                       "the next exit"))
    return s


# ------------------------------------------------------------ the VMCB

def vmcb_of(vcpu):
    """The current vCPU's VMCB (struct vmcb, arch/x86/svm/vmcb.h)."""
    t = gdb.lookup_type("struct svm_vcpu").pointer()
    return vcpu["arch"].cast(t)["vmcb"].dereference()


def vmcb_fields(vmcb):
    """[(name, value)] of every VMCB field but the reserved ones, in
    order: control.exitcode, save.cs.selector, ..."""
    out = []

    def walk(v, prefix):
        for f in v.type.fields():
            if f.name is None or f.name.startswith("reserved"):
                continue
            x = v[f.name]
            if x.type.strip_typedefs().code == gdb.TYPE_CODE_STRUCT:
                walk(x, prefix + f.name + ".")
            elif x.type.strip_typedefs().code == gdb.TYPE_CODE_ARRAY:
                lo, hi = x.type.range()
                out.append((prefix + f.name,
                            " ".join("%02x" % (int(x[i]) & 0xff)
                                     for i in range(lo, hi + 1))))
            else:
                out.append((prefix + f.name, int(x)))
    walk(vmcb, "")
    return out


def guest_state(vcpu):
    """The guest's state at this exit in common terms (rsp, rflags, cr0,
    cr3, cr4, efer, cs, ss, cs_l, cs_db, cpl, insn_len), from the VMCB on
    SVM or the VMCS copy on VT-x; None without a VMCS copy."""
    if backend() == "svm":
        vmcb = vmcb_of(vcpu)
        sv = vmcb["save"]
        attr = int(sv["cs"]["attrib"])     # APM 15.5.1: packed attributes
        arch = vcpu["arch"].cast(gdb.lookup_type("struct svm_vcpu").pointer())
        return {"rsp": int(sv["rsp"]), "rflags": int(sv["rflags"]),
                "cr0": int(sv["cr0"]), "cr3": int(sv["cr3"]),
                "cr4": int(sv["cr4"]), "efer": int(sv["efer"]),
                "cs": int(sv["cs"]["selector"]),
                "ss": int(sv["ss"]["selector"]),
                "cs_l": bool(attr & (1 << 9)), "cs_db": bool(attr & (1 << 10)),
                "cpl": int(sv["cpl"]) & 3, "insn_len": int(arch["insn_len"])}
    s = snapshot_fields()
    if s is None:
        return None
    cs_ar = s.get("GUEST_CS_AR_BYTES", 0)
    return {"rsp": s.get("GUEST_RSP", 0), "rflags": s.get("GUEST_RFLAGS", 0),
            "cr0": s.get("GUEST_CR0", 0), "cr3": s.get("GUEST_CR3", 0),
            "cr4": s.get("GUEST_CR4", 0), "efer": s.get("GUEST_IA32_EFER", 0),
            "cs": s.get("GUEST_CS_SELECTOR", 0),
            "ss": s.get("GUEST_SS_SELECTOR", 0),
            "cs_l": bool(cs_ar & (1 << 13)), "cs_db": bool(cs_ar & (1 << 14)),
            "cpl": (cs_ar >> 5) & 3,
            "insn_len": s.get("VM_EXIT_INSTRUCTION_LEN", 0)}


def guest_mode(g):
    if not g["cr0"] & 1:
        return "real mode"
    if g["efer"] & (1 << 10):                    # EFER.LMA
        mode = "64-bit long mode" if g["cs_l"] else "compatibility mode"
    else:
        mode = "32-bit protected mode" if g["cs_db"] else \
            "16-bit protected mode"
    paging = "paging on" if g["cr0"] & (1 << 31) else "paging off"
    return "%s, %s, CPL %d" % (mode, paging, g["cpl"])


def set_snapshot(on):
    gdb.execute("set var vmx_debug_snapshot_on = %d" % (1 if on else 0),
                to_string=True)


# ------------------------------------------------------------ breakpoints

class ExitBreakpoint(gdb.Breakpoint):
    """At hv_handle_exit: every full exit passes there, decoded, with
    hv_current_vcpu set. stop() filters on reason and guest."""

    def __init__(self, reason=None, guest=None, temporary=False,
                 kind=None):
        super().__init__(EXIT_BREAK_AT, internal=temporary,
                         temporary=temporary)
        # A name is looked up at each stop: the backend that numbers the
        # exits is picked at boot, maybe after the breakpoint was set.
        self.want_reason, self.want_guest = reason, guest
        self.want_kind = kind

    def describe(self):
        r = self.want_reason
        what = (r if isinstance(r, str) else reason_name(r)) + " exit" \
            if r is not None else kind_name(self.want_kind) + " exit" \
            if self.want_kind is not None else "full exit"
        return "every %s%s" % (what, " of guest " + self.want_guest
                               if self.want_guest else "")

    def stop(self):
        want_kind = self.want_kind
        try:
            v = current_vcpu()
            want, want_kind = resolve_reason(self.want_reason, want_kind)
        except HvError:
            return False
        if want is not None and int(v["exit"]["reason"]) != want:
            return False
        if want_kind is not None and \
                int(v["exit"]["kind"]) != want_kind:
            return False
        if self.want_guest is not None and \
                cstr(v["vm"]["name"]) != self.want_guest:
            return False
        if not self.temporary:
            print("hv: breakpoint %d: guest %s, %s exit at %s" %
                  (self.number, cstr(v["vm"]["name"]),
                   reason_name(int(v["exit"]["reason"])),
                   guest_where(v, int(v["exit"]["guest_rip"]))))
        return True


# The filters hv-break-exit set, in order (a breakpoint deleted with
# GDB's own delete drops out).
FILTERS = []


def filters():
    FILTERS[:] = [bp for bp in FILTERS if bp.is_valid()]
    return FILTERS


def in_guest_code(pc):
    """Is @pc outside the hypervisor's image (so a guest's)?"""
    try:
        lo = int(value("(unsigned long)&__text_start"))
        hi = int(value("(unsigned long)&__hv_end"))
    except HvError:
        return False
    return not lo <= pc < hi


def guest_images():
    """{guest: image path}: GUEST_IMAGES, which tools/debug fills from the
    hv.cfg it boots. For a stop in guest code, where the hypervisor's
    memory cannot be read (QEMU reads memory through the CPU's page
    tables: the guest's, there)."""
    return dict(GUEST_IMAGES)


def guests_at(pc):
    """"guest tour <kmain> at guest/tour.c:162" for a guest address: the
    running guest's symbol, or (without the hypervisor's memory) that of
    each guest the console's config: lines name; None if none has one."""
    try:
        if int(value("hv_current_vcpu")):
            v = current_vcpu()
            return "guest %s at %s" % (cstr(v["vm"]["name"]),
                                       guest_where(v, pc))
    except (gdb.error, HvError):
        pass
    names = ["%s %s" % (g, guestsyms.describe(build_dir(), img, pc))
             for g, img in sorted(guest_images().items())
             if guestsyms.describe(build_dir(), img, pc)]
    return "guest " + " or ".join(names) if names else None


# The guest image whose symbols GDB has now (add-symbol-file), if any.
GUEST_SYMBOLS = [None]


def load_guest_symbols(pc):
    """Stopped in guest code: give GDB that guest's debug image
    (build/guest/NAME.elf64), so that bt, x/i and list name its
    functions. Only when one guest has a symbol at @pc: guests share
    their addresses."""
    hits = [img for g, img in sorted(guest_images().items())
            if guestsyms.describe(build_dir(), img, pc)]
    dwarf = guestsyms.image_paths(build_dir(), hits[0])[1] \
        if len(set(hits)) == 1 else None
    if not dwarf or GUEST_SYMBOLS[0] == dwarf:
        return
    if GUEST_SYMBOLS[0]:
        gdb.execute("remove-symbol-file %s" % GUEST_SYMBOLS[0],
                    to_string=True)
    gdb.execute("add-symbol-file %s" % dwarf, to_string=True)
    GUEST_SYMBOLS[0] = dwarf
    print("hv: guest symbols from %s (add-symbol-file)" %
          os.path.relpath(dwarf, ROOT))


def on_stop(event):
    """Once stopped in the hypervisor, make sure the VMCS copy is on.
    Stopped in a guest's code (a breakpoint at a guest address, under
    QEMU), say where with the guest's own symbol: GDB has only the
    hypervisor's and prints "??"."""
    try:
        pc = int(gdb.parse_and_eval("$pc"))
        if in_guest_code(pc):
            where = guests_at(pc)
            if where:
                print("hv: in %s" % where)
                load_guest_symbols(pc)
            return
        if backend() == "vmx" and not int(static("vmx_debug_snapshot_on")):
            set_snapshot(True)
    except (gdb.error, HvError):
        pass


def explained_in(name):
    """The section of docs/guide/exit-reasons.md for this reason."""
    doc = "docs/guide/exit-reasons.md"
    try:
        with open(os.path.join(ROOT, doc)) as f:
            text = f.read()
    except OSError:
        return doc
    anchor = name.lower()
    if '<a id="%s">' % anchor not in text:
        anchor = "anything-else"
    return "%s#%s" % (doc, anchor)


def handler_of(e):
    """The core's handler for this exit's kind (hv/exit.c's table), with
    its source line."""
    try:
        table = value("'hv/exit.c'::exit_table")
        fn = table[int(e["kind"])]["handler"]
        sal = gdb.find_pc_line(int(fn))
        where = "%s:%d" % (sal.symtab.filename, sal.line) if sal.symtab \
            else "?"
        return "%s() in %s (kind %s)" % (
            gdb.block_for_pc(int(fn)).function.name, where, str(e["kind"]))
    except (gdb.error, AttributeError, HvError):
        return str(e["kind"])


class Command(gdb.Command):
    def __init__(self, name):
        super().__init__(name, gdb.COMMAND_USER)


class HvGuests(Command):
    """The VMs: id, name, state, exits so far, and which one runs now."""

    def __init__(self):
        super().__init__("hv-guests")

    def invoke(self, arg, from_tty):
        cur = int(value("hv_current_vcpu"))
        rows = vms()
        if not rows:
            print("hv: no guests yet (they are made after VMX is on: "
                  "continue)")
        for vm in rows:
            here = int(vm["vcpu"].address) == cur
            print("%s%2d %-15s %-8s exits=%d traced=%d%s" %
                  ("*" if here else " ", int(vm["id"]), cstr(vm["name"]),
                   VM_STATES.get(int(vm["state"]), "?"),
                   int(vm["stats"]["total"]), int(vm["trace"]["recorded"]),
                   "  <- running now" if here else ""))


class HvBreakExit(Command):
    """hv-break-exit all|REASON|KIND [guest=NAME]: stop at full VM exits.
hv-break-exit: list the filters; -REASON, -KIND, -guest=NAME: remove
the filters with that reason, kind or guest; off: remove them all."""

    def __init__(self):
        super().__init__("hv-break-exit")

    def invoke(self, arg, from_tty):
        words = arg.split()
        if not words:
            self.list()
        elif words == ["off"]:
            gone = filters()[:]
            for bp in gone:
                bp.delete()
            FILTERS[:] = []
            print("hv: %d exit filter(s) removed" % len(gone))
        elif words[0].startswith("-"):
            self.remove([w.lstrip("-") for w in words])
        else:
            if words[0] == "all":
                words = words[1:]
            reason, kind, guest = parse_filter(words)
            bp = ExitBreakpoint(reason, guest, kind=kind)
            FILTERS.append(bp)
            print("hv: breakpoint %d at %s (in %s)" %
                  (bp.number, bp.describe(), EXIT_BREAK_AT))

    def list(self):
        if not filters():
            print("hv: no exit filters (hv-break-exit all: stop at every "
                  "full exit)")
            return
        print("hv: %d exit filter(s), any of them stops:" % len(FILTERS))
        for bp in FILTERS:
            print("  breakpoint %d: %s%s" % (bp.number, bp.describe(),
                                             "" if bp.enabled else
                                             " (disabled)"))

    def remove(self, words):
        reason, kind, guest = parse_filter(words)
        gone = []
        for bp in filters():
            if reason is not None and bp.want_reason != reason:
                continue
            if kind is not None and bp.want_kind != kind:
                continue
            if guest is not None and bp.want_guest != guest:
                continue
            gone.append(bp)
        if not gone:
            raise HvError("hv: no exit filter %s (hv-break-exit lists "
                          "them)" % " ".join(words))
        for bp in gone:
            print("hv: removed breakpoint %d (%s)" % (bp.number,
                                                      bp.describe()))
            FILTERS.remove(bp)
            bp.delete()


class HvBt(Command):
    """hv-bt: the hypervisor's backtrace, then the guest's RIP with the
    guest's own symbol (from its ELF image)."""

    def __init__(self):
        super().__init__("hv-bt")

    def invoke(self, arg, from_tty):
        pc = int(gdb.parse_and_eval("$pc"))
        if in_guest_code(pc):
            # The CPU is in the guest: its frames, not the hypervisor's.
            print("hv: in %s" % (guests_at(pc) or "guest code at 0x%x, "
                                 "where no guest image has a symbol" % pc))
            gdb.execute("bt" + (" " + arg if arg else ""))
            return
        gdb.execute("bt" + (" " + arg if arg else ""))
        try:
            v = current_vcpu()
        except HvError:
            print("hv: no guest on this CPU now")
            return
        print("guest %s: at %s" % (cstr(v["vm"]["name"]),
                                   guest_where(v, int(v["exit"]
                                                      ["guest_rip"]))))


class HvHelp(Command):
    """hv-help: the hypervisor's commands (tools/gdb/hvhelp.py)."""

    def __init__(self):
        super().__init__("hv-help")

    def invoke(self, arg, from_tty):
        print(hvhelp.text("gdb"))


class HvNext(Command):
    """hv-next [NAME]: continue to the next exit of a guest."""

    def __init__(self):
        super().__init__("hv-next")

    def invoke(self, arg, from_tty):
        guest = arg.strip() or cstr(current_vcpu()["vm"]["name"])
        vm_by_name(guest)
        ExitBreakpoint(None, guest, temporary=True)
        gdb.execute("continue")


class HvExit(Command):
    """hv-exit: the current VM exit, decoded."""

    def __init__(self):
        super().__init__("hv-exit")

    def invoke(self, arg, from_tty):
        v = current_vcpu()
        e = v["exit"]
        early = exit_not_decoded_yet()
        if early:
            print("hv: stopped in %s: the CPU has left the guest, but this "
                  "exit is not decoded yet (the registers are still the "
                  "guest's). Below: the previous exit. Continue to "
                  "hv_handle_exit (hv-break-exit, or hv-next) for this one."
                  % early)
        nr, qual = int(e["reason"]), int(e["qualification"])
        name = reason_name(nr)
        b = backend()
        print("guest %s, exit %d: %s (reason %d, %s)" %
              (cstr(v["vm"]["name"]), int(v["vm"]["trace"]["recorded"]) - 1,
               name, nr, BACKENDS[b][1]))
        print("  kind:          %s" % str(e["kind"]))
        print("  what:          %s" % exittrace.decode(name, qual))
        print("  %s 0x%x" % ("EXITINFO1:    " if b == "svm" else
                             "qualification:", qual))
        print("  guest RIP:     %s" % guest_where(v, int(e["guest_rip"])))
        print("  handler:       %s" % handler_of(e))
        print("  explained in:  %s" % explained_in(name))
        g = guest_state(v)
        if g is None:
            print("  mode:          (no VMCS copy of this exit; hv-snapshot)")
            return
        print("  mode:          %s" % guest_mode(g))
        print("  instruction:   %s" % ("%d bytes" % g["insn_len"]
                                       if g["insn_len"] else "length not "
                                       "needed for this exit"))


class HvRegs(Command):
    """hv-regs: the current guest's registers at its last exit."""

    def __init__(self):
        super().__init__("hv-regs")

    def invoke(self, arg, from_tty):
        v = current_vcpu()
        r = v["regs"]
        g = guest_state(v)
        names = ["rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
                 "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"]
        print("guest %s:" % cstr(v["vm"]["name"]))
        for i in range(0, 16, 2):
            pair = []
            for n in names[i:i + 2]:
                if n == "rsp":
                    pair.append("%-3s 0x%016x" % (n, g["rsp"]) if g
                                else "rsp (VMCS: hv-snapshot)")
                elif n == "rax" and backend() == "svm":
                    # VMRUN keeps the guest's RAX in the VMCB (15.5.1)
                    pair.append("%-3s 0x%016x" % (
                        n, int(vmcb_of(v)["save"]["rax"])))
                else:
                    pair.append("%-3s 0x%016x" % (n, int(r[n])))
            print("  " + "    ".join(pair))
        print("  rip 0x%016x" % int(v["exit"]["guest_rip"]))
        if g:
            for label in ("rflags", "cr0", "cr3", "cr4", "efer", "cs", "ss"):
                print("  %-6s 0x%x" % (label, g[label]))
            print("  mode   %s" % guest_mode(g))


class HvVmcs(Command):
    """hv-vmcs [FIELD...]: VMCS fields of the current exit, by name or prefix."""

    def __init__(self):
        super().__init__("hv-vmcs")

    def invoke(self, arg, from_tty):
        if backend() == "svm":
            raise HvError("hv: this hypervisor runs on SVM: its guests have "
                          "VMCBs, not VMCSs (hv-vmcb)")
        s = need_snapshot()
        want = [w.upper() for w in arg.split()]
        shown = 0
        for name, val in s.items():
            if not want or any(name == w or name.startswith(w) for w in want):
                print("%-36s 0x%x" % (name, val))
                shown += 1
        if not shown:
            raise HvError("hv: no VMCS field named %s (names as in "
                          "arch/x86/vmx/vmcs.h: GUEST_RIP, EXIT_QUALIFICATION"
                          " ...)" % " ".join(want))


class HvVmcb(Command):
    """hv-vmcb [FIELD...]: the current vCPU's VMCB (SVM), by name or prefix:
    control.exitcode, save.rip, save.cr (every save.cr*)."""

    def __init__(self):
        super().__init__("hv-vmcb")

    def invoke(self, arg, from_tty):
        if backend() != "svm":
            raise HvError("hv: this hypervisor runs on VT-x: its guests have "
                          "VMCSs, not VMCBs (hv-vmcs)")
        want = [w.lower() for w in arg.split()]
        shown = 0
        for name, val in vmcb_fields(vmcb_of(current_vcpu())):
            short = name.split(".", 1)[1]
            if not want or any(n.startswith(w) for w in want
                               for n in (name, short)):
                print("%-28s %s" % (name, val if isinstance(val, str)
                                    else "0x%x" % val))
                shown += 1
        if not shown:
            raise HvError("hv: no VMCB field named %s (names as in "
                          "arch/x86/svm/vmcb.h: control.exitcode, "
                          "control.exitinfo1, save.rip ...)" % " ".join(want))


class HvTrace(Command):
    """hv-trace [NAME]: a guest's exit trace ring, oldest first."""

    def __init__(self):
        super().__init__("hv-trace")

    def invoke(self, arg, from_tty):
        vm = vm_by_name(arg.strip()) if arg.strip() else \
            current_vcpu()["vm"].dereference()
        t = vm["trace"]
        ring = t["ring"]
        size = int(t["entries"])       # the ring is the guest's own size
        recorded = int(t["recorded"])
        g = exittrace.GuestTrace(cstr(vm["name"]))
        g.hz, g.start = int(static("tsc_hz")), int(vm["start_tsc"])
        g.recorded = recorded
        # fast_new: the fast path's exits not yet folded (hv/stats.h)
        g.fastpath = (int(vm["stats"]["fast_count"]) +
                      int(vm["stats"]["fast_new"]["count"]))
        for seq in range(max(0, recorded - size), recorded):
            e = ring[seq % size]
            nr = int(e["reason"])
            g.records[seq] = exittrace.Record(
                seq, int(e["tsc"]), reason_name(nr), nr,
                int(e["qualification"]), int(e["rip"]), "debugger")
        print(exittrace.listing(g))


class HvFastpath(Command):
    """hv-fastpath on|off: whether HC_NULL may skip the full exit path."""

    def __init__(self):
        super().__init__("hv-fastpath")

    def invoke(self, arg, from_tty):
        if arg.strip() not in ("on", "off"):
            raise HvError("usage: hv-fastpath on|off")
        off = 1 if arg.strip() == "off" else 0
        for vm in vms():
            # pv=none: VMCALL must #UD, pv=kvm: KVM answers it; only the
            # full path does either (vm.pv is pv=eduhv alone)
            gdb.execute("set var vms[%d].vcpu.fastpath_off = %d" %
                        (int(vm["id"]), off or not bool(vm["pv"])),
                        to_string=True)
        print("hv: fast path %s for %d guest(s)" % (arg.strip(), len(vms())))


class HvSnapshot(Command):
    """hv-snapshot on|off: copy the VMCS at every full exit (for hv-vmcs)."""

    def __init__(self):
        super().__init__("hv-snapshot")

    def invoke(self, arg, from_tty):
        if arg.strip() not in ("on", "off"):
            raise HvError("usage: hv-snapshot on|off")
        set_snapshot(arg.strip() == "on")


for cls in (HvGuests, HvBreakExit, HvBt, HvHelp, HvNext, HvExit, HvRegs,
            HvVmcs, HvVmcb, HvTrace, HvFastpath, HvSnapshot):
    cls()
gdb.events.stop.connect(on_stop)
