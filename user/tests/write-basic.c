/* write-basic: a write to a new file returns the bytes written, moves the
 * position, grows the file, and the bytes read back the same; a second write
 * goes after the first. */
#include "string.h"
#include "syscall.h"
#include "test.h"

/* Writes a file in two pieces and reads it back. */
void
test_main(void)
{
    char buf[32];
    int fd;

    CHECK(create("out", 0), "create \"out\"");
    fd = open("out");
    if (fd < 2)
        fail("cannot open out");
    CHECK(write(fd, "hello, ", 7) == 7, "write 7 bytes");
    CHECK(tell(fd) == 7 && filesize(fd) == 7, "position and size 7");
    CHECK(write(fd, "disk\n", 5) == 5, "write 5 more");
    CHECK(filesize(fd) == 12, "size 12");
    seek(fd, 0);
    CHECK(read(fd, buf, sizeof buf) == 12 && memcmp(buf, "hello, disk\n", 12) == 0,
          "it reads back \"hello, disk\"");
}
