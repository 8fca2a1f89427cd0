/* mmap-shuffle: a 128 KiB writable mapping shuffled under memory pressure.
 * shuffle.bin holds the numbers 0 to 32767 (4 bytes each); it is mapped
 * writable and shuffled in place ROUNDS times, while the same swaps are made
 * in a 128 KiB bss array; run with a user pool far smaller than both, so the
 * mapping's pages are evicted (written back while mapped, then read back
 * from the file) again and again.  Then the mapping must equal the array and
 * be a permutation of 0 to 32767; after munmap, read() must find the array
 * in the file.  The test's host check reads the file from the disk image.
 *     mmap-shuffle [ROUNDS]   (default 4) */
#include "stdlib.h"
#include "string.h"
#include "syscall.h"
#include "test.h"
#include "vmstat.h"

#define COUNT (128 * 1024 / 4)
#define MAP   ((unsigned *)0x10000000)

static unsigned mirror[COUNT];        /* bss: the same swaps */
static unsigned char seen[COUNT / 8]; /* bss: a bit per number */
static unsigned chunk[1024];          /* for read() */

/* Returns the counters. */
static struct vmstat
counters(void)
{
    struct vmstat v;

    memset(&v, 0, sizeof v);
    vmstat(&v, sizeof v);
    return v;
}

/* Shuffles A and B alike (Fisher-Yates) with the generator state *SEED. */
static void
shuffle_both(volatile unsigned *a, unsigned *b, unsigned *seed)
{
    for (unsigned i = COUNT - 1; i > 0; i--) {
        *seed = *seed * 1103515245u + 12345u;
        unsigned j = (*seed >> 8) % (i + 1);
        unsigned t = a[i];
        a[i] = a[j];
        a[j] = t;
        t = b[i];
        b[i] = b[j];
        b[j] = t;
    }
}

/* Creates shuffle.bin holding 0 .. COUNT - 1 and returns a descriptor. */
static int
make_file(void)
{
    int fd;

    if (!create("shuffle.bin", 0) || (fd = open("shuffle.bin")) < 2)
        fail("cannot create shuffle.bin");
    for (unsigned i = 0; i < COUNT; i += 1024) {
        for (unsigned k = 0; k < 1024; k++)
            chunk[k] = i + k;
        if (write(fd, chunk, sizeof chunk) != sizeof chunk)
            fail("cannot write shuffle.bin");
    }
    return fd;
}

/* Shuffles, compares, unmaps, reads back. */
int
main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 4;
    unsigned seed = 2024;

    test_name = "mmap-shuffle";
    msg("begin");
    int fd = make_file();
    for (unsigned i = 0; i < COUNT; i++)
        mirror[i] = i;
    CHECK(mmap(MAP, COUNT * 4, 1, fd, 0) == MAP, "map shuffle.bin (128 KiB) writable");
    struct vmstat before = counters();
    for (int r = 0; r < rounds; r++)
        shuffle_both(MAP, mirror, &seed);
    struct vmstat during = counters();
    msg("shuffle it %d times, and a 128 KiB array alike", rounds);
    CHECK(during.frames_total < 2 * COUNT / 1024, "the user pool is smaller than both");
    CHECK(during.mmap_writebacks > before.mmap_writebacks,
          "written pages of the mapping were evicted to the file while mapped");
    CHECK(during.mmap_faults > before.mmap_faults + COUNT / 1024,
          "and read back from it");

    bool same = true;
    for (unsigned i = 0; i < COUNT && same; i++) {
        unsigned v = MAP[i];
        same = v == mirror[i] && v < COUNT && !(seen[v / 8] & (1 << v % 8));
        seen[v / 8] |= (unsigned char)(1 << v % 8);
    }
    CHECK(same, "the mapping equals the array and holds each number once");
    munmap(MAP);
    seek(fd, 0);
    for (unsigned i = 0; i < COUNT && same; i += 1024) {
        same = read(fd, chunk, sizeof chunk) == sizeof chunk;
        for (unsigned k = 0; k < 1024 && same; k++)
            same = chunk[k] == mirror[i + k];
    }
    CHECK(same && filesize(fd) == COUNT * 4,
          "after munmap, read() finds the array in the file");
    close(fd);
    msg("end");
    return 0;
}
