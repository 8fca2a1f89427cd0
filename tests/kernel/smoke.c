/* Quick sanity: the timer ticks and sleeping works at all. */
#include "kernel/ktest.h"
#include "kernel/timer.h"

static void
test_timer_ticks(void)
{
    int64_t start = timer_ticks();
    timer_sleep(5);
    int64_t e = timer_elapsed(start);
    KTEST_CHECK(e >= 5 && e <= 50, "slept 5 ticks, %lld elapsed", (long long)e);
    ktest_msg("slept at least 5 ticks");
}
KTEST("timer-ticks", test_timer_ticks);
