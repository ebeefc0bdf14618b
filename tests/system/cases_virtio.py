# SPDX-License-Identifier: MIT
"""System cases of the virtio-mmio console (issue 14, item 2).

guest/virtiohostile.c drives its virtio-mmio registers with garbage and
then breaks each rule once: every time only its device stops (with one
hypervisor line), and after a reset the device works again. Without
virtio=console there is no device at 0xfeb00000 and the same guest is
stopped at its first access. The Linux case (build/linux's kernel and
test initramfs, with a virtio console of its own) shows the other guests
go on. linux-hvc0 (cases_linux.py) is the device's good path.
"""
import os
import re

from cases import Case, ROOT, GUEST_FAILED, guest_config, uses_hv

LINUX = os.path.join(ROOT, "build", "linux")
HV_APPEND = "console=ttyS0 earlyprintk=serial,ttyS0 cryptomgr.notests"

STOP = r"^virtio: guest=vh device=console queue=1 stopped: "
# What the hostile guest's cases must make the hypervisor say, in order.
HOSTILE_CASES = [
    ("loop", STOP + r"descriptor chain longer than the queue \(a loop\)$"),
    ("buffer outside RAM", STOP + r"buffer outside the guest's RAM$"),
    ("huge length", STOP + r"descriptor length too large$"),
    (r"avail\.idx 1000 ahead",
     STOP + r"avail\.idx more than the queue size ahead$"),
    ("head 999", STOP + r"descriptor index past the queue$"),
    ("misaligned descriptor table", STOP + r"misaligned ring$"),
    ("ring outside RAM", STOP + r"ring outside the guest's RAM$"),
    ("byte read", r"^virtio: guest=vh device=console stopped: register "
     r"read that is not an aligned 32-bit word$"),
]


def hostile_expect():
    out = [r"^vm: guest=vh virtio-console mmio=0xfeb00000\+0x200 gsi=5$",
           r"^\[vh\] virtiohostile: virtio-mmio version 2 console at "
           r"0xfeb00000, queue size up to 64$",
           r"^\[vh\] virtiohostile: garbage: done, the device stopped "
           r"itself \d+ times$"]
    for what, line in HOSTILE_CASES:
        out += [line, r"^\[vh\] virtiohostile: %s: status 0x4f "
                r"\(DEVICE_NEEDS_RESET\)$" % what]
    return out + [r"^virtio cases in order: %d$" % len(HOSTILE_CASES),
                  r"^\[vh\] virtiohostile: this line came through the "
                  r"transmitq$",
                  r"^\[vh\] virtiohostile: good chain: used, status 0xf$",
                  r"^\[vh\] virtiohostile: done, 0 case\(s\) not as "
                  r"expected$",
                  r"^vm: guest=vh result=exited status=0$",
                  # Reset at its end; at least the 8 cases stopped it.
                  r"^virtio: guest=vh device=console status=0x0 .* "
                  r"stops=([89]|[1-9]\d+)$"]


def in_order(timeout):
    """Boot; after the garbage, the hostile guest's lines and the
    hypervisor's stop lines must alternate case by case, in order (the
    garbage makes the same stop lines: only this order tells them
    apart). Prints "virtio cases in order: N" and the transcript."""
    @uses_hv
    def check(build, image, log):
        from cases import run_hv
        status, text = run_hv(image, log + ".hv", timeout=timeout)
        lines = text.splitlines()
        mine = [l for l in lines if l.startswith(("[vh] virtiohostile:",
                                                  "virtio: guest=vh "))]
        start = [i for i, l in enumerate(mine)
                 if l.startswith("[vh] virtiohostile: garbage: done")]
        n = 0
        if start:
            rest = mine[start[0] + 1:]
            for i, (what, stop) in enumerate(HOSTILE_CASES):
                pair = rest[2 * i:2 * i + 2]
                if len(pair) == 2 and re.search(stop, pair[0]) and \
                        re.search(r"^\[vh\] virtiohostile: %s: status 0x4f "
                                  % what, pair[1]):
                    n += 1
                else:
                    break
        out = ["virtio cases in order: %d" % n] + lines
        with open(log, "w") as f:
            f.write("\n".join(out) + "\n")
        return status, "\n".join(out)
    return check


