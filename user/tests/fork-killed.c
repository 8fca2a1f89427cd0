/* fork-killed: a child the kernel kills (it reads address 0) makes wait
 * return -1, its exit line shows -1, and the parent goes on. */
#include "syscall.h"
#include "test.h"
#include "userprog.h"

/* Forks a child that faults. */
void
test_main(void)
{
    pid_t pid = fork_checked("victim");
    int status;

    if (pid == 0) {
        volatile int *p = NULL;
        exit(*p);
    }
    status = wait(pid);
    CHECK(status == -1, "wait returns %d", status);
}
