/* pc-write-sync: write() goes into the page cache and reaches the disk by
 * write-behind.  Writes SIZE bytes of the pattern of build/data/pattern.bin
 * (byte O is byte O % 8 of the little-endian word (O / 8) * K + C) to a new
 * file NAME with write(), in pieces of 5000 bytes (most of them cross a page
 * boundary).  Each aligned stretch of 32 pages is written to the disk as the
 * writer fills its last page, 8 pages or more per disk request (vmstat's
 * file_write_*); the pages after the last whole stretch stay in memory until
 * sync() writes them.  Every page reaches the disk once, and read() gives the
 * pattern back.  The test's host check finds the file equal to pattern.bin
 * in the disk image.
 *     pc-write-sync NAME SIZE */
#include <stdint.h>

#include "stdio.h"
#include "stdlib.h"
#include "syscall.h"
#include "test.h"
#include "vmstat.h"

#define PAGE    4096
#define PIECE   5000
#define STRETCH 32 /* pages written behind the writer at once */

static char piece[PIECE];

/* Byte O of the pattern. */
static char
pattern_byte(uint64_t o)
{
    uint64_t w = (o / 8) * 0x9E3779B97F4A7C15ull + 0x0123456789ABCDEFull;
    return (char)(w >> (8 * (o % 8)));
}

/* Fills PIECE with the N bytes of the pattern from offset O. */
static void
fill(uint64_t o, unsigned n)
{
    for (unsigned k = 0; k < n; k++)
        piece[k] = pattern_byte(o + k);
}

/* Writes SIZE bytes of the pattern to FD in PIECE-byte pieces. */
static void
write_pattern(int fd, uint64_t size)
{
    for (uint64_t o = 0; o < size; o += PIECE) {
        unsigned n = size - o < PIECE ? (unsigned)(size - o) : PIECE;
        fill(o, n);
        if (write(fd, piece, n) != (int)n)
            fail("write at %llu failed", (unsigned long long)o);
    }
}

/* Reads FD from the start and says whether its SIZE bytes are the pattern. */
static bool
reads_back(int fd, uint64_t size)
{
    static char got[PIECE];
    seek(fd, 0);
    for (uint64_t o = 0; o < size; o += PIECE) {
        unsigned n = size - o < PIECE ? (unsigned)(size - o) : PIECE;
        if (read(fd, got, n) != (int)n)
            return false;
        fill(o, n);
        for (unsigned k = 0; k < n; k++)
            if (got[k] != piece[k])
                return false;
    }
    return read(fd, got, 1) == 0;
}

int
main(int argc, char **argv)
{
    test_name = "pc-write-sync";
    if (argc != 3)
        fail("usage: pc-write-sync NAME SIZE");
    uint64_t size = (uint64_t)atoi(argv[2]), pages = (size + PAGE - 1) / PAGE;
    msg("begin");
    int fd;
    if (!create(argv[1], 0) || (fd = open(argv[1])) < 2)
        fail("cannot create %s", argv[1]);
    struct vmstat a, b, c;
    vmstat(&a, sizeof a);
    write_pattern(fd, size);
    vmstat(&b, sizeof b);
    uint64_t behind = size / (STRETCH * PAGE) * STRETCH;
    uint64_t req = b.file_write_requests - a.file_write_requests;
    uint64_t written = b.file_write_pages - a.file_write_pages;
    msg("%s: %llu bytes written with write(); %s, %s", argv[1], (unsigned long long)size,
        written == behind ? "every whole stretch of 32 pages on the disk already"
                          : "not every whole stretch of 32 pages on the disk",
        written >= 8 * req ? "8 pages or more per disk request"
                           : "fewer than 8 pages per disk request");
    msg("sync returns %d", sync());
    vmstat(&c, sizeof c);
    written = c.file_write_pages - b.file_write_pages;
    msg("sync: %s", written == pages - behind ? "the other pages written, once"
                                              : "not the other pages once");
    msg("read() gives %s", reads_back(fd, size) ? "the pattern back" : "other bytes");
    close(fd);
    msg("end");
    return 0;
}
