# SPDX-License-Identifier: MIT
"""A QEMU Machine Protocol client, just enough for tools/run: connect to
QEMU's -qmp unix socket, leave the handshake, run commands (QEMU's
docs/interop/qmp-spec.rst)."""

import json
import socket
import time


class QmpError(Exception):
    pass


class Qmp:
    def __init__(self, path, timeout=10):
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX)
                self.sock.connect(path)
                break
            except OSError:
                self.sock.close()
                if time.monotonic() > deadline:
                    raise QmpError("no QMP socket at %s" % path)
                time.sleep(0.1)
        self.sock.settimeout(timeout)
        self.file = self.sock.makefile("rw")
        self.events = []
        self._read()                          # the greeting
        self.cmd("qmp_capabilities")

    def _read(self):
        line = self.file.readline()
        if not line:
            raise QmpError("QEMU closed its QMP socket")
        return json.loads(line)

    def cmd(self, name, timeout=None, **args):
        """Run @name and return its "return" value; events that come
        first are kept in .events."""
        if timeout:
            self.sock.settimeout(timeout)
        self.file.write(json.dumps({"execute": name, "arguments": args}) +
                        "\n")
        self.file.flush()
        while True:
            msg = self._read()
            if "event" in msg:
                self.events.append(msg)
            elif "error" in msg:
                raise QmpError("%s: %s" % (name, msg["error"].get("desc")))
            elif "return" in msg:
                return msg["return"]

    def close(self):
        try:
            self.file.close()
            self.sock.close()
        except OSError:
            pass
