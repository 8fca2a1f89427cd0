/* dir-rm-cwd: ".", ".." and the root cannot be removed; the current
 * directory, once empty, can be (by its path from the root).  The process
 * stays in it, but nothing can be created there any more, and the rest of
 * the file system works. */
#include "syscall.h"
#include "test.h"

/* Removes the directory it stands in. */
void
test_main(void)
{
    CHECK(mkdir("here") && chdir("here"), "mkdir \"here\", chdir into it");
    CHECK(!remove(".") && !remove("..") && !remove("/"),
          "\".\", \"..\" and \"/\" cannot be removed");
    CHECK(remove("/here"), "remove \"/here\"");
    CHECK(open("/here") == -1, "/here is gone");
    CHECK(!create("new", 0), "creating a file in the removed directory fails");
    CHECK(!mkdir("sub"), "so does mkdir");
    CHECK(chdir("/") && open("sample.txt") >= 2, "chdir \"/\" works");
}
