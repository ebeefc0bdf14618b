# SPDX-License-Identifier: MIT
"""tools/esp_paths: the files hv.cfg names, absolute or relative to it, go
onto the ESP, and the ESP's hv.cfg names them there, line for line."""

import os
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
TOOL = os.path.join(ROOT, "tools", "esp_paths")


class EspPaths(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        self.cfgdir = os.path.join(self.dir, "cfg")
        self.esp = os.path.join(self.dir, "esp")
        os.makedirs(os.path.join(self.cfgdir, "k"))
        self.other = os.path.join(self.dir, "elsewhere")
        os.makedirs(os.path.join(self.other, "b"))
        self.write(os.path.join(self.cfgdir, "k", "my.elf"), "kernel")
        self.write(os.path.join(self.other, "mod.bin"), "module one")
        self.write(os.path.join(self.other, "b", "mod.bin"), "module two")
        self.write(os.path.join(self.other, "initrd.gz"), "initrd")

    def tearDown(self):
        self.tmp.cleanup()

    @staticmethod
    def write(path, text):
        with open(path, "w") as f:
            f.write(text)

    def run_tool(self, config):
        cfg = os.path.join(self.cfgdir, "hv.cfg")
        self.write(cfg, config)
        p = subprocess.run([sys.executable, TOOL, "--config", cfg, "--out",
                            self.esp], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, universal_newlines=True)
        out = None
        if p.returncode == 0:
            with open(os.path.join(self.esp, "hv", "hv.cfg")) as f:
                out = f.read()
        return p, out

    def esp_file(self, rel):
        with open(os.path.join(self.esp, "hv", *rel.split("/"))) as f:
            return f.read()

    def test_paths(self):
        p, out = self.run_tool(
            "# a comment keeps its line: module=/nowhere\n"
            "guest name=a image=k/my.elf mem=16M "
            "module=\"%s/mod.bin alpha \\\"b\\\"\" module=../elsewhere/b/mod.bin "
            "cmdline=\"module=x\"\n"
            "guest name=b image=guests/hello.elf mem=16M initrd=%s/initrd.gz\n"
            "guest name=c image=guests/none.elf mem=16M module=none.bin\n"
            % (self.other, self.other))
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(out.splitlines(), [
            "# a comment keeps its line: module=/nowhere",
            # Relative without "..": the same place under \hv\.
            "guest name=a image=k/my.elf mem=16M "
            "module=\"files/mod.bin alpha \\\"b\\\"\" "
            "module=files/2-mod.bin cmdline=\"module=x\"",
            # Files of the build, and missing ones: left for the loader.
            "guest name=b image=guests/hello.elf mem=16M "
            "initrd=files/initrd.gz",
            "guest name=c image=guests/none.elf mem=16M module=none.bin",
        ])
        self.assertEqual(self.esp_file("k/my.elf"), "kernel")
        self.assertEqual(self.esp_file("files/mod.bin"), "module one")
        self.assertEqual(self.esp_file("files/2-mod.bin"), "module two")
        self.assertEqual(self.esp_file("files/initrd.gz"), "initrd")

    def test_same_file_twice_is_copied_once(self):
        p, out = self.run_tool(
            "guest name=a image=k/my.elf mem=16M module=%s/mod.bin\n"
            "guest name=b image=k/my.elf mem=16M module=%s/mod.bin\n"
            % (self.other, self.other))
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(out.count("module=files/mod.bin"), 2)
        self.assertEqual(os.listdir(os.path.join(self.esp, "hv", "files")),
                         ["mod.bin"])

    def test_absolute_path_that_names_no_file(self):
        p, out = self.run_tool("guest name=a image=/no/such.elf mem=16M\n")
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("hv.cfg:1: /no/such.elf: no such file", p.stderr)


if __name__ == "__main__":
    unittest.main()
