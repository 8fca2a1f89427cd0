/* Wall-clock time: the CMOS clock read once at boot plus the ticks since. */
#include "kernel/clock.h"

#include "dev/rtc.h"
#include "kernel/timer.h"

static uint32_t boot_time;   /* [C] seconds since 1970 at boot */
static int64_t boot_ticks;   /* [C] timer_ticks() at that moment */

void
clock_init(void)
{
    boot_time = rtc_read_unix_time();
    boot_ticks = timer_ticks();
}

uint32_t
clock_now(void)
{
    return boot_time + (uint32_t)((timer_ticks() - boot_ticks) / TIMER_FREQ);
}
