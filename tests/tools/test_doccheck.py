# SPDX-License-Identifier: MIT
"""tools/doccheck: the docs name only what exists, and it notices when not."""

import os
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
TOOL = os.path.join(ROOT, "tools", "doccheck")


def run(*files):
    return subprocess.run([sys.executable, TOOL] + list(files),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True)


class DocCheck(unittest.TestCase):
    def test_the_docs(self):
        p = run()
        self.assertEqual(p.returncode, 0, p.stdout)
        self.assertIn("every name exists", p.stderr)

    def test_names_that_do_not_exist(self):
        with tempfile.NamedTemporaryFile("w", suffix=".md") as f:
            f.write("`hv/nosuch.c` and `vm_run_slicex()` and "
                    "`hv/vm.c:sched_run()` and `make nosuch`\n"
                    "but `hv/vm.c:vm_run_slice()`, `vmx_exit_stub()`, "
                    "`tools/trace`, `make debug`, `guest/configs/NAME.cfg`\n"
                    "```\n`hv/ignored_in_a_fence.c`\n```\n")
            f.flush()
            p = run(f.name)
        self.assertEqual(p.returncode, 1)
        bad = [l.split(": ", 1)[1] for l in p.stdout.splitlines()]
        self.assertEqual(bad, [
            "`hv/nosuch.c`: no such file or directory",
            "`vm_run_slicex()`: no function, macro or label of that name in "
            "the sources",
            "`hv/vm.c:sched_run()`: hv/vm.c defines no sched_run",
            "`make nosuch`: no such make target"])


if __name__ == "__main__":
    unittest.main()
