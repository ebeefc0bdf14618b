# SPDX-License-Identifier: MIT
"""System cases of the legacy PC devices (issue 11, item 4)."""
from cases import Case, same_as_native, guest_config
from cases_cpustate import same_as_native_but

# The SMBIOS strings that name the firmware and the machine: SeaBIOS and
# QEMU natively, EduHV under the hypervisor (docs/platform.md).
SMBIOS_NAMES = (r"^smbios: type 0: vendor ", r"^smbios: type 1: manufacturer ",
                r"^smbios: type 3: manufacturer ")

CASES = [
    Case("reset-same-as-native",
         "reset through 0xcf9: QEMU (-no-reboot) ends, the hypervisor "
         "ends the guest with outcome reset; the same lines before it",
         native=same_as_native("reset"), status=0, timeout=300,
         config=guest_config("name=reset image=guests/reset.elf mem=16M "
                             'cmdline="console=serial"'),
         expect=[r"^native status 0, hypervisor status 0$",
                 r"^compared 5 lines \(0 differ by design\)$",
                 r"^transcripts match$",
                 r'^vm: guest=reset result=reset by="port 0xcf9"$'],
         reject=[r"FAIL"]),
    Case("reset92-same-as-native",
         "reset through a rising bit 0 of port 0x92 (reset=92): QEMU "
         "(-no-reboot) ends, the hypervisor ends the guest with outcome "
         "reset; the same lines before it",
         native=same_as_native("reset", append="console=serial reset=92"),
         status=0, timeout=300,
         config=guest_config("name=reset image=guests/reset.elf mem=16M "
                             'cmdline="console=serial reset=92"'),
         expect=[r"^native status 0, hypervisor status 0$",
                 r"^compared 5 lines \(0 differ by design\)$",
                 r"^transcripts match$",
                 r'^vm: guest=reset result=reset by="port 0x92"$'],
         reject=[r"FAIL"]),
    Case("reset-kbc-same-as-native",
         "reset through the 8042's command 0xfe at port 0x64 (reset=kbc): "
         "QEMU (-no-reboot) ends, the hypervisor ends the guest with "
         "outcome reset; the same lines before it",
         native=same_as_native("reset", append="console=serial reset=kbc"),
         status=0, timeout=300,
         config=guest_config("name=reset image=guests/reset.elf mem=16M "
                             'cmdline="console=serial reset=kbc"'),
         expect=[r"^native status 0, hypervisor status 0$",
                 r"^compared 5 lines \(0 differ by design\)$",
                 r"^transcripts match$",
                 r'^vm: guest=reset result=reset '
                 r'by="the keyboard controller \(0x64\)"$'],
         reject=[r"FAIL"]),
    Case("pit2-same-as-native",
         "PIT channel 2 through port 0x61 (gate, OUT2 rising after the "
         "count, the refresh bit) as on QEMU",
         native=same_as_native("pit2"), status=0, timeout=300,
         config=guest_config("name=pit2 image=guests/pit2.elf mem=16M "
                             'cmdline="console=serial"'),
         expect=[r"^native status 0, hypervisor status 0$",
                 r"^compared 8 lines \(0 differ by design\)$",
                 r"^transcripts match$",
                 r"^vm: guest=pit2 result=exited status=0$"]),
    Case("fwcfg-same-as-native",
         "fw_cfg through 0x510/0x511: signature, ID, RAM size, CPUs, "
         "etc/e820 through the directory, as on QEMU",
         native=same_as_native("fwcfg"), status=0, timeout=300,
         config=guest_config("name=fwcfg image=guests/fwcfg.elf mem=16M "
                             'cmdline="console=serial"'),
         expect=[r"^native status 0, hypervisor status 0$",
                 r"^compared 10 lines \(0 differ by design\)$",
                 r"^transcripts match$",
                 r"^vm: guest=fwcfg result=exited status=0$"]),
    Case("kbc-same-as-native",
         "the 8042 with a PS/2 keyboard and mouse as Linux probes them "
         "(self test, CTR, interface and loop tests, keyboard reset, "
         "identify, echo, mouse reset, ID and knock; IRQ 1 and IRQ 12 "
         "through the PIC, one per byte of a multi-byte answer) as on QEMU; the status lines follow the "
         "8042's A2 bit (3), which QEMU leaves set (docs/platform.md)",
         native=same_as_native_but("kbc", [r"^kbc: status"]),
         status=0, timeout=300,
         config=guest_config("name=kbc image=guests/kbc.elf mem=16M "
                             'cmdline="console=serial"'),
         expect=[r"^native status 0, hypervisor status 0$",
                 r"^compared 46 lines \(3 not modelled by QEMU TCG\)$",
                 r"^transcripts match$",
                 # SeaBIOS wrote the CTR (data) last: A2 clear; a
                 # command sets it, data clears it again.
                 r"^hypervisor only: kbc: status: 0x14$",
                 r"^hypervisor only: kbc: status after a command: 0x1c$",
                 r"^hypervisor only: kbc: status after data: 0x14$",
                 r"^vm: guest=kbc result=exited status=0$"]),
    Case("smbios-same-as-native",
         "the SMBIOS tables as Linux's DMI scan finds them: a 2.8 entry "
         "point in 0xf0000-0xfffff, its checksums, QEMU's structures in "
         "its order and lengths, the processor ID against CPUID, the "
         "memory device and range against the RAM; as on QEMU (SeaBIOS) "
         "but for the strings that name the firmware (docs/platform.md)",
         native=same_as_native("smbios", differ=SMBIOS_NAMES), status=0,
         timeout=300,
         config=guest_config("name=smbios image=guests/smbios.elf mem=16M "
                             'cmdline="console=serial"'),
         expect=[r"^native status 0, hypervisor status 0$",
                 r"^compared 21 lines \(3 differ by design\)$",
                 r"^transcripts match$",
                 r'^hypervisor only: smbios: type 0: vendor "EduHV" version '
                 r'"[^"]+" date "12/01/2026"$',
                 r'^hypervisor only: smbios: type 1: manufacturer "EduHV" '
                 r'product "EduHV PC" version "1" serial "" family ""$',
                 r'^hypervisor only: smbios: type 3: manufacturer "EduHV", '
                 r"chassis type 1, states 3 3 3$",
                 r"^vm: guest=smbios result=exited status=0$"]),
]
