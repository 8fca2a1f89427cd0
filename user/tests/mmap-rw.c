/* mmap-rw: a writable mapping of a file: bytes written through it reach
 * the file at munmap (read back with read); bytes written past the end of
 * the file, in the last page, are not written to the file (its size stays). */
#include "string.h"
#include "syscall.h"
#include "test.h"
#include "userprog.h"

#define MAP_ADDR ((char *)0x10000000)

/* Maps sample.txt writable, changes it, unmaps, reads it. */
void
test_main(void)
{
    char buf[140];
    int fd = open("sample.txt");
    char *p;

    if (fd < 2)
        fail("cannot open sample.txt");
    p = mmap(MAP_ADDR, 137, 1, fd, 0);
    CHECK(p == MAP_ADDR, "mmap (writable) returns the address asked for");
    memcpy(p, "Ghostly", 7);
    memcpy(p + 137, "tail", 4);
    munmap(p);
    msg("write through the mapping, munmap");
    CHECK(filesize(fd) == 137, "the file still has 137 bytes");
    CHECK(read(fd, buf, sizeof buf) == 137 && memcmp(buf, "Ghostly pages", 13) == 0 &&
              memcmp(buf + 13, sample_text() + 13, 124) == 0,
          "it holds the bytes written, and the rest as before");
}
