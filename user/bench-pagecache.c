/* Benchmark: the page cache.  In one boot, with two files of the disk that
 * no one has read yet (COLD_READ for read(), COLD_MAP for mmap):
 *   read() of the cold file, then of the same file again (cached), 64 KiB at
 *   a time: MiB/s;
 *   faults reading one byte per page of a mapping of the cold file, then of
 *   a new mapping of it (cached), in order and in a random order: TSC
 *   cycles per page and per fault (faults from vmstat's mmap_faults; with
 *   fault-around a fault maps up to 15 cached pages more).
 *     bench-pagecache COLD_READ COLD_MAP */
#include "stdio.h"
#include "stdlib.h"
#include "string.h"
#include "syscall.h"
#include "vmstat.h"

#define PAGE     4096
#define CHUNK    (64 * 1024)
#define MAP      ((volatile char *)0x10000000)
#define MAX_PAGE 16384

static char buf[CHUNK];
static unsigned order[MAX_PAGE];

static uint64_t
rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

/* Reads all of NAME with read(); prints MiB/s under WHAT. */
static void
bench_read(const char *what, const char *name)
{
    int fd = open(name);
    if (fd < 0) {
        printf("bench-pagecache: cannot open %s\n", name);
        exit(1);
    }
    uint64_t us = uptime_us(), bytes = 0;
    int n;
    while ((n = read(fd, buf, CHUNK)) > 0)
        bytes += (uint64_t)n;
    us = uptime_us() - us;
    close(fd);
    printf("%-34s %8llu KiB %9llu us %9llu KiB/s\n", what,
           (unsigned long long)bytes / 1024, (unsigned long long)us,
           (unsigned long long)(us ? bytes * 1000000 / 1024 / us : 0));
}

/* Maps NAME and reads one byte per page, in order or in ORDER; prints the
 * cycles per page and per fault under WHAT. */
static void
bench_fault(const char *what, const char *name, bool random)
{
    int fd = open(name);
    int size = fd >= 0 ? filesize(fd) : 0;
    unsigned pages = (unsigned)size / PAGE;
    if (pages == 0 || pages > MAX_PAGE ||
        mmap((void *)MAP, size, 0, fd, 0) != (void *)MAP) {
        printf("bench-pagecache: cannot map %s\n", name);
        exit(1);
    }
    struct vmstat a, b;
    vmstat(&a, sizeof a);
    unsigned sum = 0;
    uint64_t t0 = rdtsc();
    for (unsigned i = 0; i < pages; i++)
        sum += MAP[(uint64_t)(random ? order[i] : i) * PAGE];
    uint64_t cycles = rdtsc() - t0;
    vmstat(&b, sizeof b);
    munmap((void *)MAP);
    close(fd);
    uint64_t faults = b.mmap_faults - a.mmap_faults;
    printf("%-34s %6u pages %6llu faults %8llu cycles/page %8llu cycles/fault\n", what,
           pages, (unsigned long long)faults, (unsigned long long)(cycles / pages),
           (unsigned long long)(faults ? cycles / faults : 0));
    if (sum == 1)
        printf("#\n");
}

int
main(int argc, char **argv)
{
    if (argc < 3) {
        printf("usage: bench-pagecache COLD_READ COLD_MAP\n");
        return 1;
    }
    for (unsigned i = 0; i < MAX_PAGE; i++)
        order[i] = i;
    unsigned seed = 12345;
    int fd = open(argv[2]);
    unsigned pages = fd >= 0 ? (unsigned)filesize(fd) / PAGE : 0;
    close(fd);
    for (unsigned i = pages; i > 1; i--) { /* a fixed shuffle of the pages */
        seed = seed * 1103515245 + 12345;
        unsigned j = (seed >> 8) % i, t = order[i - 1];
        order[i - 1] = order[j];
        order[j] = t;
    }
    bench_read("read() cold", argv[1]);
    bench_read("read() cached", argv[1]);
    bench_fault("fault cold, in order", argv[2], false);
    bench_fault("fault cached, in order", argv[2], false);
    bench_fault("fault cached, random order", argv[2], true);
    return 0;
}
