/* dir-long-name: readdir has room for 14 characters: a longer name comes
 * back cut to its first 14 (and null-terminated); the file still opens by
 * its full name, and not by the cut one. */
#include "string.h"
#include "syscall.h"
#include "test.h"

/* Creates a long name and a 14-character one in a new directory. */
void
test_main(void)
{
    char name[READDIR_MAX_LEN + 2];
    int fd;

    CHECK(mkdir("d") && create("d/a-rather-long-file-name", 0) &&
              create("d/exactly14char", 0),
          "create d/a-rather-long-file-name and d/exactly14char");
    fd = open("d");
    for (int i = 0; i < 2; i++) {
        memset(name, 'X', sizeof name);
        if (!readdir(fd, name))
            fail("readdir ended early");
        if (strnlen(name, sizeof name) > READDIR_MAX_LEN)
            fail("readdir returned more than %d characters", READDIR_MAX_LEN);
        if (strcmp(name, "a-rather-long-") != 0 && strcmp(name, "exactly14char") != 0)
            fail("readdir returned \"%s\"", name);
    }
    msg("readdir returns \"a-rather-long-\" and \"exactly14char\"");
    CHECK(!readdir(fd, name), "and nothing more");
    CHECK(open("d/a-rather-long-file-name") >= 2, "the full name opens");
    CHECK(open("d/a-rather-long-") == -1, "the cut name does not");
}
