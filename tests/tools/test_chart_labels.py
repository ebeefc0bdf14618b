# SPDX-License-Identifier: MIT
"""Charts whose labels never overlap, checked from the SVG's geometry
(tools/svgtext.py): tools/trace's timeline SVGs, the axis of its HTML view
(the page's own JavaScript, run by node), tools/compare's gnuplot charts.
And the timeline's HTML view and guest symbols (tools/tracehtml.py)."""

import importlib.machinery
import importlib.util
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import exittrace  # noqa: E402
import svgtext  # noqa: E402
import tracehtml  # noqa: E402

DATA = os.path.join(HERE, "data")
BUILD = os.path.join(ROOT, "build")


def synthetic(n, reasons, span_ms, gaps=0, hz=50000000, seed=1):
    """A guest's dumps: @n exits over @span_ms, @gaps holes in seq."""
    rnd = random.Random(seed)
    lines, seq = [], 0
    tsc = [int(i * span_ms * hz / 1000 / max(n - 1, 1)) for i in range(n)]
    holes = set(rnd.sample(range(1, n - 1), gaps)) if gaps else set()
    recs = []
    for i in range(n):
        seq += 1 + (37 if i in holes else 0)
        recs.append((seq, tsc[i], rnd.choice(reasons)))
    dumps, cur = [], []
    for r in recs:
        if cur and r[0] != cur[-1][0] + 1:
            dumps.append(cur)
            cur = []
        cur.append(r)
    dumps.append(cur)
    for d in dumps:
        lines.append("trace: guest=g why=hypercall hz=%d start=0 "
                     "recorded=%d first=%d shown=%d fastpath=0"
                     % (hz, d[-1][0] + 1, d[0][0], len(d)))
        for seq, t, reason in d:
            lines.append("trace: guest=g seq=%d tsc=%d reason=%s nr=1 "
                         "qual=0x0 rip=0x%x kind=other"
                         % (seq, t, reason, 0x100000 + seq))
        lines.append("trace: guest=g end")
    return exittrace.parse("\n".join(lines) + "\n")["g"]


class Geometry(unittest.TestCase):
    """The checker can fail: it sees overlaps and cut labels."""

    def test_overlap_is_seen(self):
        svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="200" '
               'height="50" font-size="10"><text x="10" y="20">abcdef'
               '</text><g transform="translate(40,20)"><text>ghi</text></g>'
               '<text x="150" y="40" text-anchor="end">jk</text></svg>')
        boxes = svgtext.text_boxes(svg)
        self.assertEqual([b[0] for b in boxes], ["abcdef", "ghi", "jk"])
        self.assertAlmostEqual(boxes[0][3], 10 + 6 * 10 * 0.6)
        self.assertAlmostEqual(boxes[2][1], 150 - 2 * 10 * 0.6)
        self.assertEqual(len(svgtext.overlaps(boxes)), 1)
        self.assertEqual(svgtext.outside(boxes, 100, 50), [boxes[2]])

    def test_rotation(self):
        svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 '
               '100"><g transform="translate(20,50) rotate(270)" '
               'font-size="10" text-anchor="middle"><text>abcdefghij</text>'
               '</g></svg>')
        (_, x0, y0, x1, y1), = svgtext.text_boxes(svg)
        self.assertAlmostEqual(y1 - y0, 60)     # the width, upright
        self.assertLess(x1 - x0, 12)


class TraceCharts(unittest.TestCase):
    def assert_clean(self, svg, what):
        boxes = svgtext.text_boxes(svg)
        self.assertTrue(boxes, what)
        self.assertEqual(svgtext.overlaps(boxes), [], what)
        self.assertEqual(svgtext.outside(boxes, *svgtext.size(svg)), [],
                         what)

    def test_recorded_transcripts(self):
        for name in sorted(os.listdir(DATA)):
            if name.endswith(".log"):
                with open(os.path.join(DATA, name)) as f:
                    for t in exittrace.parse(f.read()).values():
                        self.assert_clean(tracehtml.svg(t), name)

    def test_thousands_of_exits_long_names_and_gaps(self):
        reasons = ["IO_INSTRUCTION", "EPT_VIOLATION", "HLT", "CPUID",
                   "EXTERNAL_INTERRUPT", "PREEMPTION_TIMER", "MSR_READ",
                   "VERY_LONG_EXIT_REASON_NAME_FROM_A_FUTURE_BACKEND",
                   "CR_ACCESS", "XSETBV", "INVD", "WBINVD", "VMCALL"]
        for n, span, gaps, width in [(5000, 1234.5, 0, 1000),
                                     (4000, 0.0123, 9, 1000),
                                     (2, 99999.9, 0, 400),
                                     (3, 1000.0, 0, 1000),
                                     (65536, 7.5, 30, 1000),
                                     (300, 123456.0, 1, 600)]:
            t = synthetic(n, reasons, span, gaps)
            self.assert_clean(tracehtml.svg(t, width=width),
                              "%d exits over %g ms, %d gaps, %d px"
                              % (n, span, gaps, width))

    @unittest.skipUnless(shutil.which("node"), "no node for the page's JS")
    def test_page_axis_at_every_zoom(self):
        """The HTML view's own axisLabels(), as the browser runs it."""
        with tempfile.TemporaryDirectory() as d:
            js = os.path.join(d, "page.js")
            with open(js, "w") as f:
                f.write(tracehtml.SCRIPT % {"char": tracehtml.CHAR})
            cases = []
            rnd = random.Random(3)
            for _ in range(400):
                a = rnd.uniform(0, 10 ** rnd.uniform(-3, 5))
                b = a + 10 ** rnd.uniform(-4, 5)
                w = rnd.choice([300, 640, 1000, 1900])
                cases.append([a, b, 170, w - 12])
            prog = ("const m = require(%s); const out = [];\n"
                    "for (const c of %s) out.push(m.axisLabels(...c));\n"
                    "console.log(JSON.stringify(out));"
                    % (json.dumps(js), json.dumps(cases)))
            p = subprocess.run(["node", "-e", prog], stdout=subprocess.PIPE,
                               universal_newlines=True, check=True)
        for (a, b, left, right), labels in zip(cases, json.loads(p.stdout)):
            shown = [(l["tx"] - len(l["label"]) * tracehtml.CHAR / 2,
                      l["tx"] + len(l["label"]) * tracehtml.CHAR / 2)
                     for l in labels if l["label"]]
            what = "view %g..%g ms in %d..%d px" % (a, b, left, right)
            self.assertGreaterEqual(len(shown), 1, what)
            for x0, x1 in shown:
                self.assertGreaterEqual(x0, left - 0.01, what)
                self.assertLessEqual(x1, right + 0.01, what)
            for (_, e0), (s1, _) in zip(shown, shown[1:]):
                self.assertLess(e0, s1, what)


# A DOM just big enough for the page's script: elements that keep their
# children, attributes and listeners, so that a test can draw, zoom and
# hover as a browser would.
FAKE_DOM = r"""
class El {
  constructor(tag) { this.tag = tag; this.attrs = {}; this.children = [];
    this.dataset = {}; this.style = {}; this.on = {}; this.textContent = "";
    this.clientWidth = 1000; }
  setAttribute(k, v) { this.attrs[k] = String(v); }
  appendChild(c) { this.children.push(c); c.parent = this; return c; }
  removeChild(c) { this.children.splice(this.children.indexOf(c), 1); }
  get firstChild() { return this.children[0] || null; }
  addEventListener(ev, f) { this.on[ev] = f; }
  getBoundingClientRect() { return {left: 0, top: 0}; }
}
const boxes = {};
global.window = new El("window");
global.document = {
  createElementNS: (ns, tag) => new El(tag),
  getElementById: id => {
    if (!boxes[id]) {
      const b = new El("div"), parts = {svg: new El("svg"),
        ".tip": new El("div"), ".view": new El("span"), ".in": new El("b"),
        ".out": new El("b"), ".all": new El("b")};
      b.querySelector = q => parts[q];
      boxes[id] = b;
    }
    return boxes[id];
  },
};
"""


