/* child-rewrite FD: writes the first byte of the file open as FD back onto
 * itself and prints how many bytes the write wrote (1 if the file takes
 * writes, 0 if it is a running executable).  Exits with 0. */
#include "stdlib.h"
#include "syscall.h"
#include "test.h"

/* Rewrites byte 0 of the descriptor given as argv[1]; reports. */
int
main(int argc, char *argv[])
{
    char byte;
    int fd, n;

    test_name = "child-rewrite";
    if (argc != 2)
        fail("usage: child-rewrite FD");
    fd = atoi(argv[1]);
    seek(fd, 0);
    if (read(fd, &byte, 1) != 1)
        fail("cannot read fd %d", fd);
    seek(fd, 0);
    n = write(fd, &byte, 1);
    msg("rewriting byte 0 of fd %d wrote %d byte(s)", fd, n);
    return 0;
}
