# SPDX-License-Identifier: MIT
"""A guest's own symbols for its addresses, from its ELF image.

The hypervisor loads a guest from the image its hv.cfg line names
(guests/tour.elf); make builds it as build/guests/tour.elf (the loaded
32-bit image, with symbols) and build/guest/tour.elf64 (the same code
for GDB, with line information). The debuggers print a guest RIP as
"0x10003d <cpuid_probe+0x5> at guest/tour.c:42" with this module:
tools/gdb/hv.py at a stop in the hypervisor, tools/debug at a Bochs
breakpoint.
"""

import os
import subprocess

import tracehtml

_cache = {}


def image_paths(build, image):
    """(the loaded ELF, the one with line information or None) for the
    image path of a guest's config line, in @build."""
    elf = os.path.join(build, image)
    stem = os.path.splitext(os.path.basename(image))[0]
    dwarf = os.path.join(build, "guest", stem + ".elf64")
    return elf, dwarf if os.path.exists(dwarf) else None


def symbols(build, image):
    """tracehtml.Symbols of a guest image, or None if it is not there."""
    key = (build, image)
    if key not in _cache:
        try:
            _cache[key] = tracehtml.Symbols.from_elf(
                image_paths(build, image)[0])
        except (OSError, ValueError):
            _cache[key] = None
    return _cache[key]


def source_line(build, image, addr):
    """"guest/tour.c:42" for @addr, or "" without line information."""
    dwarf = image_paths(build, image)[1]
    if not dwarf:
        return ""
    try:
        out = subprocess.run(["addr2line", "-e", dwarf, "0x%x" % addr],
                             stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL,
                             universal_newlines=True).stdout.strip()
    except OSError:
        return ""
    if not out or out.startswith("??"):
        return ""
    path, _, line = out.partition(":")
    line = line.split()[0] if line.split() else "?"
    # addr2line joins the compile directory with the file's own path.
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if "//" in path:            # NASM: "guest/lib/" + "guest/lib/x.asm"
        tail = path.split("//", 1)[1]
        if os.path.exists(os.path.join(root, tail)):
            path = tail
    path = os.path.normpath(path)
    if path.startswith(root + os.sep):
        path = os.path.relpath(path, root)
    elif os.path.isabs(path):
        # Built in another checkout (a copy of the tree, a CI clone):
        # the same file of this one, from the tree's top directory on.
        parts = path.split(os.sep)
        for i, top in enumerate(parts):
            tail = os.path.join(*parts[i:])
            if top in ("guest", "hv", "arch", "drivers", "include") and \
                    os.path.exists(os.path.join(root, tail)):
                path = tail
                break
    return "%s:%s" % (path, line)


def describe(build, image, addr):
    """"<name+0xoff> at FILE:LINE", "<name+0xoff>", or "" if the guest's
    image has no symbol there."""
    syms = symbols(build, image)
    name = syms.lookup(addr) if syms else ""
    if not name:
        return ""
    where = source_line(build, image, addr)
    return "<%s>%s" % (name, " at " + where if where else "")
