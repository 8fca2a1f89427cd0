/* Benchmark: fork + exit + wait of a process that touched MIB of memory, and
 * the cost of one copy-on-write fault.
 *     bench-fork MIB [ROUNDS]
 * Run it once with the kernel's default (copy-on-write) and once with the
 * boot option -eager-fork (bench/fork does both). */
#include "stdio.h"
#include "stdlib.h"
#include "syscall.h"

static uint64_t
rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

int
main(int argc, char **argv)
{
    int mib = argc > 1 ? atoi(argv[1]) : 4;
    int rounds = argc > 2 ? atoi(argv[2]) : 20;
    char *mem = sbrk(mib * 1024 * 1024);
    for (long i = 0; i < (long)mib * 1024 * 1024; i += 4096)
        mem[i] = 1;
    uint64_t t0 = uptime_us();
    for (int r = 0; r < rounds; r++) {
        pid_t pid = fork("f");
        if (pid == 0)
            exit(0);
        wait(pid);
    }
    uint64_t us = uptime_us() - t0;
    /* One copy-on-write fault per page written by the child. */
    pid_t pid = fork("w");
    if (pid == 0) {
        int pages = mib * 256 < 256 ? mib * 256 : 256;
        uint64_t c0 = rdtsc();
        for (int i = 0; i < pages; i++)
            mem[(long)i * 4096] = 2;
        printf("%2d MiB: write after fork %8llu cycles/page\n", mib,
               (unsigned long long)((rdtsc() - c0) / pages));
        exit(0);
    }
    wait(pid);
    printf("%2d MiB: fork+exit+wait %5llu us each (%d rounds, %llu ms)\n", mib,
           (unsigned long long)(us / rounds), rounds, (unsigned long long)(us / 1000));
    return 0;
}
