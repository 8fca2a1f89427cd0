/* Host stand-in for kernel/timer.h: "sleeping a tick" yields the CPU. */
#ifndef HOST_SHIM_KERNEL_TIMER_H
#define HOST_SHIM_KERNEL_TIMER_H

#include <sched.h>
#include <stdint.h>

#define TIMER_FREQ 100

static inline void
timer_sleep(int64_t ticks)
{
    for (int64_t i = 0; i < ticks; i++)
        sched_yield();
}

#endif
