# SPDX-License-Identifier: MIT
"""A newcomer's first hour (issue 15 item 6): the README followed in
order on a fresh clone of the tree. `make run` (which builds it all
from scratch), `make debug` with the session the README types, `make
compare`, then a lab's check as the lab is given, each a try-it of
README.md (tools/tryits: the README's own marks name the commands and
the lines it promises). The clone is of the committed tree (HEAD):
what is not committed is not in it."""
import os
import subprocess
import sys
import time

from cases import Case, ROOT


def first_hour(build, image, log):
    work = os.path.dirname(log)
    clone = os.path.join(work, "clone")
    start = time.monotonic()
    p = subprocess.run(["git", "clone", "--quiet", ROOT, clone],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       universal_newlines=True)
    text = "git clone: status %d\n%s" % (p.returncode, p.stdout)
    if p.returncode:
        return p.returncode, text
    # The clone's own runner on the clone's own README.
    p = subprocess.run([sys.executable, os.path.join(clone, "tools",
                                                     "tryits"),
                        os.path.join(clone, "README.md"), "--in", clone,
                        "--work", os.path.join(work, "tryits")],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL, universal_newlines=True,
                       timeout=1500)
    text += p.stdout
    text += "\nfirst hour: %.0f s\n" % (time.monotonic() - start)
    with open(log, "w") as f:
        f.write(text)
    return p.returncode, text


CASES = [
    Case("newcomer-first-hour",
         "the README in order on a fresh clone: make run (building it "
         "all), make debug to a decoded exit, make compare, make lab3 as "
         "given; each promised line",
         native=first_hour, emu="bochs", status=0, timeout=1500,
         svm="the README's path: make run and make debug pick Bochs "
             "(VT-x) here; its make compare runs SVM too",
         expect=[r"^git clone: status 0$",
                 r"^PASS readme-run \(vmx, ",
                 r"^PASS readme-debug \(vmx, ",
                 r"^PASS readme-compare \(any, ",
                 r"^PASS readme-lab \(vmx, ",
                 r"^tryits: 4 passed, 0 failed, 0 pending$"],
         reject=[r"^FAIL ", r"Traceback"]),
]
