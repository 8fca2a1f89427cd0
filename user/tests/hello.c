/* hello: prints "hello, world" between the begin and end lines. */
#include "test.h"

/* Prints the greeting. */
void
test_main(void)
{
    msg("hello, world");
}
