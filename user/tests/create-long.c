/* create-long: names are limited to 255 bytes (ext2): a 255-byte name can
 * be created and opened, a 256-byte and a 511-byte name make create return
 * false, and open finds nothing under them. */
#include "string.h"
#include "syscall.h"
#include "test.h"

/* Fills NAME with LEN letters and a null byte. */
static void
make_name(char *name, int len)
{
    for (int i = 0; i < len; i++)
        name[i] = (char)('a' + i % 26);
    name[len] = '\0';
}

/* Tries three lengths. */
void
test_main(void)
{
    static char name[512];
    int fd;

    make_name(name, 255);
    CHECK(create(name, 0), "a 255-byte name can be created");
    fd = open(name);
    CHECK(fd >= 2, "and opened");
    close(fd);
    make_name(name, 256);
    CHECK(!create(name, 0), "a 256-byte name: create returns false");
    CHECK(open(name) == -1, "and open returns -1");
    make_name(name, 511);
    CHECK(!create(name, 0), "a 511-byte name: create returns false");
}
