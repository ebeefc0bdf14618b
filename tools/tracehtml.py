# SPDX-License-Identifier: MIT
"""The exit trace drawn for a student: an HTML page that stays readable for
thousands of exits (zoom and pan, exit reasons coloured, a legend, the
guest's own symbols for each RIP) and an SVG per guest whose labels never
overlap (tests/tools/test_chart_labels.py checks them with
tools/svgtext.py). tools/trace timeline writes both.

Guest symbols come from the guest's ELF image: the transcript names it
("config:   NAME  guests/NAME.elf ..."), the build directory holds it
(build/guests/NAME.elf). The symbol table is read here, without
pyelftools or nm: ELF32 and ELF64, little-endian, section headers,
SHT_SYMTAB and its string table (System V ABI, "Symbol Table")."""

import html
import bisect
import json
import math
import os
import re
import struct

import exittrace

# Twelve colours a reader tells apart (Tableau's, then two darker ones);
# an exit reason keeps its colour in the SVG, the HTML and the legend.
PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
           "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939"]
FONT = 11                   # px, monospace
CHAR = FONT * 0.6           # a character's width (tools/svgtext.py's)

CONFIG_LINE = re.compile(r"^config:   (\S+)\s+(\S+)\s+mem ", re.M)


# --------------------------------------------------------------- symbols

class Symbols:
    """An ELF image's function and label symbols, for RIP -> name+off."""

    def __init__(self, entries=()):
        self.entries = sorted(entries)      # (address, size, name)
        self._addrs = [e[0] for e in self.entries]

    @classmethod
    def from_elf(cls, path):
        with open(path, "rb") as f:
            data = f.read()
        if data[:4] != b"\x7fELF" or data[5] != 1:
            raise ValueError("%s: not a little-endian ELF file" % path)
        wide = data[4] == 2
        if wide:
            shoff, = struct.unpack_from("<Q", data, 0x28)
            shentsize, shnum = struct.unpack_from("<HH", data, 0x3a)
        else:
            shoff, = struct.unpack_from("<I", data, 0x20)
            shentsize, shnum = struct.unpack_from("<HH", data, 0x2e)

        def section(i):
            off = shoff + i * shentsize
            if wide:
                (_, typ, _, _, soff, size, link, _, _, entsize) = \
                    struct.unpack_from("<IIQQQQIIQQ", data, off)
            else:
                (_, typ, _, _, soff, size, link, _, _, entsize) = \
                    struct.unpack_from("<IIIIIIIIII", data, off)
            return typ, soff, size, link, entsize

        out = []
        for i in range(shnum):
            typ, soff, size, link, entsize = section(i)
            if typ != 2 or not entsize:             # SHT_SYMTAB
                continue
            _, stroff, strsize, _, _ = section(link)
            for off in range(soff, soff + size, entsize):
                if wide:
                    name, info, _, shndx, value, sz = \
                        struct.unpack_from("<IBBHQQ", data, off)
                else:
                    name, value, sz, info, _, shndx = \
                        struct.unpack_from("<IIIBBH", data, off)
                kind = info & 0xf
                # Functions and assembler labels in a section (not
                # absolute constants such as COM1 = 0x3f8).
                if kind not in (0, 2) or shndx in (0, 0xfff1) or not name:
                    continue
                end = data.index(b"\0", stroff + name)
                text = data[stroff + name:end].decode("ascii", "replace")
                if text and not text.startswith("$"):
                    out.append((value, sz, text))
        return cls(out)

    def lookup(self, addr):
        """"name+0xoff", or "" if no symbol lies at or below @addr."""
        i = bisect.bisect_right(self._addrs, addr) - 1
        # Of the symbols at the same address, the one with a size; past
        # a sized symbol's end and 64 KiB beyond the last label: none.
        while i > 0 and self._addrs[i - 1] == self._addrs[i] and \
                not self.entries[i][1]:
            i -= 1
        if i < 0:
            return ""
        start, size, name = self.entries[i]
        if (size and addr >= start + size) or addr - start >= 0x10000:
            return ""
        return name if addr == start else "%s+0x%x" % (name, addr - start)


