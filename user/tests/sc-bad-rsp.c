/* sc-bad-rsp WHERE: a system call made with the stack pointer set to a bad
 * address (null, kernel = 0xffffffff80100000, top = 0x8004000000, unmapped
 * = 0x20101234) works like any other: the arguments are in registers, and
 * the kernel must neither use nor trust the user rsp.  The program writes a
 * line to the console with rsp = WHERE, puts rsp back, and goes on.  (A
 * kernel that crashed or killed the process would fail the test.) */
#include <stdint.h>

#include "lib/syscall_nr.h"
#include "string.h"
#include "test.h"
#include "userprog.h"

static const char line[] = "(sc-bad-rsp) the console line written with a bad rsp\n";

/* Writes LINE to fd 1 with the stack pointer set to SP; returns what write
 * returned.  The real rsp waits in r12, which the system call keeps. */
static long
write_with_rsp(uintptr_t sp)
{
    long ret;

    __asm__ volatile("mov %%rsp, %%r12\n\t"
                     "mov %[sp], %%rsp\n\t"
                     "syscall\n\t"
                     "mov %%r12, %%rsp"
                     : "=a"(ret)
                     : "a"((long)SYS_WRITE), "D"(1L), "S"(line),
                       "d"(sizeof line - 1), [sp] "r"(sp)
                     : "rcx", "r11", "r12", "memory");
    return ret;
}

/* Picks the address argv[1] names and makes the call. */
int
main(int argc, char *argv[])
{
    uintptr_t sp = 0;
    long n;

    test_name = "sc-bad-rsp";
    if (argc != 2)
        fail("usage: sc-bad-rsp null|kernel|top|unmapped");
    if (strcmp(argv[1], "kernel") == 0)
        sp = (uintptr_t)KERNEL_ADDR;
    else if (strcmp(argv[1], "top") == 0)
        sp = (uintptr_t)USER_TOP_ADDR;
    else if (strcmp(argv[1], "unmapped") == 0)
        sp = (uintptr_t)UNMAPPED_ADDR;
    else if (strcmp(argv[1], "null") != 0)
        fail("unknown address kind '%s'", argv[1]);
    msg("begin");
    msg("write with rsp = %#lx", (unsigned long)sp);
    n = write_with_rsp(sp);
    CHECK(n == (long)sizeof line - 1, "write returned %ld", n);
    msg("end");
    return 0;
}
