; SPDX-License-Identifier: MIT
;
; Interrupt entry stubs for all 256 vectors: the 32 exceptions, then the
; interrupts (the PIC's, which the platform remaps to 0x20-0x2f, and
; whatever the local APIC and IOAPIC are programmed to send).
;
; Contract: each stub makes the stack look the same whatever the vector, so
; one C function reads it as a struct trap_frame (trap.h), lowest address
; first:
;
;     r15 r14 ... rbx rax                     pushed by trap_common
;     vector                                  by the stub
;     error code                              by the CPU, or 0 by the stub
;     rip cs rflags rsp ss                    by the CPU (SDM Vol. 3A, 6.14.1)
;
; The handler may change any of it (a new rip skips an instruction); the
; registers and the CPU frame are reloaded from there and IRETQ resumes.
;
;     frame = rsp;
;     trap_dispatch(frame);
;     restore registers from frame; rsp += 16; iretq;
;
; Stack alignment: in 64-bit mode the CPU aligns RSP to 16 bytes before it
; pushes its frame (SDM 6.14.2). 5 + 1 + 1 + 15 quadwords = 176 bytes, a
; multiple of 16, so RSP is aligned at the call as the SysV ABI wants.

bits 64
section .text

extern trap_dispatch

%macro STUB_NOERR 1
trap_stub_%1:
	push 0
	push %1
	jmp trap_common
%endmacro

%macro STUB_ERR 1
trap_stub_%1:
	push %1				; the CPU pushed the error code
	jmp trap_common
%endmacro

global trap_common:function (trap_common.end - trap_common)
trap_common:
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
	cld				; the ABI wants DF = 0; IRETQ restores it
	mov rdi, rsp
	call trap_dispatch
	pop r15
	pop r14
	pop r13
	pop r12
	pop r11
	pop r10
	pop r9
	pop r8
	pop rbp
	pop rdi
	pop rsi
	pop rdx
	pop rcx
	pop rbx
	pop rax
	add rsp, 16			; vector and error code
	iretq
.end:

; Exceptions that push an error code: SDM Vol. 3A, Table 6-1.
STUB_NOERR 0
STUB_NOERR 1
STUB_NOERR 2
STUB_NOERR 3
STUB_NOERR 4
STUB_NOERR 5
STUB_NOERR 6
STUB_NOERR 7
STUB_ERR   8
STUB_NOERR 9
STUB_ERR   10
STUB_ERR   11
STUB_ERR   12
STUB_ERR   13
STUB_ERR   14
STUB_NOERR 15
STUB_NOERR 16
STUB_ERR   17
STUB_NOERR 18
STUB_NOERR 19
STUB_NOERR 20
STUB_ERR   21
STUB_NOERR 22
STUB_NOERR 23
STUB_NOERR 24
STUB_NOERR 25
STUB_NOERR 26
STUB_NOERR 27
STUB_NOERR 28
STUB_ERR   29
STUB_ERR   30
STUB_NOERR 31
%assign i 32
%rep 224
STUB_NOERR i				; interrupts never push an error code
%assign i i + 1
%endrep

section .rodata
global trap_stubs
trap_stubs:				; trap_stubs[v] = entry of vector v
%assign i 0
%rep 256
	dq trap_stub_ %+ i
%assign i i + 1
%endrep
