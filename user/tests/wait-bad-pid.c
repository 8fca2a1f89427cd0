/* wait-bad-pid: wait returns -1 at once for a pid that is not a child of
 * the caller: negative, 0, huge, never used, and a sibling's (a child cannot
 * wait for its sibling, which its parent can).  The first child stays alive
 * until the parent creates the file "go" (after reaping the second), so the
 * exit lines come in a fixed order. */
#include <limits.h>

#include "syscall.h"
#include "test.h"
#include "userprog.h"

/* Waits for pids that are not children. */
void
test_main(void)
{
    pid_t first, second;

    CHECK(wait(-1) == -1, "wait(-1) returns -1");
    CHECK(wait(0) == -1, "wait(0) returns -1");
    CHECK(wait(INT_MAX) == -1, "wait(INT_MAX) returns -1");
    CHECK(wait(12345) == -1, "wait(12345) returns -1");
    first = fork_checked("first");
    if (first == 0) {
        wait_for_file("go");
        exit(5);
    }
    second = fork_checked("second");
    if (second == 0)
        exit(wait(first) == -1 ? 0 : 1);
    CHECK(wait(second) == 0, "a child's wait for its running sibling returns -1");
    if (!create("go", 0))
        fail("cannot create 'go'");
    CHECK(wait(first) == 5, "the parent's wait for it returns its status, 5");
}
