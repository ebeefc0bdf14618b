# SPDX-License-Identifier: MIT
"""System cases of MMIO emulation (issue 11, item 3)."""
from cases import Case, GUEST_FAILED, same_as_native, guest_config

CASES = [
    Case("mmio-same-as-native",
         "every instruction form the MMIO decoder knows, on an unclaimed "
         "address in the device window (0xfed40100) and on RAM behind the "
         "same virtual page: the same registers and flags natively and "
         "under the hypervisor, where the device side is emulated",
         native=same_as_native("mmio"), status=0, timeout=600,
         config=guest_config("name=mmio image=guests/mmio.elf mem=16M "
                             'cmdline="console=serial"'),
         expect=[r"^native status 0, hypervisor status 0$",
                 r"^compared 246 lines \(0 differ by design\)$",
                 r"^transcripts match$",
                 r"^vm: guest=mmio result=exited status=0$",
                 r"^exits: guest=mmio reason=EPT_VIOLATION kind=npf count=\d+ ",
                 # hv/mmio.c's counters, from guest/mmio/mmio.c: the
                 # device side of each of the 242 forms is one emulated
                 # access to 0xfed40100, which nothing claims, and so
                 # are the 4 reads probing it (byte, then 16, 32 and 64
                 # bits): 246. Reads: the probes and every form that
                 # loads or reads-modifies-writes: 4 + 12 movs + 12
                 # extends + 121 alu + 19 test/bt + 5 xchg + 29 prefixes
                 # + 17 and 11 in compatibility mode = 230. Writes: the
                 # stores and read-modify-writes (not cmp, test, bt):
                 # 12 movs + 71 alu (7 ops x 10, addw) + 6 bts/btr/btc
                 # + 5 xchg + 9 prefixes + 6 and 4 compat = 113.
                 r"^mmio: guest=mmio emulated=246 unclaimed_reads=230 "
                 r"unclaimed_writes=113$"],
         reject=[r"DIFFERENT"]),
    Case("mmio-past-ram-stops",
         "a read past RAM that is no device window still stops the guest "
         "with the address; the next guest runs",
         emu="bochs", status=GUEST_FAILED, timeout=300,
         config=guest_config(
             'name=bad image=guests/mmio.elf mem=16M cmdline="past-ram"',
             "name=good image=guests/hello.elf mem=16M"),
         expect=[r'^vm: guest=bad result=stopped reason="read at '
                 r"guest-physical 0x20000000, RIP 0x[0-9a-f]+: outside the "
                 r'guest\'s RAM"$',
                 r"^vm: guest=good result=exited status=0$"],
         reject=[r"mmio: read 0x", r"PANIC"]),
    Case("mmio-undecodable-stops",
         "an instruction the decoder does not know (MOVDQA from the "
         "device window) stops the guest with its bytes",
         emu="bochs", status=GUEST_FAILED, timeout=300,
         config=guest_config(
             'name=bad image=guests/mmio.elf mem=16M cmdline="sse"',
             "name=good image=guests/hello.elf mem=16M"),
         expect=[r'^vm: guest=bad result=stopped reason="mmio: cannot '
                 r"decode 66 0f 6f 07( [0-9a-f]{2})* at RIP 0x[0-9a-f]+ "
                 r'\(guest-physical 0xfed40100\)"$',
                 r"^vm: guest=good result=exited status=0$"],
         reject=[r"MOVDQA done", r"PANIC"]),
    Case("mmio-delivery-stops",
         "an interrupt whose frame the CPU pushes into the device window "
         "(an exit during event delivery, IDT-vectoring information "
         "valid) stops the guest with one line naming the vector, not an "
         "emulation of the instruction at RIP; the next guest runs",
         emu="bochs", status=GUEST_FAILED, timeout=300,
         config=guest_config(
             'name=bad image=guests/mmio.elf mem=16M cmdline="stack"',
             "name=good image=guests/hello.elf mem=16M"),
         expect=[r'^vm: guest=bad result=stopped reason="mmio: the CPU '
                 r"accessed guest-physical 0xfed401[0-9a-f]{2} while "
                 r"delivering vector 48 \(the guest's IDT, GDT, TSS or "
                 r'stack in a device window\): not emulated"$',
                 r"^vm: guest=good result=exited status=0$"],
         reject=[r"INT 0x30 done", r"PANIC", r"cannot decode"]),
]
