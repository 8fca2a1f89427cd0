/* kill-reader: kill() of a child blocked reading the keyboard (with no input
 * ever coming) ends it at once, as Ctrl-C does (docs/abi.md section 7): wait
 * returns -1 and the child's exit record says `killed`.  The child used to
 * sleep on until a key came, so the parent's wait never returned. */
#include "syscall.h"
#include "test.h"

/* The reason recorded for ended process PID, or -1 if there is no record. */
static int
exit_reason(pid_t pid)
{
    struct procinfo info;
    return test_proc(pid, &info) && info.state == PROC_EXITED ? (int)info.reason : -1;
}

void
test_main(void)
{
    pid_t pid = fork("reader");
    char c;
    int k, w;

    if (pid == 0) {
        read(STDIN_FILENO, &c, 1);
        exit(5); /* not reached: nobody types */
    }
    if (pid < 0)
        fail("fork failed");
    for (volatile int i = 0; i < 20000000; i++) /* let the child start waiting */
        continue;
    k = kill(pid);
    w = wait(pid); /* print only after its exit line */
    CHECK(k == 0 && w == -1, "kill of the reading child gives 0, then wait gives -1");
    CHECK(exit_reason(pid) == PROC_EXIT_KILLED, "its exit record says killed");
}
