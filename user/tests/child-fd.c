/* child-fd FD: the program exec-fd execs with a descriptor it opened.  Prints
 * FD's position and the rest of the line it reads from there (exec keeps
 * open files and their positions), then exits with 0.  Any trouble: exit 1. */
#include "stdlib.h"
#include "string.h"
#include "syscall.h"
#include "test.h"

/* Reads from the descriptor given as argv[1] and reports. */
int
main(int argc, char *argv[])
{
    char line[64];
    int fd, n;
    char *newline;

    test_name = "child-fd";
    if (argc != 2)
        fail("usage: child-fd FD");
    fd = atoi(argv[1]);
    msg("fd %d is at position %u", fd, tell(fd));
    n = read(fd, line, sizeof line - 1);
    if (n <= 0)
        fail("read(%d) returned %d", fd, n);
    line[n] = '\0';
    newline = strchr(line, '\n');
    if (newline != NULL)
        *newline = '\0';
    msg("it reads '%s'", line);
    return 0;
}
