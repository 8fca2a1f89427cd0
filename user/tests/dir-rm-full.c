/* dir-rm-full: a directory that holds a file or a directory cannot be
 * removed (remove returns false, it stays usable); once empty, it can. */
#include "syscall.h"
#include "test.h"

/* Fills, tries, empties, removes. */
void
test_main(void)
{
    CHECK(mkdir("full") && create("full/thing", 0), "mkdir \"full\" with a file in it");
    CHECK(!remove("full"), "remove \"full\" returns false");
    CHECK(open("full/thing") >= 2, "full/thing is still there");
    CHECK(remove("full/thing"), "remove full/thing");
    CHECK(mkdir("full/sub"), "mkdir full/sub");
    CHECK(!remove("full"), "with a subdirectory, remove \"full\" returns false");
    CHECK(remove("full/sub"), "remove full/sub");
    CHECK(remove("full"), "now remove \"full\" works");
    CHECK(open("full") == -1, "and it is gone");
}
