/* mmap-sparse: a mapping of a file made by create() with an initial size
 * and never written (it may have no blocks at all): it reads as zeros, and
 * pages written through it reach the file at munmap (the file system must
 * find them blocks; the runner's e2fsck checks the disk), the others still
 * read as zeros, the size unchanged. */
#include "string.h"
#include "syscall.h"
#include "test.h"

#define PAGE      4096
#define FILE_SIZE (5 * PAGE + 7)
#define MAP       ((char *)0x10000000)

static char buf[FILE_SIZE + 100];

/* The byte at offset I of the file after the writes: pages 1 and 5 (its
 * 7-byte last page) hold their number plus 'a', the rest zeros. */
static char
expected(unsigned i)
{
    return i / PAGE == 1 || i / PAGE == 5 ? (char)('a' + i / PAGE) : 0;
}

/* Maps the empty file, checks zeros, writes, unmaps, reads. */
void
test_main(void)
{
    int fd;
    bool ok = true;

    if (!create("sparse.bin", FILE_SIZE) || (fd = open("sparse.bin")) < 2)
        fail("cannot create sparse.bin");
    CHECK(mmap(MAP, FILE_SIZE, 1, fd, 0) == MAP,
          "map sparse.bin (created with 20487 bytes, never written)");
    for (unsigned i = 0; ok && i < 6 * PAGE; i++)
        ok = MAP[i] == 0;
    CHECK(ok, "it reads as zeros");
    memset(MAP + PAGE, 'b', PAGE);
    memset(MAP + 5 * PAGE, 'f', PAGE);
    munmap(MAP);
    msg("write pages 1 and 5, munmap");
    CHECK(filesize(fd) == FILE_SIZE, "the size is unchanged");
    ok = read(fd, buf, sizeof buf) == FILE_SIZE;
    for (unsigned i = 0; ok && i < FILE_SIZE; i++)
        ok = buf[i] == expected(i);
    CHECK(ok, "read() finds the two pages written, zeros elsewhere");
    close(fd);
}
