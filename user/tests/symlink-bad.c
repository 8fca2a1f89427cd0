/* symlink-bad: symlink returns -1 when LINK exists or its directory does
 * not, or the target is empty; a link to a missing file can be made but not
 * opened (open returns -1) until the target appears. */
#include "syscall.h"
#include "test.h"

/* Makes the links that fail, and a dangling one. */
void
test_main(void)
{
    int fd;

    CHECK(symlink("sample.txt", "sample.txt") == -1, "over an existing file: -1");
    CHECK(symlink("sample.txt", "nowhere/link") == -1, "in a missing directory: -1");
    CHECK(symlink("", "empty") == -1, "with an empty target: -1");
    CHECK(symlink("ghost", "dangling") == 0, "a link to the missing \"ghost\": 0");
    CHECK(open("dangling") == -1, "opening it returns -1");
    CHECK(create("ghost", 9), "create \"ghost\"");
    fd = open("dangling");
    CHECK(fd >= 2 && filesize(fd) == 9, "now the link opens it");
}
