/* rox-fork: a forked child runs the same program, so the executable stays
 * read-only while the child lives, even after the parent's own handle is
 * not the only one: the child checks, exits, and the parent (still running)
 * checks again. */
#include "syscall.h"
#include "test.h"
#include "userprog.h"

/* Writes byte 0 of FD onto itself; returns what write returned. */
static int
rewrite(int fd)
{
    char byte;

    seek(fd, 0);
    if (read(fd, &byte, 1) != 1)
        fail("cannot read rox-fork");
    seek(fd, 0);
    return write(fd, &byte, 1);
}

/* Forks; both sides try to write the executable. */
void
test_main(void)
{
    int fd = open("rox-fork");
    pid_t pid;

    if (fd < 2)
        fail("cannot open rox-fork");
    pid = fork_checked("rox-twin");
    if (pid == 0)
        exit(rewrite(fd) == 0 ? 0 : 1);
    CHECK(wait(pid) == 0, "the child could not write the executable");
    CHECK(rewrite(fd) == 0, "after the child exited, the parent still cannot");
}
