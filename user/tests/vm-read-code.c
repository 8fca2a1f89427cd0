/* A read() whose buffer is the program's code kills the process: the kernel
 * does not write into read-only pages for it. */
#include "syscall.h"
#include "test.h"

void
test_main(void)
{
    int fd = open("vm-read-code");
    msg("reading a file into the code of test_main");
    read(fd, (void *)test_main, 100);
    fail("still alive");
}
