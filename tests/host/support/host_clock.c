/* clock_now() for host-built kernel code: the host's wall clock. */
#include "kernel/clock.h"

#include <time.h>

uint32_t
clock_now(void)
{
    return (uint32_t)time(NULL);
}
