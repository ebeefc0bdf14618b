; SPDX-License-Identifier: MIT
;
; Entering and leaving the guest.
;
; int vmx_vcpu_enter(struct guest_regs *regs,  ; rdi
;                    int launched,              ; esi
;                    uint64_t *exit_tsc,        ; rdx
;                    uint64_t *host_rsp);       ; rcx
;
; Contract (arch/x86/vmx/vmx.h):
;     push callee-saved registers, regs, exit_tsc
;     if (rsp != *host_rsp) { *host_rsp = rsp; vmwrite(HOST_RSP, rsp); }
;     load the guest's RAX..R15 from *regs (RSP and RIP come from the VMCS)
;     launched ? VMRESUME : VMLAUNCH
;     -> falls through only if the entry failed: return 1 (CF) or 2 (ZF)
;
; vmx_exit_stub (HOST_RIP): the CPU arrives here on every VM exit with
; RSP = HOST_RSP, i.e. the stack as it was just before the entry:
;     save the guest's RAX..R15 into *regs
;     *exit_tsc = rdtsc()      ; as early as possible: exit statistics
;     pop, return 0
;
; struct guest_regs (hv/vm.h) is RAX, RCX, RDX, RBX, (RSP), RBP, RSI, RDI,
; R8..R15, 8 bytes each, in that order.

bits 64
section .text

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

global vmx_vcpu_enter:function (vmx_vcpu_enter.end - vmx_vcpu_enter)
global vmx_exit_stub:function (vmx_exit_stub.end - vmx_exit_stub)

vmx_vcpu_enter:
	push rbp
	mov rbp, rsp			; a frame, for backtraces
	push rbx
	push r12
	push r13
	push r14
	push r15
	push rdi			; regs      [rsp + 8] at the exit
	push rdx			; exit_tsc  [rsp]

	cmp rsp, [rcx]
	je .host_rsp_ok
	mov [rcx], rsp
	mov rax, HOST_RSP
	vmwrite rax, rsp
.host_rsp_ok:
	test esi, esi			; MOVs below keep ZF for the branch
	mov rax, rdi
	mov rcx, [rax + R_RCX]
	mov rdx, [rax + R_RDX]
	mov rbx, [rax + R_RBX]
	mov rbp, [rax + R_RBP]
	mov rsi, [rax + R_RSI]
	mov rdi, [rax + R_RDI]
	mov r8,  [rax + R_R8]
	mov r9,  [rax + R_R9]
	mov r10, [rax + R_R10]
	mov r11, [rax + R_R11]
	mov r12, [rax + R_R12]
	mov r13, [rax + R_R13]
	mov r14, [rax + R_R14]
	mov r15, [rax + R_R15]
	mov rax, [rax + R_RAX]
	jnz .resume
	vmlaunch
	jmp .failed
.resume:
	vmresume
.failed:
	; VMfailInvalid sets CF, VMfailValid ZF (SDM 31.2).
	mov eax, 1
	jc .out
	mov eax, 2
.out:
	pop rdx
	pop rdi
	jmp vmx_exit_stub.restore
.end:

vmx_exit_stub:
	push rax			; the guest's RAX
	mov rax, [rsp + 16]		; regs
	mov [rax + R_RCX], rcx
	mov [rax + R_RDX], rdx
	mov [rax + R_RBX], rbx
	mov [rax + R_RBP], rbp
	mov [rax + R_RSI], rsi
	mov [rax + R_RDI], rdi
	mov [rax + R_R8], r8
	mov [rax + R_R9], r9
	mov [rax + R_R10], r10
	mov [rax + R_R11], r11
	mov [rax + R_R12], r12
	mov [rax + R_R13], r13
	mov [rax + R_R14], r14
	mov [rax + R_R15], r15
	pop qword [rax + R_RAX]
	rdtsc
	shl rdx, 32
	or rax, rdx
	pop rdx				; exit_tsc
	mov [rdx], rax
	pop rdi
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