def load_compare():
    path = os.path.join(ROOT, "tools", "compare")
    loader = importlib.machinery.SourceFileLoader("compare_tool", path)
    spec = importlib.util.spec_from_loader("compare_tool", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


@unittest.skipUnless(shutil.which("gnuplot"), "no gnuplot")
class CompareCharts(unittest.TestCase):
    def test_exits_and_cycles_charts(self):
        """exits.svg and cycles.svg for figures from 1 to 10^7, the two
        bars of a workload near each other or far apart."""
        compare = load_compare()
        rnd = random.Random(5)
        with tempfile.TemporaryDirectory() as d:
            for trial in range(4):
                res = {"unit": "instructions", "comparison": {}}
                for w in compare.WORKLOADS:
                    full = int(10 ** rnd.uniform(0, 7))
                    pv = full if trial == 0 else int(10 ** rnd.uniform(0, 7))
                    res["comparison"][w] = {
                        "exits": {"full": full, "pv": pv},
                        "hypervisor_cycles": {
                            "full": full * rnd.randint(50, 500),
                            "pv": pv * rnd.randint(50, 500)}}
                made = compare.draw_charts(res, d)
                self.assertEqual([m[0] for m in made],
                                 ["exits.svg", "cycles.svg"])
                for name, _ in made:
                    with open(os.path.join(d, name)) as f:
                        svg = f.read()
                    boxes = svgtext.text_boxes(svg)
                    what = "%s, trial %d: %s" % (name, trial, res)
                    # Title, axis label, 2 keys, 5 workloads, 10 values.
                    self.assertGreaterEqual(len(boxes), 19, what)
                    self.assertEqual(svgtext.overlaps(boxes), [], what)
                    self.assertEqual(
                        svgtext.outside(boxes, *svgtext.size(svg)), [], what)


class Symbols(unittest.TestCase):
    def elf(self, name):
        path = os.path.join(BUILD, "guests", name)
        if not os.path.exists(path):
            self.skipTest("%s not built" % path)
        return path

    def test_like_nm(self):
        """Each sized function of the exits guest (ELF32) and of hv.elf
        (ELF64): its start, and a byte inside, are that function (or one
        of the assembler's local labels in it, NAME.label)."""
        for path in (self.elf("exits.elf"), os.path.join(BUILD, "hv.elf")):
            syms = tracehtml.Symbols.from_elf(path)
            nm = subprocess.run(["nm", "-S", "--defined-only", path],
                                stdout=subprocess.PIPE,
                                universal_newlines=True, check=True).stdout
            funcs = [(int(a, 16), int(s, 16), n) for a, s, k, n in
                     (l.split() for l in nm.splitlines() if len(l.split()) == 4)
                     if k in "tT" and int(s, 16) > 1]
            self.assertGreater(len(funcs), 20, path)
            same = {}
            for a, _, n in funcs:
                same.setdefault(a, set()).add(n)
            for a, size, name in funcs:
                for addr in (a, a + size - 1):
                    got = syms.lookup(addr)
                    base = got.split("+")[0]
                    self.assertTrue(base in same[a] or
                                    base.startswith(name + "."),
                                    "%s: 0x%x is %s, nm says %s"
                                    % (path, addr, got, name))

    @unittest.skipUnless(shutil.which("node"), "no node for the page's JS")
    def test_page_draws_zooms_and_hovers(self):
        """The page's script on 3000 exits: all drawn, a wheel step in
        at the middle leaves fewer, "whole run" all again; hovering a
        tick shows its exit, decoded, with the symbol."""
        t = synthetic(3000, ["IO_INSTRUCTION", "HLT", "CPUID"], 500.0)
        syms = tracehtml.Symbols([(0x100000, 0x10000, "main")])
        page = tracehtml.page({"g": t}, "t", {"g": syms})
        script = re.search(r"<script>(.*)</script>", page, re.S).group(1)
        prog = FAKE_DOM + script + r"""
const box = document.getElementById("guest-0"), svg = box.querySelector("svg");
const ticks = () => svg.children.filter(c => c.tag === "rect" &&
                                         c.dataset.i !== undefined).length;
const out = {all: ticks(), view: box.querySelector(".view").textContent};
svg.on.wheel({deltaY: -1, clientX: 600, preventDefault() {}});
out.zoomed = ticks();
out.zview = box.querySelector(".view").textContent;
box.querySelector(".all").onclick();
out.again = ticks();
const one = svg.children.find(c => String(c.dataset.i) === "1500");
svg.on.mousemove({target: one, pageX: 1, pageY: 1, clientX: 1});
out.tip = box.querySelector(".tip").textContent;
out.labels = svg.children.filter(c => c.tag === "text").map(
  c => c.textContent);
console.log(JSON.stringify(out));
"""
        with tempfile.NamedTemporaryFile("w", suffix=".js") as f:
            f.write(prog)
            f.flush()
            p = subprocess.run(["node", f.name], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE,
                               universal_newlines=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        out = json.loads(p.stdout)
        self.assertEqual(out["all"], 3000)
        self.assertRegex(out["view"], r": 3000 of 3000 exits$")
        self.assertLess(out["zoomed"], 3000 * 0.8)
        self.assertGreater(out["zoomed"], 0)
        self.assertRegex(out["zview"], r": %d of 3000 exits$" % out["zoomed"])
        self.assertEqual(out["again"], 3000)
        r = t.records[1500]
        self.assertEqual(out["tip"], "exit 1500 at %.3f ms: %s, %s, rip=0x%x "
                         "main+0x%x" % (t.ms(r.tsc), r.reason, r.decoded(),
                                        r.rip, r.rip - 0x100000))
        for reason in ("IO_INSTRUCTION", "HLT", "CPUID"):
            self.assertTrue(any(l.startswith(reason + " (")
                                for l in out["labels"]), out["labels"])

    def test_page_has_symbols_legend_and_every_exit(self):
        exits = self.elf("exits.elf")
        syms = tracehtml.Symbols.from_elf(exits)
        nm = subprocess.run(["nm", exits], stdout=subprocess.PIPE,
                            universal_newlines=True, check=True).stdout
        pc_exit = int(re.search(r"^([0-9a-f]+) [Tt] pc_exit$", nm,
                                re.M).group(1), 16)
        text = ("config:   exits           guests/exits.elf         mem  "
                "16384 KiB, image 1 bytes, cmdline \"\"\n"
                "trace: guest=exits why=end hz=50000000 start=0 recorded=3 "
                "first=0 shown=3 fastpath=0\n"
                "trace: guest=exits seq=0 tsc=100 reason=CPUID nr=10 "
                "qual=0x0 rip=0x%x kind=cpuid\n"
                "trace: guest=exits seq=1 tsc=200 reason=IO_INSTRUCTION "
                "nr=30 qual=0xf40000 rip=0x%x kind=io\n"
                "trace: guest=exits seq=2 tsc=300 reason=IO_INSTRUCTION "
                "nr=30 qual=0xf40000 rip=0x%x kind=io\n"
                "trace: guest=exits end\n" % (pc_exit, pc_exit + 0x12,
                                              0xfffff000))
        found = tracehtml.guest_symbols(text, BUILD)
        self.assertEqual(list(found), ["exits"])
        self.assertEqual(found["exits"].lookup(pc_exit + 0x12),
                         syms.lookup(pc_exit + 0x12))
        page = tracehtml.page(exittrace.parse(text), "t", found)
        data = json.loads(re.search(r"const DATA = (.*);\n", page).group(1))
        g, = data
        self.assertEqual(g["reasons"], ["IO_INSTRUCTION", "CPUID"])
        self.assertEqual(g["counts"], [2, 1])
        self.assertEqual(len(set(g["colors"])), 2)
        self.assertEqual([r[5] for r in g["records"]],
                         ["pc_exit", "pc_exit+0x12", ""])
        self.assertIn("<td>pc_exit+0x12</td>", page)
        for reason, color in zip(g["reasons"], g["colors"]):
            self.assertIn('background:%s"></span>%s' % (color, reason), page)
        self.assertIn("zoom in", page)


if __name__ == "__main__":
    unittest.main()
