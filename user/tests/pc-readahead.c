/* pc-readahead: cold files put on the disk by the runner, all copies of
 * build/data/pattern.bin (byte O is byte O % 8 of the little-endian word
 * pattern_word(O / 8)), read and checked byte for byte: A by read() in
 * 64 KiB pieces, B through a read-only mapping in order, C by read() one
 * page at a time in a fixed random order.  After each pass, what the
 * read-ahead counters (vmstat) say, in words that do not depend on where
 * the file's blocks lie on the disk.  Last, D's first 64 KiB are read and D
 * is removed: the pages read ahead past them are wasted.
 *     pc-readahead A B C D */
#include <stdint.h>

#include "stdio.h"
#include "string.h"
#include "syscall.h"
#include "test.h"
#include "vmstat.h"

#define PAGE  4096
#define PIECE (64 * 1024)
#define MAP   ((const volatile char *)0x10000000)

static char buf[PIECE];

/* Word I of the pattern. */
static uint64_t
pattern_word(uint64_t i)
{
    return i * 0x9E3779B97F4A7C15ull + 0x0123456789ABCDEFull;
}

/* True if the N bytes at P are the pattern's bytes from offset OFF (a
 * multiple of 8). */
static int
pattern_ok(const volatile char *p, uint64_t off, uint64_t n)
{
    for (uint64_t i = 0; i < n; i += 8) {
        uint64_t w = pattern_word((off + i) / 8);
        if (i + 8 <= n && *(const volatile uint64_t *)(p + i) == w)
            continue;
        for (uint64_t k = 0; k < 8 && i + k < n; k++)
            if ((uint8_t)p[i + k] != (uint8_t)(w >> (8 * k)))
                return 0;
    }
    return 1;
}

/* Opens NAME; its size in *SIZE. */
static int
open_file(const char *name, uint64_t *size)
{
    int fd = open(name);
    if (fd < 2)
        fail("cannot open %s", name);
    *size = (uint64_t)filesize(fd);
    return fd;
}

/* Says what the counters did between A and B for a pass over PAGES pages. */
static void
report(const char *pass, const struct vmstat *a, const struct vmstat *b, uint64_t pages)
{
    uint64_t ra = b->file_ra_pages - a->file_ra_pages;
    uint64_t used = b->file_ra_used - a->file_ra_used;
    uint64_t wasted = b->file_ra_wasted - a->file_ra_wasted;
    uint64_t req = b->file_read_requests - a->file_read_requests;
    uint64_t filled = b->file_read_pages - a->file_read_pages;
    const char *amount = ra == 0                ? "none"
                         : ra * 10 >= pages * 9 ? "at least 9 in 10 pages"
                         : ra * 16 <= pages     ? "at most 1 in 16 pages"
                                                : "some pages";
    msg("%s: read ahead: %s, %s", pass, amount,
        used == ra && wasted == 0 ? "all used, none wasted" : "not all used");
    msg("%s: %llu windows read ahead without waiting for them", pass,
        (unsigned long long)(b->file_ra_async - a->file_ra_async));
    msg("%s: %s", pass,
        filled >= 8 * req   ? "8 pages or more per disk request"
        : filled >= 2 * req ? "2 to 8 pages per disk request"
                            : "fewer than 2 pages per disk request");
}

/* Reads NAME with read() in PIECE pieces, checking every byte. */
static void
pass_read(const char *name)
{
    uint64_t size, off = 0;
    int fd = open_file(name, &size);
    struct vmstat a, b;
    vmstat(&a, sizeof a);
    for (int n; (n = read(fd, buf, PIECE)) > 0; off += (uint64_t)n)
        if (!pattern_ok(buf, off, (uint64_t)n))
            fail("%s: wrong bytes in the piece at %llu", name, (unsigned long long)off);
    vmstat(&b, sizeof b);
    close(fd);
    CHECK(off == size, "read() %s (%llu bytes) in 64 KiB pieces: every byte right", name,
          (unsigned long long)size);
    report("read()", &a, &b, (size + PAGE - 1) / PAGE);
}

/* Maps NAME and reads every byte in order. */
static void
pass_map(const char *name)
{
    uint64_t size;
    int fd = open_file(name, &size);
    if (mmap((void *)MAP, size, 0, fd, 0) != (void *)MAP)
        fail("cannot map %s", name);
    struct vmstat a, b;
    vmstat(&a, sizeof a);
    int ok = pattern_ok(MAP, 0, size);
    vmstat(&b, sizeof b);
    munmap((void *)MAP);
    close(fd);
    CHECK(ok, "map %s and read it in order: every byte right", name);
    report("mapping", &a, &b, (size + PAGE - 1) / PAGE);
}

/* Reads NAME one page at a time in a fixed random order (a shuffle with a
 * fixed seed), checking every byte. */
static void
pass_random(const char *name)
{
    static uint32_t order[4096];
    uint64_t size;
    int fd = open_file(name, &size);
    uint32_t pages = (uint32_t)((size + PAGE - 1) / PAGE), seed = 12345;
    if (pages > 4096)
        fail("%s is too big", name);
    for (uint32_t i = 0; i < pages; i++)
        order[i] = i;
    for (uint32_t i = pages - 1; i > 0; i--) {
        seed = seed * 1103515245u + 12345u;
        uint32_t j = (seed >> 8) % (i + 1), t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    struct vmstat a, b;
    vmstat(&a, sizeof a);
    for (uint32_t i = 0; i < pages; i++) {
        seek(fd, order[i] * PAGE);
        int n = read(fd, buf, PAGE);
        if (n <= 0 || !pattern_ok(buf, (uint64_t)order[i] * PAGE, (uint64_t)n))
            fail("%s: wrong bytes in page %u", name, order[i]);
    }
    vmstat(&b, sizeof b);
    close(fd);
    msg("read() %s one page at a time in a random order: every byte right", name);
    report("random read()", &a, &b, pages);
}

/* Reads the first PIECE bytes of NAME, removes it, and says how many pages
 * were read ahead, used and wasted. */
static void
pass_waste(const char *name)
{
    uint64_t size;
    int fd = open_file(name, &size);
    struct vmstat a, b;
    vmstat(&a, sizeof a);
    int n = read(fd, buf, PIECE);
    close(fd);
    CHECK(n == PIECE && pattern_ok(buf, 0, PIECE) && remove(name),
          "read the first 64 KiB of %s and remove it", name);
    CHECK(sync() == 0, "sync (waits for the windows still in flight)");
    vmstat(&b, sizeof b);
    msg("%s: %llu pages read ahead, %llu used, %llu wasted", name,
        (unsigned long long)(b.file_ra_pages - a.file_ra_pages),
        (unsigned long long)(b.file_ra_used - a.file_ra_used),
        (unsigned long long)(b.file_ra_wasted - a.file_ra_wasted));
}

int
main(int argc, char **argv)
{
    test_name = "pc-readahead";
    if (argc != 5)
        fail("usage: pc-readahead A B C D");
    msg("begin");
    pass_read(argv[1]);
    pass_map(argv[2]);
    pass_random(argv[3]);
    pass_waste(argv[4]);
    msg("end");
    return 0;
}
