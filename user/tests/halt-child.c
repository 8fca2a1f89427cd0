/* halt-child: a child's halt while its parent runs on (it never waits)
 * powers off with nothing more on the console: the parent, killed by the
 * halt, ends without an exit line, and the kernel's "Execution of ...
 * complete." line does not follow either.  It did: only a parent already
 * blocked in wait for the halting child stayed silent. */
#include "syscall.h"
#include "test.h"

void
test_main(void)
{
    pid_t pid = fork("halter");
    if (pid == 0)
        halt();
    if (pid < 0)
        fail("fork failed");
    for (;;)
        continue; /* until the halt ends it */
}
