/* read-bad-fd: read from a descriptor that is not open returns -1: a
 * negative one, a huge one, one never opened, a closed one, and fd 1 (the
 * console, which is write-only). */
#include <limits.h>

#include "syscall.h"
#include "test.h"

/* Reads from each bad descriptor. */
void
test_main(void)
{
    char buf[8];
    int fd = open("sample.txt");

    if (fd < 2)
        fail("cannot open sample.txt");
    close(fd);
    CHECK(read(-1, buf, sizeof buf) == -1, "read(-1) returns -1");
    CHECK(read(INT_MIN, buf, sizeof buf) == -1, "read(INT_MIN) returns -1");
    CHECK(read(INT_MAX, buf, sizeof buf) == -1, "read(INT_MAX) returns -1");
    CHECK(read(100, buf, sizeof buf) == -1, "read(100), never opened, returns -1");
    CHECK(read(fd, buf, sizeof buf) == -1, "read of a closed descriptor returns -1");
    CHECK(read(1, buf, sizeof buf) == -1, "read(1) (the console) returns -1");
}
