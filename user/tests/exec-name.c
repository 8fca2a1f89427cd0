/* exec-name: a process that execs keeps its name: the first process execs
 * child-simple, whose exit line still says "exec-name". */
#include "syscall.h"
#include "test.h"

/* Execs child-simple directly. */
void
test_main(void)
{
    exec("child-simple");
    fail("exec returned");
}
