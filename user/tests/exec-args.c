/* exec-args: exec passes the words of its command line as arguments, split
 * at runs of spaces: a child execs "args" with four words. */
#include "syscall.h"
#include "test.h"
#include "userprog.h"

/* Forks a child that execs args. */
void
test_main(void)
{
    pid_t pid = fork_checked("args-child");

    if (pid == 0) {
        exec("args   first second  third");
        fail("exec returned");
    }
    CHECK(wait(pid) == 0, "wait returns 0");
}
