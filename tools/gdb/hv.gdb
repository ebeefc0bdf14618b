# SPDX-License-Identifier: MIT
# GDB setup for the hypervisor (make debug; docs/guide/08-debugging.md).
# gdb -x tools/gdb/hv.gdb build/hv.elf, then: target remote :1234
set pagination off
set confirm off
set print pretty on
set disassembly-flavor intel
source tools/gdb/hv.py

define hv-help
  echo hv-guests                       the VMs, and which one runs now\n
  echo hv-break-exit [REASON] [guest=NAME]  stop at full VM exits\n
  echo hv-next [NAME]                  continue to a guest's next exit\n
  echo hv-exit                         the current exit, decoded\n
  echo hv-regs                         the current guest's registers\n
  echo hv-vmcs [FIELD...]              VMCS fields (GUEST_RIP, GUEST_CR ...), VT-x\n
  echo hv-vmcb [FIELD...]              VMCB fields (control.exitcode, save.cr ...), SVM\n
  echo hv-trace [NAME]                 a guest's recent exits\n
  echo hv-fastpath on|off              HC_NULL through the full path or not\n
  echo hv-snapshot on|off              the VMCS copy hv-vmcs reads\n
end
document hv-help
The hypervisor's GDB commands (tools/gdb/hv.py).
end
