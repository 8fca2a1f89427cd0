/* mmap-offset: mappings at an offset in the file.  A file of 6 pages and
 * 300 bytes is mapped from offset 2 pages (its pages 2 to 6) writable, and
 * from offset 6 pages (its last, partial page) read-only: each mapping reads
 * the file's bytes from its offset, then zeros past the end of the file.
 * Writes to the first and last page of the first mapping (including its zero
 * tail) reach the file at munmap at the right offsets: file pages 2 and 6,
 * only the 300 bytes of page 6 that are in the file; every other byte and
 * the size stay as they were. */
#include "string.h"
#include "syscall.h"
#include "test.h"

#define PAGE      4096
#define FILE_SIZE (6 * PAGE + 300)
#define MAP       ((char *)0x10000000)
#define MAP_LAST  ((char *)0x10100000)

static unsigned char buf[FILE_SIZE + PAGE];

/* The byte at offset I of the file as created. */
static unsigned char
pattern(unsigned i)
{
    return (unsigned char)((i * 2654435761u >> 11) ^ (i >> 12) ^ 0x19);
}

/* The byte at offset I of the file after the writes. */
static unsigned char
expected(unsigned i)
{
    if (i / PAGE == 2)
        return 'o';
    if (i / PAGE == 6)
        return 'p';
    return pattern(i);
}

/* True if the N bytes at P are the file's as created from offset OFF on,
 * then zeros up to P + TOTAL. */
static bool
file_then_zeros(const volatile char *p, unsigned off, unsigned n, unsigned total)
{
    for (unsigned i = 0; i < total; i++)
        if ((unsigned char)p[i] != (i < n ? pattern(off + i) : 0))
            return false;
    return true;
}

/* Maps at offsets, writes, unmaps, reads the file. */
void
test_main(void)
{
    unsigned len = FILE_SIZE - 2 * PAGE; /* 4 pages and 300 bytes */
    int fd;

    for (unsigned i = 0; i < FILE_SIZE; i++)
        buf[i] = pattern(i);
    if (!create("off.bin", 0) || (fd = open("off.bin")) < 2 ||
        write(fd, buf, FILE_SIZE) != FILE_SIZE)
        fail("cannot create off.bin");

    CHECK(mmap(MAP, len, 1, fd, 2 * PAGE) == MAP,
          "map 4 pages and 300 bytes from offset 8192, writable");
    CHECK(mmap(MAP_LAST, 300, 0, fd, 6 * PAGE) == MAP_LAST,
          "map 300 bytes from offset 24576, read-only");
    CHECK(file_then_zeros(MAP, 2 * PAGE, len, 5 * PAGE),
          "the first reads file bytes 8192 to 24875, then zeros to its page end");
    CHECK(file_then_zeros(MAP_LAST, 6 * PAGE, 300, PAGE),
          "the second reads file bytes 24576 to 24875, then zeros");
    memset(MAP, 'o', PAGE);
    memset(MAP + 4 * PAGE, 'p', PAGE);
    munmap(MAP);
    munmap(MAP_LAST);
    msg("write the first mapping's first and last pages, munmap");
    CHECK(filesize(fd) == FILE_SIZE, "the file's size is unchanged");
    seek(fd, 0);
    bool ok = read(fd, buf, sizeof buf) == FILE_SIZE;
    for (unsigned i = 0; ok && i < FILE_SIZE; i++)
        ok = buf[i] == expected(i);
    CHECK(ok, "read() finds file pages 2 and 6 written, the rest unchanged");
    close(fd);
}
