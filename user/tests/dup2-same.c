/* dup2-same: dup2(fd, fd) returns fd and leaves it open, at its position. */
#include "syscall.h"
#include "test.h"

/* Duplicates a descriptor onto itself. */
void
test_main(void)
{
    char buf[8];
    int fd = open("sample.txt");

    if (fd < 2)
        fail("cannot open sample.txt");
    read(fd, buf, 5);
    CHECK(dup2(fd, fd) == fd, "dup2(fd, fd) returns fd");
    CHECK(tell(fd) == 5 && read(fd, buf, 8) == 8, "fd is still open, at 5");
    CHECK(dup2(1, 1) == 1, "dup2(1, 1) returns 1");
    msg("the console still works");
}
