/* dup2-share: dup2(old, new) returns new, which then names the same open
 * file as old: they share one position (a read or seek through either moves
 * both). */
#include "string.h"
#include "syscall.h"
#include "test.h"
#include "userprog.h"

/* Reads sample.txt alternately through the two descriptors. */
void
test_main(void)
{
    const char *text = sample_text();
    char buf[8];
    int fd = open("sample.txt");

    if (fd < 2)
        fail("cannot open sample.txt");
    CHECK(dup2(fd, 10) == 10, "dup2(fd, 10) returns 10");
    CHECK(read(fd, buf, 8) == 8 && memcmp(buf, text, 8) == 0, "read 8 bytes through fd");
    CHECK(tell(10) == 8, "fd 10 is at 8 too");
    CHECK(read(10, buf, 5) == 5 && memcmp(buf, text + 8, 5) == 0,
          "fd 10 reads on from there");
    CHECK(tell(fd) == 13, "and moves fd to 13");
    seek(10, 0);
    CHECK(tell(fd) == 0, "seek through fd 10 moves fd");
}
