/* mmap-tail-extend: bytes written through a mapping past the end of a file
 * never become the file's, not even when write() then extends the file over
 * them.  A 100-byte file is mapped writable over one page; the mapping
 * writes bytes 50 (in the file) and 200 (past its end); write() puts one
 * byte at offset 4000.  Bytes 100 to 3999 are now a gap of the file: read()
 * finds zeros there, the mapping shows the same, and so does the file after
 * munmap (docs/abi.md, section 5). */
#include "string.h"
#include "syscall.h"
#include "test.h"

#define PAGE 4096
#define MAP  ((char *)0x10000000)

void
test_main(void)
{
    static char buf[PAGE];
    int fd;

    memset(buf, 'a', 100);
    CHECK(create("tail.bin", 0) && (fd = open("tail.bin")) >= 2 &&
              write(fd, buf, 100) == 100,
          "create a 100-byte file");
    CHECK(mmap(MAP, PAGE, 1, fd, 0) == MAP, "map it writable");
    MAP[50] = 'b';
    MAP[200] = 'X';
    seek(fd, 4000);
    CHECK(write(fd, "Z", 1) == 1 && filesize(fd) == 4001, "write() a byte at 4000");
    seek(fd, 0);
    CHECK(read(fd, buf, PAGE) == 4001 && buf[50] == 'b' && buf[4000] == 'Z',
          "read() finds the mapping's byte and the written one");
    CHECK(test_first_nonzero(buf + 100, 3900) == -1, "the gap 100..3999 reads as zero");
    CHECK(test_first_nonzero(MAP + 100, 3900) == -1, "the mapping shows zeros there too");
    munmap(MAP);
    close(fd);
    fd = open("tail.bin");
    memset(buf, 1, sizeof buf);
    CHECK(read(fd, buf, PAGE) == 4001 && test_first_nonzero(buf + 100, 3900) == -1,
          "after munmap the file still has zeros there");
}
