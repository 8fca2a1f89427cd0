/* rox-exec: exec lets go of the old program: rox-exec opens its own
 * executable (a write to it writes 0 bytes while it runs), then execs
 * child-rewrite with that descriptor, whose write to rox-exec now writes 1
 * byte.  The process keeps the name rox-exec. */
#include "syscall.h"
#include "test.h"

/* Opens itself as fd 6 and execs. */
void
test_main(void)
{
    char byte;
    int fd = open("rox-exec");

    if (fd < 2 || dup2(fd, 6) != 6)
        fail("cannot open rox-exec as fd 6");
    read(6, &byte, 1);
    seek(6, 0);
    CHECK(write(6, &byte, 1) == 0, "while it runs, rox-exec takes no writes");
    exec("child-rewrite 6");
    fail("exec returned");
}
