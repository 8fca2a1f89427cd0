/* remove-basic: remove deletes a file (open then fails, the name can be
 * created again, empty); removing a missing file or the empty name returns
 * false. */
#include "syscall.h"
#include "test.h"

/* Creates, removes, re-creates. */
void
test_main(void)
{
    int fd;

    CHECK(create("doomed", 100), "create \"doomed\"");
    CHECK(remove("doomed"), "remove it");
    CHECK(open("doomed") == -1, "open \"doomed\" returns -1");
    CHECK(!remove("doomed"), "removing it again returns false");
    CHECK(create("doomed", 0), "the name can be created again");
    fd = open("doomed");
    CHECK(fd >= 2 && filesize(fd) == 0, "as a new, empty file");
    CHECK(!remove("no-such-file"), "remove \"no-such-file\" returns false");
    CHECK(!remove(""), "remove \"\" returns false");
    CHECK(remove("sample.txt"), "a file that was on the disk can be removed");
}
