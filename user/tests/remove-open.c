/* remove-open: a file removed while open stays readable and writable
 * through its descriptor, with its size; its name is free at once: a new
 * file of that name is a different, empty file. */
#include "string.h"
#include "syscall.h"
#include "test.h"
#include "userprog.h"

/* Removes sample.txt while it is open. */
void
test_main(void)
{
    const char *text = sample_text();
    char buf[137];
    int fd = open("sample.txt"), fresh;

    if (fd < 2)
        fail("cannot open sample.txt");
    CHECK(read(fd, buf, 10) == 10, "read 10 bytes");
    CHECK(remove("sample.txt"), "remove sample.txt while it is open");
    CHECK(open("sample.txt") == -1, "it can no longer be opened");
    CHECK(read(fd, buf, 127) == 127 && memcmp(buf, text + 10, 127) == 0,
          "the open descriptor reads the rest");
    CHECK(filesize(fd) == 137, "and its size is still 137");
    CHECK(write(fd, "!", 1) == 1 && filesize(fd) == 138, "it can still be written");
    CHECK(create("sample.txt", 0), "the name can be created again");
    fresh = open("sample.txt");
    CHECK(fresh >= 2 && filesize(fresh) == 0, "as a new, empty file");
    CHECK(inumber(fresh) != inumber(fd), "with another inode");
}
