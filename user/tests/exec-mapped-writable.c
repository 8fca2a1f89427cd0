/* Regression: a program could be started from a file that a writable
 * mapping maps, and a write through the mapping then changed the running
 * program's code (the mapping and the code share the cached page).  Now the
 * start fails with a load line while the mapping exists, in a child that
 * inherited it too, and works once it is gone.  The parent maps the program
 * file "victim" (a copy of echo) writable and touches its first page. */
#include "syscall.h"
#include "test.h"

#define MAP_AT ((void *)0x10000000)

/* Forks a child that runs "victim hi"; returns its exit status. */
static int
run_victim(void)
{
    pid_t pid = fork("child");
    if (pid == 0) {
        exec("victim hi");
        exit(99);
    }
    if (pid < 0)
        fail("fork failed");
    return wait(pid);
}

void
test_main(void)
{
    int fd = open("victim");
    CHECK(fd > 1, "open victim");
    volatile unsigned char *m = mmap(MAP_AT, 4096, 1, fd, 0);
    CHECK(m == MAP_AT, "map victim writable");
    unsigned char first = m[0];
    m[0] = first; /* a write fault: the mapping now maps the cached page writable */
    CHECK(run_victim() == -1, "victim does not start while mapped writable");
    munmap(MAP_AT);
    m = mmap(MAP_AT, 4096, 0, fd, 0);
    CHECK(m == MAP_AT, "map victim read-only");
    CHECK(run_victim() == 0, "victim starts while mapped read-only");
    munmap(MAP_AT);
    close(fd);
}
