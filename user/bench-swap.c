/* Benchmark: swap throughput.  Writes MiB of memory (several times the user
 * pool, so pages must go to swap), then reads it all back twice, and prints
 * pages per second swapped out and in, from the kernel's counters and its
 * microsecond clock (uptime_us).
 *     bench-swap [MIB]   (default 24) */
#include "stdio.h"
#include "stdlib.h"
#include "syscall.h"
#include "vmstat.h"

/* The counters and the time, in microseconds, at one moment. */
struct snapshot {
    struct vmstat v;
    uint64_t us;
};

static struct snapshot
snap(void)
{
    struct snapshot s;
    vmstat(&s.v, sizeof s.v);
    s.us = uptime_us();
    return s;
}

/* Prints the rate of COUNT pages over US microseconds. */
static void
rate(const char *what, uint64_t count, uint64_t us)
{
    printf("%-10s %7llu pages in %5llu ms = %6llu pages/s (%llu MiB/s)\n", what,
           (unsigned long long)count, (unsigned long long)(us / 1000),
           (unsigned long long)(us ? count * 1000000 / us : 0),
           (unsigned long long)(us ? count * 1000000 / us / 256 : 0));
}

int
main(int argc, char **argv)
{
    int mib = argc > 1 ? atoi(argv[1]) : 24;
    char *mem = sbrk(mib * 1024 * 1024);
    if (mem == (char *)-1) {
        printf("bench-swap: sbrk failed\n");
        return 1;
    }
    struct snapshot a = snap();
    for (long i = 0; i < (long)mib * 1024 * 1024; i += 4096)
        mem[i] = (char)i;
    struct snapshot b = snap();
    long bad = 0;
    for (int round = 0; round < 2; round++)
        for (long i = 0; i < (long)mib * 1024 * 1024; i += 4096)
            bad += mem[i] != (char)i;
    struct snapshot c = snap();
    printf("%d MiB touched in a user pool of %llu frames%s\n", mib,
           (unsigned long long)a.v.frames_total, bad ? " -- DATA LOST" : "");
    rate("swap-out", b.v.swap_outs - a.v.swap_outs, b.us - a.us);
    rate("swap-in", c.v.swap_ins - b.v.swap_ins, c.us - b.us);
    uint64_t io = (c.v.swap_ins - b.v.swap_ins) + (c.v.swap_outs - b.v.swap_outs);
    printf("(reading back also swapped out %llu pages: %llu page transfers/s in all)\n",
           (unsigned long long)(c.v.swap_outs - b.v.swap_outs),
           (unsigned long long)(c.us > b.us ? io * 1000000 / (c.us - b.us) : 0));
    return bad != 0;
}
