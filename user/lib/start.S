/* _start: where every user program begins (docs/abi.md, "Starting a program").
 * The kernel enters with rdi = argc, rsi = argv and rsp pointing at a fake
 * return address, 8-byte aligned only.  We record argv for the library
 * (user_argv), end the frame-pointer chain, align the stack to 16 bytes as the
 * SysV ABI requires at a call, and run exit(main(argc, argv)). */
    .text
    .globl _start
    .type _start, @function
_start:
    xorl %ebp, %ebp
    movq %rsi, user_argv(%rip)
    andq $-16, %rsp
    call main
    movl %eax, %edi
    call exit
    ud2
    .size _start, . - _start

/* char **user_argv: the argv the program was started with (see stdlib.h). */
    .bss
    .align 8
    .globl user_argv
    .type user_argv, @object
user_argv:
    .quad 0
    .size user_argv, 8

    .section .note.GNU-stack, "", @progbits
