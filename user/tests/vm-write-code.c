/* Code pages are read-only: writing to them kills the process. */
#include "test.h"

void
test_main(void)
{
    msg("writing to the code of test_main");
    *(volatile char *)test_main = 0;
    fail("still alive");
}
