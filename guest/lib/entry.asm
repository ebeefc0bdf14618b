; SPDX-License-Identifier: MIT
;
; Multiboot (v1) header and entry of every guest kernel: from the machine
; state a Multiboot loader leaves to 64-bit C.
;
; Contract in (Multiboot Specification 0.6.96, 3.2 "Machine state"): 32-bit
; protected mode, paging off, interrupts off, CS/DS/ES/SS flat 4 GiB
; segments, EAX = 0x2BADB002, EBX = physical address of the multiboot
; information. Nothing else: no valid GDT, IDT or stack.
;
; Contract out: kmain(magic, info) in 64-bit mode, interrupts off, this GDT
; (0x08 code, 0x10 data), no IDT yet (trap_init() loads one), RSP = the top
; of a 16 KiB stack in .bss, .bss zeroed, and these page tables:
;
;     0 - 2 MiB      4 KiB pages (boot_pt), so single pages can be unmapped
;     2 MiB - 1 GiB  2 MiB pages (boot_pd)
;     identity (virtual = physical), read/write, supervisor, cacheable
;
; Nothing above 1 GiB is mapped. Mapping is not touching: only the page
; table walk reads memory, and the tables are here in .bss, inside RAM.
;
; In pseudo-C:
;
;     cli(); cld();
;     memset(__bss_start, 0, __bss_end - __bss_start);
;     saved_magic = eax; saved_info = ebx;
;     esp = boot_stack_top;
;     if (!cpuid_has_long_mode()) { uart_puts(msg); outb(0xf4, 125); hlt(); }
;     build_page_tables();                       /* PML4 -> PDPT -> PD -> PT */
;     lgdt(gdt);
;     cr4 |= PAE; cr3 = boot_pml4; efer |= LME; cr0 |= PG;
;     far_jump(0x08, long_mode);                 /* now in 64-bit mode */
;     ds = es = ss = 0x10; fs = gs = 0;
;     rsp = boot_stack_top - 16;                 /* two zero quadwords above */
;     kmain(saved_magic, saved_info);
;     platform_exit(127);                        /* kmain must not return */

MB_HEADER_MAGIC	equ 0x1badb002
MB_PAGE_ALIGN	equ 1 << 0		; modules on page boundaries
MB_MEMORY_INFO	equ 1 << 1		; we want mem_* and the memory map
MB_FLAGS	equ MB_PAGE_ALIGN | MB_MEMORY_INFO	; bit 16 clear: ELF, no a.out kludge

CR0_PG		equ 1 << 31
CR4_PAE		equ 1 << 5
MSR_EFER	equ 0xc0000080
EFER_LME	equ 1 << 8

PTE_P		equ 1 << 0		; present
PTE_W		equ 1 << 1		; writable
PTE_PS		equ 1 << 7		; in a PD entry: a 2 MiB page

GDT_CODE	equ 0x08
GDT_DATA	equ 0x10

COM1		equ 0x3f8
COM1_LSR	equ COM1 + 5
LSR_THRE	equ 1 << 5
EXIT_PORT	equ 0xf4
EXIT_NO_LONG_MODE	equ 125		; platform.h
EXIT_KMAIN_RETURNED	equ 127		; platform.h

; The header must be 32-bit aligned within the first 8192 bytes of the
; image (spec 3.1.1); the linker script puts this section first and
; guest.mk checks the final file.
section .multiboot progbits alloc noexec nowrite align=4
	dd MB_HEADER_MAGIC
	dd MB_FLAGS
	dd -(MB_HEADER_MAGIC + MB_FLAGS)

section .text
extern kmain, platform_exit
extern __bss_start, __bss_end

bits 32
global _start:function (_start.end - _start)
_start:
	cli
	cld
	mov ebp, eax			; rep stosd below needs eax

	; The loader should have zeroed .bss (ELF p_memsz > p_filesz); do
	; not depend on it. The multiboot information lies outside the image.
	mov edi, __bss_start
	mov ecx, __bss_end
	sub ecx, edi
	shr ecx, 2
	xor eax, eax
	rep stosd

	mov [saved_magic], ebp
	mov [saved_info], ebx
	mov esp, boot_stack_top

	; Long mode is CPUID.80000001h:EDX[29] (SDM 2A, CPUID).
	mov eax, 0x80000000
	cpuid
	cmp eax, 0x80000001
	jb .no_long_mode
	mov eax, 0x80000001
	cpuid
	test edx, 1 << 29
	jz .no_long_mode

	; PML4[0] -> PDPT, PDPT[0] -> PD, PD[0] -> PT (the upper halves of
	; the entries are already 0).
	mov dword [boot_pml4], boot_pdpt + (PTE_P | PTE_W)
	mov dword [boot_pdpt], boot_pd + (PTE_P | PTE_W)
	mov dword [boot_pd], boot_pt + (PTE_P | PTE_W)

	; PD[1..511]: 2 MiB pages from 2 MiB to 1 GiB.
	mov ecx, 1
.pd:	mov eax, ecx
	shl eax, 21
	or eax, PTE_P | PTE_W | PTE_PS
	mov [boot_pd + ecx * 8], eax
	inc ecx
	cmp ecx, 512
	jb .pd

	; PT[0..511]: 4 KiB pages for the first 2 MiB, where this image
	; lives. Besides letting a workload unmap one page, it keeps a
	; large page from spanning the legacy areas below 1 MiB whose
	; memory types differ (SDM Vol. 3A, "Large Page Size
	; Considerations", in the chapter on memory cache control).
	xor ecx, ecx
.pt:	mov eax, ecx
	shl eax, 12
	or eax, PTE_P | PTE_W
	mov [boot_pt + ecx * 8], eax
	inc ecx
	cmp ecx, 512
	jb .pt

	; SDM Vol. 3A, "Initializing IA-32e Mode": PAE, then CR3, then
	; EFER.LME, then CR0.PG; the CPU sets EFER.LMA itself. The tables
	; must lie below 4 GiB, since a 32-bit MOV CR3 writes only 32 bits.
	lgdt [gdt_ptr]
	mov eax, cr4
	or eax, CR4_PAE
	mov cr4, eax
	mov eax, boot_pml4
	mov cr3, eax
	mov ecx, MSR_EFER
	rdmsr
	or eax, EFER_LME
	wrmsr
	mov eax, cr0
	or eax, CR0_PG
	mov cr0, eax
	jmp GDT_CODE:long_mode		; compatibility mode -> 64-bit mode

	; No long mode: say so on COM1 (polled, the UART's reset state is
	; fine for that) and leave through the exit port.
.no_long_mode:
	mov esi, msg_no_long_mode
.next:	lodsb
	test al, al
	jz .exit
	mov bl, al
	mov dx, COM1_LSR
.busy:	in al, dx
	test al, LSR_THRE
	jz .busy
	mov al, bl
	mov dx, COM1
	out dx, al
	jmp .next
.exit:	mov al, EXIT_NO_LONG_MODE
	out EXIT_PORT, al
.hang32:
	hlt
	jmp .hang32
.end:

bits 64
long_mode:
	mov eax, GDT_DATA
	mov ds, eax
	mov es, eax
	mov ss, eax
	xor eax, eax
	mov fs, eax
	mov gs, eax
	; All 64 bits of RSP, not what 32-bit code left in the upper half.
	; The two zeroed quadwords left at the top end the frame chain for
	; a debugger and keep RSP 16-byte aligned at the call (SysV ABI).
	mov rsp, boot_stack_top - 16
	xor ebp, ebp
	mov edi, [rel saved_magic]	; kmain(magic, info), SysV: rdi, rsi
	mov esi, [rel saved_info]
	call kmain
	mov edi, EXIT_KMAIN_RETURNED
	call platform_exit		; does not return

section .rodata
msg_no_long_mode:
	db "guest: this CPU has no long mode (CPUID.80000001h:EDX.LM = 0)", 13, 10, 0

; Accessed bits preset, so that loading a selector writes nothing here.
align 16
gdt:
	dq 0
	dq 0x00af9b000000ffff		; 0x08: code, DPL 0, L = 1 (64-bit)
	dq 0x00cf93000000ffff		; 0x10: data, DPL 0, flat, writable
.end:
gdt_ptr:
	dw gdt.end - gdt - 1
	dd gdt				; 32-bit LGDT reads a 4-byte base

section .bss
global boot_pml4, boot_pdpt, boot_pd, boot_pt
global boot_stack_bottom, boot_stack_top
alignb 4096
boot_pml4:	resq 512
boot_pdpt:	resq 512
boot_pd:	resq 512
boot_pt:	resq 512
boot_stack_bottom:
	resb 16384
boot_stack_top:
saved_magic:	resd 1
saved_info:	resd 1
