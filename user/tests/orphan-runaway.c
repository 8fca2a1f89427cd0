/* Regression: a child that never ends, left behind by its parent, kept the
 * kernel from powering off after the last command (it waited for every
 * process, for ever).  Power-off now waits a while, then kills it.  The
 * child writes a file first, so the disk must come out clean with it. */
#include "syscall.h"
#include "test.h"

int
main(void)
{
    test_name = "orphan-runaway";
    pid_t pid = fork("runaway");
    if (pid == 0) {
        create("runaway-was-here", 0);
        int fd = open("runaway-was-here");
        write(fd, "x", 1);
        close(fd);
        for (volatile unsigned long i = 0;; i++)
            continue;
    }
    msg("parent leaving a child that never ends");
    return 0;
}
