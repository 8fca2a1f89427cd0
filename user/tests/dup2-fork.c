/* dup2-fork: a forked child gets copies of the parent's open files at the
 * same positions; descriptors made by dup2 still share a position in the
 * child, but the child's reads do not move the parent's position.  Only the
 * child prints until it has ended. */
#include "string.h"
#include "syscall.h"
#include "test.h"
#include "userprog.h"

/* The child: reads through fd and checks that fd 12 followed. */
static void
child(int fd)
{
    char buf[8];

    CHECK(tell(fd) == 4 && tell(12) == 4, "child: fd and fd 12 are at 4");
    CHECK(read(12, buf, 4) == 4 && tell(fd) == 8, "child: reading fd 12 moves fd to 8");
    exit(0);
}

/* Forks with a dup2'ed descriptor. */
void
test_main(void)
{
    char buf[8];
    int fd = open("sample.txt");
    pid_t pid;

    if (fd < 2 || dup2(fd, 12) != 12)
        fail("cannot open sample.txt as fd and 12");
    read(fd, buf, 4);
    pid = fork_checked("dup-child");
    if (pid == 0)
        child(fd);
    CHECK(wait(pid) == 0, "the child is done");
    CHECK(tell(fd) == 4 && tell(12) == 4, "the parent's fd and fd 12 are still at 4");
    CHECK(read(fd, buf, 4) == 4 && memcmp(buf, "tom ", 4) == 0, "and read on from there");
}
