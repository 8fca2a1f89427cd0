/* dup2-bad: dup2 returns -1 when oldfd is not open (negative, huge, never
 * opened, closed) or newfd is negative or huge; a failed dup2 leaves newfd
 * as it was. */
#include <limits.h>

#include "syscall.h"
#include "test.h"

/* Tries bad descriptors on either side. */
void
test_main(void)
{
    char buf[4];
    int fd = open("sample.txt"), closed = open("sample.txt");

    if (fd < 2 || closed < 2)
        fail("cannot open sample.txt");
    close(closed);
    CHECK(dup2(-1, 7) == -1, "dup2(-1, 7) returns -1");
    CHECK(dup2(INT_MAX, 7) == -1, "dup2(INT_MAX, 7) returns -1");
    CHECK(dup2(100, 7) == -1, "dup2(100, 7), never opened, returns -1");
    CHECK(dup2(closed, 7) == -1, "dup2 of a closed descriptor returns -1");
    CHECK(read(7, buf, 4) == -1, "fd 7 was not opened by those");
    CHECK(dup2(fd, -1) == -1, "dup2(fd, -1) returns -1");
    CHECK(dup2(fd, INT_MIN) == -1, "dup2(fd, INT_MIN) returns -1");
    CHECK(dup2(fd, INT_MAX) == -1, "dup2(fd, INT_MAX) returns -1");
    CHECK(dup2(closed, fd) == -1 && read(fd, buf, 4) == 4,
          "a failed dup2 onto an open descriptor leaves it open");
}
