# SPDX-License-Identifier: MIT
"""tools/trace and tools/exittrace.py on recorded transcripts (data/)."""

import os
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import exittrace  # noqa: E402

DATA = os.path.join(HERE, "data")


def text(name):
    with open(os.path.join(DATA, name)) as f:
        return f.read()


def trace_tool(*args):
    return subprocess.run([sys.executable, os.path.join(ROOT, "tools",
                                                        "trace")] + list(args),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True)


class DecodeSvm(unittest.TestCase):
    """SVM's EXITINFO1 (AMD APM vol. 2, 15.10.2 and 15.25.6), as the SVM
    backend records it in the qualification slot."""

    def test_ioio(self):
        # OUT DX, AL to 0xf4: port 31:16, SZ8 (bit 4), type OUT.
        self.assertEqual(exittrace.decode("IOIO", 0x00f40010 | 1 << 8),
                         "out8 port 0xf4")
        # REP INSW from 0x1f0: IN (0), STR (2), REP (3), SZ16 (5).
        self.assertEqual(exittrace.decode("IOIO", 0x01f00000 | 1 | 4 | 8 |
                                          32), "rep ins16 port 0x1f0")
        self.assertEqual(exittrace.decode("IOIO", 0x00710041),
                         "in32 port 0x71")

    def test_npf(self):
        self.assertEqual(exittrace.decode("NPF", 1 << 32 | 2 | 4),
                         "NPF on write")
        self.assertEqual(exittrace.decode("NPF", 1 << 32 | 16),
                         "NPF on fetch")
        self.assertEqual(exittrace.decode("NPF", 1 << 33 | 4),
                         "NPF on read (page walk)")


class Parse(unittest.TestCase):
    def test_end_dump_holds_the_newest_128(self):
        t = exittrace.parse(text("trace-exits-alone-1.log"))["exits"]
        recs = t.ordered()
        self.assertEqual(len(recs), 128)
        self.assertEqual(recs[-1].seq, t.recorded - 1)
        self.assertEqual(t.gaps(), [(0, t.recorded - 128)])
        self.assertEqual(t.dumps, [("end", t.recorded - 128, 128)])
        # The statistics line of the same run counts the same exits.
        self.assertIn("exits: guest=exits total=%d " % t.recorded,
                      text("trace-exits-alone-1.log"))
        # The guest ends by writing its status to port 0xf4.
        self.assertEqual(recs[-1].decoded(), "out8 port 0xf4")

    def test_two_dumps_join(self):
        t = exittrace.parse(text("trace-pvtest-dumps.log"))["pvtest"]
        (w1, f1, n1), (w2, f2, n2) = t.dumps
        self.assertEqual((w1, w2), ("hypercall", "hypercall"))
        self.assertEqual(f2, f1 + n1)
        self.assertEqual(t.ordered()[-1].reason, "VMCALL")

    def test_cut_dump_is_an_error(self):
        lines = text("trace-exits-alone-1.log").splitlines()
        cut = [l for l in lines if not l.startswith("trace: guest=exits seq=2200 ")]
        with self.assertRaisesRegex(exittrace.TraceError, "holds 127"):
            exittrace.parse("\n".join(cut))
        no_end = [l for l in lines if l != "trace: guest=exits end"]
        with self.assertRaisesRegex(exittrace.TraceError, "no end"):
            exittrace.parse("\n".join(no_end))

    def test_decode(self):
        self.assertEqual(exittrace.decode("IO_INSTRUCTION", 0x3fd0008),
                         "in8 port 0x3fd")
        self.assertEqual(exittrace.decode("IO_INSTRUCTION", 0x3f80031),
                         "rep outs16 port 0x3f8")
        self.assertEqual(exittrace.decode("CR_ACCESS", 0x300), "mov cr0 <- rbx")
        self.assertEqual(exittrace.decode("CR_ACCESS", 0x14), "mov rax <- cr4")
        self.assertEqual(exittrace.decode("EPT_VIOLATION", 0x82),
                         "EPT violation on write")
        self.assertEqual(exittrace.decode("HLT", 0), "hlt")


class Tool(unittest.TestCase):
    def test_diff_same_runs(self):
        p = trace_tool("diff", os.path.join(DATA, "trace-exits-alone-1.log"),
                       os.path.join(DATA, "trace-exits-alone-2.log"))
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertRegex(p.stdout, r"guest exits: the same \d+ exits "
                         r"\(128 compared one by one\)")

    def test_diff_different_runs(self):
        p = trace_tool("diff", os.path.join(DATA, "trace-exits-alone-1.log"),
                       os.path.join(DATA, "trace-exits-with-pvtest.log"))
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        self.assertRegex(p.stdout, r"guest exits: \d+ exits in A, \d+ in B")
        self.assertRegex(p.stdout, r"guest exits: first difference at exit "
                         r"\d+: A IO_INSTRUCTION")

    def test_timeline_html_and_svg(self):
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "t.html")
            p = trace_tool("timeline", os.path.join(DATA,
                                                    "trace-pvtest-dumps.log"),
                           "-o", out, "--svg-dir", d)
            self.assertEqual(p.returncode, 0, p.stderr)
            svg = ET.parse(os.path.join(d, "pvtest.svg")).getroot()
            ticks = [r for r in svg.iter("{http://www.w3.org/2000/svg}rect")
                     if r.get("class") == "exit"]
            t = exittrace.parse(text("trace-pvtest-dumps.log"))["pvtest"]
            self.assertEqual(len(ticks), len(t.records))
            with open(out) as f:
                page = f.read()
            self.assertIn("<svg", page)
            self.assertEqual(page.count("<tr><td>"), len(t.records))

    def test_list(self):
        p = trace_tool("list", os.path.join(DATA, "trace-exits-alone-1.log"))
        self.assertEqual(p.returncode, 0)
        self.assertRegex(p.stdout, r"not shown, the ring wrapped")
        self.assertRegex(p.stdout, r"IO_INSTRUCTION +out8 port 0xf4 ")

    def test_no_trace_is_an_error(self):
        with tempfile.NamedTemporaryFile("w", suffix=".log") as f:
            f.write("hv: hello\n")
            f.flush()
            p = trace_tool("list", f.name)
        self.assertEqual(p.returncode, 2)
        self.assertIn("no exit trace in it", p.stderr)


if __name__ == "__main__":
    unittest.main()
