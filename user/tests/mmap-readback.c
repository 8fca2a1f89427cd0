/* mmap-readback: writing through a mapping, then reading the file back with
 * read().  A file of 5 pages and 100 bytes is mapped writable; pages 0, 2
 * and 5 (the partial last page) are written, pages 1, 3 and 4 only read or
 * not touched.  Nothing is written back before munmap (no memory pressure,
 * so no eviction writes a page early); at munmap exactly the three written
 * pages are written back (the mmap_writebacks counter), and read() then
 * finds the new bytes in them and the old bytes everywhere else, with the
 * file's size unchanged. */
#include "string.h"
#include "syscall.h"
#include "test.h"
#include "vmstat.h"

#define PAGE      4096
#define FILE_SIZE (5 * PAGE + 100)
#define MAP       ((char *)0x10000000)

static unsigned char buf[FILE_SIZE + PAGE];

/* The byte at offset I of the file as created. */
static unsigned char
pattern(unsigned i)
{
    return (unsigned char)((i * 2654435761u >> 11) ^ (i >> 12) ^ 0x33);
}

/* The byte at offset I of the file after the writes through the mapping. */
static unsigned char
expected(unsigned i)
{
    unsigned page = i / PAGE;
    if (page == 0 || page == 2 || page == 5)
        return (unsigned char)(page * 16 + i % 7);
    return pattern(i);
}

/* Returns the counters. */
static struct vmstat
counters(void)
{
    struct vmstat v;

    memset(&v, 0, sizeof v);
    vmstat(&v, sizeof v);
    return v;
}

/* Reads the whole file at FD into buf from offset 0 and returns the first
 * offset whose byte is not WANT(offset), or -1 if all match and the file
 * has FILE_SIZE bytes (-2 if it has not). */
static int
file_mismatch(int fd, unsigned char (*want)(unsigned))
{
    seek(fd, 0);
    if (read(fd, buf, sizeof buf) != FILE_SIZE)
        return -2;
    for (unsigned i = 0; i < FILE_SIZE; i++)
        if (buf[i] != want(i))
            return (int)i;
    return -1;
}

/* Maps writable, writes three pages, unmaps, reads the file back. */
void
test_main(void)
{
    int fd;

    for (unsigned i = 0; i < FILE_SIZE; i++)
        buf[i] = pattern(i);
    /* synced: only the mapping's pages are dirty */
    if (!create("readback.bin", 0) || (fd = open("readback.bin")) < 2 ||
        write(fd, buf, FILE_SIZE) != FILE_SIZE || sync() != 0)
        fail("cannot create readback.bin");

    struct vmstat before = counters();
    CHECK(mmap(MAP, FILE_SIZE, 1, fd, 0) == MAP, "map 5 pages and 100 bytes writable");
    volatile char sink = MAP[PAGE + 5];
    (void)sink;
    for (unsigned i = 0; i < FILE_SIZE; i++)
        if (i / PAGE == 0 || i / PAGE == 2 || i / PAGE == 5)
            MAP[i] = (char)expected(i);
    msg("write pages 0, 2 and 5, read page 1");
    struct vmstat mapped = counters();
    CHECK(mapped.mmap_writebacks == before.mmap_writebacks, "nothing written back yet");
    munmap(MAP);
    struct vmstat after = counters();
    CHECK(after.mmap_writebacks - mapped.mmap_writebacks == 3,
          "munmap writes back the 3 written pages, and only those");
    CHECK(filesize(fd) == FILE_SIZE, "the file's size is unchanged");
    CHECK(file_mismatch(fd, expected) == -1,
          "read() finds the new bytes in pages 0, 2, 5 and the old ones elsewhere");
    close(fd);
}
