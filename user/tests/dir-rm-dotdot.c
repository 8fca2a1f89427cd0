/* dir-rm-dotdot: ".." of a removed current directory names nothing, even
 * once its parent is removed too and that inode is reused by a new file:
 * before, ".." opened the new, unrelated file, and with the inode still
 * free the kernel wrote a line of its own on the console. */
#include "syscall.h"
#include "test.h"

void
test_main(void)
{
    CHECK(mkdir("a") && mkdir("a/b") && chdir("a/b"), "mkdir a/b, chdir into it");
    CHECK(remove("/a/b") && remove("/a"), "remove /a/b, then /a");
    CHECK(open("..") == -1 && !chdir(".."), "\"..\" cannot be opened nor entered");
    CHECK(create("/f1", 0) && create("/f2", 0) && mkdir("/d1") && mkdir("/d2"),
          "make new files and directories (reusing the freed inodes)");
    CHECK(open("..") == -1 && !chdir("..") && !create("../x", 0),
          "\"..\" still names nothing");
    CHECK(open(".") == -1, "\".\" names nothing either");
    CHECK(chdir("/") && open("f1") >= 2, "chdir \"/\" works");
}
