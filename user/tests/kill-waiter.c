/* kill-waiter: kill() of a process blocked in wait for a child that runs on
 * ends the waiter at once (docs/abi.md section 7), while its child runs on
 * until it is killed too.  The waiter used to stay blocked until its child
 * ended, so a kill did nothing to a process waiting for a runaway child. */
#include "string.h"
#include "syscall.h"
#include "test.h"

/* The state of process PID in procinfo's records (live ones first), and its
 * exit reason in *REASON once it has ended; -1 if there is no record. */
static int
state_of(pid_t pid, int *reason)
{
    struct procinfo info;
    if (!test_proc(pid, &info))
        return -1;
    if (reason != NULL)
        *reason = (int)info.reason;
    return (int)info.state;
}

/* The pid of the live process named NAME, or -1. */
static pid_t
live_named(const char *name)
{
    static struct procinfo info[64];
    int n = procinfo(info, 64);

    for (int i = 0; i < n; i++) {
        if (info[i].state != PROC_EXITED && strcmp(info[i].name, name) == 0)
            return info[i].pid;
    }
    return -1;
}

/* Yields the CPU until process PID is in STATE (at most a few seconds). */
static bool
await_state(pid_t pid, int state)
{
    for (int i = 0; i < 5000; i++) {
        if (state_of(pid, NULL) == state)
            return true;
        for (volatile int j = 0; j < 20000; j++)
            continue;
    }
    return false;
}

void
test_main(void)
{
    pid_t mid = fork("mid");
    if (mid == 0) {
        pid_t leaf = fork("leaf");
        if (leaf == 0)
            for (;;)
                continue;       /* runs until killed */
        create("mid-waits", 0); /* the next call is wait */
        wait(leaf);
        exit(7); /* not reached while the leaf runs */
    }
    if (mid < 0)
        fail("fork failed");
    bool waits = false;
    for (int i = 0; i < 100000 && !waits; i++) /* mid's fork has returned */
        waits = test_file_exists("mid-waits");
    pid_t leaf = live_named("leaf");
    if (!waits || leaf < 0 || !await_state(mid, PROC_BLOCKED))
        fail("mid never blocked in wait");
    int k = kill(mid);
    int w = wait(mid);
    int reason = -1;
    int leaf_state = state_of(leaf, NULL);
    int k2 = kill(leaf);
    bool leaf_ended = await_state(leaf, PROC_EXITED);
    state_of(leaf, &reason);
    CHECK(k == 0 && w == -1,
          "kill of the child blocked in wait gives 0, then wait gives -1");
    CHECK(leaf > 0 && leaf_state != PROC_EXITED, "its own child ran on");
    CHECK(k2 == 0 && leaf_ended && reason == PROC_EXIT_KILLED, "until killed in turn");
    if (!remove("mid-waits"))
        fail("cannot remove mid-waits");
}
