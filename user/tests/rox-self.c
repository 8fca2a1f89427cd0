/* rox-self: a running program cannot write its own executable: write
 * returns 0 and the file is unchanged; reading it still works. */
#include "string.h"
#include "syscall.h"
#include "test.h"

/* Opens its own executable and writes to it. */
void
test_main(void)
{
    char before[4], after[4];
    int fd = open("rox-self"), n;

    if (fd < 2)
        fail("cannot open rox-self");
    CHECK(read(fd, before, 4) == 4, "read the first 4 bytes of rox-self");
    seek(fd, 0);
    n = write(fd, "GARB", 4);
    CHECK(n == 0, "writing to them writes %d bytes", n);
    seek(fd, 0);
    CHECK(read(fd, after, 4) == 4 && memcmp(before, after, 4) == 0 && after[1] == 'E',
          "the file is unchanged");
}
