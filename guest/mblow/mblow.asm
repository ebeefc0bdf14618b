; SPDX-License-Identifier: MIT
;
; mblow: a Multiboot (v1) kernel that lies wholly in conventional memory,
; one ELF segment at 0x8000 (guest.mk links it there). Written in 32-bit
; assembly, without the guest library, to fit below 0x9000: natively, QEMU
; puts its boot information at 0x9000-0x9600 whatever the kernel, and
; loads an ELF kernel as one block from its lowest address to its highest,
; so a kernel at 0x8000 that went past 0x9000 would lose it.
;
; It prints, on COM1 (polled), what it finds and leaves through the exit
; port (0xf4) with status 0:
;   mblow: magic 0x2badb002
;   mblow: segment 0x00008000-0x0000XXXX, entry 0x0000XXXX
;   mblow: data checksum 0xXXXXXXXX   (its bytes as the loader copied them)
;   mblow: bss zeroed: yes            (memsz > filesz: the loader zeroes it)
;   mblow: information apart from the segment: yes

MB_MAGIC	equ 0x1badb002
MB_FLAGS	equ 1 << 1		; memory information
COM1		equ 0x3f8
EXIT_PORT	equ 0xf4

extern seg_start, seg_end		; mblow.ld

bits 32
section .text
	align 4
	dd MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)

global mblow_start
mblow_start:
	cli
	cld
	mov esp, stack_top
	mov [saved_magic], eax
	mov [saved_info], ebx

	mov esi, s_magic
	call puts
	mov eax, [saved_magic]
	call puthex
	call newline

	mov esi, s_segment
	call puts
	mov eax, seg_start
	call puthex
	mov al, '-'
	call putc
	mov eax, seg_end
	call puthex
	mov esi, s_entry
	call puts
	mov eax, mblow_start
	call puthex
	call newline

	; FNV-1a over the initialized data.
	mov esi, data_start
	mov eax, 2166136261
.fnv:	cmp esi, data_end
	jae .fnv_done
	xor al, [esi]
	imul eax, eax, 16777619
	inc esi
	jmp .fnv
.fnv_done:
	push eax
	mov esi, s_checksum
	call puts
	pop eax
	call puthex
	call newline

	mov esi, s_bss
	call puts
	mov edi, bss_start
	xor eax, eax
	mov ecx, bss_check_end - bss_start
	repe scasb
	mov esi, s_yes
	je .bss_ok
	mov esi, s_no
.bss_ok:
	call puts
	call newline

	mov esi, s_apart
	call puts
	mov eax, [saved_info]
	mov esi, s_yes
	cmp eax, seg_end
	jae .apart
	lea edx, [eax + 88]		; sizeof(struct multiboot_info)
	cmp edx, seg_start
	jbe .apart
	mov esi, s_no
.apart:
	call puts
	call newline

	mov al, 0
	out EXIT_PORT, al
.hang:	hlt
	jmp .hang

; putc(al): wait for THR empty (LSR bit 5), then write.
putc:
	push edx
	push eax
	mov dx, COM1 + 5
.busy:	in al, dx
	test al, 1 << 5
	jz .busy
	pop eax
	mov dx, COM1
	out dx, al
	pop edx
	ret

; puts(esi): a NUL-terminated string.
puts:
	push eax
.next:	lodsb
	test al, al
	jz .done
	call putc
	jmp .next
.done:	pop eax
	ret

; puthex(eax): "0x" and 8 hex digits.
puthex:
	push ecx
	push edx
	mov edx, eax
	mov al, '0'
	call putc
	mov al, 'x'
	call putc
	mov ecx, 8
.digit:	rol edx, 4
	mov al, dl
	and al, 0xf
	add al, '0'
	cmp al, '9'
	jbe .out
	add al, 'a' - '9' - 1
.out:	call putc
	loop .digit
	pop edx
	pop ecx
	ret

newline:
	mov al, 13
	call putc
	mov al, 10
	jmp putc

section .data
data_start:
s_magic:	db "mblow: magic ", 0
s_segment:	db "mblow: segment ", 0
s_entry:	db ", entry ", 0
s_checksum:	db "mblow: data checksum ", 0
s_bss:		db "mblow: bss zeroed: ", 0
s_apart:	db "mblow: information apart from the segment: ", 0
s_yes:		db "yes", 0
s_no:		db "NO", 0
pattern:
%assign i 0
%rep 64
	db (i * 37 + 1) & 0xff
%assign i i + 1
%endrep
data_end:

section .bss
bss_start:
	resb 256
bss_check_end:
saved_magic:	resd 1
saved_info:	resd 1
	alignb 16
	resb 1024
stack_top:
