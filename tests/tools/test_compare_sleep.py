# SPDX-License-Identifier: MIT
"""tools/compare says what the hypervisor does with an HLT exit's sleep:
it is not in the exit's cost (vm_run_slice() accounts an EXIT_SLEEP exit
up to the sleep), in its report as in docs/guide/07-full-vs-pv.md, and
--check fails a transcript whose HLT exits last a tick."""

import os
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
SAMPLE = os.path.join(ROOT, "tests", "system", "data", "compare-sample.log")


class Sleep(unittest.TestCase):
    def test_report_and_check(self):
        with tempfile.TemporaryDirectory() as out:
            p = subprocess.run([sys.executable,
                                os.path.join(ROOT, "tools", "compare"),
                                "--transcript", SAMPLE, "--out", out,
                                "--check"], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT,
                               universal_newlines=True)
            with open(os.path.join(out, "report.md")) as f:
                report = f.read()
        self.assertEqual(p.returncode, 1, p.stdout)
        # The sample's synthetic HLT exits hold the sleep: refused.
        self.assertIn("check: timer-full: an HLT exit costs 491,226 "
                      "instructions, a tick lasts 502,926: the sleep must "
                      "not count in the exit", p.stdout)
        self.assertIn("not counting sleep in HLT or HC_BLOCK", p.stdout)
        self.assertIn("The hypervisor's instructions do not contain the "
                      "sleep", report)
        for claim in ("sleep in HLT and HC_BLOCK included",
                      "Most of the hypervisor's instructions are the sleep",
                      "includes the time the hypervisor slept"):
            self.assertNotIn(claim, report + p.stdout)
        with open(os.path.join(ROOT, "docs", "guide",
                               "07-full-vs-pv.md")) as f:
            self.assertIn("Note what the hypervisor column does not "
                          "contain: sleep.", f.read())


if __name__ == "__main__":
    unittest.main()
