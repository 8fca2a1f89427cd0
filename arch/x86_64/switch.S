/* struct thread *switch_threads(struct thread *cur, struct thread *next)
 *
 * Saves the callee-saved registers on CUR's stack and its stack pointer in
 * cur->saved_rsp (offset 0), switches to NEXT's stack, restores its registers
 * and returns on it.  Returns CUR, the thread that was switched away from. */
    .text
    .globl switch_threads
switch_threads:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, (%rdi)
    movq (%rsi), %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    movq %rdi, %rax
    ret

/* First code of a new thread: switch_threads "returns" here with the previous
 * thread in %rax, the function in %r12 and its argument in %r13. */
    .globl thread_trampoline
thread_trampoline:
    movq %rax, %rdi
    call thread_schedule_tail
    sti
    movq %r13, %rdi
    call *%r12
    call thread_exit
    ud2
