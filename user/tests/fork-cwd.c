/* fork-cwd: a forked child starts in its parent's current directory
 * (relative names resolve there), and its own chdir does not move the
 * parent.  The parent prints only after wait. */
#include "syscall.h"
#include "test.h"
#include "userprog.h"

/* The child: creates "mark" where it starts, then leaves for the root. */
static void
child(void)
{
    exit(create("mark", 0) && chdir("/") && open("sample.txt") >= 2 ? 0 : 1);
}

/* Forks from inside a directory. */
void
test_main(void)
{
    pid_t pid;

    CHECK(mkdir("nest") && chdir("nest"), "mkdir \"nest\", chdir into it");
    pid = fork_checked("nestling");
    if (pid == 0)
        child();
    CHECK(wait(pid) == 0, "the child created \"mark\" and went to the root");
    CHECK(open("/nest/mark") >= 2, "\"mark\" is in /nest");
    CHECK(open("mark") >= 2 && open("sample.txt") == -1, "the parent is still in /nest");
}