VH = "name=vh image=guests/virtiohostile.elf mem=16M virtio=console limit=120s"

CASES = [
    Case("virtio-hostile", emu="bochs", doc=
         "guest/virtiohostile.c: 3000 random register accesses of every "
         "width, ring addresses anywhere, random descriptor tables and "
         "notifies, then each rule broken once (a loop, a buffer outside "
         "RAM, a huge length, avail.idx far ahead, a bad head, a "
         "misaligned ring, a ring outside RAM, a byte access): each stops "
         "only its device (DEVICE_NEEDS_RESET, one line), a reset device "
         "works again; the guest without virtio=console is stopped at "
         "0xfeb00000; hello beside them ends normally",
         status=GUEST_FAILED, timeout=300, native=in_order(300),
         config=guest_config(VH, "name=novirtio image=guests/virtiohostile.elf "
                             "mem=16M",
                             "name=hello image=guests/hello.elf mem=16M"),
         expect=hostile_expect() +
                [r'^vm: guest=novirtio result=stopped reason="read at '
                 r"guest-physical 0xfeb00000, RIP 0x[0-9a-f]+: outside the "
                 r'guest\'s RAM"$',
                 r"^vm: guest=hello result=exited status=0$",
                 r"^outcome: vh +exited +0 "],
         reject=[r"PANIC", r"NOT STOPPED", r"NOT USED",
                 r"^virtio: guest=(novirtio|hello) "]),
]

# One stop line each up to VIRTIO_STOPS_SHOWN (hv/virtio.h), then one
# line saying the rest is only counted.
CASES.append(Case(
    "virtio-hostile-flood", emu="bochs", doc=
    "virtiohostile with 10000 garbage steps stops its device more than "
    "100 times: exactly 100 stop lines, one saying the rest are counted, "
    "the count in the VM's report; the guest's own checks still pass",
    status=0, timeout=600,
    config=guest_config(VH + ' cmdline="iterations=10000"'),
    expect=[r"^virtio: guest=vh device=console: more stops, counted but "
            r"not shown$",
            r"^\[vh\] virtiohostile: done, 0 case\(s\) not as expected$",
            r"^virtio: guest=vh device=console status=0x0 .* "
            r"stops=(1\d[1-9]|1[1-9]\d|[2-9]\d\d|[1-9]\d{3,})$"],
    expect_count={r"^virtio: guest=vh device=console (queue=\d )?stopped: ":
                  100,
                  r"counted but not shown": 1},
    reject=[r"PANIC", r"NOT STOPPED", r"NOT USED"]))

if os.path.exists(os.path.join(LINUX, "bzImage")):
    CASES.append(Case(
        "virtio-hostile-beside-linux", emu="bochs", doc=
        "the hostile virtio guest round robin beside Debian's kernel with "
        "a virtio console of its own (its /init loads the virtio modules): "
        "the hostile guest's device stops case after case, Linux's is "
        "never touched and its test initramfs runs to the end (status "
        "0x31)",
        status=GUEST_FAILED, timeout=900, memory=1024,
        native=in_order(800),
        config=guest_config(
            "name=linux image=linux/bzImage initrd=linux/test-initrd.cpio.gz "
            "mem=256M virtio=console limit=600s cmdline=\"%s\"" % HV_APPEND,
            VH),
        expect=hostile_expect() +
               [r"^vm: guest=linux virtio-console mmio=0xfeb00000\+0x200 "
                r"gsi=5$",
                r"^\[linux\] linux-test: done$",
                r"^vm: guest=linux result=exited status=49$",
                r"^virtio: guest=linux device=console status=0xf .* "
                r"stops=0$",
                r"^outcome: linux +exited +49 ",
                r"^outcome: vh +exited +0 "],
        reject=[r"PANIC", r"NOT STOPPED", r"NOT USED",
                r"^virtio: guest=linux .*stopped"]))
