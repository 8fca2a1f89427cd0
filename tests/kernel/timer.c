/* Self tests of the timer: ticks, sleeping, callouts. */
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

static bool huge_fired;

static void
mark_fired(void *aux)
{
    (void)aux;
    huge_fired = true;
}

/* Regression: a deadline INT64_MAX ticks away overflowed to a tick in the past
 * and fired at once (timer_sleep(INT64_MAX) returned after one tick). */
static void
test_timer_deadline_overflow(void)
{
    static struct callout c;
    timer_sleep(2);
    callout_schedule(&c, INT64_MAX, mark_fired, NULL);
    timer_sleep(10);
    KTEST_CHECK(!huge_fired, "a deadline INT64_MAX ticks away already fired");
    KTEST_CHECK(callout_cancel(&c), "the callout is no longer pending");
    ktest_msg("a deadline at the end of time stays in the future");
}
KTEST("timer-deadline-overflow", test_timer_deadline_overflow);
