/* fork-wait: forks a child named "child" that prints a line and exits with
 * 81; the parent waits for it, prints the status, and checks that a second
 * wait for the same child returns -1.  The parent prints nothing between fork
 * and wait, so the output order is fixed:
 *
 *     (fork-wait) begin
 *     (fork-wait) child running
 *     child: exit(81)
 *     (fork-wait) wait returned 81
 *     (fork-wait) second wait returned -1
 *     (fork-wait) end */
#include "syscall.h"
#include "test.h"

/* Forks, waits, checks. */
void
test_main(void)
{
    pid_t pid = fork("child");
    int status;

    if (pid == 0) {
        msg("child running");
        exit(81);
    }
    if (pid < 0)
        fail("fork failed");
    status = wait(pid);
    CHECK(status == 81, "wait returned %d", status);
    status = wait(pid);
    CHECK(status == -1, "second wait returned %d", status);
}
