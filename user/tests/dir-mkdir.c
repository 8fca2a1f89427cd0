/* dir-mkdir: mkdir makes a directory, which opens, is a directory, and can
 * hold files (by a path through it); mkdir of an existing name (directory or
 * file), the empty name or under a missing directory returns false. */
#include "syscall.h"
#include "test.h"

/* Makes a directory and a file in it. */
void
test_main(void)
{
    int fd;

    CHECK(mkdir("box"), "mkdir \"box\"");
    fd = open("box");
    CHECK(fd >= 2 && isdir(fd), "it opens, as a directory");
    CHECK(create("box/cat", 5), "create \"box/cat\"");
    fd = open("box/cat");
    CHECK(fd >= 2 && !isdir(fd) && filesize(fd) == 5, "it opens, as a file of 5 bytes");
    CHECK(!mkdir("box"), "mkdir \"box\" again returns false");
    CHECK(!mkdir("box/cat"), "mkdir over a file returns false");
    CHECK(!mkdir(""), "mkdir \"\" returns false");
    CHECK(!mkdir("nowhere/box"), "mkdir under a missing directory returns false");
    CHECK(!create("box", 0), "create over a directory returns false");
}
