/* create-basic: create makes an empty file that open can then open; a file
 * created with an initial size has that size and reads as zeros. */
#include "syscall.h"
#include "test.h"

#define SIZE 1234

/* Returns true if the SIZE bytes at P are all zero. */
static bool
all_zero(const char *p, int size)
{
    for (int i = 0; i < size; i++) {
        if (p[i] != 0)
            return false;
    }
    return true;
}

/* Creates an empty and a sized file and looks at both. */
void
test_main(void)
{
    static char buf[SIZE + 10];
    int fd, n;

    CHECK(create("empty", 0), "create \"empty\" with size 0");
    fd = open("empty");
    CHECK(fd >= 2, "open \"empty\"");
    CHECK(filesize(fd) == 0, "its size is 0");
    CHECK(read(fd, buf, 10) == 0, "reading it gives 0 bytes");
    close(fd);
    CHECK(create("sized", SIZE), "create \"sized\" with size %d", SIZE);
    fd = open("sized");
    CHECK(fd >= 2, "open \"sized\"");
    CHECK(filesize(fd) == SIZE, "its size is %d", SIZE);
    n = read(fd, buf, sizeof buf);
    CHECK(n == SIZE, "reading it gives %d bytes", n);
    CHECK(all_zero(buf, SIZE), "all zeros");
    close(fd);
}
