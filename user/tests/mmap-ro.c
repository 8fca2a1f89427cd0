/* mmap-ro: a read-only mapping of sample.txt (137 bytes) at a free
 * page-aligned address returns that address; the mapped bytes are the
 * file's, the rest of the page reads as zeros; closing the descriptor
 * leaves the mapping working; munmap removes it. */
#include "string.h"
#include "syscall.h"
#include "test.h"
#include "userprog.h"

#define MAP_ADDR ((char *)0x10000000)

/* Maps, reads, closes, reads, unmaps. */
void
test_main(void)
{
    int fd = open("sample.txt");
    char *p;

    if (fd < 2)
        fail("cannot open sample.txt");
    p = mmap(MAP_ADDR, 137, 0, fd, 0);
    CHECK(p == MAP_ADDR, "mmap returns the address asked for");
    CHECK(memcmp(p, sample_text(), 137) == 0, "the mapping holds the file's bytes");
    for (int i = 137; i < PAGE_SIZE; i++) {
        if (p[i] != 0)
            fail("byte %d past the end of the file is %d", i, p[i]);
    }
    msg("the rest of the page reads as zeros");
    close(fd);
    CHECK(memcmp(p, "Phantom", 7) == 0, "after close the mapping still reads");
    munmap(p);
    msg("munmap");
}
