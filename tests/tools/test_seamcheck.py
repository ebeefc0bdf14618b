# SPDX-License-Identifier: MIT
"""tools/seamcheck: an arch/ object that calls into hv/ beyond the
callbacks hv/arch.h lists is refused, by name; one that keeps to them
passes."""

import os
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
TOOL = os.path.join(ROOT, "tools", "seamcheck")


class SeamCheck(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.objdir = os.path.join(self.tmp.name, "hv", "arch", "x86")
        os.makedirs(self.objdir)

    def tearDown(self):
        self.tmp.cleanup()

    def obj(self, name, source):
        src = os.path.join(self.tmp.name, name + ".c")
        with open(src, "w") as f:
            f.write(source)
        subprocess.run(["cc", "-c", "-o",
                        os.path.join(self.objdir, name + ".o"), src],
                       check=True)

    def check(self):
        return subprocess.run([sys.executable, TOOL, self.tmp.name],
                              capture_output=True, text=True)

    def test_callbacks_only(self):
        self.obj("good", "void printk(const char *f, ...);\n"
                 "void *vm_gpa_to_hva(void *vm, unsigned long g, "
                 "unsigned long n);\n"
                 "void f(void) { printk(\"x\"); vm_gpa_to_hva(0, 0, 1); }\n")
        r = self.check()
        self.assertEqual(r.returncode, 0, r.stdout)
        self.assertIn("the seam is one-way", r.stdout)

    def test_core_function_refused(self):
        self.obj("bad", "void vm_run_slice(void *vm);\n"
                 "void f(void) { vm_run_slice(0); }\n")
        r = self.check()
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("hv/arch/x86/bad.o: uses vm_run_slice, which hv/arch.h "
                      "does not list as a callback", r.stdout)

    def test_no_objects(self):
        os.rmdir(self.objdir)
        r = self.check()
        self.assertEqual(r.returncode, 1)
        self.assertIn("no arch/ objects", r.stdout)


if __name__ == "__main__":
    unittest.main()
