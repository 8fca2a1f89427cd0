/* exec-chain: a program may exec itself: exec-chain N execs exec-chain N-1
 * down to 0, which exits with 0; the process (and its one exit line) keeps
 * the first name throughout. */
#include "stdio.h"
#include "stdlib.h"
#include "syscall.h"
#include "test.h"

/* Prints the count and execs the next link. */
int
main(int argc, char *argv[])
{
    int n = argc > 1 ? atoi(argv[1]) : 0;
    char cmdline[32];

    test_name = "exec-chain";
    msg("link %d", n);
    if (n == 0)
        return 0;
    snprintf(cmdline, sizeof cmdline, "exec-chain %d", n - 1);
    exec(cmdline);
    fail("exec returned");
}
