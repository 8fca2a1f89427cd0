/* symlink-dir: a symbolic link to a directory works in the middle of a path
 * and for chdir; a relative target is resolved from the link's directory. */
#include "syscall.h"
#include "test.h"

/* Links to a directory two levels down. */
void
test_main(void)
{
    int fd;

    CHECK(mkdir("deep") && mkdir("deep/down"), "mkdir deep/down");
    CHECK(symlink("deep/down", "short") == 0, "symlink(\"deep/down\", \"short\")");
    CHECK(create("short/note", 3), "create \"short/note\"");
    fd = open("/deep/down/note");
    CHECK(fd >= 2 && filesize(fd) == 3, "it is /deep/down/note");
    CHECK(chdir("short") && open("note") >= 2, "chdir \"short\" goes to deep/down");
    CHECK(symlink("../../sample.txt", "up") == 0,
          "symlink(\"../../sample.txt\", \"up\")");
    fd = open("up");
    CHECK(fd >= 2 && filesize(fd) == 137, "\"up\" is /sample.txt");
}
