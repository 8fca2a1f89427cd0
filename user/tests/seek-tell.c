/* seek-tell: tell starts at 0 and follows reads; seek moves the position
 * anywhere, including the end and past it, where read returns 0 and tell
 * gives the position set. */
#include "string.h"
#include "syscall.h"
#include "test.h"
#include "userprog.h"

/* Moves around sample.txt (137 bytes). */
void
test_main(void)
{
    const char *text = sample_text();
    char buf[16];
    int fd = open("sample.txt");

    if (fd < 2)
        fail("cannot open sample.txt");
    CHECK(tell(fd) == 0, "a new descriptor is at 0");
    read(fd, buf, 10);
    CHECK(tell(fd) == 10, "after reading 10 bytes, at 10");
    seek(fd, 44);
    CHECK(tell(fd) == 44, "seek(44): at 44");
    CHECK(read(fd, buf, 3) == 3 && memcmp(buf, text + 44, 3) == 0, "reads \"the\"");
    seek(fd, 0);
    CHECK(read(fd, buf, 7) == 7 && memcmp(buf, "Phantom", 7) == 0, "seek(0) goes back");
    seek(fd, 137);
    CHECK(read(fd, buf, 5) == 0, "at the end, read returns 0");
    seek(fd, 5000);
    CHECK(tell(fd) == 5000, "seek(5000), past the end: at 5000");
    CHECK(read(fd, buf, 5) == 0 && tell(fd) == 5000, "read returns 0 there");
    CHECK(filesize(fd) == 137, "the size is still 137");
}
