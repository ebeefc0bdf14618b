# SPDX-License-Identifier: MIT
"""Tools in a pipe: `tools/trace list LOG | head` must end without a
BrokenPipeError traceback.

Python ignores SIGPIPE, so a write to a pipe whose reader has gone raises
BrokenPipeError, and again when it flushes stdout at exit. Two cures:

  end_quietly()    for tools that only read and print: SIGPIPE's default
                   action again, so the tool ends at once, silently, as
                   cat does (status 141 in the shell)
  go_on_quietly()  for tools that drive emulators or builds: the output
                   goes nowhere from then on, the work goes on and ends
                   as it would (the emulator is stopped, the status is the
                   real one)
"""

import os
import signal
import sys


def end_quietly():
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)


class _GoOn:
    """sys.stdout or sys.stderr, which turns into /dev/null when its
    reader goes away."""

    def __init__(self, f):
        self._f = f

    def _gone(self):
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, self._f.fileno())
        os.close(fd)

    def write(self, s):
        try:
            return self._f.write(s)
        except BrokenPipeError:
            self._gone()
            return len(s)

    def flush(self):
        try:
            self._f.flush()
        except BrokenPipeError:
            self._gone()
            self._f.flush()

    def __getattr__(self, name):
        return getattr(self._f, name)


def go_on_quietly():
    sys.stdout = _GoOn(sys.stdout)
    sys.stderr = _GoOn(sys.stderr)


def write_fd(fd, data):
    """os.write() that drops @data when the reader has gone."""
    try:
        return os.write(fd, data)
    except BrokenPipeError:
        return len(data)
