# SPDX-License-Identifier: MIT
"""tools/guestsyms.py: a guest address named from the guest's own ELF
image, with the source line from its debug copy (build/guest/*.elf64)."""

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
import guestsyms  # noqa: E402

SOURCE = """\
int counter;

void tick(void)
{
	counter++;
}

void _start(void)
{
	for (;;)
		tick();
}
"""


@unittest.skipUnless(shutil.which("gcc"), "needs gcc")
class GuestSymbols(unittest.TestCase):
    def setUp(self):
        self.build = tempfile.mkdtemp(prefix="guestsyms-")
        os.makedirs(os.path.join(self.build, "guests"))
        os.makedirs(os.path.join(self.build, "guest"))
        src = os.path.join(self.build, "g.c")
        with open(src, "w") as f:
            f.write(SOURCE)
        self.elf = os.path.join(self.build, "guests", "g.elf")
        subprocess.run(["gcc", "-g", "-O0", "-static", "-nostdlib", "-no-pie",
                        "-Wl,-Ttext=0x100000", "-o", self.elf, src],
                       check=True)
        out = subprocess.run(["nm", self.elf], stdout=subprocess.PIPE,
                             universal_newlines=True, check=True).stdout
        self.tick = int(re.search(r"^([0-9a-f]+) T tick$", out,
                                  re.M).group(1), 16)

    def tearDown(self):
        shutil.rmtree(self.build)

    def test_symbol_without_line_information(self):
        # Only build/guests/g.elf: no build/guest/g.elf64.
        self.assertEqual(guestsyms.describe(self.build, "guests/g.elf",
                                            self.tick + 4), "<tick+0x4>")

    def test_symbol_and_line(self):
        shutil.copy(self.elf, os.path.join(self.build, "guest", "g.elf64"))
        at = guestsyms.describe(self.build, "guests/g.elf", self.tick)
        self.assertRegex(at, r"^<tick> at .*g\.c:4$")

    def test_no_image_no_symbol(self):
        self.assertEqual(guestsyms.describe(self.build, "guests/none.elf",
                                            self.tick), "")
        self.assertEqual(guestsyms.describe(self.build, "guests/g.elf",
                                            0x10), "")


if __name__ == "__main__":
    unittest.main()
