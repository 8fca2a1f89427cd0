/* Host stand-in for kernel/timer.h: a tick lasts as long as in the kernel
 * (10 ms), so code that waits a number of ticks is as patient on the host. */
#ifndef HOST_SHIM_KERNEL_TIMER_H
#define HOST_SHIM_KERNEL_TIMER_H

#include <stdint.h>
#include <time.h>

#define TIMER_FREQ 100

static inline void
timer_sleep(int64_t ticks)
{
    if (ticks <= 0)
        return;
    struct timespec ts = {ticks / TIMER_FREQ,
                          (ticks % TIMER_FREQ) * (1000000000L / TIMER_FREQ)};
    nanosleep(&ts, NULL);
}

#endif
