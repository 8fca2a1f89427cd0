/* The `syscall` entry point.  The CPU arrives here in ring 0 with interrupts
 * masked (SFMASK), the user's RIP in RCX and RFLAGS in R11, still on the user
 * stack.  We switch to the thread's kernel stack, build a struct trap_frame
 * exactly like an interrupt would (so fork, exec and signals-to-come see one
 * format), turn interrupts back on and call syscall_dispatch(frame).  The way
 * out is trap_return's iretq, which, unlike sysret, cannot be tricked into
 * faulting in ring 0 by a non-canonical return address. */
#include "arch/x86_64/regs.inc"
#include "arch/x86_64/usermode.h"

#define TRAP_FRAME_SIZE (22 * 8)

    .text
    .globl syscall_entry
syscall_entry:
    movq %rsp, syscall_user_rsp(%rip)
    movq syscall_kernel_rsp(%rip), %rsp
    pushq $0x1b                     /* ss */
    pushq syscall_user_rsp(%rip)    /* rsp */
    pushq %r11                      /* rflags */
    pushq $0x23                     /* cs */
    pushq %rcx                      /* rip */
    pushq $0                        /* error code */
    pushq $VEC_SYSCALL              /* vector */
    PUSH_GENERAL_REGS
    cld
    movq %rsp, %rdi
    sti
    call syscall_dispatch
    cli
    jmp trap_return

/* void usermode_enter_from(const struct trap_frame *f), interrupts off, F not
 * on the kernel stack: abandon the current stack, copy F to the top of the
 * kernel stack and return to user mode through it. */
    .globl usermode_enter_from
usermode_enter_from:
    movq syscall_kernel_rsp(%rip), %rsp
    subq $TRAP_FRAME_SIZE, %rsp
    movq %rdi, %rsi
    movq %rsp, %rdi
    movl $TRAP_FRAME_SIZE / 8, %ecx
    rep movsq
    jmp trap_return

    .bss
    .align 8
    .globl syscall_kernel_rsp, syscall_user_rsp
syscall_kernel_rsp: .quad 0
syscall_user_rsp:   .quad 0
