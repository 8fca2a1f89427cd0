/* sc-bad-num NUMBER: a system call with a number that names no call
 * (`unused`: SYS_COUNT, the first one unused; 1000; -1; 0x100000001, whose
 * low 32 bits would be exit) kills the process with -1; the kernel goes on. */
#include <stdint.h>

#include "lib/syscall_nr.h"
#include "string.h"

#include "stdlib.h"
#include "test.h"

/* Makes system call NR with harmless arguments; returns rax. */
static uint64_t
raw_syscall(uint64_t nr)
{
    uint64_t ret;

    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(nr), "D"(0), "S"(0), "d"(0)
                     : "rcx", "r11", "memory");
    return ret;
}

/* Calls the number argv[1] (decimal, or hex with 0x; may be negative; or
 * `unused`, the first number after the last call). */
int
main(int argc, char *argv[])
{
    uint64_t nr;

    test_name = "sc-bad-num";
    if (argc != 2)
        fail("usage: sc-bad-num NUMBER");
    bool unused = strcmp(argv[1], "unused") == 0;
    nr = unused              ? SYS_COUNT
         : argv[1][0] == '-' ? (uint64_t)strtol(argv[1], NULL, 0)
                             : (uint64_t)strtoul(argv[1], NULL, 0);
    msg("begin");
    if (unused)
        msg("system call SYS_COUNT, the first unused");
    else
        msg("system call %#lx", (unsigned long)nr);
    fail("system call %#lx returned %#lx: should have been killed", (unsigned long)nr,
         (unsigned long)raw_syscall(nr));
}
