/* dup2-stdout: dup2 onto fd 1 sends what the program prints to a file
 * instead of the console; dup2 from a saved copy of the console gives it
 * back.  Then the file holds exactly the lines printed meanwhile. */
#include "string.h"
#include "syscall.h"
#include "test.h"

/* Prints into a file for a while, then shows the file. */
void
test_main(void)
{
    static const char expect[] = "(dup2-stdout) into the file\n";
    char buf[64];
    int fd, n;

    CHECK(create("log", 0) && (fd = open("log")) >= 2, "create and open \"log\"");
    CHECK(dup2(1, 20) == 20, "dup2(1, 20) saves the console");
    if (dup2(fd, 1) != 1)
        fail("dup2(fd, 1) failed");
    msg("into the file");
    if (dup2(20, 1) != 1)
        fail("dup2(20, 1) failed");
    msg("back on the console");
    seek(fd, 0);
    n = read(fd, buf, sizeof buf);
    CHECK(n == (int)strlen(expect) && memcmp(buf, expect, n) == 0,
          "the file holds the line printed meanwhile");
}
