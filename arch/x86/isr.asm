; SPDX-License-Identifier: MIT
;
; Exception entry stubs for vectors 0-31.
;
; Contract: each stub makes the stack look the same whatever the vector, so
; one C handler can read it as a struct trap_frame (traps.h):
;
;     [CPU frame: ss, rsp, rflags, cs, rip]   pushed by the CPU
;     error code                              by the CPU, or 0 by the stub
;     vector                                  by the stub
;     rax rbx rcx rdx rsi rdi rbp r8..r15     by isr_common
;
; then calls trap_handler(frame). The handler does not return for now:
; every exception in the hypervisor is a bug and ends in a panic.

bits 64
section .text

extern trap_handler

%macro ISR_NOERR 1
isr_%1:
	push 0
	push %1
	jmp isr_common
%endmacro

%macro ISR_ERR 1
isr_%1:
	push %1				; the CPU pushed the error code
	jmp isr_common
%endmacro

global isr_common:function (isr_common.end - isr_common)
isr_common:
	push rax
	push rbx
	push rcx
	push rdx
	push rsi
	push rdi
	push rbp
	push r8
	push r9
	push r10
	push r11
	push r12
	push r13
	push r14
	push r15
	mov rdi, rsp			; trap_handler(struct trap_frame *)
	cld
	; A frame-pointer link to the interrupted code, so the backtrace
	; walks from the faulting function outwards.
	push qword [rsp + 17 * 8]	; the interrupted rip
	push rbp
	mov rbp, rsp
	and rsp, -16			; SysV: aligned at the call
	call trap_handler
.hang:
	cli
	hlt
	jmp .hang
.end:

; A host NMI (vector 2, on its own IST stack): nothing in the hypervisor
; raises one, so it is counted and the interrupted code goes on. Its IRETQ
; ends the CPU's NMI blocking (SDM 6.7.1). Contract: touches no register.
;     host_nmis++ (atomic: it may interrupt anything); iretq
global host_nmi_entry:function (host_nmi_entry.end - host_nmi_entry)
extern host_nmis
host_nmi_entry:
	lock inc qword [rel host_nmis]
	iretq
.end:

ISR_NOERR 0
ISR_NOERR 1
ISR_NOERR 2
ISR_NOERR 3
ISR_NOERR 4
ISR_NOERR 5
ISR_NOERR 6
ISR_NOERR 7
ISR_ERR   8
ISR_NOERR 9
ISR_ERR   10
ISR_ERR   11
ISR_ERR   12
ISR_ERR   13
ISR_ERR   14
ISR_NOERR 15
ISR_NOERR 16
ISR_ERR   17
ISR_NOERR 18
ISR_NOERR 19
ISR_NOERR 20
ISR_ERR   21
ISR_NOERR 22
ISR_NOERR 23
ISR_NOERR 24
ISR_NOERR 25
ISR_NOERR 26
ISR_NOERR 27
ISR_NOERR 28
ISR_ERR   29
ISR_ERR   30
ISR_NOERR 31

section .rodata
global isr_stub_table
isr_stub_table:
%assign i 0
%rep 32
	dq isr_ %+ i
%assign i i + 1
%endrep
