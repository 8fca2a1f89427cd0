/* job-calls: the job-control extensions (docs/abi.md section 7).  A child
 * that loops forever is still running for trywait (0), is killed by kill(),
 * and wait then returns -1 after its exit line; trywait reaps a child that
 * has ended (1, its status) exactly once; setpgid works on the caller and a
 * child, not on another process; tcsetpgrp refuses a negative group; kill
 * of a group kills only that group, and kill of nothing fails. */
#include "syscall.h"
#include "test.h"

/* Forks a child named NAME in a group of its own that loops forever. */
static pid_t
spinner(const char *name)
{
    pid_t pid = fork(name);
    if (pid == 0) {
        for (;;)
            continue;
    }
    if (pid < 0)
        fail("fork failed");
    CHECK(setpgid(pid, pid) == 0, "setpgid of a child gives 0");
    return pid;
}

/* trywait on a running child, kill it, wait. */
static void
kill_one(void)
{
    int status = 99, k, w;
    pid_t pid = spinner("looper");

    CHECK(trywait(pid, &status) == 0 && status == 99,
          "trywait of a running child gives 0");
    k = kill(pid); /* nothing printed until the child's exit line is out */
    w = wait(pid);
    CHECK(k == 0 && w == -1, "kill of the child gives 0, then wait gives -1");
    CHECK(trywait(pid, &status) == -1, "trywait after wait gives -1");
}

/* trywait reaps a child that has ended, once. */
static void
reap_one(void)
{
    int status = 0, r;
    pid_t pid = fork("quick");

    if (pid == 0)
        exit(7);
    while ((r = trywait(pid, &status)) == 0)
        continue;
    CHECK(r == 1 && status == 7, "trywait of an ended child gives 1 and status 7");
    CHECK(wait(pid) == -1, "wait after trywait gives -1");
}

/* Kill a whole group, not the caller's own. */
static void
kill_group(void)
{
    pid_t pid = spinner("grouped");
    int k = kill(-pid), w = wait(pid);

    CHECK(k == 0 && w == -1, "kill of the child's group gives 0, then wait gives -1");
    CHECK(kill(-pid) == -1, "kill of an empty group gives -1");
}

void
test_main(void)
{
    CHECK(setpgid(0, 0) == 0, "setpgid(0, 0) gives 0");
    CHECK(setpgid(1000, 1000) == -1, "setpgid of no child gives -1");
    CHECK(tcsetpgrp(-1) == -1, "tcsetpgrp(-1) gives -1");
    CHECK(kill(0) == -1 && kill(1000) == -1, "kill(0) and kill of no process give -1");
    kill_one();
    reap_one();
    kill_group();
}
