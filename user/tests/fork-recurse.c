/* fork-recurse: fork to a depth of 15: each process forks one child (named
 * "level-N") and waits for it; the deepest exits with 15, and every other
 * level N exits with N plus its child's status, so the first process sees
 * 15 + 14 + ... + 1 = 120.  The exit lines come deepest first. */
#include "stdio.h"
#include "syscall.h"
#include "test.h"
#include "userprog.h"

#define DEPTH 15

/* Runs level LEVEL: forks the next one unless it is the deepest; returns
 * this level's exit status. */
static int
level(int level_no)
{
    char name[16];
    pid_t pid;

    if (level_no == DEPTH)
        return DEPTH;
    snprintf(name, sizeof name, "level-%d", level_no + 1);
    pid = fork_checked(name);
    if (pid == 0)
        exit(level(level_no + 1));
    return level_no + wait(pid);
}

/* Starts at level 0. */
void
test_main(void)
{
    int sum = level(0);

    CHECK(sum == DEPTH * (DEPTH + 1) / 2, "the statuses add up to %d", sum);
}
