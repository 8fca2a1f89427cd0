/* exit-status STATUS: exits with STATUS (a decimal number, may be negative;
 * 0 if absent), which the kernel's exit line must show. */
#include "stdlib.h"
#include "test.h"

/* Ends with the status given as argv[1]. */
int
main(int argc, char *argv[])
{
    int status = argc > 1 ? atoi(argv[1]) : 0;

    test_name = "exit-status";
    msg("begin");
    msg("exiting with status %d", status);
    msg("end");
    exit(status);
}
