# SPDX-License-Identifier: MIT
"""The exit trace in a transcript: parse it, decode it, draw it, diff it.

The hypervisor prints each guest's ring of recent exits (hv/trace.h) as

    trace: guest=NAME why=WHY hz=HZ start=TSC0 recorded=N first=S shown=M fastpath=F
    trace: guest=NAME seq=S tsc=T reason=NAME nr=R qual=0xQ rip=0xRIP kind=KIND
    trace: guest=NAME end

A guest may be dumped several times (HC_TRACE_DUMP, then trace=on at its
end); each dump holds the records no earlier one showed, so the records
of all its dumps, by seq, are one sequence with gaps where the ring
wrapped before anyone looked. tools/trace is the command line.
"""

import html
import re

HEADER = re.compile(
    r"^trace: guest=(?P<guest>\S+) why=(?P<why>\S+) hz=(?P<hz>\d+) "
    r"start=(?P<start>\d+) recorded=(?P<recorded>\d+) first=(?P<first>\d+) "
    r"shown=(?P<shown>\d+) fastpath=(?P<fastpath>\d+)$")
RECORD = re.compile(
    r"^trace: guest=(?P<guest>\S+) seq=(?P<seq>\d+) tsc=(?P<tsc>\d+) "
    r"reason=(?P<reason>\S+) nr=(?P<nr>\d+) qual=0x(?P<qual>[0-9a-f]+) "
    r"rip=0x(?P<rip>[0-9a-f]+)(?: kind=(?P<kind>\w+))?$")
END = re.compile(r"^trace: guest=(?P<guest>\S+) end$")


class TraceError(Exception):
    """A transcript whose trace lines do not add up."""


class Record:
    __slots__ = ("seq", "tsc", "reason", "nr", "qual", "rip", "why")

    def __init__(self, seq, tsc, reason, nr, qual, rip, why):
        self.seq, self.tsc, self.reason, self.nr = seq, tsc, reason, nr
        self.qual, self.rip, self.why = qual, rip, why

    def decoded(self):
        return decode(self.reason, self.qual)

    def __repr__(self):
        return "Record(seq=%d, %s, rip=0x%x)" % (self.seq, self.reason,
                                                 self.rip)


class GuestTrace:
    """Every record seen for one guest, by seq, and what the dumps said."""

    def __init__(self, name):
        self.name = name
        self.records = {}
        self.hz = 0
        self.start = 0
        self.recorded = 0       # the last dump's count of all exits
        self.fastpath = 0
        self.dumps = []         # (why, first, shown)

    def ordered(self):
        return [self.records[s] for s in sorted(self.records)]

    def gaps(self):
        """seq ranges [a, b) that no dump showed (the ring wrapped)."""
        out, expect = [], 0
        for seq in sorted(self.records):
            if seq > expect:
                out.append((expect, seq))
            expect = seq + 1
        return out

    def ms(self, tsc):
        return (tsc - self.start) * 1000.0 / self.hz if self.hz else 0.0


def parse(text):
    """Transcript text -> {guest: GuestTrace}, in order of first mention.
    Raises TraceError when a dump is cut or inconsistent."""
    guests = {}
    open_dump = {}          # guest -> [header dict, records so far]
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.startswith("trace: "):
            continue
        m = HEADER.match(line)
        if m:
            g = m.group("guest")
            if g in open_dump:
                raise TraceError("line %d: a dump of %s starts inside another"
                                 % (lineno, g))
            open_dump[g] = [m.groupdict(), [], lineno]
            continue
        m = RECORD.match(line)
        if m:
            g = m.group("guest")
            if g not in open_dump:
                raise TraceError("line %d: a record of %s outside a dump"
                                 % (lineno, g))
            d = open_dump[g]
            d[1].append(Record(int(m.group("seq")), int(m.group("tsc")),
                               m.group("reason"), int(m.group("nr")),
                               int(m.group("qual"), 16),
                               int(m.group("rip"), 16), d[0]["why"]))
            continue
        m = END.match(line)
        if m:
            g = m.group("guest")
            if g not in open_dump:
                raise TraceError("line %d: the end of a dump of %s that "
                                 "never began" % (lineno, g))
            head, recs, start_line = open_dump.pop(g)
            _close(guests.setdefault(g, GuestTrace(g)), head, recs,
                   start_line)
            continue
        raise TraceError("line %d: not a trace line: %s" % (lineno, line))
    if open_dump:
        g = next(iter(open_dump))
        raise TraceError("line %d: the dump of %s has no end (transcript cut?)"
                         % (open_dump[g][2], g))
    return guests


def _close(t, head, recs, lineno):
    first, shown = int(head["first"]), int(head["shown"])
    recorded = int(head["recorded"])
    seqs = [r.seq for r in recs]
    if len(recs) != shown or seqs != list(range(first, first + shown)) or \
            first + shown != recorded:
        raise TraceError("line %d: the dump of %s says seq %d..%d (%d "
                         "records) but holds %d" %
                         (lineno, t.name, first, recorded - 1, shown,
                          len(recs)))
    for r in recs:
        if r.seq in t.records:
            raise TraceError("line %d: seq %d of %s shown twice" %
                             (lineno, r.seq, t.name))
        t.records[r.seq] = r
    t.hz, t.start = int(head["hz"]), int(head["start"])
    t.recorded = recorded
    t.fastpath = int(head["fastpath"])
    t.dumps.append((head["why"], first, shown))


# --------------------------------------------------------------- decoding
# Exit qualifications, SDM Vol. 3C 28.2.1.

def _io(q):
    size = (q & 7) + 1
    port = (q >> 16) & 0xffff
    d = "in" if q & 8 else "out"
    s = ("rep " if q & 32 else "") + (d + "s" if q & 16 else d)
    return "%s%d port 0x%x" % (s, size * 8, port)      # Table 28-5


def _cr(q):
    cr, typ, gpr = q & 15, (q >> 4) & 3, (q >> 8) & 15
    regs = ["rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi"] + \
        ["r%d" % i for i in range(8, 16)]
    if typ == 0:
        return "mov cr%d <- %s" % (cr, regs[gpr])      # Table 28-3
    if typ == 1:
        return "mov %s <- cr%d" % (regs[gpr], cr)
    if typ == 2:
        return "clts"
    return "lmsw 0x%x" % ((q >> 16) & 0xffff)


def _ept(q):
    what = "/".join(n for b, n in ((0, "read"), (1, "write"), (2, "fetch"))
                    if q & (1 << b)) or "access"
    return "EPT violation on %s" % what                # Table 28-7


# SVM's EXITINFO1 (AMD APM vol. 2): IOIO 15.10.2, #NPF 15.25.6.

def _ioio(q):
    size = 32 if q & 64 else 16 if q & 32 else 8
    port = (q >> 16) & 0xffff
    d = "in" if q & 1 else "out"
    s = ("rep " if q & 8 else "") + (d + "s" if q & 4 else d)
    return "%s%d port 0x%x" % (s, size, port)          # Figure 15-2


def _npf(q):
    what = "fetch" if q & 16 else "write" if q & 2 else "read"
    return "NPF on %s%s" % (what, " (page walk)" if q & (1 << 33) else "")


DECODERS = {
    "IO_INSTRUCTION": _io,
    "CR_ACCESS": _cr,
    "EPT_VIOLATION": _ept,
    "IOIO": _ioio,
    "NPF": _npf,
}


def decode(reason, qual):
    """A short phrase for what the exit was about."""
    f = DECODERS.get(reason)
    return f(qual) if f else reason.lower().replace("_", " ")


# --------------------------------------------------------------- summaries

def counts(t):
    out = {}
    for r in t.records.values():
        out[r.reason] = out.get(r.reason, 0) + 1
    return out


def listing(t):
    """The records as text, one per line."""
    lines = ["guest %s: %d exits recorded, %d shown, %d fast-path hypercalls "
             "not recorded" % (t.name, t.recorded, len(t.records), t.fastpath)]
    for a, b in t.gaps():
        lines.append("  (seq %d..%d: not shown, the ring wrapped)" % (a, b - 1))
    for r in t.ordered():
        lines.append("  %6d %12.3f ms  %-20s %-24s rip=0x%x" %
                     (r.seq, t.ms(r.tsc), r.reason, r.decoded(), r.rip))
    return "\n".join(lines)


def diff(a, b):
    """Two runs' traces -> (same?, report lines). Guests are matched by
    name; records by seq, on what the guest did (reason, qualification,
    RIP), never on time."""
    out, same = [], True
    for name in sorted(set(a) | set(b)):
        if name not in a or name not in b:
            out.append("guest %s: only in %s" % (name, "A" if name in a
                                                  else "B"))
            same = False
            continue
        ta, tb = a[name], b[name]
        ca, cb = counts(ta), counts(tb)
        before = len(out)
        if ta.recorded != tb.recorded:
            out.append("guest %s: %d exits in A, %d in B" %
                       (name, ta.recorded, tb.recorded))
        for reason in sorted(set(ca) | set(cb)):
            if ca.get(reason, 0) != cb.get(reason, 0):
                out.append("guest %s: %s shown %d times in A, %d in B" %
                           (name, reason, ca.get(reason, 0), cb.get(reason, 0)))
        common = sorted(set(ta.records) & set(tb.records))
        for seq in common:
            ra, rb = ta.records[seq], tb.records[seq]
            if (ra.reason, ra.qual, ra.rip) != (rb.reason, rb.qual, rb.rip):
                out.append("guest %s: first difference at exit %d: A %s (%s) "
                           "at rip=0x%x, B %s (%s) at rip=0x%x" %
                           (name, seq, ra.reason, ra.decoded(), ra.rip,
                            rb.reason, rb.decoded(), rb.rip))
                break
        if len(out) == before:
            out.append("guest %s: the same %d exits (%d compared one by one)"
                       % (name, ta.recorded, len(common)))
        else:
            same = False
    return same, out


# --------------------------------------------------------------- timeline
PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
           "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939"]


def timeline_svg(t, width=900, lane=18):
    """One guest's records as an SVG: time across, one lane per reason,
    a tick per exit (its title has the details)."""
    recs = t.ordered()
    reasons = sorted(counts(t), key=lambda r: -counts(t)[r])
    color = {r: PALETTE[i % len(PALETTE)] for i, r in enumerate(reasons)}
    left, top = 170, 24
    height = top + lane * len(reasons) + 30
    if recs:
        t0, t1 = t.ms(recs[0].tsc), t.ms(recs[-1].tsc)
    else:
        t0, t1 = 0.0, 0.0
    span = (t1 - t0) or 1.0
    plot = width - left - 10

    def x(ms):
        return left + (ms - t0) * plot / span

    e = html.escape
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'font-family="monospace" font-size="11">' % (width, height),
           '<text x="4" y="14" font-weight="bold">%s: exits %d..%d, '
           '%.3f to %.3f ms after its start</text>' %
           (e(t.name), recs[0].seq if recs else 0, recs[-1].seq if recs else 0,
            t0, t1)]
    for i, r in enumerate(reasons):
        y = top + i * lane
        out.append('<text x="4" y="%d">%s (%d)</text>' %
                   (y + 12, e(r), counts(t)[r]))
        out.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#ddd"/>' %
                   (left, y + 8, width - 10, y + 8))
    for r in recs:
        y = top + reasons.index(r.reason) * lane
        out.append('<rect x="%.1f" y="%d" width="2" height="14" fill="%s">'
                   '<title>exit %d at %.3f ms: %s, %s, rip=0x%x</title></rect>'
                   % (x(t.ms(r.tsc)), y + 1, color[r.reason], r.seq,
                      t.ms(r.tsc), e(r.reason), e(r.decoded()), r.rip))
    for a, b in t.gaps():
        out.append('<text x="%d" y="%d" fill="#999">seq %d..%d not shown '
                   '(ring wrapped)</text>' % (left, height - 18, a, b - 1))
    axis = height - 4
    for k in range(5):
        ms = t0 + span * k / 4
        out.append('<text x="%.1f" y="%d" text-anchor="middle">%.3f ms</text>'
                   % (x(ms), axis, ms))
    out.append("</svg>")
    return "\n".join(out)


def timeline_html(guests, title):
    e = html.escape
    parts = ["<!DOCTYPE html>", "<html><head><meta charset=\"utf-8\">",
             "<title>%s</title>" % e(title),
             "<style>body{font-family:sans-serif;margin:1em}"
             "table{border-collapse:collapse}td,th{border:1px solid #ccc;"
             "padding:2px 6px;font-family:monospace}</style></head><body>",
             "<h1>%s</h1>" % e(title),
             "<p>One lane per exit reason, one tick per exit the ring held "
             "(hover for the exit number, decoded qualification and guest "
             "RIP). Time is the TSC at the exit, from the guest's first turn "
             "on the CPU.</p>"]
    for t in guests.values():
        parts.append("<h2>%s</h2>" % e(t.name))
        parts.append("<p>%d exits recorded, %d shown; %d fast-path "
                     "hypercalls not recorded. Dumps: %s.</p>" %
                     (t.recorded, len(t.records), t.fastpath,
                      ", ".join("%s (%d)" % (w, n) for w, _, n in t.dumps)))
        parts.append(timeline_svg(t))
        parts.append("<table><tr><th>seq</th><th>ms</th><th>reason</th>"
                     "<th>what</th><th>rip</th></tr>")
        for r in t.ordered():
            parts.append("<tr><td>%d</td><td>%.3f</td><td>%s</td><td>%s</td>"
                         "<td>0x%x</td></tr>" %
                         (r.seq, t.ms(r.tsc), e(r.reason), e(r.decoded()),
                          r.rip))
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)
