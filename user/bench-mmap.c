/* Benchmark: reading a file through mmap versus through read().  Reads FILE
 * ROUNDS times sequentially and ROUNDS times a page at a time in a random
 * order (the same order both ways), each way through read() into a buffer
 * and through a read-only mapping made afresh for each round (so that every
 * page is loaded by a page fault every time).  Every 8-byte word is added up
 * either way, so both do the same work on the data, and the sums must
 * agree.  Prints MiB/s from the kernel's microsecond clock and the ratio of mmap
 * to read().
 *     bench-mmap [FILE [ROUNDS]]   (default bench8m.bin, 3) */
#include "lib/random.h"
#include "stdio.h"
#include "stdlib.h"
#include "string.h"
#include "syscall.h"

#define PAGE      4096
#define CHUNK     (64 * 1024) /* read() size for sequential reads */
#define MAX_PAGES 8192        /* 32 MiB */
#define MAP       ((char *)0x10000000)

static uint64_t chunk[CHUNK / 8];
static unsigned order[MAX_PAGES];

/* The sum of the N bytes (a multiple of 8) at P, as 8-byte words. */
static uint64_t
sum_words(const void *p, size_t n)
{
    const uint64_t *w = p;
    uint64_t sum = 0;

    for (size_t i = 0; i < n / 8; i++)
        sum += w[i];
    return sum;
}

/* Reads the SIZE-byte file at FD once through read(): sequentially in
 * CHUNK pieces, or the PAGES pages in ORDER if RANDOM.  Returns the sum. */
static uint64_t
pass_read(int fd, int size, int pages, bool random)
{
    uint64_t sum = 0;

    seek(fd, 0);
    if (!random) {
        int n;
        while ((n = read(fd, chunk, CHUNK)) > 0)
            sum += sum_words(chunk, n & ~7);
        return sum;
    }
    for (int i = 0; i < pages; i++) {
        seek(fd, order[i] * PAGE);
        int n = read(fd, chunk, PAGE);
        sum += sum_words(chunk, n > 0 ? n & ~7 : 0);
    }
    (void)size;
    return sum;
}

/* Reads the file once through a fresh read-only mapping: sequentially, or
 * the pages in ORDER if RANDOM.  Returns the sum, or 0 with a message if
 * mmap fails. */
static uint64_t
pass_mmap(int fd, int size, int pages, bool random)
{
    uint64_t sum = 0;

    if (mmap(MAP, size, 0, fd, 0) != MAP) {
        printf("bench-mmap: mmap failed\n");
        return 0;
    }
    if (!random) {
        sum = sum_words(MAP, size & ~7);
    } else {
        for (int i = 0; i < pages; i++) {
            int off = order[i] * PAGE;
            int n = size - off < PAGE ? size - off : PAGE;
            sum += sum_words(MAP + off, n & ~7);
        }
    }
    munmap(MAP);
    return sum;
}

/* Runs ROUNDS passes of one kind and returns the microseconds they took;
 * stores the sum of the last pass in *SUM. */
static uint64_t
measure(bool use_mmap, bool random, int fd, int size, int pages, int rounds,
        uint64_t *sum)
{
    uint64_t t0 = uptime_us();

    for (int r = 0; r < rounds; r++)
        *sum = use_mmap ? pass_mmap(fd, size, pages, random)
                        : pass_read(fd, size, pages, random);
    return uptime_us() - t0;
}

/* MiB/s for ROUNDS * SIZE bytes in US microseconds, times 10 (one decimal). */
static uint64_t
rate10(int size, int rounds, uint64_t us)
{
    return us ? (uint64_t)size * rounds * 10000000 / us / (1024 * 1024) : 0;
}

/* Prints one line of the table: both rates and the ratio. */
static void
report(const char *what, int size, int rounds, uint64_t us_read, uint64_t us_mmap)
{
    uint64_t r = rate10(size, rounds, us_read), m = rate10(size, rounds, us_mmap);
    uint64_t ms_read = us_read / 1000, ms_mmap = us_mmap / 1000;

    printf(
        "%-10s read() %5llu.%llu MiB/s (%5llu ms)   mmap %5llu.%llu MiB/s (%5llu ms)   "
        "mmap/read %llu%%\n",
        what, (unsigned long long)(r / 10), (unsigned long long)(r % 10),
        (unsigned long long)ms_read, (unsigned long long)(m / 10),
        (unsigned long long)(m % 10), (unsigned long long)ms_mmap,
        (unsigned long long)(us_mmap ? us_read * 100 / us_mmap : 0));
}

/* Opens FILE, shuffles the page order, warms up, runs the four
 * measurements and prints the table.  Exits with 1 if the sums differ. */
int
main(int argc, char **argv)
{
    const char *name = argc > 1 ? argv[1] : "bench8m.bin";
    int rounds = argc > 2 ? atoi(argv[2]) : 3;
    int fd = open(name), size, pages;
    uint64_t sums[4];

    if (fd < 2 || (size = filesize(fd)) <= 0 || rounds < 1) {
        printf("bench-mmap: cannot open %s\n", name);
        return 1;
    }
    pages = (size + PAGE - 1) / PAGE;
    if (pages > MAX_PAGES) {
        printf("bench-mmap: %s is larger than %d pages\n", name, MAX_PAGES);
        return 1;
    }
    for (int i = 0; i < pages; i++)
        order[i] = i;
    struct random_state st;
    random_seed(&st, 42);
    random_shuffle(&st, order, pages, sizeof order[0]);

    pass_read(fd, size, pages, false); /* warm-up, not timed */
    uint64_t seq_read = measure(false, false, fd, size, pages, rounds, &sums[0]);
    uint64_t seq_mmap = measure(true, false, fd, size, pages, rounds, &sums[1]);
    uint64_t rnd_read = measure(false, true, fd, size, pages, rounds, &sums[2]);
    uint64_t rnd_mmap = measure(true, true, fd, size, pages, rounds, &sums[3]);

    printf("%s: %d bytes (%d pages), read %d times each way\n", name, size, pages,
           rounds);
    report("sequential", size, rounds, seq_read, seq_mmap);
    report("random", size, rounds, rnd_read, rnd_mmap);
    bool same = sums[0] == sums[1] && sums[1] == sums[2] && sums[2] == sums[3];
    printf("sums %s\n", same ? "agree" : "DIFFER -- data read wrong");
    close(fd);
    return same ? 0 : 1;
}
