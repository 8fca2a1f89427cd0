/* write-past-2g: a file never grows past 2 GiB - 1 bytes, the largest size
 * filesize() (an int) can return: a write that would pass it is cut short
 * there, one at or past it writes nothing (also at position 0xffffffff,
 * where the position would wrap), and create() refuses a larger initial
 * size.  Before, writes went on into a sparse file of 4 GiB and more, so
 * filesize() and tell() returned wrapped values (0 after a 1-byte write at
 * 0xffffffff). */
#include <limits.h>

#include "syscall.h"
#include "test.h"

/* Writes around the limit in a sparse file, then creates at the limit. */
void
test_main(void)
{
    char buf[4];
    int fd;

    CHECK(create("big", 0) && (fd = open("big")) > 1, "create and open \"big\"");
    seek(fd, INT_MAX - 1);
    CHECK(write(fd, "abcd", 4) == 1, "write 4 bytes at 2 GiB - 2: 1 written");
    CHECK(filesize(fd) == INT_MAX && tell(fd) == INT_MAX, "size and position 2 GiB - 1");
    CHECK(write(fd, "e", 1) == 0, "write at 2 GiB - 1: 0 written");
    seek(fd, 0xffffffffu);
    CHECK(write(fd, "f", 1) == 0, "write at 0xffffffff: 0 written");
    CHECK(filesize(fd) == INT_MAX && tell(fd) == 0xffffffffu,
          "size 2 GiB - 1, position 0xffffffff");
    seek(fd, INT_MAX - 2);
    CHECK(read(fd, buf, 4) == 2 && buf[0] == 0 && buf[1] == 'a',
          "the last 2 bytes read back: a zero and 'a'");
    close(fd);
    CHECK(!create("huge", 0x80000000u), "create with 2 GiB: false");
    CHECK(create("max", INT_MAX) && (fd = open("max")) > 1 && filesize(fd) == INT_MAX,
          "create with 2 GiB - 1: size 2 GiB - 1");
    close(fd);
    CHECK(remove("big") && remove("max") && open("huge") == -1, "remove them");
}
