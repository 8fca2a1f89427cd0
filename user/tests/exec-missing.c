/* exec-missing: exec of a program that does not exist prints
 * "load: NAME: open failed" and ends the process with -1. */
#include "syscall.h"
#include "test.h"

/* Execs a missing program. */
void
test_main(void)
{
    exec("no-such-file arg");
    fail("exec returned");
}
