/* child-rox: the program rox-child runs in its child.  While it runs, its
 * own executable must refuse writes (a write writes 0 bytes).  It checks
 * that itself, then creates the file "running" and waits until the file
 * "stop" exists (so that its parent can try to write to the executable while
 * it runs), then exits with 0.  It prints nothing on success. */
#include "syscall.h"
#include "test.h"
#include "userprog.h"

/* Writes the first byte of the open executable FD back onto itself; fails
 * unless the write writes 0 bytes. */
static void
check_denied(int fd)
{
    char byte;
    int n;

    seek(fd, 0);
    if (read(fd, &byte, 1) != 1)
        fail("cannot read my own executable");
    seek(fd, 0);
    n = write(fd, &byte, 1);
    if (n != 0)
        fail("writing to my own executable wrote %d bytes, not 0", n);
}

/* See the top of this file. */
int
main(int argc, char *argv[])
{
    int fd = open(argv[0]);

    (void)argc;
    test_name = "child-rox";
    if (fd < 0)
        fail("cannot open my own executable");
    check_denied(fd);
    if (!create("running", 0))
        fail("cannot create 'running'");
    wait_for_file("stop");
    check_denied(fd);
    close(fd);
    return 0;
}
