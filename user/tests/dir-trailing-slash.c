/* dir-trailing-slash: a path that ends in '/' names a directory, as in
 * POSIX (docs/abi.md section 4).  Before, the slash was ignored: create("x/")
 * made a regular file x, open("f/") opened file f, and remove("l/") removed
 * symlink l. */
#include "syscall.h"
#include "test.h"

void
test_main(void)
{
    CHECK(!create("x/", 0) && open("x") == -1, "create \"x/\" fails and makes nothing");
    CHECK(mkdir("d/") && chdir("d/") && chdir("/"),
          "mkdir \"d/\" makes a directory to enter");
    int fd = open("d/");
    CHECK(fd >= 2 && isdir(fd), "open \"d/\" opens it");
    close(fd);
    CHECK(create("f", 0) && open("f/") == -1 && !chdir("f/"),
          "a file cannot be opened nor entered as \"f/\"");
    CHECK(!remove("f/") && open("f") >= 2, "remove \"f/\" fails and leaves f");
    CHECK(symlink("d", "l") == 0 && symlink("f", "lf") == 0, "symlinks l to d, lf to f");
    fd = open("l/");
    CHECK(fd >= 2 && isdir(fd) && open("lf/") == -1, "\"l/\" opens d, \"lf/\" fails");
    close(fd);
    CHECK(!remove("l/") && symlink("d", "l/") == -1 && !create("l/", 0),
          "remove, symlink and create by \"l/\" fail");
    CHECK(remove("l") && remove("lf") && remove("f") && remove("d/"),
          "remove l, lf, f and \"d/\"");
    CHECK(open("d") == -1 && open("f") == -1, "all gone");
}
