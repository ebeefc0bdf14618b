# SPDX-License-Identifier: MIT
"""tools/tryits: every "Try it" of the guide and the labs carries its
marks, and the runner fails a try-it whose output is not what its doc
says; tools/doccheck's figure marks against a results.json."""

import json
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
TRYITS = os.path.join(ROOT, "tools", "tryits")
DOCCHECK = os.path.join(ROOT, "tools", "doccheck")

# The try-its no test runs yet, each with the reason its mark gives.
PENDING = set()

F = "```"


def run(tool, *args):
    return subprocess.run([sys.executable, tool] + list(args),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True)


def doc(text):
    f = tempfile.NamedTemporaryFile("w", suffix=".md", delete=False)
    f.write(textwrap.dedent(text).replace("FENCE", F))
    f.close()
    return f.name


class TheDocs(unittest.TestCase):
    def test_every_tryit_is_marked(self):
        p = run(TRYITS, "--list")
        self.assertEqual(p.returncode, 0, p.stdout)
        names = [l.split()[0] for l in p.stdout.splitlines()]
        self.assertGreaterEqual(len(names), 15, p.stdout)
        pending = {l.split()[0] for l in p.stdout.splitlines()
                   if "pending:" in l}
        self.assertEqual(pending, PENDING, p.stdout)
        for line in p.stdout.splitlines():
            self.assertIn(line.split()[1], ("vmx", "svm", "any"), line)


class Runner(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()

    def tryits(self, text, *args):
        path = doc(text)
        try:
            return run(TRYITS, path, "--in", self.dir, "--work", self.dir,
                       *args)
        finally:
            os.unlink(path)

    def test_unmarked_block_under_try_it(self):
        p = self.tryits("""
            ## Try it

            FENCEsh
            echo hello
            FENCE
            """)
        self.assertEqual(p.returncode, 1)
        self.assertIn("a fenced block under \"Try it\" with no tryit mark",
                      p.stdout)

    def test_pass_fail_vary_status_file(self):
        p = self.tryits("""
            ## Try it

            <!-- tryit-file t-file in/cfg.txt -->
            FENCE
            guest name=a
            FENCE

            <!-- tryit t-file backend=vmx -->
            FENCEsh
            cat in/cfg.txt
            echo 'vm: image at 0xffffffff80023850, 540 KiB, cycles=123'
            FENCE

            <!-- tryit-expect t-file vary=addr,sizes,cycles -->
            FENCE
            guest name=a
            ...
            vm: image at 0xffffffff80010ed0, 332 KiB, cycles=9
            FENCE

            <!-- tryit t-addr backend=vmx -->
            FENCEsh
            echo 'reason 30 (breakpoint at hv_handle_exit 0xffffffff80003000)'
            FENCE

            <!-- tryit-expect t-addr vary=addr,numbers -->
            FENCE
            reason 30 (breakpoint at hv_handle_exit 0xffffffff80002f40)
            FENCE

            <!-- tryit t-wrong backend=svm -->
            FENCEsh
            echo 'count=2 cycles=835'
            echo second
            FENCE

            <!-- tryit-expect t-wrong vary=cycles -->
            FENCE
            second
            count=3 cycles=1
            FENCE

            <!-- tryit t-order backend=any -->
            FENCEsh
            printf 'b\\na\\n'
            FENCE

            <!-- tryit-expect t-order -->
            FENCE
            a
            b
            FENCE

            <!-- tryit t-status backend=any status=2 -->
            FENCEsh
            echo 'make: *** [Makefile:302: run] Error 5'; exit 2
            FENCE

            <!-- tryit-expect t-status -->
            FENCE
            Error 5
            FENCE

            <!-- tryit t-bad-status backend=any -->
            FENCEsh
            echo fine; false
            FENCE

            <!-- tryit-expect t-bad-status -->
            FENCE
            fine
            FENCE
            """)
        out = p.stdout
        self.assertEqual(p.returncode, 1, out)
        self.assertRegex(out, r"(?m)^PASS t-file \(vmx, ")
        # An address whose first digit is also a number: still an address.
        self.assertRegex(out, r"(?m)^PASS t-addr \(vmx, ")
        self.assertRegex(out, r"(?m)^FAIL t-wrong \(svm, ")
        self.assertIn("not printed: count=3 cycles=1", out)
        self.assertIn("printed, but out of order: b", out)
        self.assertRegex(out, r"(?m)^FAIL t-order ")
        self.assertRegex(out, r"(?m)^PASS t-status ")
        self.assertRegex(out, r"(?m)^FAIL t-bad-status ")
        self.assertIn("ended with status 1, not 0", out)
        self.assertIn("tryits: 3 passed, 3 failed, 0 pending", out)

    def test_marks_that_do_not_make_a_tryit(self):
        p = self.tryits("""
            <!-- tryit a backend=arm -->
            FENCEsh
            true
            FENCE

            <!-- tryit-expect b vary=nosuch -->
            FENCE
            x
            FENCE
            """, "--list")
        self.assertEqual(p.returncode, 1)
        self.assertIn("backend= must be vmx, svm or any", p.stdout)
        self.assertIn("no expected output", p.stdout)
        self.assertIn("no command block", p.stdout)
        self.assertIn("vary=nosuch: not one of", p.stdout)


class Figures(unittest.TestCase):
    def setUp(self):
        self.build = tempfile.mkdtemp()
        os.makedirs(os.path.join(self.build, "compare"))
        with open(os.path.join(self.build, "compare", "results.json"),
                  "w") as f:
            json.dump({"figures": {"hypercall_round_trip": 98,
                                   "console_exit_ratio": 4599.62,
                                   "cpuid_round_trip": {"full": 838.9}},
                       "comparison": {"console": {"hypervisor_cycles": {
                           "ratio": 1.3848}}},
                       "guests": {"t": {"cycles": 29950, "count": 50}}}, f)

    def doccheck(self, text, *args):
        path = doc(text)
        try:
            return run(DOCCHECK, "--build", self.build, path, *args)
        finally:
            os.unlink(path)

    def test_figures_that_agree(self):
        p = self.doccheck("""
            costs 98<!-- fig compare figures.hypercall_round_trip -->
            against **839**<!-- fig compare figures.cpuid_round_trip.full -->,
            4,600<!-- fig compare figures.console_exit_ratio --> times,
            1.38<!-- fig compare comparison.console.hypervisor_cycles.ratio -->
            and 599<!-- fig compare guests.t.cycles / guests.t.count -->
            each, 600<!-- fig compare (guests.t.cycles + 50) / 50 -->.
            """)
        self.assertEqual(p.returncode, 0, p.stdout)
        self.assertIn("6 figures agree with the reports", p.stdout)

    def test_figures_that_do_not(self):
        p = self.doccheck("""
            costs 97<!-- fig compare figures.hypercall_round_trip -->,
            4,500<!-- fig compare figures.console_exit_ratio -->,
            1.39<!-- fig compare
              comparison.console.hypervisor_cycles.ratio -->,
            1<!-- fig compare figures.nosuch -->,
            2<!-- fig compare figures.hypercall_round_trip; 1 -->
            and a mark <!-- fig compare figures.hypercall_round_trip -->
            after no figure; 183<!-- fig compare-svm figures.x --> unchecked.
            """)
        self.assertEqual(p.returncode, 1, p.stdout)
        out = p.stdout
        self.assertIn("97 (compare figures.hypercall_round_trip): the report "
                      "says 98", out)
        self.assertIn("4,500 (compare figures.console_exit_ratio): the "
                      "report says 4600", out)
        self.assertIn("the report says 1.385", out)
        self.assertIn("no such figure in compare/results.json", out)
        self.assertIn("not arithmetic on report keys", out)
        self.assertIn("a fig mark right after no figure", out)
        self.assertIn("not checked, no report: compare-svm", out)

    def test_required(self):
        p = self.doccheck("183<!-- fig compare-svm figures.x -->\n",
                          "--figures-required")
        self.assertEqual(p.returncode, 1)
        self.assertIn("compare-svm/results.json (make compare)", p.stdout)


if __name__ == "__main__":
    unittest.main()
