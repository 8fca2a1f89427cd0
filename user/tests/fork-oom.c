/* fork-oom: fork until memory runs out, twice.  Each process forks one
 * child and waits for it; the child does the same, so a chain of processes
 * grows until a fork returns -1.  The deepest process then exits, and each
 * parent exits in turn with its child's status plus one: the first process
 * learns how deep the chain got.  A second chain must get exactly as deep
 * (all memory of the first came back), and the kernel must not leak or
 * crash (the Memory check line).  The depth depends on the memory size, so
 * it is not printed. */
#include "syscall.h"
#include "test.h"

#define MAX_DEPTH 1000

/* Forks the rest of the chain below this process; returns its length (0 if
 * this process could not fork). */
static int
chain(int depth)
{
    pid_t pid;

    if (depth == MAX_DEPTH)
        return 0;
    pid = fork("oom-link");
    if (pid < 0)
        return 0;
    if (pid == 0)
        exit(chain(depth + 1));
    return wait(pid) + 1;
}

/* Builds two chains and compares their depths. */
void
test_main(void)
{
    int first = chain(0), second;

    CHECK(first > 1 && first < MAX_DEPTH, "fork eventually failed");
    second = chain(0);
    CHECK(second == first, "a second chain got just as deep");
}
