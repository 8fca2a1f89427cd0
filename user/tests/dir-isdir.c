/* dir-isdir: isdir is true for directories only; inumber gives one number
 * per file, the same through every descriptor and path that reach it, and
 * different files have different numbers. */
#include "syscall.h"
#include "test.h"

/* Compares descriptors of files and directories. */
void
test_main(void)
{
    int root = open("/"), dot = open("."), file = open("sample.txt");
    int again = open("/sample.txt"), dir;

    CHECK(root >= 2 && isdir(root), "\"/\" is a directory");
    CHECK(dot >= 2 && isdir(dot), "\".\" is a directory");
    CHECK(inumber(root) == inumber(dot), "at the root, \".\" and \"/\" are one inode");
    CHECK(file >= 2 && !isdir(file), "sample.txt is not a directory");
    CHECK(inumber(file) == inumber(again), "two opens of it give one inode number");
    CHECK(inumber(file) != inumber(root), "different from the root's");
    CHECK(mkdir("sub") && (dir = open("sub")) >= 2 && isdir(dir),
          "a new directory is one");
    CHECK(inumber(dir) != inumber(root) && inumber(dir) != inumber(file),
          "with a number of its own");
    CHECK(!isdir(0) && !isdir(1), "the keyboard and the console are not directories");
}
