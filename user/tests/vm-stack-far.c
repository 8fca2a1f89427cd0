/* An access far below the stack pointer is not stack growth: killed. */
#include "test.h"

void
test_main(void)
{
    volatile char *sp = __builtin_frame_address(0);
    msg("touching 64 KiB below the stack pointer");
    sp[-64 * 1024] = 1;
    fail("still alive");
}
