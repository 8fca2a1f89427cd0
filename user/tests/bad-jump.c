/* bad-jump: calls a function at address 0.  The kernel must kill the process
 * with status -1. */
#include "test.h"

/* Jumps through a null function pointer (volatile, so it is really done). */
void
test_main(void)
{
    void (*volatile f)(void) = (void (*)(void))0;

    f();
    fail("returned from address 0: should have been killed");
}
