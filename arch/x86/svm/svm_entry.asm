; SPDX-License-Identifier: MIT
;
; Entering and leaving the guest under SVM (AMD APM vol. 2, 15.5).
;
; void svm_vcpu_enter(struct guest_regs *regs,  ; rdi
;                     uint64_t vmcb_pa,         ; rsi
;                     uint64_t host_pa,         ; rdx
;                     uint64_t *exit_tsc);      ; rcx
;
; Contract (arch/x86/svm/svm.h), called with GIF clear (CLGI):
;     push callee-saved registers, regs, exit_tsc, host_pa, vmcb_pa
;     VMSAVE host_pa       ; the host's FS, GS, TR, LDTR, KernelGSBase,
;                          ; STAR/LSTAR/CSTAR/SFMASK, SYSENTER (15.5.2):
;                          ; VMRUN and #VMEXIT do not move them
;     load the guest's RCX..R15 from *regs (RAX, RSP, RIP: in the VMCB)
;     RAX = vmcb_pa; VMLOAD; VMRUN; VMSAVE   ; the guest's share of them
;     -> #VMEXIT resumes after VMRUN with the host's RAX, RSP (15.6)
;     store the guest's RCX..R15 into *regs
;     VMLOAD host_pa; *exit_tsc = rdtsc(); pop, return
;
; struct guest_regs (hv/vm.h) is RAX, RCX, RDX, RBX, (RSP), RBP, RSI, RDI,
; R8..R15, 8 bytes each, in that order.

bits 64
section .text

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

; The stack below the callee-saved registers.
%define S_VMCB		0
%define S_HOST		8
%define S_EXIT_TSC	16
%define S_REGS		24

global svm_vcpu_enter:function (svm_vcpu_enter.end - svm_vcpu_enter)

svm_vcpu_enter:
	push rbp
	mov rbp, rsp			; a frame, for backtraces
	push rbx
	push r12
	push r13
	push r14
	push r15
	push rdi			; regs
	push rcx			; exit_tsc
	push rdx			; host_pa
	push rsi			; vmcb_pa

	mov rax, rdx
	vmsave				; RAX = host_pa: the host's hidden state

	mov rax, rdi
	mov rcx, [rax + R_RCX]
	mov rdx, [rax + R_RDX]
	mov rbx, [rax + R_RBX]
	mov rbp, [rax + R_RBP]
	mov rsi, [rax + R_RSI]
	mov r8,  [rax + R_R8]
	mov r9,  [rax + R_R9]
	mov r10, [rax + R_R10]
	mov r11, [rax + R_R11]
	mov r12, [rax + R_R12]
	mov r13, [rax + R_R13]
	mov r14, [rax + R_R14]
	mov r15, [rax + R_R15]
	mov rdi, [rax + R_RDI]
	mov rax, [rsp + S_VMCB]
	vmload				; RAX = vmcb_pa: the guest's share
	vmrun
	; #VMEXIT: RAX = vmcb_pa again, RSP the host's, GIF still clear.
	vmsave

	push rdi			; the guest's RDI
	mov rdi, [rsp + 8 + S_REGS]
	mov [rdi + R_RCX], rcx
	mov [rdi + R_RDX], rdx
	mov [rdi + R_RBX], rbx
	mov [rdi + R_RBP], rbp
	mov [rdi + R_RSI], rsi
	mov [rdi + R_R8], r8
	mov [rdi + R_R9], r9
	mov [rdi + R_R10], r10
	mov [rdi + R_R11], r11
	mov [rdi + R_R12], r12
	mov [rdi + R_R13], r13
	mov [rdi + R_R14], r14
	mov [rdi + R_R15], r15
	pop qword [rdi + R_RDI]

	rdtsc				; as early as possible: exit statistics
	shl rdx, 32
	or rax, rdx
	mov rdx, [rsp + S_EXIT_TSC]
	mov [rdx], rax

	mov rax, [rsp + S_HOST]
	vmload			; the host's FS, GS, TR... back
	add rsp, 32
	pop r15
	pop r14
	pop r13
	pop r12
	pop rbx
	pop rbp
	ret
.end:
