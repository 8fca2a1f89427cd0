/* read-zero: a read of 0 bytes returns 0, leaves the buffer alone and does
 * not move the position, for a file and for the keyboard (fd 0). */
#include "syscall.h"
#include "test.h"

/* Reads nothing, twice. */
void
test_main(void)
{
    char buf[4] = "abc";
    int fd = open("sample.txt");

    if (fd < 2)
        fail("cannot open sample.txt");
    CHECK(read(fd, buf, 0) == 0, "read(fd, buf, 0) returns 0");
    CHECK(buf[0] == 'a' && tell(fd) == 0, "the buffer and the position are unchanged");
    CHECK(read(0, buf, 0) == 0, "read(0, buf, 0) returns 0 at once");
}
