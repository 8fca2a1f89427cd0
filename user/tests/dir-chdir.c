/* dir-chdir: chdir changes the directory that relative names start from;
 * absolute names are unaffected; ".." goes back up; chdir to a file, to a
 * missing name or to the empty name returns false and changes nothing. */
#include "syscall.h"
#include "test.h"

/* Moves between the root and a new directory. */
void
test_main(void)
{
    int fd;

    CHECK(mkdir("room"), "mkdir \"room\"");
    CHECK(chdir("room"), "chdir \"room\"");
    CHECK(create("chair", 0), "create \"chair\" there");
    CHECK(open("/room/chair") >= 2, "it is /room/chair");
    CHECK(open("sample.txt") == -1, "sample.txt is not in room");
    CHECK(open("/sample.txt") >= 2, "but /sample.txt opens");
    CHECK(!chdir("chair"), "chdir to a file returns false");
    CHECK(!chdir("hall"), "chdir to a missing name returns false");
    CHECK(!chdir(""), "chdir \"\" returns false");
    fd = open("chair");
    CHECK(fd >= 2, "still in room: \"chair\" opens");
    CHECK(chdir(".."), "chdir \"..\"");
    CHECK(open("sample.txt") >= 2, "back at the root: sample.txt opens");
    CHECK(chdir("/room") && open("chair") >= 2, "chdir \"/room\" works too");
    CHECK(chdir("/"), "chdir \"/\"");
}
