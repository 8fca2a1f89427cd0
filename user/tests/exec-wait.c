/* exec-wait: the parent of a child whose exec fails (missing program) gets
 * -1 from wait, after the child's load line and exit line, and goes on. */
#include "syscall.h"
#include "test.h"
#include "userprog.h"

/* Forks a child that execs a missing program. */
void
test_main(void)
{
    pid_t pid = fork_checked("loser");

    if (pid == 0) {
        exec("no-such-file");
        exit(5);
    }
    CHECK(wait(pid) == -1, "wait returns -1");
}
