/* Benchmark: swap throughput.  Writes MiB of memory (several times the user
 * pool, so pages must go to swap), then reads it all back twice, and prints
 * pages per second swapped out and in, from the kernel's counters and clock.
 *     bench-swap [MIB]   (default 24) */
#include "stdio.h"
#include "stdlib.h"
#include "syscall.h"
#include "vmstat.h"

static struct vmstat
snap(void)
{
    struct vmstat v;
    vmstat(&v, sizeof v);
    return v;
}

/* Prints the rate of COUNT pages over MS milliseconds. */
static void
rate(const char *what, uint64_t count, uint64_t ms)
{
    printf("%-10s %7llu pages in %5llu ms = %6llu pages/s (%llu MiB/s)\n", what,
           (unsigned long long)count, (unsigned long long)ms,
           (unsigned long long)(ms ? count * 1000 / ms : 0),
           (unsigned long long)(ms ? count * 1000 / ms / 256 : 0));
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
    struct vmstat a = snap();
    for (long i = 0; i < (long)mib * 1024 * 1024; i += 4096)
        mem[i] = (char)i;
    struct vmstat b = snap();
    long bad = 0;
    for (int round = 0; round < 2; round++)
        for (long i = 0; i < (long)mib * 1024 * 1024; i += 4096)
            bad += mem[i] != (char)i;
    struct vmstat c = snap();
    printf("%d MiB touched in a user pool of %llu frames%s\n", mib,
           (unsigned long long)a.frames_total, bad ? " -- DATA LOST" : "");
    rate("swap-out", b.swap_outs - a.swap_outs, b.uptime_ms - a.uptime_ms);
    rate("swap-in", c.swap_ins - b.swap_ins, c.uptime_ms - b.uptime_ms);
    uint64_t io = (c.swap_ins - b.swap_ins) + (c.swap_outs - b.swap_outs);
    printf("(reading back also swapped out %llu pages: %llu page transfers/s in all)\n",
           (unsigned long long)(c.swap_outs - b.swap_outs),
           (unsigned long long)(c.uptime_ms > b.uptime_ms
                                    ? io * 1000 / (c.uptime_ms - b.uptime_ms)
                                    : 0));
    return bad != 0;
}
