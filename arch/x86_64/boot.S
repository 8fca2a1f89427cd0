/* Boot: Multiboot v1 header, 32-bit entry, the switch to long mode, and the jump
 * to the kernel in the upper half.
 *
 * The loader enters boot_entry32 in 32-bit protected mode with paging off,
 * EAX = Multiboot magic and EBX = physical address of the Multiboot info.
 * We build temporary page tables that map the first 1 GiB of physical memory
 * three times (identity, the direct map at DMAP_BASE, and the kernel image at
 * KERNEL_VMA), turn on long mode, and call kmain(magic, info).  kmain replaces
 * these tables with the kernel's own. */

#include "arch/x86_64/memlayout.h"

#define MB_MAGIC      0x1BADB002
#define MB_FLAGS      ((1 << 0) | (1 << 1) | (1 << 16)) /* align, mem info, a.out kludge */
#define PHYS(sym)     ((sym) - KERNEL_VMA)
#define COM1          0x3f8

    .section .multiboot, "a"
    .align 4
multiboot_header:
    .long MB_MAGIC
    .long MB_FLAGS
    .long -(MB_MAGIC + MB_FLAGS)
    .long multiboot_header          /* header_addr (physical: .boot is identity) */
    .long __image_start_phys        /* load_addr */
    .long __load_end_phys           /* load_end_addr */
    .long __bss_end_phys            /* bss_end_addr */
    .long boot_entry32              /* entry_addr */

    .section .boot.text, "ax"
    .code32
    .globl boot_entry32
boot_entry32:
    cli
    cld
    movl %eax, %ebp                 /* Multiboot magic */
    movl %ebx, %esi                 /* Multiboot info (physical) */
    movl $boot_stack32_top, %esp

    /* Zero .bss (the loader need not). */
    movl $__bss_start_phys, %edi
    movl $__bss_end_phys, %ecx
    subl %edi, %ecx
    shrl $2, %ecx
    xorl %eax, %eax
    rep stosl

    /* Long mode available? */
    movl $0x80000000, %eax
    cpuid
    cmpl $0x80000001, %eax
    jb no_long_mode
    movl $0x80000001, %eax
    cpuid
    testl $(1 << 29), %edx
    jz no_long_mode
    movl %edx, %ebx                 /* keep extended features: NX is bit 20 */

    /* Temporary tables: PML4[0] and PML4[256] -> pdpt_lo, PML4[511] -> pdpt_hi;
     * pdpt_lo[0] and pdpt_hi[510] -> one PD of 512 2-MiB pages (first 1 GiB). */
    movl $PHYS(boot_pdpt_lo), %eax
    orl $3, %eax
    movl %eax, PHYS(boot_pml4)
    movl %eax, PHYS(boot_pml4) + 256 * 8
    movl $PHYS(boot_pdpt_hi), %eax
    orl $3, %eax
    movl %eax, PHYS(boot_pml4) + 511 * 8
    movl $PHYS(boot_pd), %eax
    orl $3, %eax
    movl %eax, PHYS(boot_pdpt_lo)
    movl %eax, PHYS(boot_pdpt_hi) + 510 * 8
    movl $PHYS(boot_pd), %edi
    movl $0x83, %eax                /* present, writable, 2 MiB */
    movl $512, %ecx
1:  movl %eax, (%edi)
    movl $0, 4(%edi)
    addl $0x200000, %eax
    addl $8, %edi
    loop 1b

    /* CR4.PAE, CR3, EFER.LME (+ NXE when the CPU has NX), CR0.PG|WP. */
    movl %cr4, %eax
    orl $(1 << 5), %eax
    movl %eax, %cr4
    movl $PHYS(boot_pml4), %eax
    movl %eax, %cr3
    movl $0xc0000080, %ecx
    rdmsr
    orl $(1 << 8), %eax
    testl $(1 << 20), %ebx
    jz 2f
    orl $(1 << 11), %eax
    movl $1, PHYS(cpu_has_nx)
2:  wrmsr
    movl %cr0, %eax
    orl $((1 << 31) | (1 << 16) | 1), %eax
    movl %eax, %cr0

    lgdt boot_gdt_desc
    ljmp $0x08, $boot_entry64

no_long_mode:
    movl $no_long_mode_msg, %esi
3:  lodsb
    testb %al, %al
    jz 4f
    movw $COM1, %dx
    outb %al, %dx
    jmp 3b
4:  hlt
    jmp 4b

    .code64
boot_entry64:
    movw $0x10, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %ss
    xorw %ax, %ax
    movw %ax, %fs
    movw %ax, %gs
    movabsq $boot_entry_high, %rax
    jmp *%rax

    .section .boot.data, "aw"
    .align 16
boot_gdt:
    .quad 0
    .quad 0x00af9a000000ffff        /* 64-bit code */
    .quad 0x00cf92000000ffff        /* data */
boot_gdt_desc:
    .word boot_gdt_desc - boot_gdt - 1
    .long boot_gdt
no_long_mode_msg:
    .asciz "hwan: this CPU has no long mode (x86-64); cannot boot\r\n"
    .align 16
    .space 256
boot_stack32_top:

    .text
    .code64
boot_entry_high:
    movabsq $boot_stack_top, %rsp
    xorl %ebx, %ebx
    movl %ebp, %edi                 /* magic */
    /* esi already holds the Multiboot info address */
    xorl %ebp, %ebp                 /* end of the frame-pointer chain */
    call kmain
5:  cli
    hlt
    jmp 5b

    .bss
    .align 4096
    .globl boot_pml4
boot_pml4:   .space 4096
boot_pdpt_lo: .space 4096
boot_pdpt_hi: .space 4096
boot_pd:     .space 4096
    .globl boot_stack_bottom, boot_stack_top
boot_stack_bottom:
    .space 16384
boot_stack_top:

    .data
    .globl cpu_has_nx
    .align 4
cpu_has_nx: .long 0