def guest_symbols(text, build):
    """{guest: Symbols} for the guests the transcript's config lines name
    whose ELF image is in @build (others: none)."""
    out = {}
    for name, image in CONFIG_LINE.findall(text):
        path = os.path.join(build, image)
        try:
            out[name] = Symbols.from_elf(path)
        except (OSError, ValueError, struct.error):
            pass
    return out


# --------------------------------------------------------------- layout

def nice_ticks(t0, t1, width, label_chars):
    """Tick values from t0 to t1 (ms) at 1, 2 or 5 x 10^k, as many as fit
    in @width px with labels of @label_chars characters and a gap."""
    span = (t1 - t0) or 1.0
    most = max(2, int(width // ((label_chars + 3) * CHAR)))
    step = 10 ** math.floor(math.log10(span / most))
    for m in (1, 2, 5, 10, 20, 50):
        if span / (step * m) <= most:
            step *= m
            break
    first = -(-t0 // step) * step
    ticks, v = [], first
    while v <= t1 + step * 1e-9:
        ticks.append(v)
        v += step
    if len(ticks) < 2:          # a narrow view: its two ends
        step = span / 100
        ticks = [t0, t1]
    return ticks, step


def decimals(step):
    d = 0
    while step < 1 and d < 6:
        step *= 10
        d += 1
    return d


def axis_labels(ticks, dec, x, left, right):
    """[(tick x, label x, label or "")]: each label centred on its tick,
    pushed in at the plot's ends rather than cut, and left out ("") where
    it would touch the one before it (tools/tracehtml.py's SCRIPT does
    the same in the page)."""
    out, last_end = [], None
    for v in ticks:
        label = "%.*f ms" % (dec, v)
        px = x(v)
        half = len(label) * CHAR / 2
        tx = min(max(px, left + half), right - half)
        if last_end is not None and tx - half < last_end + CHAR:
            label = ""
        else:
            last_end = tx + half
        out.append((px, tx, label))
    return out


def fit(label, px):
    """@label cut with "..." to at most @px wide."""
    n = int(px // CHAR)
    return label if len(label) <= n else label[:max(0, n - 3)] + "..."


# --------------------------------------------------------------- the SVG

def reasons_by_count(t):
    c = exittrace.counts(t)
    return sorted(c, key=lambda r: (-c[r], r)), c


def svg(t, symbols=None, width=1000, lane=18):
    """One guest's records: time across, one lane per exit reason with
    its colour and count at the left (the legend), a tick per exit whose
    title has the details and the guest's symbol for its RIP."""
    e = html.escape
    recs = t.ordered()
    reasons, count = reasons_by_count(t)
    color = {r: PALETTE[i % len(PALETTE)] for i, r in enumerate(reasons)}
    lane_labels = ["%s (%d)" % (r, count[r]) for r in reasons]
    left = int(max([len(s) for s in lane_labels] + [8]) * CHAR) + 24
    right = 12
    plot = width - left - right
    top = 34
    t0 = t.ms(recs[0].tsc) if recs else 0.0
    t1 = t.ms(recs[-1].tsc) if recs else 0.0
    if t1 <= t0:
        t1 = t0 + 1e-3
    ticks, step = nice_ticks(t0, t1, plot, 14)
    dec = decimals(step)
    axis_y = top + lane * len(reasons) + 16
    notes = []
    gaps = t.gaps()
    if gaps:
        lost = sum(b - a for a, b in gaps)
        notes.append("%d exits not shown: the ring wrapped (%s)" % (
            lost, ", ".join("seq %d..%d" % (a, b - 1) for a, b in gaps)))
    height = axis_y + 10 + 16 * len(notes) + 6

    def x(ms):
        return left + (ms - t0) * plot / (t1 - t0)

    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'viewBox="0 0 %d %d" font-family="monospace" font-size="%d">'
           % (width, height, width, height, FONT),
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="4" y="14" font-weight="bold">%s</text>' % e(fit(
               "%s: exits %d..%d, %.3f to %.3f ms after its start, %d shown"
               % (t.name, recs[0].seq if recs else 0,
                  recs[-1].seq if recs else 0, t0, t1, len(recs)),
               width - 8))]
    for i, r in enumerate(reasons):
        y = top + i * lane
        out.append('<rect x="4" y="%d" width="10" height="10" fill="%s"/>'
                   % (y + 3, color[r]))
        out.append('<text x="18" y="%d">%s</text>' % (y + 12,
                                                       e(lane_labels[i])))
        out.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#ddd"/>'
                   % (left, y + 8, width - right, y + 8))
    for r in recs:
        ms = t.ms(r.tsc)
        sym = symbols.lookup(r.rip) if symbols else ""
        out.append('<rect class="exit" x="%.1f" y="%d" width="1.5" '
                   'height="14" fill="%s"><title>exit %d at %.3f ms: %s, %s, rip=0x%x%s'
                   '</title></rect>'
                   % (x(ms), top + reasons.index(r.reason) * lane + 1,
                      color[r.reason], r.seq, ms, e(r.reason),
                      e(r.decoded()), r.rip, e(" " + sym) if sym else ""))
    out.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#999"/>'
               % (left, axis_y - 12, width - right, axis_y - 12))
    for px, px_text, label in axis_labels(ticks, dec, x, left,
                                          width - right):
        out.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#999"/>'
                   % (px, axis_y - 12, px, axis_y - 8))
        if label:
            out.append('<text x="%.1f" y="%d" text-anchor="middle">%s</text>'
                       % (px_text, axis_y + 2, e(label)))
    for i, n in enumerate(notes):
        out.append('<text x="4" y="%d" fill="#777">%s</text>'
                   % (axis_y + 20 + 16 * i, e(fit(n, width - 8))))
    out.append("</svg>")
    return "\n".join(out)


# --------------------------------------------------------------- the page

SCRIPT = r"""
"use strict";
// Exit timeline: one chart per guest, drawn from its records (DATA).
// Wheel: zoom at the pointer; drag: pan; the buttons: in, out, all.
const CHAR = %(char)s, NS = "http://www.w3.org/2000/svg";

function niceTicks(t0, t1, width, chars) {
  const span = (t1 - t0) || 1, most = Math.max(2, Math.floor(
    width / ((chars + 3) * CHAR)));
  let step = Math.pow(10, Math.floor(Math.log10(span / most)));
  for (const m of [1, 2, 5, 10, 20, 50])
    if (span / (step * m) <= most) { step *= m; break; }
  const ticks = [];
  for (let v = Math.ceil(t0 / step) * step; v <= t1 + step * 1e-9; v += step)
    ticks.push(v);
  if (ticks.length < 2) {       // a narrow view: its two ends
    step = span / 100;
    ticks.splice(0, ticks.length, t0, t1);
  }
  let dec = 0;
  for (let s = step; s < 1 && dec < 6; s *= 10) dec++;
  return {ticks, dec};
}

// Tick labels placed inside [left, right]: centred, pushed in at the
// ends, left out ("") where one would touch the one before it
// (axis_labels() in tools/tracehtml.py, for the SVG).
function axisLabels(t0, t1, left, right) {
  const {ticks, dec} = niceTicks(t0, t1, right - left, 14);
  let lastEnd = null;
  return ticks.map(v => {
    let label = v.toFixed(dec) + " ms";
    const half = label.length * CHAR / 2;
    const x = left + (v - t0) * (right - left) / (t1 - t0);
    const tx = Math.min(Math.max(x, left + half), right - half);
    if (lastEnd !== null && tx - half < lastEnd + CHAR) label = "";
    else lastEnd = tx + half;
    return {x, label, tx};
  });
}

function el(name, attrs, text) {
  const e = document.createElementNS(NS, name);
  for (const k in attrs) e.setAttribute(k, attrs[k]);
  if (text !== undefined) e.textContent = text;
  return e;
}

function chart(g, box) {
  const svg = box.querySelector("svg"), tip = box.querySelector(".tip");
  const width = svg.clientWidth || 1000, lane = 18, top = 8;
  const left = g.left, right = width - 12;
  const axisY = top + lane * g.reasons.length + 16;
  svg.setAttribute("height", axisY + 10);
  const full = [g.t0, g.t1 > g.t0 ? g.t1 : g.t0 + 1e-3];
  let view = full.slice();
  function draw() {
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    const [a, b] = view, x = ms => left + (ms - a) * (right - left) / (b - a);
    g.reasons.forEach((r, i) => {
      const y = top + i * lane;
      svg.appendChild(el("rect", {x: 4, y: y + 3, width: 10, height: 10,
                                  fill: g.colors[i]}));
      svg.appendChild(el("text", {x: 18, y: y + 12},
                         r + " (" + g.counts[i] + ")"));
      svg.appendChild(el("line", {x1: left, y1: y + 8, x2: right, y2: y + 8,
                                  stroke: "#ddd"}));
    });
    let shown = 0;
    for (const rec of g.records) {
      const ms = rec[1];
      if (ms < a || ms > b) continue;
      shown++;
      const t = el("rect", {x: x(ms).toFixed(1), y: top + rec[2] * lane + 1,
                            width: 1.5, height: 14, fill: g.colors[rec[2]]});
      t.dataset.i = rec[0];
      svg.appendChild(t);
    }
    svg.appendChild(el("line", {x1: left, y1: axisY - 12, x2: right,
                                y2: axisY - 12, stroke: "#999"}));
    for (const l of axisLabels(a, b, left, right)) {
      svg.appendChild(el("line", {x1: l.x, y1: axisY - 12, x2: l.x,
                                  y2: axisY - 8, stroke: "#999"}));
      if (l.label)
        svg.appendChild(el("text", {x: l.tx.toFixed(1), y: axisY + 2,
                                    "text-anchor": "middle"}, l.label));
    }
    box.querySelector(".view").textContent = a.toFixed(3) + " to " +
      b.toFixed(3) + " ms: " + shown + " of " + g.records.length + " exits";
  }
  function zoom(f, at) {
    const [a, b] = view, c = at === undefined ? (a + b) / 2 : at;
    let na = c - (c - a) * f, nb = c + (b - c) * f;
    const min = 1e-4;
    if (nb - na < min) { na = c - min / 2; nb = c + min / 2; }
    view = [Math.max(full[0], na), Math.min(full[1], nb)];
    draw();
  }
  const msAt = ev => {
    const r = svg.getBoundingClientRect();
    return view[0] + (ev.clientX - r.left - left) * (view[1] - view[0]) /
      (right - left);
  };
  svg.addEventListener("wheel", ev => {
    ev.preventDefault(); zoom(ev.deltaY < 0 ? 0.7 : 1 / 0.7, msAt(ev));
  });
  let drag = null;
  svg.addEventListener("mousedown", ev => { drag = [ev.clientX, view]; });
  window.addEventListener("mouseup", () => { drag = null; });
  svg.addEventListener("mousemove", ev => {
    if (drag) {
      const d = (drag[0] - ev.clientX) * (drag[1][1] - drag[1][0]) /
        (right - left);
      const span = drag[1][1] - drag[1][0];
      const a = Math.min(Math.max(full[0], drag[1][0] + d), full[1] - span);
      view = [a, a + span];
      draw();
      return;
    }
    const i = ev.target.dataset && ev.target.dataset.i;
    if (i === undefined) { tip.style.display = "none"; return; }
    const rec = g.byseq[i];
    tip.textContent = "exit " + i + " at " + rec[1].toFixed(3) + " ms: " +
      g.reasons[rec[2]] + ", " + rec[3] + ", rip=" + rec[4] +
      (rec[5] ? " " + rec[5] : "");
    tip.style.display = "block";
    tip.style.left = (ev.pageX + 12) + "px";
    tip.style.top = (ev.pageY + 12) + "px";
  });
  box.querySelector(".in").onclick = () => zoom(0.5);
  box.querySelector(".out").onclick = () => zoom(2);
  box.querySelector(".all").onclick = () => { view = full.slice(); draw(); };
  draw();
}

if (typeof document !== "undefined")
  for (const g of DATA) {
    g.byseq = {};
    for (const r of g.records) g.byseq[r[0]] = r;
    chart(g, document.getElementById("guest-" + g.id));
  }
if (typeof module !== "undefined") module.exports = {niceTicks, axisLabels};
"""


def page_data(guests, symbols):
    """Per guest: reasons, colours, counts and the records as
    [seq, ms, lane, what, rip, symbol] (compact: thousands of exits)."""
    out = []
    for i, t in enumerate(guests.values()):
        reasons, count = reasons_by_count(t)
        syms = symbols.get(t.name)
        recs = t.ordered()
        out.append({
            "id": i, "name": t.name, "reasons": reasons,
            "colors": [PALETTE[k % len(PALETTE)] for k in range(len(reasons))],
            "counts": [count[r] for r in reasons],
            "left": int(max([len("%s (%d)" % (r, count[r]))
                             for r in reasons] + [8]) * CHAR) + 24,
            "t0": t.ms(recs[0].tsc) if recs else 0.0,
            "t1": t.ms(recs[-1].tsc) if recs else 0.0,
            "records": [[r.seq, round(t.ms(r.tsc), 6),
                         reasons.index(r.reason), r.decoded(),
                         "0x%x" % r.rip,
                         syms.lookup(r.rip) if syms else ""]
                        for r in recs],
        })
    return out


def page(guests, title, symbols=None):
    """The HTML view: per guest a zoomable chart, the legend, the table."""
    symbols = symbols or {}
    e = html.escape
    data = page_data(guests, symbols)
    parts = ["<!DOCTYPE html>", '<html><head><meta charset="utf-8">',
             "<title>%s</title>" % e(title),
             "<style>body{font-family:sans-serif;margin:1em}"
             "svg{width:100%%;font-family:monospace;font-size:%dpx;"
             "user-select:none;cursor:grab}"
             ".tip{position:absolute;display:none;background:#ffd;"
             "border:1px solid #999;padding:2px 6px;font-family:monospace;"
             "pointer-events:none}"
             "table{border-collapse:collapse}td,th{border:1px solid #ccc;"
             "padding:2px 6px;font-family:monospace}"
             ".sw{display:inline-block;width:10px;height:10px;"
             "margin-right:4px}</style></head><body>" % FONT,
             "<h1>%s</h1>" % e(title),
             "<p>One lane per exit reason, one tick per exit the ring held. "
             "Scroll on a chart to zoom in at the pointer, drag to move; "
             "hover a tick for the exit number, what it was about and the "
             "guest's RIP with its symbol (from the guest's ELF image). "
             "Time is the TSC at the exit, from the guest's first turn on "
             "the CPU.</p>"]
    for g, t in zip(data, guests.values()):
        parts.append('<div id="guest-%d"><h2>%s</h2>' % (g["id"],
                                                          e(t.name)))
        parts.append("<p>%d exits recorded, %d shown; %d fast-path "
                     "hypercalls not recorded. Dumps: %s.%s</p>" % (
                         t.recorded, len(t.records), t.fastpath,
                         ", ".join("%s (%d)" % (w, n) for w, _, n in t.dumps),
                         "" if t.name in symbols else
                         " No symbols: the guest's ELF image was not found."))
        parts.append('<p class="legend">' + " ".join(
            '<span><span class="sw" style="background:%s"></span>%s %d'
            '</span>' % (c, e(r), n)
            for r, c, n in zip(g["reasons"], g["colors"], g["counts"])) +
            "</p>")
        parts.append('<p><button class="in">zoom in</button> '
                     '<button class="out">zoom out</button> '
                     '<button class="all">whole run</button> '
                     '<span class="view"></span></p>')
        parts.append('<svg xmlns="http://www.w3.org/2000/svg"></svg>'
                     '<div class="tip"></div>')
        parts.append("<details><summary>every exit (%d)</summary><table>"
                     "<tr><th>seq</th><th>ms</th><th>reason</th><th>what</th>"
                     "<th>rip</th><th>symbol</th></tr>" % len(g["records"]))
        for seq, ms, lane, what, rip, sym in g["records"]:
            parts.append("<tr><td>%d</td><td>%.3f</td><td>%s</td><td>%s</td>"
                         "<td>%s</td><td>%s</td></tr>" % (
                             seq, ms, e(g["reasons"][lane]), e(what), rip,
                             e(sym)))
        parts.append("</table></details></div>")
    parts.append("<script>const DATA = %s;\n%s</script>" % (
        json.dumps(data, separators=(",", ":")).replace("</", "<\\/"),
        SCRIPT % {"char": CHAR}))
    parts.append("</body></html>")
    return "\n".join(parts)
