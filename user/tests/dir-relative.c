/* dir-relative: relative paths with ".", ".." and several components work
 * from the current directory, and name the same files as absolute paths
 * (same inode numbers). */
#include "syscall.h"
#include "test.h"

/* Builds /a/b/c and walks it by relative paths. */
void
test_main(void)
{
    int abs_fd, rel_fd;

    CHECK(mkdir("a") && mkdir("a/b") && mkdir("./a/b/c"), "mkdir a, a/b, ./a/b/c");
    CHECK(chdir("a/b"), "chdir \"a/b\"");
    CHECK(create("../x", 0), "create \"../x\"");
    CHECK(create("./c/../y", 0), "create \"./c/../y\"");
    CHECK(create("c/z", 0), "create \"c/z\"");
    abs_fd = open("/a/x");
    rel_fd = open("../../a/x");
    CHECK(abs_fd >= 2 && rel_fd >= 2 && inumber(abs_fd) == inumber(rel_fd),
          "/a/x and ../../a/x are the same file");
    CHECK(open("/a/b/y") >= 2 && open("/a/b/c/z") >= 2, "/a/b/y and /a/b/c/z exist");
    CHECK(chdir("c/../../.."), "chdir \"c/../../..\"");
    CHECK(open("sample.txt") >= 2, "back at the root");
    CHECK(chdir("/a/b") && chdir("/..") && open("sample.txt") >= 2,
          "chdir \"/..\" goes to the root itself");
}
