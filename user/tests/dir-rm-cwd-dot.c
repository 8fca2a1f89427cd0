/* dir-rm-cwd-dot: once the current directory is removed, no name resolves
 * in it, "." included: open(".") and open("..") return -1, as Pintos's
 * dir-rm-cwd expects when the removal succeeds (open(".") returned a
 * descriptor of the removed directory).  A descriptor opened before the
 * removal still works and lists nothing. */
#include "syscall.h"
#include "test.h"

/* Removes the current directory, then names things in it. */
void
test_main(void)
{
    char name[READDIR_MAX_LEN + 1];
    int fd;

    CHECK(mkdir("a") && chdir("a"), "mkdir \"a\", chdir into it");
    fd = open("/a");
    CHECK(fd >= 2, "open \"/a\"");
    CHECK(remove("/a"), "remove \"/a\"");
    CHECK(open("/a") == -1, "open \"/a\" fails");
    CHECK(open(".") == -1, "open \".\" fails");
    CHECK(open("..") == -1, "open \"..\" fails");
    CHECK(!chdir(".") && !chdir("./"), "chdir \".\" fails");
    CHECK(!create("x", 512), "create \"x\" fails");
    CHECK(isdir(fd) && !readdir(fd, name), "the old descriptor lists nothing");
    CHECK(chdir("/") && open(".") >= 2, "chdir \"/\", open \".\" works again");
}
