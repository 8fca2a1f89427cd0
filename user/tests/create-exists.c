/* create-exists: creating a name that exists fails, whether it is a file
 * this process created or one that was on the disk (sample.txt), and the
 * existing file keeps its size. */
#include "syscall.h"
#include "test.h"

/* Creates twice; creates over the put file. */
void
test_main(void)
{
    int fd;

    CHECK(create("twice", 10), "create \"twice\"");
    CHECK(!create("twice", 20), "creating \"twice\" again returns false");
    fd = open("twice");
    CHECK(fd >= 2 && filesize(fd) == 10, "\"twice\" still has its first size, 10");
    CHECK(!create("sample.txt", 0),
          "creating \"sample.txt\" (on the disk) returns false");
    fd = open("sample.txt");
    CHECK(fd >= 2 && filesize(fd) == 137, "sample.txt still has 137 bytes");
}
