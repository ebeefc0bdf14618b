; SPDX-License-Identifier: MIT
;
; The hypervisor's ELF entry point, jumped to by the loader (boot/handoff.c).
;
; Contract (include/boot_info.h): long mode, interrupts off, RDI = physical
; address of struct boot_info, CR3 = loader tables (identity map + this
; image at its link address), stack = the loader's.
;
;     rsp = boot_stack_top;   /* our own stack, in .bss */
;     hv_main(rdi);           /* never returns */

bits 64
section .text

extern hv_main
global _start:function (_start.end - _start)
global boot_stack_bottom, boot_stack_top

_start:
	cli
	mov rsp, boot_stack_top
	xor ebp, ebp			; ends the frame-pointer chain
	push rbp			; fake return address 0
	call hv_main			; rdi = boot_info, untouched
.hang:
	cli
	hlt
	jmp .hang
.end:

section .bss
align 4096
boot_stack_bottom:
	resb 32768
boot_stack_top:
