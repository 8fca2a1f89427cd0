/* write-bad-fd: write to a descriptor that is not open returns -1: a
 * negative one, a huge one, one never opened, a closed one, and fd 0 (the
 * keyboard, which is read-only).  Nothing reaches the console. */
#include <limits.h>

#include "syscall.h"
#include "test.h"

/* Writes a line to each bad descriptor. */
void
test_main(void)
{
    static const char line[] = "this line must not appear\n";
    int n = sizeof line - 1, fd = open("sample.txt");

    if (fd < 2)
        fail("cannot open sample.txt");
    close(fd);
    CHECK(write(-1, line, n) == -1, "write(-1) returns -1");
    CHECK(write(INT_MIN, line, n) == -1, "write(INT_MIN) returns -1");
    CHECK(write(INT_MAX, line, n) == -1, "write(INT_MAX) returns -1");
    CHECK(write(100, line, n) == -1, "write(100), never opened, returns -1");
    CHECK(write(fd, line, n) == -1, "write to a closed descriptor returns -1");
    CHECK(write(0, line, n) == -1, "write(0) (the keyboard) returns -1");
}
