/* exec-fd: exec keeps the open files, at their positions: sample.txt is
 * opened, moved to its second line and duplicated onto fd 7; child-fd then
 * reads the line from fd 7. */
#include "syscall.h"
#include "test.h"

/* Opens, positions, execs. */
void
test_main(void)
{
    int fd = open("sample.txt");

    if (fd < 2 || dup2(fd, 7) != 7)
        fail("cannot open sample.txt as fd 7");
    seek(7, 44);
    exec("child-fd 7");
    fail("exec returned");
}
