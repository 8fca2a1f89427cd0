/* exec-dir: exec of a directory (it opens, but is no program) prints
 * "load: NAME: error loading executable" and ends the process with -1. */
#include "syscall.h"
#include "test.h"

/* Makes a directory and execs it. */
void
test_main(void)
{
    CHECK(mkdir("folder"), "mkdir \"folder\"");
    exec("folder");
    fail("exec returned");
}
