/* pc-writebehind: two files of SIZE bytes, A made of holes only (created
 * with its size, no block written) and B written with write() (zeros, its
 * blocks still in the block cache), each mapped writable, filled through
 * the mapping with the pattern of build/data/pattern.bin (byte O is byte
 * O % 8 of the little-endian word (O / 8) * K + C), and unmapped, which
 * writes the dirty pages back: many pages per disk request (vmstat's
 * file_write_*), each page once.  The test's host check finds both files
 * equal to pattern.bin in the disk image.
 *     pc-writebehind A B SIZE */
#include <stdint.h>

#include "stdio.h"
#include "stdlib.h"
#include "string.h"
#include "syscall.h"
#include "test.h"
#include "vmstat.h"

#define PAGE  4096
#define PIECE (64 * 1024)
#define MAP   ((char *)0x10000000)

static char zeros[PIECE];

/* Word I of the pattern. */
static uint64_t
pattern_word(uint64_t i)
{
    return i * 0x9E3779B97F4A7C15ull + 0x0123456789ABCDEFull;
}

/* Maps NAME (SIZE bytes, open as FD) writable, writes the pattern into it
 * and unmaps it; says how the write-back went. */
static void
fill(const char *name, int fd, uint64_t size)
{
    if (mmap(MAP, size, 1, fd, 0) != MAP)
        fail("cannot map %s", name);
    for (uint64_t o = 0; o < size; o += 8) {
        uint64_t w = pattern_word(o / 8);
        if (o + 8 <= size)
            *(uint64_t *)(MAP + o) = w;
        for (uint64_t k = 0; o + 8 > size && o + k < size; k++)
            MAP[o + k] = (char)(w >> (8 * k));
    }
    struct vmstat a, b;
    vmstat(&a, sizeof a);
    munmap(MAP);
    vmstat(&b, sizeof b);
    uint64_t pages = (size + PAGE - 1) / PAGE;
    uint64_t req = b.file_write_requests - a.file_write_requests;
    uint64_t written = b.file_write_pages - a.file_write_pages;
    uint64_t backs = b.mmap_writebacks - a.mmap_writebacks;
    msg("%s: filled through a mapping and unmapped: %s, %s", name,
        backs == pages ? "every page written back once" : "not every page once",
        written >= 8 * req ? "8 pages or more per disk request"
                           : "fewer than 8 pages per disk request");
}

int
main(int argc, char **argv)
{
    test_name = "pc-writebehind";
    if (argc != 4)
        fail("usage: pc-writebehind A B SIZE");
    uint64_t size = (uint64_t)atoi(argv[3]);
    msg("begin");
    int fa, fb;
    if (!create(argv[1], (unsigned)size) || (fa = open(argv[1])) < 2)
        fail("cannot create %s", argv[1]);
    if (!create(argv[2], 0) || (fb = open(argv[2])) < 2)
        fail("cannot create %s", argv[2]);
    for (uint64_t o = 0; o < size; o += PIECE) {
        unsigned n = size - o < PIECE ? (unsigned)(size - o) : PIECE;
        if (write(fb, zeros, n) != (int)n)
            fail("cannot write %s", argv[2]);
    }
    msg("%s: %llu bytes of holes; %s: %llu bytes written with write()", argv[1],
        (unsigned long long)size, argv[2], (unsigned long long)size);
    fill(argv[1], fa, size);
    fill(argv[2], fb, size);
    close(fa);
    close(fb);
    msg("end");
    return 0;
}
