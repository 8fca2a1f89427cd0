/* read-eof: at the end of a file read returns 0, as often as it is asked;
 * a read that starts before the end returns only the bytes up to it. */
#include "syscall.h"
#include "test.h"

/* Reads across and at the end of sample.txt (137 bytes). */
void
test_main(void)
{
    char buf[64];
    int fd = open("sample.txt");

    if (fd < 2)
        fail("cannot open sample.txt");
    seek(fd, 130);
    CHECK(read(fd, buf, sizeof buf) == 7, "a read 7 bytes before the end returns 7");
    CHECK(read(fd, buf, sizeof buf) == 0, "at the end, read returns 0");
    CHECK(read(fd, buf, sizeof buf) == 0, "and again 0");
    CHECK(tell(fd) == 137, "the position stays at 137");
}
