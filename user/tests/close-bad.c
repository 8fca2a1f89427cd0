/* close-bad: closing a descriptor that is not open (negative, huge, never
 * opened, already closed) either does nothing or ends the process with -1
 * (docs/abi.md); it never harms the kernel.  A child does the closing, so
 * either is fine for this test; the parent then checks that files still
 * work. */
#include <limits.h>

#include "syscall.h"
#include "test.h"
#include "userprog.h"

/* The child: closes bad descriptors and exits with 0 if it is still alive. */
static void
close_bad(void)
{
    int fd = open("sample.txt");

    close(-1);
    close(INT_MIN);
    close(INT_MAX);
    close(100);
    close(fd);
    close(fd);
    exit(0);
}

/* Runs the child, then opens and reads as usual. */
void
test_main(void)
{
    char buf[8];
    pid_t pid = fork_checked("closer");
    int status, fd;

    if (pid == 0)
        close_bad();
    status = wait(pid);
    CHECK(status == 0 || status == -1, "the child ended with 0 or -1");
    fd = open("sample.txt");
    CHECK(fd >= 2 && read(fd, buf, 8) == 8, "files still open and read");
}
