/* vmstat reports the whole system by default: the live processes and the
 * kills since boot; the caller's own `pages` and `resident` only with -p.
 * A child is killed for a bad access first, then vmstat runs as children. */
#include "syscall.h"
#include "test.h"

/* Runs CMDLINE in a child and waits for it; returns its exit status. */
static int
run(const char *cmdline)
{
    pid_t pid = fork("vmstat");
    if (pid == 0)
        exec(cmdline);
    return wait(pid);
}

void
test_main(void)
{
    pid_t victim = fork("victim");
    if (victim == 0) {
        volatile int *bad = (volatile int *)0xdead0000;
        *bad = 1;
        exit(0);
    }
    CHECK(wait(victim) == -1, "the victim was killed");
    CHECK(run("vmstat processes killed_bad_access killed_no_memory pages") == 0,
          "vmstat counts this process and itself; no pages of its own without -p");
    CHECK(run("vmstat -p pages") == 0, "vmstat -p shows the caller's own pages");
    CHECK(run("vmstat no_such_counter") == 1, "vmstat refuses an unknown counter");
}
