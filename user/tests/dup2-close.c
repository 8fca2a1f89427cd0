/* dup2-close: a descriptor made by dup2 stays open when the original is
 * closed, and the other way round; dup2 onto an open descriptor closes what
 * it named first. */
#include "string.h"
#include "syscall.h"
#include "test.h"
#include "userprog.h"

/* Closes one side, then the other. */
void
test_main(void)
{
    char buf[8];
    int fd = open("sample.txt"), other;

    if (fd < 2)
        fail("cannot open sample.txt");
    CHECK(dup2(fd, 9) == 9, "dup2(fd, 9)");
    close(fd);
    CHECK(read(9, buf, 7) == 7 && memcmp(buf, "Phantom", 7) == 0,
          "after closing fd, fd 9 still reads");
    CHECK(dup2(9, fd) == fd, "dup2(9, fd) brings fd back");
    close(9);
    CHECK(read(fd, buf, 6) == 6 && memcmp(buf, " pages", 6) == 0,
          "after closing 9, fd reads on");
    CHECK(create("other", 0) && (other = open("other")) >= 2, "open \"other\"");
    CHECK(dup2(fd, other) == other && filesize(other) == 137,
          "dup2 onto it makes it name sample.txt");
}
