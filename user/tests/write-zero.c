/* write-zero: a write of 0 bytes returns 0 and changes nothing, to a file
 * and to the console. */
#include "syscall.h"
#include "test.h"

/* Writes nothing, twice. */
void
test_main(void)
{
    int fd = open("sample.txt");

    if (fd < 2)
        fail("cannot open sample.txt");
    CHECK(write(fd, "x", 0) == 0, "write(fd, buf, 0) returns 0");
    CHECK(filesize(fd) == 137 && tell(fd) == 0, "size and position unchanged");
    CHECK(write(1, "x", 0) == 0, "write(1, buf, 0) returns 0 and prints nothing");
}
