# SPDX-License-Identifier: MIT
"""Tools in a pipe whose reader goes away (`tools/trace list LOG | head -1`):
no BrokenPipeError traceback (tools/quietpipe.py)."""

import os
import signal
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TOOLS = os.path.join(ROOT, "tools")


def big_transcript(path, n=20000):
    """One guest's dump of @n exits: far more than a pipe's buffer once
    listed."""
    with open(path, "w") as f:
        f.write("trace: guest=g why=end hz=50000000 start=1000 recorded=%d "
                "first=0 shown=%d fastpath=0\n" % (n, n))
        for i in range(n):
            f.write("trace: guest=g seq=%d tsc=%d reason=IO_INSTRUCTION "
                    "nr=30 qual=0x3f80008 rip=0x%x kind=io\n"
                    % (i, 2000 + 10 * i, 0x100000 + i))
        f.write("trace: guest=g end\n")


def head_1(cmd):
    """Run @cmd with its stdout into `head -1`; (its status, what head
    printed, its stderr)."""
    head = subprocess.Popen(["head", "-1"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE)
    p = subprocess.Popen(cmd, stdout=head.stdin, stderr=subprocess.PIPE,
                         cwd=ROOT)
    head.stdin.close()      # only head holds the pipe's read end now
    _, err = p.communicate(timeout=120)
    out = head.stdout.read()
    head.stdout.close()
    head.wait()
    return p.returncode, out.decode(), err.decode()


class Pipes(unittest.TestCase):
    def test_trace_list_into_head(self):
        with tempfile.TemporaryDirectory() as d:
            log = os.path.join(d, "big.log")
            big_transcript(log)
            status, out, err = head_1([sys.executable,
                                       os.path.join(TOOLS, "trace"),
                                       "list", log])
        self.assertEqual(out, "guest g: 20000 exits recorded, 20000 shown, "
                         "0 fast-path hypercalls not recorded\n")
        self.assertNotIn("Traceback", err)
        self.assertNotIn("BrokenPipe", err)
        self.assertEqual(err, "")
        # Ended by SIGPIPE, as cat is: the shell says 141.
        self.assertEqual(status, -signal.SIGPIPE)

    def test_go_on_quietly_keeps_working(self):
        """tools/run and tools/lab: the output goes nowhere once the reader
        is gone, the work goes on to its own end and status."""
        with tempfile.TemporaryDirectory() as d:
            done = os.path.join(d, "done")
            prog = ("import sys; sys.path.insert(0, %r); import quietpipe\n"
                    "quietpipe.go_on_quietly()\n"
                    "for i in range(200000): print('line', i)\n"
                    "print('to stderr too', file=sys.stderr)\n"
                    "open(%r, 'w').write('yes')\n"
                    "sys.exit(7)\n" % (TOOLS, done))
            status, out, err = head_1([sys.executable, "-c", prog])
            self.assertEqual(out, "line 0\n")
            self.assertEqual(status, 7)
            self.assertTrue(os.path.exists(done))
        self.assertNotIn("Traceback", err)
        self.assertNotIn("BrokenPipe", err)

    def test_every_printing_tool_is_cured(self):
        """Each Python tool under tools/ that prints sets one of the two
        cures up before its main (tools/compare has its own SIG_DFL)."""
        missing = []
        for name in sorted(os.listdir(TOOLS)):
            path = os.path.join(TOOLS, name)
            if not os.path.isfile(path) or name.endswith(".py"):
                continue
            with open(path, errors="replace") as f:
                src = f.read()
            if not src.startswith("#!/usr/bin/env python3") or \
                    "print(" not in src or name in ("debug",):
                continue        # tools/debug: the lead's (issue 15 item 1)
            main = src[src.rfind('if __name__ == "__main__":'):]
            if "quietpipe." not in main and "SIGPIPE" not in main:
                missing.append(name)
        self.assertEqual(missing, [])


if __name__ == "__main__":
    unittest.main()
