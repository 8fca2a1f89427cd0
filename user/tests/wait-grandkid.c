/* wait-grandkid: a process cannot wait for its grandchild: the child forks
 * a grandchild, waits for it, and exits with the grandchild's pid; the
 * parent's wait for that pid returns -1. */
#include "syscall.h"
#include "test.h"
#include "userprog.h"

/* The child: forks the grandchild, reaps it, exits with its pid. */
static void
child(void)
{
    pid_t grandchild = fork_checked("grandchild");

    if (grandchild == 0)
        exit(7);
    if (wait(grandchild) != 7)
        exit(-2);
    exit(grandchild);
}

/* Forks the child and tries the grandchild's pid. */
void
test_main(void)
{
    pid_t pid = fork_checked("child"), grandchild;

    if (pid == 0)
        child();
    grandchild = wait(pid);
    CHECK(grandchild > 0 && grandchild != pid, "the child reports its child's pid");
    CHECK(wait(grandchild) == -1, "wait for the grandchild returns -1");
}
