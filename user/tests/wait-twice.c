/* wait-twice: a second wait for the same child returns -1, also when the
 * first wait came after the child had already ended. */
#include "syscall.h"
#include "test.h"
#include "userprog.h"

/* Forks a child, lets it end, waits twice. */
void
test_main(void)
{
    pid_t pid = fork_checked("quick");

    if (pid == 0)
        exit(3);
    CHECK(wait(pid) == 3, "the first wait returns 3");
    CHECK(wait(pid) == -1, "the second returns -1");
}
