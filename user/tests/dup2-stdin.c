/* dup2-stdin: dup2 onto fd 0 makes reads from fd 0 read a file instead of
 * the keyboard. */
#include "string.h"
#include "syscall.h"
#include "test.h"
#include "userprog.h"

/* Reads sample.txt through fd 0. */
void
test_main(void)
{
    char buf[16];
    int fd = open("sample.txt");

    if (fd < 2)
        fail("cannot open sample.txt");
    CHECK(dup2(fd, 0) == 0, "dup2(fd, 0) returns 0");
    CHECK(read(0, buf, 13) == 13 && memcmp(buf, sample_text(), 13) == 0,
          "read(0) reads \"Phantom pages\" from the file");
    CHECK(filesize(0) == 137, "filesize(0) is the file's");
}
