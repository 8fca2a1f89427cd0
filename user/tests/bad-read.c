/* bad-read: reads from address 0, which is never mapped.  The kernel must
 * kill the process with status -1; printing anything after the read fails. */
#include "test.h"

/* Reads through a null pointer.  The pointer is volatile so the compiler
 * emits a real load instead of a trap instruction. */
void
test_main(void)
{
    int *volatile p = (int *)0;

    msg("read %d from address 0", *p);
    fail("should have been killed");
}
