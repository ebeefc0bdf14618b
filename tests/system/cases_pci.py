# SPDX-License-Identifier: MIT
"""System cases of the PCI bus: configuration mechanism #1 and bus 0."""
from cases import Case, same_as_native, guest_config

# Not modelled (docs/platform.md): QEMU's IDE function 00:01.1, so bus 0
# has one function less, and the PIIX4's SMBus host interface (its host
# configuration register 0xd2 reads 0: disabled). The address register
# at start is whatever the firmware's last access left (SeaBIOS's here).
PCI_DIFFER = (r"^pci: 00:01\.1 ", r"^pci: bus 0: \d+ functions$",
              r"^pci: 00:01\.3 \+d0: ", r"^pci: address: at start ")

CASES = [
    Case("pci-same-as-native",
         "PCI configuration mechanism #1 as Linux probes it, the data "
         "window at every width, enable bit clear, absent devices and bus "
         "1; every function of bus 0 (i440FX, PIIX3, PIIX4 PM), all 256 "
         "bytes as SeaBIOS leaves QEMU's, and which header bits take a "
         "write, and the PIIX3's ELCR: as on QEMU (-vga none) apart from "
         "its IDE function",
         native=same_as_native("pci", differ=PCI_DIFFER,
                               extra=("-vga", "none")),
         status=0, timeout=300,
         config=guest_config("name=pci image=guests/pci.elf mem=16M "
                             'cmdline="console=serial"'),
         expect=[r"^native status 0, hypervisor status 0$",
                 r"^compared 73 lines \(3 differ by design\)$",
                 r"^transcripts match$",
                 r"^hypervisor only: pci: address: at start 0x00000000$",
                 r"^hypervisor only: pci: bus 0: 3 functions$",
                 r"^hypervisor only: pci: 00:01\.3 \+d0: 00 00 00 00 ",
                 r"^vm: guest=pci result=exited status=0$"],
         reject=[r"FAIL"]),
]
