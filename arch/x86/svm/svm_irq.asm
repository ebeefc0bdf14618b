; SPDX-License-Identifier: MIT
;
; The hypervisor's only interrupt: its local APIC timer, which preempts a
; guest (svm_timer.c). The interrupt itself makes the #VMEXIT (INTR
; intercept); the host takes it at STGI after the exit, and all there is
; left to do is the EOI (SDM Vol. 3A, 11.8.5).
;
; svm_irq_eoi:      every vector 32-255 but the spurious one: EOI, IRETQ
; svm_irq_spurious: the local APIC's spurious vector: no EOI (11.9)

bits 64
section .text

extern svm_lapic_eoi

global svm_irq_eoi:function (svm_irq_eoi.end - svm_irq_eoi)
global svm_irq_spurious:function (svm_irq_spurious.end - svm_irq_spurious)

svm_irq_eoi:
	push rax
	mov rax, [rel svm_lapic_eoi]	; the EOI register's address
	mov dword [rax], 0
	pop rax
	iretq
.end:

svm_irq_spurious:
	iretq
.end:
