/* long-name: process names are not cut short: run as a program whose name
 * has 24 characters, it forks a child named with 22; the exit lines show
 * both names whole (docs/abi.md: NAME is the first word of the command line,
 * or the name given to fork). */
#include "syscall.h"
#include "test.h"
#include "userprog.h"

/* Forks a child with a long name and waits for it. */
void
test_main(void)
{
    pid_t pid = fork_checked("child-with-a-long-name");

    if (pid == 0)
        exit(3);
    CHECK(wait(pid) == 3, "wait for the child returns 3");
}
