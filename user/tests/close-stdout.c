/* close-stdout: fd 1 can be closed like any descriptor: a write to it then
 * returns -1, and open still gives descriptors of 2 or more (never 1).  The
 * console stays reachable through a copy made with dup2 first (fd 5), which
 * this test prints through after closing fd 1. */
#include "stdio.h"
#include "syscall.h"
#include "test.h"

/* Copies fd 1, closes it, and writes to both. */
void
test_main(void)
{
    static const char line[] = "this line must not appear\n";
    int n, fd;

    if (dup2(1, 5) != 5)
        fail("dup2(1, 5) failed");
    close(1);
    n = write(1, line, sizeof line - 1);
    dprintf(5, "(close-stdout) after close(1), write(1) returns %d\n", n);
    fd = open("close-stdout");
    dprintf(5, "(close-stdout) open gives %s\n",
            fd >= 2 ? "a descriptor >= 2" : "1 or less");
    n = dprintf(5, "(close-stdout) fd 5 still reaches the console\n");
    if (dup2(5, 1) != 1)
        fail("dup2(5, 1) failed");
    CHECK(n > 0, "and dup2(5, 1) gives fd 1 back");
}
