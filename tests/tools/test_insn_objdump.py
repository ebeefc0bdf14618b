# SPDX-License-Identifier: MIT
"""arch/x86/insn.c against GNU objdump: random prefix runs (legacy, REX)
before each system instruction form the decoder knows, with random ModRM,
SIB and displacement bytes; where the decoder names the instruction,
objdump must take the same number of bytes and the same mnemonic."""

import os
import random
import re
import shutil
import subprocess
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CC = os.environ.get("CC", "cc")

LEGACY = [0x66, 0x67, 0xf2, 0xf3, 0xf0, 0x2e, 0x36, 0x3e, 0x26, 0x64, 0x65]
R = None  # a random byte
FORMS = [
    [0x0f, 0xa2], [0xf4], [0x0f, 0x32], [0x0f, 0x30], [0x0f, 0x31],
    [0x0f, 0x01, 0xf9], [0x0f, 0x33], [0x0f, 0x08], [0x0f, 0x09],
    [0x0f, 0x01, 0xd9], [0x0f, 0x01, 0xc1], [0x0f, 0x01, 0xd1], [0x0f, 0x06],
    [0x0f, 0x01, 0xc8], [0x0f, 0x01, 0xc9], [0xcc], [0xcd, R], [0xce],
    [0xcf], [0xf1], [0x90], [0xe4, R], [0xe5, R], [0xe6, R], [0xe7, R],
    [0xec], [0xed], [0xee], [0xef], [0x6c], [0x6d], [0x6e], [0x6f],
    [0x0f, 0x20, R], [0x0f, 0x22, R], [0x0f, 0x21, R], [0x0f, 0x23, R],
    "group7",
]
# What objdump (AT&T syntax, with suffixes) calls each kind.
MNEMONIC = {
    "cpuid": r"\bcpuid$", "hlt": r"\bhlt$", "rdmsr": r"\brdmsr$",
    "wrmsr": r"\bwrmsr$", "rdtsc": r"\brdtsc$", "rdtscp": r"\brdtscp$",
    "rdpmc": r"\brdpmc$", "invd": r"\binvd$", "wbinvd": r"\bwbinvd$",
    "wbnoinvd": r"\bwbnoinvd$", "vmmcall": r"\bvmmcall$",
    "vmcall": r"\bvmcall$", "xsetbv": r"\bxsetbv$",
    "mov-to-cr": r"\bmov[lq]\s+%\w+,%cr\d+$",
    "mov-from-cr": r"\bmov[lq]\s+%cr\d+,%\w+$",
    "mov-to-dr": r"\bmov[lq]\s+%\w+,%db\d+$",
    "mov-from-dr": r"\bmov[lq]\s+%db\d+,%\w+$", "clts": r"\bclts$",
    "lmsw": r"\blmsw\b", "smsw": r"\bsmsw[wlq]?\b", "invlpg": r"\binvlpg\b",
    "pause": r"\bpause$", "monitor": r"\bmonitor\b", "mwait": r"\bmwait\b",
    "int1": r"\b(int1|icebp)$", "int3": r"\bint3$", "int": r"\bint\s+\$",
    "into": r"\binto$", "iret": r"\biret[wlq]?$", "in": r"\bin[bwl]?\s",
    "out": r"\bout[bwl]?\s", "ins": r"\bins[bwl]\b", "outs": r"\bouts[bwl]\b",
}
ARCH = {16: "i8086", 32: "i386", 64: "i386:x86-64"}
SLOT = 32  # each case at a multiple of this, NOPs after it


def cases(mode, rnd, count):
    out = []
    for _ in range(count):
        pre = [rnd.choice(LEGACY) for _ in range(rnd.choice([0, 0, 1, 2, 4]))]
        if 0xf0 in pre and rnd.random() < 0.8:
            pre.remove(0xf0)  # mostly without LOCK: it is #UD but on CR
        if mode == 64 and rnd.random() < 0.4:
            pre.append(0x40 | rnd.randrange(16))
        form = rnd.choice(FORMS)
        if form == "group7":
            modrm = rnd.randrange(4) << 6 | rnd.choice([4, 6, 7]) << 3
            body = [0x0f, 0x01, modrm | rnd.randrange(8)]
            body += [rnd.randrange(256) for _ in range(6)]
        else:
            body = [rnd.randrange(256) if b is R else b for b in form]
        out.append(bytes(pre + body)[:SLOT - 1])
    return out


def objdump(mode, blob, tmp):
    path = os.path.join(tmp, "cases.bin")
    with open(path, "wb") as f:
        f.write(blob)
    text = subprocess.run(
        ["objdump", "-D", "-b", "binary", "-m", ARCH[mode], "-M", "suffix",
         "--insn-width=16", path], check=True, stdout=subprocess.PIPE,
        universal_newlines=True).stdout
    insns = []
    for line in text.splitlines():
        m = re.match(r"\s*([0-9a-f]+):\t[0-9a-f ]+\t?(.*)$", line)
        if m:
            insns.append((int(m.group(1), 16), m.group(2).strip()))
    # address -> (length, text)
    return {a: (insns[i + 1][0] - a if i + 1 < len(insns) else None, t)
            for i, (a, t) in enumerate(insns)}


@unittest.skipUnless(shutil.which("objdump") and shutil.which(CC),
                     "needs objdump and a C compiler")
class AgainstObjdump(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp()
        cls.prog = os.path.join(cls.tmp, "insn_print")
        subprocess.run([CC, "-std=gnu11", "-O1", "-I" + ROOT,
                        "-I" + os.path.join(ROOT, "include"), "-o", cls.prog,
                        os.path.join(HERE, "insn_print.c"),
                        os.path.join(ROOT, "arch", "x86", "insn.c")],
                       check=True)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def check_mode(self, mode):
        rnd = random.Random(mode)
        cs = cases(mode, rnd, 3000)
        res = subprocess.run([self.prog, str(mode)], check=True,
                             input="".join(b.hex(" ") + "\n" for b in cs),
                             stdout=subprocess.PIPE,
                             universal_newlines=True).stdout.split("\n")
        blob = b"".join(b + b"\x90" * (SLOT - len(b)) for b in cs)
        dis = objdump(mode, blob, self.tmp)
        named = 0
        for i, b in enumerate(cs):
            rc, kind, length = res[i].split()
            if rc != "0" or kind == "other":
                continue
            named += 1
            what = "%s (%d-bit): %s" % (b.hex(" "), mode, kind)
            self.assertIn(SLOT * i, dis, what + ": objdump did not stop here")
            olen, text = dis[SLOT * i]
            self.assertEqual(int(length), olen, what + ": objdump: " + text)
            self.assertRegex(text, MNEMONIC[kind], what)
        self.assertGreater(named, 2000)  # most cases are checked

    def test_64(self):
        self.check_mode(64)

    def test_32(self):
        self.check_mode(32)

    def test_16(self):
        self.check_mode(16)


if __name__ == "__main__":
    unittest.main()
