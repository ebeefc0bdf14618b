#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write the seed corpora of the fuzz harnesses (tests/fuzz/corpus/).

    tests/fuzz/make_seeds.py [--out tests/fuzz/corpus]

The seeds are small, made up here byte by byte (no build output is
copied), and checked in; run this again after changing an input format.
Each harness's input format is described at the top of its .c file:

  fuzz_config/     byte 0: guest slots; then hv.cfg text: the real
                   configurations from guest/configs/ and broken lines
  fuzz_loader/     16-byte prefix, image, path, arguments: ELF64
                   executables with symbols, ELF32 Multiboot kernels (low
                   memory, the hole, modules), a.out-kludge kernels, and
                   broken ones
  fuzz_guest_mem/  RAM size, page table, operations
  fuzz_decode/     mode, register seed, instruction bytes: each form
                   the MMIO decoder knows, prefixed, truncated, invalid
  fuzz_virtio/     Linux's probe, then good and hostile descriptor
                   chains on both queues (loops, out of RAM, huge,
                   bad indices), typed input, odd register accesses
  fuzz_insn/       the same layout: the system instructions an
                   intercept stops at, prefixed, truncated, invalid
"""
import argparse
import os
import shutil
import struct
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))


# ----------------------------------------------------------------- config
def config_seeds():
    seeds = {}
    cfgdir = os.path.join(ROOT, "guest", "configs")
    for name in sorted(os.listdir(cfgdir)):
        if name.endswith(".cfg"):
            with open(os.path.join(cfgdir, name), "rb") as f:
                text = f.read()
            seeds["real-" + name] = bytes([16]) + text
    with open(os.path.join(cfgdir, "workloads.cfg"), "rb") as f:
        seeds["too-many-guests"] = bytes([3]) + f.read()

    ok = [
        ("minimal", 1, b"guest name=a image=a.elf mem=2M\n"),
        ("all-keys", 4, b"# comment\n\n  \tguest name=x-1_Y image=guests/x.elf "
         b"mem=3G cmdline=\"a \\\"b\\\" c\\\\\" # trailing\r\n"
         b"guest name=y image=\"sp ace.elf\" mem=4096K\n"
         b"guest\tname=z\timage=\\EFI\\z.elf\tmem=2MiB\tcmdline=plain"),
        ("size-spellings", 16, b"guest name=a image=a mem=2097152\n"
         b"guest name=b image=b mem=2mb\nguest name=c image=c mem=1g\n"
         b"guest name=d image=d mem=3072M\n"),
        ("empty", 0, b""),
        ("comments-only", 0, b"# nothing\n   # here\n\n"),
        ("schedule-limits", 3, b"schedule sequential # one by one\n"
         b"guest name=a image=a mem=2M limit=500ms\n"
         b"guest name=b image=b mem=2M limit=3600s cmdline=x\n"),
        ("schedule-rr", 1, b"\tschedule   round-robin\t\r\n"
         b"guest name=a image=a mem=2M limit=1ms"),
        ("pv", 2, b"guest name=a image=a mem=2M pv=none\n"
         b"guest name=b image=b mem=2M pv=eduhv"),
    ]
    bad = [
        ("mem-too-small", b"guest name=a image=a mem=1M"),
        ("mem-too-big", b"guest name=a image=a mem=4G"),
        ("mem-unaligned", b"guest name=a image=a mem=4097K"),
        ("mem-overflow", b"guest name=a image=a mem=99999999999999999999M"),
        ("mem-suffix", b"guest name=a image=a mem=2Mx"),
        ("mem-empty", b"guest name=a image=a mem="),
        ("duplicate-name", b"guest name=a image=a mem=2M\nguest name=a image=b mem=2M"),
        ("duplicate-key", b"guest name=a name=b image=a mem=2M"),
        ("unknown-key", b"guest name=a image=a mem=2M cpus=2"),
        ("missing-image", b"guest name=a mem=2M"),
        ("missing-eq", b"guest name"),
        ("unknown-directive", b"vm name=a image=a mem=2M"),
        ("guestx", b"guestx name=a"),
        ("open-quote", b"guest name=a image=a mem=2M cmdline=\"abc"),
        ("after-quote", b"guest name=a image=\"a\"b mem=2M"),
        ("backslash-end", b"guest name=a image=a mem=2M cmdline=\"abc\\"),
        ("name-long", b"guest name=abcdefghijklmnop image=a mem=2M"),
        ("name-chars", b"guest name=a.b image=a mem=2M"),
        ("name-quoted", b"guest name=\"a\\b\" image=a mem=2M"),
        ("image-long", b"guest name=a image=" + b"p" * 128 + b" mem=2M"),
        ("cmdline-long", b"guest name=a image=a mem=2M cmdline=\"" + b"c" * 256 + b"\""),
        ("control-char", b"guest name=a image=a mem=2M\x01"),
        ("non-ascii", b"guest name=a image=\xc3\xa9 mem=2M"),
        ("nul", b"guest name=a\x00 image=a mem=2M"),
        ("schedule-twice", b"schedule sequential\nschedule round-robin"),
        ("schedule-bad", b"schedule fifo"),
        ("schedule-empty", b"schedule"),
        ("schedule-junk", b"schedule sequential now"),
        ("scheduler", b"scheduler sequential"),
        ("limit-zero", b"guest name=a image=a mem=2M limit=0s"),
        ("limit-long", b"guest name=a image=a mem=2M limit=3601s"),
        ("limit-huge", b"guest name=a image=a mem=2M limit=99999999999999999999ms"),
        ("limit-unit", b"guest name=a image=a mem=2M limit=5m"),
        ("limit-nodigit", b"guest name=a image=a mem=2M limit=ms"),
        ("pv-xen", b"guest name=a image=a mem=2M pv=xen"),
        ("line-long", b"# " + b"x" * 1023 + b"\nguest name=a image=a mem=2M"),
    ]
    for name, slots, text in ok:
        seeds["ok-" + name] = bytes([slots]) + text
    for name, text in bad:
        seeds["bad-" + name] = bytes([4]) + text
    return seeds


# ----------------------------------------------------------------- ELF64
EM_X86_64, EM_386, ET_EXEC, PT_LOAD, PT_NOTE = 62, 3, 2, 1, 4
PF_X, PF_W, PF_R = 1, 2, 4


def elf64(segments, entry, symbols=(), etype=ET_EXEC, machine=EM_X86_64):
    """segments: (type, flags, vaddr, data, memsz); symbols: (name, value,
    size, info). Headers first, then segment data, then .symtab/.strtab and
    the section headers (null, .symtab, .strtab)."""
    phoff, phnum = 64, len(segments)
    off = phoff + 56 * phnum
    body, phdrs = b"", b""
    for ptype, flags, vaddr, data, memsz in segments:
        pad = (-(off + len(body))) % 16
        body += b"\0" * pad
        seg_off = off + len(body)
        body += data
        phdrs += struct.pack("<IIQQQQQQ", ptype, flags, seg_off, vaddr, vaddr,
                             len(data), memsz, 0x1000)
    shoff, shnum = 0, 0
    tail = b""
    if symbols:
        strtab, syms = b"\0", struct.pack("<IBBHQQ", 0, 0, 0, 0, 0, 0)
        for name, value, size, info in symbols:
            syms += struct.pack("<IBBHQQ", len(strtab), info, 0, 1, value, size)
            strtab += name + b"\0"
        base = off + len(body)
        base += (-base) % 8
        sym_off = base
        str_off = sym_off + len(syms)
        shoff = str_off + len(strtab)
        shoff += (-shoff) % 8
        tail = b"\0" * (base - off - len(body)) + syms + strtab
        tail += b"\0" * (shoff - (str_off + len(strtab)))
        tail += struct.pack("<IIQQQQIIQQ", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        tail += struct.pack("<IIQQQQIIQQ", 0, 2, 0, 0, sym_off, len(syms), 2, 1, 8, 24)
        tail += struct.pack("<IIQQQQIIQQ", 0, 3, 0, 0, str_off, len(strtab), 0, 0, 1, 0)
        shnum = 3
    ident = b"\x7fELF\x02\x01\x01" + b"\0" * 9
    eh = ident + struct.pack("<HHIQQQIHHHHHH", etype, machine, 1, entry, phoff,
                             shoff, 0, 64, 56, phnum, 64, shnum, 0)
    return eh + phdrs + body + tail


def text(n, seed=1):
    return bytes((i * 7 + seed) & 0xff for i in range(n))


# ----------------------------------------------------------------- ELF32 / Multiboot
MB_MAGIC = 0x1BADB002


def mb_header(flags, extra=b""):
    return struct.pack("<III", MB_MAGIC, flags, (-(MB_MAGIC + flags)) & 0xffffffff) + extra


def elf32_multiboot(segments, entry, mb_flags=3, mb_off=0x80, machine=EM_386):
    """segments: (type, paddr, data, memsz). Header, program headers, the
    Multiboot header at @mb_off, then the segments 16-byte aligned."""
    phnum = len(segments)
    head = bytearray(b"\x7fELF\x01\x01\x01" + b"\0" * 9)
    head += struct.pack("<HHIIIIIHHHHHH", ET_EXEC, machine, 1, entry, 52, 0, 0,
                        52, 32, phnum, 40, 0, 0)
    phdr_at = len(head)
    head += b"\0" * (32 * phnum)
    head += b"\0" * (mb_off - len(head))
    head += mb_header(mb_flags)
    body = bytes(head)
    phdrs = b""
    for ptype, paddr, data, memsz in segments:
        body += b"\0" * ((-len(body)) % 16)
        # Linked high above 2 MiB, as the test kernels' data; loaded by paddr.
        vaddr = paddr + 0xc0000000 if paddr >= 0x200000 else paddr
        phdrs += struct.pack("<IIIIIIII", ptype, len(body), vaddr, paddr,
                             len(data), memsz, PF_R | PF_X, 0x1000)
        body += data
    return body[:phdr_at] + phdrs + body[phdr_at + len(phdrs):]


def aout(load_addr, bss_extra, entry_off, hoff=0x20, size=0x200,
         load_end=None, bss_end=None):
    """A flat image with the a.out kludge; the file is loaded at load_addr."""
    img = bytearray(text(size, 5))
    load_end = load_addr + size if load_end is None else load_end
    bss_end = load_end + bss_extra if bss_end is None else bss_end
    hdr = mb_header(0x10003, struct.pack("<IIIII", load_addr + hoff, load_addr,
                                         load_end, bss_end,
                                         load_addr + entry_off))
    img[hoff:hoff + len(hdr)] = hdr
    return bytes(img)


def loader_input(image, ram_kind=0, ram=0, probe=0, path=b"", args=b"",
                 mods=0):
    """@mods: byte 15, the module count (bits 0-1) and size scale; their
    16-bit sizes are the low bytes of @probe."""
    prefix = struct.pack("<BBBIQB", ram_kind, len(path), len(args), ram, probe,
                         mods)
    assert len(prefix) == 16
    return prefix + image + path + args


def loader_seeds():
    s = {}
    syms = [(b"_start", 0x100000, 0x10, 2), (b"main", 0x100010, 0x40, 2),
            (b"data_obj", 0x101000, 8, 1)]
    s["elf64-one-segment"] = loader_input(
        elf64([(PT_LOAD, PF_R | PF_X, 0x100000, text(0x60), 0x60)], 0x100000,
              syms), probe=0x100020)
    s["elf64-text-data-bss"] = loader_input(
        elf64([(PT_LOAD, PF_R | PF_X, 0x100000, text(0x80), 0x80),
               (PT_NOTE, PF_R, 0, b"note", 4),
               (PT_LOAD, PF_R | PF_W, 0x101000, text(0x20, 9), 0x2000)],
              0x100010, syms), probe=0x101004)
    s["elf64-higher-half"] = loader_input(
        elf64([(PT_LOAD, PF_R | PF_X, 0xffffffff80001000, text(0x40), 0x40),
               (PT_LOAD, PF_R, 0xffffffff80002000, text(0x10, 3), 0x10)],
              0xffffffff80001008,
              [(b"hv_main", 0xffffffff80001000, 0x40, 2)]),
        probe=0xffffffff80001010)
    s["elf64-no-symbols"] = loader_input(
        elf64([(PT_LOAD, PF_R | PF_X, 0x400000, text(0x30), 0x1000)], 0x400000))
    s["elf64-overlap"] = loader_input(
        elf64([(PT_LOAD, PF_R | PF_X, 0x100000, text(0x40), 0x2000),
               (PT_LOAD, PF_R | PF_W, 0x101000, text(0x40), 0x40)], 0x100000))
    s["elf64-entry-not-x"] = loader_input(
        elf64([(PT_LOAD, PF_R | PF_W, 0x100000, text(0x40), 0x40)], 0x100000))
    s["elf64-wraps"] = loader_input(
        elf64([(PT_LOAD, PF_R | PF_X, 0xfffffffffffff000, text(0x40), 0x2000)],
              0xfffffffffffff000))
    s["elf64-truncated"] = loader_input(
        elf64([(PT_LOAD, PF_R | PF_X, 0x100000, text(0x60), 0x60)],
              0x100000, syms)[:100])

    mb_segs = [(PT_LOAD, 0x100000, text(0x100), 0x100),
               (PT_LOAD, 0x200000, text(0x40, 3), 0x3000),
               (PT_NOTE, 0, b"", 0)]
    s["mb-elf32"] = loader_input(elf32_multiboot(mb_segs, 0x100010),
                                 path=b"guests/tour.elf",
                                 args=b"console=serial")
    s["mb-elf32-2mib"] = loader_input(elf32_multiboot(mb_segs[:1], 0x100010),
                                      ram_kind=1, path=b"guests/hello.elf")
    s["mb-elf32-small-ram"] = loader_input(elf32_multiboot(mb_segs, 0x100010),
                                           ram_kind=2, ram=0x180000)
    s["mb-elf32-ram-minus"] = loader_input(elf32_multiboot(mb_segs, 0x100010),
                                           ram_kind=3, ram=0x1000)
    s["mb-elf32-below-mbi"] = loader_input(elf32_multiboot(
        [(PT_LOAD, 0x8f00, text(0x200), 0x200)], 0x8f00))
    s["mb-elf32-low"] = loader_input(elf32_multiboot(
        [(PT_LOAD, 0x8000, text(0x200), 0x800),
         (PT_LOAD, 0x100000, text(0x100), 0x100)], 0x8010))
    s["mb-elf32-hole"] = loader_input(elf32_multiboot(
        [(PT_LOAD, 0xb8000, text(0x100), 0x1000)], 0xb8000))
    s["mb-elf32-modules"] = loader_input(
        elf32_multiboot(mb_segs, 0x100010), path=b"k.elf", args=b"x",
        probe=0x0000_0010_2000_0035, mods=3 | (1 << 2))
    s["mb-elf32-low-full"] = loader_input(elf32_multiboot(
        [(PT_LOAD, 0x0, text(0x100), 0x9fc00)], 0x10),
        probe=0x0100, mods=1)
    s["mb-elf32-past-ram"] = loader_input(elf32_multiboot(
        [(PT_LOAD, 0x3ff000, text(0x100), 0x2000)], 0x3ff000))
    s["mb-elf32-entry-outside"] = loader_input(elf32_multiboot(
        [(PT_LOAD, 0x100000, text(0x100), 0x100)], 0x200000))
    s["mb-elf32-video-flag"] = loader_input(elf32_multiboot(
        [(PT_LOAD, 0x100000, text(0x100), 0x100)], 0x100000, mb_flags=7))
    s["mb-elf64-rejected"] = loader_input(
        elf64([(PT_LOAD, PF_R | PF_X, 0x100000, mb_header(3) + text(0x40), 0x100)],
              0x100000))
    s["mb-aout"] = loader_input(aout(0x100000, 0x1000, 0x40),
                                path=b"k", args=b"a b c")
    s["mb-aout-defaults"] = loader_input(aout(0x100000, 0, 0x40, load_end=0,
                                              bss_end=0))
    s["mb-aout-bad"] = loader_input(aout(0x100000, 0, 0x40, load_end=0x0fffff))
    s["mb-aout-truncated"] = loader_input(mb_header(0x10003, b"\0" * 8))
    late = bytearray(8192)
    late[8192 - 12:] = mb_header(0)
    s["mb-header-at-8k"] = loader_input(bytes(late))
    s["long-cmdline"] = loader_input(aout(0x100000, 0, 0x40),
                                     path=b"p" * 255, args=b"a" * 255)
    return s


# ----------------------------------------------------------------- guest_mem
# vkind: 0 low, 1 top of lower half, 2 bottom of upper half, 3 top,
#        4 non-canonical above the lower half, 5 non-canonical below the upper
# fkind: 0 unmapped, 1 frame fidx (% 18 pages), 3 any frame (8 more bytes)
# op: bit 0 write, bits 1-3 address kind, bits 4-6 length kind
def gm_input(ram_aligned, ram, ptes, ops):
    out = bytes([1 if ram_aligned else 0]) + struct.pack("<H", ram)
    out += bytes([len(ptes)])
    for vkind, vidx, fkind, fidx, *raw in ptes:
        out += bytes([vkind, vidx, fkind, fidx])
        if fkind == 3:
            out += struct.pack("<Q", raw[0])
    for write, gkind, gargs, lkind, largs in ops:
        out += bytes([write | gkind << 1 | lkind << 4]) + gargs + largs
    return out


def u8(v):
    return bytes([v & 0xff])


def u16(v):
    return struct.pack("<H", v)


def u64(v):
    return struct.pack("<Q", v & 0xffffffffffffffff)


def guest_mem_seeds():
    s = {}
    # The unit test's guest: 16 pages; virtual 1-4 -> 8-11, 5 -> 3, 6 -> 2,
    # 10 -> the last page, 11 -> just past RAM, 3 unmapped later.
    unit = [(0, 1, 1, 8), (0, 2, 1, 9), (0, 3, 1, 10), (0, 4, 1, 11),
            (0, 5, 1, 3), (0, 6, 1, 2), (0, 10, 1, 15), (0, 11, 1, 16)]
    s["unit-reads"] = gm_input(True, 16, unit, [
        (0, 0, u8(0) + u16(10), 0, u8(100)),           # within a page
        (0, 0, u8(4) + u16(4096 - 100), 1, u16(4196)),  # across 5 -> 6
        (0, 1, u8(1) + u8(0), 1, u16(300)),             # page end of 2
        (0, 6, u8(0) + u16(0), 0, u8(1)),               # NULL
        (0, 0, u8(6) + u16(4080), 0, u8(16)),           # last RAM page end
        (0, 0, u8(6) + u16(4081), 0, u8(16)),           # one over
        (0, 0, u8(0) + u16(0), 3, b""),                 # zero length
    ])
    s["unit-writes"] = gm_input(True, 16, unit + [(0, 3, 0, 0)], [
        (1, 0, u8(0) + u16(4096 - 150), 0, u8(255)),
        (1, 0, u8(1) + u16(0), 1, u16(3 * 4096)),       # hole at 3
        (1, 0, u8(4) + u16(0), 1, u16(4096)),
        (0, 0, u8(4) + u16(0), 1, u16(8192)),
    ])
    s["huge-lengths"] = gm_input(True, 16, unit, [
        (0, 0, u8(0) + u16(0), 2, u64(-1)),
        (0, 0, u8(0) + u16(0), 4, u8(40)),
        (1, 0, u8(0) + u16(0), 4, u8(12 | 0x40)),
        (1, 0, u8(0) + u16(0), 4, u8(12 | 0x80)),
        (0, 2, u64(-8), 0, u8(16)),
        (0, 5, u16(0), 0, u8(1)),
        (0, 5, u16(7), 5, u8(0)),
        (1, 2, u64(0x4000), 2, u64(1 << 47)),
    ])
    # Unaligned RAM: the last frame is partial.
    s["partial-last-page"] = gm_input(False, 3 * 4096 + 100,
                                      [(0, 0, 1, 3), (0, 1, 1, 2), (0, 2, 1, 1)], [
        (0, 0, u8(0) + u16(0), 0, u8(100)),
        (0, 0, u8(0) + u16(0), 0, u8(101)),
        (1, 0, u8(1) + u16(4000), 1, u16(200)),
        (0, 6, u8(1) + u16(0), 1, u16(8192)),
    ])
    # Both ends of both canonical halves, wrap-around at 2^64, frames far away.
    s["canonical-edges"] = gm_input(True, 8, [
        (1, 0, 1, 1), (1, 1, 1, 2), (2, 0, 1, 3), (2, 1, 1, 4),
        (3, 0, 1, 5), (3, 1, 1, 6), (4, 0, 1, 7), (5, 0, 1, 0),
        (0, 9, 3, 0, 0xfffffffffffff000), (0, 8, 3, 0, 0x7000)], [
        (0, 3, u16(0), 0, u8(1)),
        (0, 3, u16(0x1fff), 1, u16(0x2000)),
        (1, 4, u16(0), 1, u16(0x2000)),
        (0, 4, u16(0), 0, u8(0)),
        (0, 5, u16(0), 0, u8(1)),
        (1, 5, u16(0x1fff), 5, u8(0)),
        (0, 5, u16(0x10), 5, u8(1)),
        (0, 7, u16(0), 0, u8(1)),
        (0, 7, u16(0xffff), 6, u8(0)),
        (0, 6, u8(9) + u16(0), 0, u8(1)),
        (1, 6, u8(8) + u16(0), 0, u8(16)),
    ])
    # A range from the top of the lower half across the non-canonical hole
    # into the upper half: both ends canonical, no wrap, and every byte in
    # between non-canonical.
    s["across-the-hole"] = gm_input(True, 8, [(1, 0, 1, 1), (2, 0, 1, 2),
                                              (4, 0, 1, 3)], [
        (0, 3, u16(0xfff), 7, u16(0x1000)),
    ])
    # Two virtual pages on one frame; RAM of 0 bytes.
    s["aliases"] = gm_input(True, 4, [(0, 1, 1, 2), (0, 2, 1, 2)], [
        (1, 0, u8(0) + u16(0xf00), 1, u16(0x200)),
        (0, 0, u8(1) + u16(0), 1, u16(0x2000)),
    ])
    s["no-ram"] = gm_input(True, 0, [(0, 0, 1, 0)], [
        (0, 6, u8(0) + u16(0), 0, u8(1)),
        (1, 6, u8(0) + u16(0), 3, b""),
    ])
    return s


# ----------------------------------------------------------------- decode
DECODE_SEEDS = {
    # name: (mode 0/1/2 = 16/32/64, instruction bytes)
    "mov-load": (2, "8b 07"),
    "mov-store-rex": (2, "4c 89 4c 24 08"),
    "mov-imm": (2, "48 c7 07 fe ff ff ff"),
    "moffs64": (2, "48 a1 00 00 d4 fe 00 00 00 00"),
    "moffs32": (2, "67 a2 00 00 d4 fe"),
    "movzx": (2, "0f b6 07"),
    "movsx-w": (2, "48 0f bf 07"),
    "movsxd": (2, "48 63 1f"),
    "add-mem": (2, "01 0f"),
    "cmp-reg": (2, "3a 37"),
    "alu-imm8": (2, "83 07 01"),
    "alu-imm32": (2, "48 81 2c 8e 78 56 34 12"),
    "test": (2, "f7 07 00 80 00 00"),
    "bt-reg": (2, "48 0f a3 0f"),
    "bt-imm": (2, "0f ba 2f 03"),
    "xchg": (2, "86 27"),
    "lock-add": (2, "f0 83 07 01"),
    "xacquire": (2, "f2 f0 83 2f 01"),
    "segment": (2, "64 8b 07"),
    "rip-rel": (2, "81 05 f0 ff ff ff 01 00 00 00"),
    "eip-rel": (2, "67 8b 05 00 00 f0 ff"),
    "sib-r12": (2, "41 8b 04 24"),
    "disp32-only": (2, "8b 04 25 00 00 d4 fe"),
    "addr16": (0, "8b 42 04"),
    "addr16-disp16": (0, "8b 06 00 fd"),
    "addr32-in-16": (0, "67 66 8b 04 73"),
    "mode32": (1, "8b 04 c8"),
    "mode32-alias82": (1, "82 07 05"),
    "prefixes-15": (2, "66 66 66 66 66 66 66 8b 04 25 00 00 00 00"),
    "too-long": (2, "66 " * 11 + "8b 04 25 00 00 00 00"),
    "truncated": (2, "c6 47 01"),
    "sse": (2, "66 0f 6f 07"),
    "prefetchw": (2, "0f 0d 08"),
}


def decode_seeds():
    return {name: bytes([mode]) + bytes(range(1, 9)) + bytes.fromhex(b)
            for name, (mode, b) in DECODE_SEEDS.items()}


# ----------------------------------------------------------------- virtio
# Operations of tests/fuzz/fuzz_virtio.c; queue q's rings sit at
# q * 0x400 + (desc, avail, used) after a probe.
V_DESC, V_AVAIL, V_USED, V_NUM = 0x1000, 0x1200, 0x1300, 16


def v_probe(num=V_NUM):
    return bytes([5]) + struct.pack("<HHHB", V_DESC, V_AVAIL, V_USED, num)


def v_desc(q, i, addr, length, flags, nxt):
    d = V_DESC + q * 0x400 + 16 * i
    return (bytes([3]) + struct.pack("<HQ", d, addr) +
            bytes([2]) + struct.pack("<HH", d + 8, length & 0xffff) +
            bytes([2]) + struct.pack("<HH", d + 10, length >> 16) +
            bytes([2]) + struct.pack("<HH", d + 12, flags) +
            bytes([2]) + struct.pack("<HH", d + 14, nxt))


def v_avail(q, slot, head, idx):
    a = V_AVAIL + q * 0x400
    return (bytes([2]) + struct.pack("<HH", a + 4 + 2 * slot, head) +
            bytes([2]) + struct.pack("<HH", a + 2, idx))


def v_notify(q):
    return bytes([7, q])


def v_reg(off, value):
    return bytes([0]) + struct.pack("<HI", off, value)


def virtio_seeds():
    p = v_probe()
    tx = v_desc(1, 0, 0x3000, 6, 0, 0) + v_avail(1, 0, 0, 1) + v_notify(1)
    rx = (v_desc(0, 0, 0x3800, 64, 2, 0) + v_avail(0, 0, 0, 1) +
          v_notify(0) + bytes([4 | 5 << 3]) + b"hello\r")
    return {
        "probe": p,
        "transmit": p + tx + v_reg(0x64, 1),
        "receive": p + rx,
        "both": p + tx + rx + tx,
        "loop": p + v_desc(1, 0, 0x3000, 1, 1, 1) +
                v_desc(1, 1, 0x3000, 1, 1, 0) + v_avail(1, 0, 0, 1) +
                v_notify(1),
        "out-of-ram": p + v_desc(1, 0, 0xfff0, 0x100, 0, 0) +
                      v_avail(1, 0, 0, 1) + v_notify(1),
        "huge": p + v_desc(1, 0, 0, 0xffffffff, 0, 0) +
                v_avail(1, 0, 0, 1) + v_notify(1),
        "bad-head": p + v_avail(1, 0, 99, 1) + v_notify(1),
        "idx-jump": p + v_avail(1, 0, 0, 0x8000) + v_notify(1),
        "chain": p + v_desc(1, 0, 0x3000, 4, 1, 5) +
                 v_desc(1, 5, 0x3100, 4, 1, 2) + v_desc(1, 2, 0x3200, 4, 0, 0)
                 + v_avail(1, 0, 0, 1) + v_notify(1),
        "reset-again": p + v_reg(0x70, 0) + p + tx,
        "odd-width": p + bytes([6 | 0 << 3 | 0x20]) +
                     struct.pack("<HQ", 0x70, 1) + bytes([6 | 3 << 3]) +
                     struct.pack("<HQ", 0x80, 0),
        "bad-num": v_probe(12) + tx,
    }
# ------------------------------------------------------------------- insn
INSN_SEEDS = {
    # name: (mode 0/1/2 = 16/32/64, instruction bytes), as in DECODE_SEEDS
    "cpuid": (2, "0f a2"),
    "rdtscp": (2, "0f 01 f9"),
    "wbnoinvd": (2, "f3 0f 09"),
    "vmmcall": (2, "0f 01 d9"),
    "vmgexit": (2, "f3 0f 01 d9"),
    "xsetbv": (2, "0f 01 d1"),
    "mov-cr3-r9": (2, "41 0f 22 d9"),
    "mov-rax-cr8": (2, "44 0f 20 c0"),
    "lock-mov-cr0": (1, "f0 0f 22 c0"),
    "mov-cr5": (2, "0f 20 e8"),
    "mov-cr-mod0": (2, "0f 22 18"),
    "mov-dr7": (2, "0f 23 f8"),
    "lmsw-sib": (2, "43 0f 01 74 e0 80"),
    "lmsw-rip": (2, "0f 01 35 00 01 00 00"),
    "lmsw-addr16": (0, "0f 01 72 04"),
    "smsw-r10": (2, "49 0f 01 e2"),
    "invlpg-a32": (2, "67 0f 01 38"),
    "invlpg-16": (0, "0f 01 3e fe ff"),
    "pause": (2, "f3 90"),
    "monitor-fs": (2, "67 64 0f 01 c8"),
    "int-80": (2, "cd 80"),
    "into-32": (1, "ce"),
    "iretq": (2, "48 cf"),
    "in-imm": (2, "e4 71"),
    "out-dx-ax": (0, "ef"),
    "rep-outsw": (2, "f3 66 6f"),
    "fs-insb": (2, "64 6c"),
    "lock-cpuid": (2, "f0 0f a2"),
    "prefixes-15": (2, "66 " * 13 + "0f a2"),
    "too-long": (2, "66 " * 14 + "0f a2"),
    "truncated": (2, "0f 01 74 8b"),
}


def insn_seeds():
    return {name: bytes([mode]) + bytes(range(1, 9)) + bytes.fromhex(b)
            for name, (mode, b) in INSN_SEEDS.items()}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(ROOT, "tests", "fuzz", "corpus"))
    args = ap.parse_args()
    total = 0
    for harness, seeds in (("fuzz_config", config_seeds()),
                           ("fuzz_loader", loader_seeds()),
                           ("fuzz_guest_mem", guest_mem_seeds()),
                           ("fuzz_decode", decode_seeds()),
                           ("fuzz_virtio", virtio_seeds()),
                           ("fuzz_insn", insn_seeds())):
        d = os.path.join(args.out, harness)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        for name, data in seeds.items():
            with open(os.path.join(d, "seed-" + name), "wb") as f:
                f.write(data)
            total += len(data)
        print(f"make_seeds: {harness}: {len(seeds)} seeds, "
              f"{sum(map(len, seeds.values()))} bytes")
    print(f"make_seeds: {total} bytes in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
