/* fork-fd: a child reads from a file its parent opened before fork, from
 * the position the parent had reached; its reads do not move the parent's
 * position (docs/abi.md: fork copies open files).  The parent prints only
 * after wait. */
#include "string.h"
#include "syscall.h"
#include "test.h"
#include "userprog.h"

/* The child: reads the next word; exits 0 if it is "pages". */
static void
child(int fd)
{
    char buf[5];

    exit(read(fd, buf, 5) == 5 && memcmp(buf, "pages", 5) == 0 ? 0 : 1);
}

/* Opens, reads a little, forks. */
void
test_main(void)
{
    char buf[8];
    int fd = open("sample.txt");
    pid_t pid;

    if (fd < 2)
        fail("cannot open sample.txt");
    read(fd, buf, 8);
    pid = fork_checked("reader");
    if (pid == 0)
        child(fd);
    CHECK(wait(pid) == 0, "the child read \"pages\" at the parent's position");
    CHECK(tell(fd) == 8, "the parent's position is still 8");
    CHECK(read(fd, buf, 5) == 5 && memcmp(buf, "pages", 5) == 0,
          "the parent reads \"pages\" too");
}
