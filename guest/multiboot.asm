; SPDX-License-Identifier: MIT
;
; Multiboot (v1) header and entry for the guest kernels. The loader (GRUB,
; QEMU -kernel, or this hypervisor) enters in 32-bit protected mode with
; paging off, EAX = 0x2BADB002 and EBX = the multiboot information
; (Multiboot Specification 0.6.96, 3.2 "Machine state").
;
;     esp = stack_top;
;     guest_main(eax, ebx);   /* never returns */

bits 32

MB_MAGIC	equ 0x1BADB002
MB_FLAGS	equ 0x00000003		; page-align modules, want a memory map

section .multiboot
align 4
	dd MB_MAGIC
	dd MB_FLAGS
	dd -(MB_MAGIC + MB_FLAGS)

section .text
extern guest_main
global _start:function (_start.end - _start)
_start:
	cli
	mov esp, stack_top
	xor ebp, ebp
	push ebx
	push eax
	call guest_main
.hang:
	hlt
	jmp .hang
.end:

section .bss
align 16
	resb 16384
stack_top:
