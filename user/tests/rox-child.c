/* rox-child: a child's executable refuses writes while the child runs, and
 * takes them again once it has exited.  The child (child-rox) checks its
 * own executable, then announces that it runs (file "running") and waits for
 * the file "stop"; meanwhile the parent writes to child-rox and gets 0.
 * After wait, the parent's write writes 1 byte (the same byte back). */
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
        fail("cannot read child-rox");
    seek(fd, 0);
    return write(fd, &byte, 1);
}

/* Runs child-rox and writes to its executable during and after. */
void
test_main(void)
{
    int fd = open("child-rox"), n;
    pid_t pid;

    if (fd < 2)
        fail("cannot open child-rox");
    CHECK(rewrite(fd) == 1, "child-rox takes writes before it runs");
    pid = fork_checked("rox-kid");
    if (pid == 0) {
        exec("child-rox");
        fail("exec returned");
    }
    wait_for_file("running");
    n = rewrite(fd);
    if (!create("stop", 0))
        fail("cannot create 'stop'");
    CHECK(n == 0, "while it runs, a write to it writes %d bytes", n);
    CHECK(wait(pid) == 0, "the child found its executable read-only too");
    CHECK(rewrite(fd) == 1, "after it exited, child-rox takes writes again");
}
