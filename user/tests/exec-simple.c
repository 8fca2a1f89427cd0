/* exec-simple: a forked child execs child-simple, which prints its line and
 * exits with 81; the exit line carries the name given to fork ("runner"),
 * since exec keeps the process name; wait returns 81. */
#include "syscall.h"
#include "test.h"
#include "userprog.h"

/* Forks, execs in the child, waits. */
void
test_main(void)
{
    pid_t pid = fork_checked("runner");

    if (pid == 0) {
        exec("child-simple");
        fail("exec returned");
    }
    CHECK(wait(pid) == 81, "wait returns 81");
}
