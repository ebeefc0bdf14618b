; SPDX-License-Identifier: MIT
;
; Entering and leaving the guest.
;
; int vmx_vcpu_enter(struct guest_regs *regs,  ; rdi
;                    int launched,              ; esi
;                    uint64_t *exit_tsc,        ; rdx
;                    uint64_t *host_rsp,        ; rcx
;                    struct vcpu *vcpu);        ; r8
;
; Contract (arch/x86/vmx/vmx.h):
;     push callee-saved registers, vcpu, regs, exit_tsc
;     if (rsp != *host_rsp) { *host_rsp = rsp; vmwrite(HOST_RSP, rsp); }
;     load the guest's RAX..R15 from *regs (RSP and RIP come from the VMCS)
;     launched ? VMRESUME : VMLAUNCH
;     -> falls through only if the entry failed: return 1 (CF) or 2 (ZF)
;
; vmx_exit_stub (HOST_RIP): the CPU arrives here on every VM exit with
; RSP = HOST_RSP, i.e. the stack as it was just before the entry:
;     save the guest's RAX, RDX, RDI into *regs (the stub uses them)
;     *exit_tsc = rdtsc()      ; as early as possible: exit statistics
;     if (vmx_fastpath(vcpu)) {           ; C that keeps every register
;         reload RAX, RDX, RDI            ; but RAX: all the others are
;         VMRESUME                        ; still the guest's
;     }
;     save the guest's other registers into *regs
;     pop, return 0                       ; the full exit path, in C
;
; The fast path is how a null hypercall costs under a hundred
; instructions: three registers move, no return to the run loop.
;
; struct guest_regs (hv/vm.h) is RAX, RCX, RDX, RBX, (RSP), RBP, RSI, RDI,
; R8..R15, 8 bytes each, in that order.

bits 64
section .text

extern vmx_fastpath

%define HOST_RSP	0x6c14
%define R_RAX		0
%define R_RCX		8
%define R_RDX		16
%define R_RBX		24
%define R_RBP		40
%define R_RSI		48
%define R_RDI		56
%define R_R8		64
%define R_R9		72
%define R_R10		80
%define R_R11		88
%define R_R12		96
%define R_R13		104
%define R_R14		112
%define R_R15		120

; Stack at HOST_RSP: [rsp] exit_tsc, [rsp + 8] regs, [rsp + 16] vcpu.
%define S_EXIT_TSC	0
%define S_REGS		8
%define S_VCPU		16

global vmx_vcpu_enter:function (vmx_vcpu_enter.end - vmx_vcpu_enter)
global vmx_exit_stub:function (vmx_exit_stub.end - vmx_exit_stub)

; Load the caller-saved guest registers from regs (in rax); rax last.
%macro LOAD_SCRATCH 0
	mov rcx, [rax + R_RCX]
	mov rdx, [rax + R_RDX]
	mov rsi, [rax + R_RSI]
	mov rdi, [rax + R_RDI]
	mov r8,  [rax + R_R8]
	mov r9,  [rax + R_R9]
	mov r10, [rax + R_R10]
	mov r11, [rax + R_R11]
	mov rax, [rax + R_RAX]
%endmacro

vmx_vcpu_enter:
	push rbp
	mov rbp, rsp			; a frame, for backtraces
	push rbx
	push r12
	push r13
	push r14
	push r15
	push r8				; vcpu
	push rdi			; regs
	push rdx			; exit_tsc

	cmp rsp, [rcx]
	je .host_rsp_ok
	mov [rcx], rsp
	mov rax, HOST_RSP
	vmwrite rax, rsp
.host_rsp_ok:
	test esi, esi			; MOVs below keep ZF for the branch
	mov rax, rdi
	mov rbx, [rax + R_RBX]
	mov rbp, [rax + R_RBP]
	mov r12, [rax + R_R12]
	mov r13, [rax + R_R13]
	mov r14, [rax + R_R14]
	mov r15, [rax + R_R15]
	LOAD_SCRATCH
	jnz .resume
	vmlaunch
	jmp vmx_exit_stub.failed
.resume:
	vmresume
	jmp vmx_exit_stub.failed
.end:

vmx_exit_stub:
	push rax			; the guest's RAX
	mov rax, [rsp + 8 + S_REGS]
	mov [rax + R_RDX], rdx
	mov [rax + R_RDI], rdi
	pop qword [rax + R_RAX]
	rdtsc
	shl rdx, 32
	or rax, rdx
	mov rdx, [rsp + S_EXIT_TSC]
	mov [rdx], rax
	mov rdi, [rsp + S_VCPU]
	call vmx_fastpath		; rsp is 16-aligned here
	test eax, eax
	jz .slow
	mov rax, [rsp + S_REGS]
	mov rdx, [rax + R_RDX]
	mov rdi, [rax + R_RDI]
	mov rax, [rax + R_RAX]		; the hypercall's result
	vmresume
	; VMRESUME failed: the guest's registers are live; the host's
	; callee-saved ones are still on the stack, so leave as a failure.
.failed:
	; VMfailInvalid sets CF, VMfailValid ZF (SDM 31.2).
	mov eax, 1
	jc .out
	mov eax, 2
.out:
	add rsp, 24			; exit_tsc, regs, vcpu
	jmp .restore
.slow:
	mov rax, [rsp + S_REGS]
	mov [rax + R_RCX], rcx
	mov [rax + R_RSI], rsi
	mov [rax + R_R8], r8
	mov [rax + R_R9], r9
	mov [rax + R_R10], r10
	mov [rax + R_R11], r11
	mov [rax + R_RBX], rbx
	mov [rax + R_RBP], rbp
	mov [rax + R_R12], r12
	mov [rax + R_R13], r13
	mov [rax + R_R14], r14
	mov [rax + R_R15], r15
	add rsp, 24
	xor eax, eax
.restore:
	pop r15
	pop r14
	pop r13
	pop r12
	pop rbx
	pop rbp
	ret
.end:
