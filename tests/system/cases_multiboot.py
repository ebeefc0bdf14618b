# SPDX-License-Identifier: MIT
"""System cases of the Multiboot loader (issue 11, item 1): the entry
state, low memory and modules as GRUB and QEMU leave them, compared with
QEMU's -kernel; and the images the UEFI loader refuses."""
import os
import struct

from cases import (Case, LOADER_ERROR, LOADER_FAILS, NO_HYPERVISOR, ROOT,
                   guest_config, overwrite, same_as_native)

DATA = os.path.join(ROOT, "tests", "system", "data")
MOD_A = os.path.join(DATA, "mb-module-a.txt")
MOD_B = os.path.join(DATA, "mb-module-b.txt")


def elf32(paddr, memsz, filesz=0x100):
    """A Multiboot ELF32 kernel of one segment at @paddr, entry at its
    start: a made-up image for the loader to refuse."""
    phoff, body = 52, 52 + 32
    mb = struct.pack("<III", 0x1badb002, 0, (-0x1badb002) & 0xffffffff)
    ehdr = (b"\x7fELF\x01\x01\x01" + bytes(9) +
            struct.pack("<HHIIIIIHHHHHH", 2, 3, 1, paddr, phoff, 0, 0, 52,
                        32, 1, 40, 0, 0))
    phdr = struct.pack("<8I", 1, 0, paddr, paddr, body + filesz,
                       memsz, 5, 0x1000)
    return ehdr + phdr + mb + bytes(body + filesz - 52 - 32 - len(mb))


def refused(name, doc, config, expect, break_esp=None):
    """The UEFI loader stops with one line; the hypervisor never starts."""
    return Case(name, doc, config=config, status=LOADER_ERROR,
                break_esp=break_esp, expect=[expect],
                expect_count=LOADER_FAILS, reject=NO_HYPERVISOR)


def adding(relpath, data):
    """break_esp: put a file of our own on the ESP."""
    return overwrite(relpath, data)


CASES = [
    Case("selector-reload-same-as-native",
         "mbinfo reloads CS, DS, ES, FS, GS and SS with the selectors the "
         "loader used, from the loader's GDT, and prints its limit and "
         "descriptors: the same GDT as QEMU's (GRUB's)",
         native=same_as_native("mbinfo", append="show=gdt console=serial"),
         status=0, timeout=300,
         config=guest_config("name=mbinfo image=guests/mbinfo.elf mem=16M "
                             'cmdline="show=gdt console=serial"'),
         expect=[r"^native status 0, hypervisor status 0$",
                 r"^compared 14 lines \(0 differ by design\)$",
                 r"^transcripts match$",
                 r"^vm: guest=mbinfo multiboot kernel=0x100000-0x[0-9a-f]+ "
                 r"modules=0 info=0x1000-0x[0-9a-f]+ gdt=0x1000\+0x27$",
                 r"^vm: guest=mbinfo result=exited status=0$"]),
    Case("low-segment-same-as-native",
         "mblow, a kernel of one segment at 0x8000, loads and runs as under "
         "QEMU: its bytes, its zeroed bss, the information apart from it",
         native=same_as_native("mblow"), status=0, timeout=300,
         config=guest_config("name=mblow image=guests/mblow.elf mem=16M "
                             'cmdline="console=serial"'),
         expect=[r"^native status 0, hypervisor status 0$",
                 r"^compared 5 lines \(0 differ by design\)$",
                 r"^transcripts match$",
                 r"^vm: guest=mblow multiboot kernel=0x8000-0x8[0-9a-f]{3} "
                 r"modules=0 info=0x1000-0x[0-9a-f]+ gdt=0x1000\+0x27$",
                 r"^vm: guest=mblow result=exited status=0$"]),
    Case("module-same-as-native",
         "mbinfo with two modules (module= in hv.cfg, absolute paths the "
         "build copies onto the ESP; QEMU's -initrd natively): their "
         "strings, sizes and checksums, page-aligned, apart from the rest; "
         "the memory map from hv/memmap.c (its entries are the firmware's "
         "natively: they differ by design)",
         native=same_as_native("mbinfo", append="show=mods console=serial",
                               initrd="%s alpha beta,%s" % (MOD_A, MOD_B),
                               differ=(r"^mbinfo: mmap entry ",)),
         status=0, timeout=300,
         config=guest_config(
             "name=mbinfo image=guests/mbinfo.elf mem=16M "
             'cmdline="show=mods console=serial" '
             'module="%s alpha beta" module=%s' % (MOD_A, MOD_B)),
         expect=[r"^native status 0, hypervisor status 0$",
                 r"^compared 8 lines \(5 differ by design\)$",
                 r"^transcripts match$",
                 r"^vm: guest=mbinfo multiboot kernel=0x100000-0x[0-9a-f]+ "
                 r"modules=2 info=0x1000-0x[0-9a-f]+ gdt=0x1000\+0x27$",
                 r'^vm: guest=mbinfo module 0 at 0x[0-9a-f]+000-0x[0-9a-f]+ '
                 r'"files/mb-module-a\.txt alpha beta"$',
                 r'^vm: guest=mbinfo module 1 at 0x[0-9a-f]+000-0x[0-9a-f]+ '
                 r'"files/mb-module-b\.txt"$',
                 r"^vm: guest=mbinfo result=exited status=0$"]),
    refused("multiboot-segment-in-hole",
            "loader: a kernel with a segment in the PC's hole (0xb8000)",
            guest_config("name=hole image=guests/hole.elf mem=16M"),
            r"^hvboot: error: hv/guests/hole\.elf: segment 0 at "
            r"0xb8000-0xb9000 is in the PC's hole 0x9fc00-0x100000 \(EBDA, "
            r"VGA, ROMs, BIOS\), not RAM$",
            break_esp=adding("hv/guests/hole.elf", elf32(0xb8000, 0x1000))),
    refused("multiboot-not-elf",
            "loader: a Multiboot header, but neither ELF nor the a.out "
            "kludge",
            guest_config("name=junk image=guests/junk.elf mem=16M"),
            r"^hvboot: error: hv/guests/junk\.elf: not an ELF file and no "
            r"a\.out kludge in the Multiboot header$",
            break_esp=adding("hv/guests/junk.elf",
                             struct.pack("<III", 0x1badb002, 0,
                                         (-0x1badb002) & 0xffffffff) +
                             b"not a kernel\n" * 64)),
    refused("multiboot-no-header",
            "loader: an ELF file without a Multiboot header (hv.elf)",
            guest_config("name=nohdr image=hv.elf mem=16M"),
            r"^hvboot: error: hv/hv\.elf: no Multiboot header in the first "
            r"8192 bytes$"),
    refused("multiboot-module-missing",
            "loader: module= names no file",
            guest_config("name=m image=guests/hello.elf mem=16M "
                         "module=guests/none.bin"),
            r"^hvboot: error: hv/guests/none\.bin: cannot open: "
            r"file not found$"),
]
