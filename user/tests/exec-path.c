/* exec-path: exec finds programs by path like open does: "bin/args" from
 * the root, "/bin/args" from anywhere, "args" after chdir("bin"), and a
 * symbolic link to the program; argv[0] is the word as given.  Each exec
 * runs in a child, waited for before the next. */
#include "syscall.h"
#include "test.h"
#include "userprog.h"

/* Runs CMDLINE in a child named NAME; returns its exit status. */
static int
run(const char *name, const char *cmdline)
{
    pid_t pid = fork_checked(name);

    if (pid == 0) {
        exec(cmdline);
        fail("exec returned");
    }
    return wait(pid);
}

/* Execs bin/args four ways. */
void
test_main(void)
{
    CHECK(run("relative", "bin/args one") == 0, "exec \"bin/args one\"");
    CHECK(symlink("bin/args", "link") == 0, "symlink(\"bin/args\", \"link\")");
    CHECK(run("via-link", "link two") == 0, "exec \"link two\"");
    CHECK(chdir("bin"), "chdir \"bin\"");
    CHECK(run("in-bin", "args three") == 0, "exec \"args three\"");
    CHECK(run("absolute", "/bin/args four") == 0, "exec \"/bin/args four\"");
}
