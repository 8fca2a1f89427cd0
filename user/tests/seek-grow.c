/* seek-grow: a write after seeking past the end of a file grows it: the
 * size becomes the end of the write and the gap reads as zeros. */
#include "syscall.h"
#include "test.h"

#define GAP 10000

/* Writes at 3 and at GAP in a new file, then reads it through. */
void
test_main(void)
{
    static char buf[GAP + 100];
    int fd, n;

    CHECK(create("grow", 0), "create \"grow\"");
    fd = open("grow");
    CHECK(write(fd, "abc", 3) == 3, "write 3 bytes");
    seek(fd, GAP);
    CHECK(write(fd, "xyz", 3) == 3, "seek(%d) and write 3 more", GAP);
    CHECK(filesize(fd) == GAP + 3 && tell(fd) == GAP + 3, "size and position %d",
          GAP + 3);
    seek(fd, 0);
    n = read(fd, buf, sizeof buf);
    CHECK(n == GAP + 3, "the whole file reads");
    for (int i = 3; i < GAP; i++) {
        if (buf[i] != 0)
            fail("byte %d of the gap is %d", i, buf[i]);
    }
    msg("the gap reads as zeros");
    CHECK(buf[0] == 'a' && buf[GAP + 2] == 'z', "the written bytes are in place");
}
