/* fork-twice: two children alive at once, waited for in the opposite order
 * of their births, each give their own status.  The first child stays alive
 * until the parent, after reaping the second, creates the file "go"; so
 * the exit lines come in a fixed order although the children run at the
 * same time.  The children print nothing else. */
#include "syscall.h"
#include "test.h"
#include "userprog.h"

/* Forks two children, waits for the second first. */
void
test_main(void)
{
    pid_t first = fork_checked("first"), second;

    if (first == 0) {
        wait_for_file("go");
        exit(11);
    }
    second = fork_checked("second");
    if (second == 0)
        exit(22);
    CHECK(first != second, "two different pids");
    CHECK(wait(second) == 22, "wait(second) returns 22");
    if (!create("go", 0))
        fail("cannot create 'go'");
    CHECK(wait(first) == 11, "wait(first) returns 11");
}
