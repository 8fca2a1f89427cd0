/* dir-write: a directory opens, but a write to it returns -1 (as Pintos's
 * dir-open expects; it returned 0) and does not harm it: it still lists its
 * files and takes new ones (and the runner's e2fsck finds the disk clean).
 * read() of it returns -1 too. */
#include "string.h"
#include "syscall.h"
#include "test.h"

/* Opens a directory and writes to it. */
void
test_main(void)
{
    char name[READDIR_MAX_LEN + 1];
    int fd, n;

    CHECK(mkdir("dir") && create("dir/inside", 0), "mkdir \"dir\" with a file inside");
    fd = open("dir");
    CHECK(fd >= 2 && isdir(fd), "open it");
    n = write(fd, "hello", 5);
    CHECK(n == -1, "a write to it returns -1");
    CHECK(read(fd, name, sizeof name) == -1, "and so does a read");
    CHECK(readdir(fd, name) && strcmp(name, "inside") == 0 && !readdir(fd, name),
          "it still lists its file");
    CHECK(create("dir/another", 0), "and takes a new one");
}
