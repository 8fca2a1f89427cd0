/* Trap entry.  Each vector has a 16-byte stub that pushes a zero error code
 * (unless the CPU pushed one) and the vector number, then joins trap_common,
 * which saves the general registers as a struct trap_frame and calls
 * trap_dispatch(frame).  The CPU aligns the stack to 16 bytes before pushing
 * its part of the frame; 22 quadwords later it is still aligned for the call. */
#include "arch/x86_64/regs.inc"

    .text
    .align 16
    .globl trap_stubs
trap_stubs:
    vec = 0
    .rept 256
    .align 16
    .if (vec == 8) || (vec == 10) || (vec == 11) || (vec == 12) || (vec == 13) || (vec == 14) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30)
    .else
    pushq $0
    .endif
    pushq $vec
    jmp trap_common
    vec = vec + 1
    .endr

trap_common:
    PUSH_GENERAL_REGS
    cld
    movq %rsp, %rdi
    call trap_dispatch
    .globl trap_return
trap_return:
    POP_GENERAL_REGS
    addq $16, %rsp
    iretq
