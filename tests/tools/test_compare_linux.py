# SPDX-License-Identifier: MIT
"""tools/compare --linux on a recorded transcript: the phases are the
differences of the hypervisor's marks, the report and charts are made,
and make compare's own invariants (the PV boot and the hvc0 write take
fewer exits than the full ones) hold on a real run and fail when they do
not hold."""

import importlib.machinery
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import svgtext  # noqa: E402

TOOL = os.path.join(ROOT, "tools", "compare")
# A Bochs run of tools/compare --linux, trimmed: the hypervisor's lines
# whole, of the guests' only those the tool reads (docs/compare.md).
SAMPLE = os.path.join(ROOT, "tests", "system", "data",
                      "compare-linux-sample.log")
MARK = re.compile(r"^mark: guest=(\S+) mark=(\d+) seq=\d+ (.*)$")


def load_compare():
    loader = importlib.machinery.SourceFileLoader("compare_tool", TOOL)
    spec = importlib.util.spec_from_loader("compare_tool", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


def marks(text):
    """{(guest, mark): {field: int}} straight from the mark total lines."""
    out = {}
    for line in text.splitlines():
        m = MARK.match(line)
        if m and "reason=" not in m.group(3):
            out[(m.group(1), int(m.group(2)))] = {
                k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", m.group(3))}
    return out


def run_tool(transcript, out):
    return subprocess.run([sys.executable, TOOL, "--linux", "--transcript",
                           transcript, "--out", out],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True)


class LinuxRows(unittest.TestCase):
    def setUp(self):
        with open(SAMPLE) as f:
            self.text = f.read()
        self.dir = tempfile.mkdtemp()

    def tearDown(self):
        shutil.rmtree(self.dir)

    def test_phases_are_mark_differences(self):
        p = run_tool(SAMPLE, self.dir)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("check: all figures hold", p.stdout)
        with open(os.path.join(self.dir, "results.json")) as f:
            res = json.load(f)
        m = marks(self.text)
        for v in ("full", "pv"):
            g = "linux-" + v
            boot = res["guests"]["linux-boot-" + v]
            self.assertEqual(boot["total"], m[(g, 1)]["total"])
            self.assertEqual(boot["guest_time"], m[(g, 1)]["tsc"])
            for w, a, b in (("console", 16, 17), ("timer", 32, 33),
                            ("clock", 48, 49)):
                rec = res["guests"]["linux-%s-%s" % (w, v)]
                for key, field in (("total", "total"), ("cycles", "cycles"),
                                   ("guest_time", "tsc")):
                    self.assertEqual(rec[key],
                                     m[(g, b)][field] - m[(g, a)][field],
                                     (w, v, key))
                self.assertEqual(rec["events"]["injected"],
                                 m[(g, b)]["injected"] -
                                 m[(g, a)]["injected"])
                self.assertEqual(sum(r["count"] for r in
                                     rec["reasons"].values()), rec["total"])
        # The full kernel writes EOI to the APIC; the PV one clears the
        # flag while its timer is the only interrupt.
        t = res["comparison"]["linux-timer"]["events"]
        self.assertEqual(t["pv_eois"]["full"], 0)
        self.assertGreater(t["pv_eois"]["pv"], 0)
        self.assertEqual(t["eoi_writes"]["pv"], 0)
        with open(os.path.join(self.dir, "report.md")) as f:
            report = f.read()
        for w in ("linux-boot", "linux-console", "linux-timer",
                  "linux-clock"):
            self.assertIn("## %s\n" % w, report)

    def doctored(self, guest, delta):
        """The transcript with @delta more IO_INSTRUCTION exits at every
        mark of @guest: its boot phase grows, the others stay."""
        out = []
        for line in self.text.splitlines():
            m = MARK.match(line)
            if m and m.group(1) == guest:
                if "reason=" not in line:
                    line = re.sub(r"total=(\d+)", lambda x: "total=%d" % (
                        int(x.group(1)) + delta), line)
                elif "reason=IO_INSTRUCTION " in line:
                    line = re.sub(r"count=(\d+)", lambda x: "count=%d" % (
                        int(x.group(1)) + delta), line)
            out.append(line)
        path = os.path.join(self.dir, "doctored.log")
        with open(path, "w") as f:
            f.write("\n".join(out) + "\n")
        return path

    def test_boot_invariant_fails(self):
        full = marks(self.text)[("linux-full", 1)]["total"]
        pv = marks(self.text)[("linux-pv", 1)]["total"]
        p = run_tool(self.doctored("linux-pv", full - pv), self.dir)
        self.assertEqual(p.returncode, 1)
        self.assertIn("check: linux-boot: the PV boot to /init takes",
                      p.stderr)
        self.assertNotIn("check: linux-console", p.stderr)
        self.assertIn("check: FAILED", p.stdout)

    def test_reasons_must_add_up(self):
        path = os.path.join(self.dir, "cut.log")
        with open(path, "w") as f:
            f.write("\n".join(l for l in self.text.splitlines()
                              if not l.startswith(
                                  "mark: guest=linux-full mark=17 seq=2 "
                                  "reason=IO_INSTRUCTION")) + "\n")
        p = run_tool(path, self.dir)
        self.assertEqual(p.returncode, 1)
        self.assertIn("mark 17's 'reason=' lines add up", p.stderr)

    @unittest.skipUnless(shutil.which("gnuplot"), "no gnuplot")
    def test_charts_labels_apart(self):
        compare = load_compare()
        guests, facts = compare.parse(self.text)
        res = compare.linux_results(guests, facts, SAMPLE, "bochs")
        made = compare.draw_charts(res, self.dir)
        self.assertEqual([m[0] for m in made], ["exits.svg", "cycles.svg"])
        for name, _ in made:
            with open(os.path.join(self.dir, name)) as f:
                svg = f.read()
            boxes = svgtext.text_boxes(svg)
            # Title, axis label, 2 keys, 4 phases, 8 values.
            self.assertGreaterEqual(len(boxes), 16, name)
            self.assertEqual(svgtext.overlaps(boxes), [], name)
            self.assertEqual(svgtext.outside(boxes, *svgtext.size(svg)), [],
                             name)


if __name__ == "__main__":
    unittest.main()
