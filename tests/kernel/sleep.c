/* Self tests for timer_sleep: wake-up order, many sleepers on one tick, zero
 * and negative sleeps, and that a sleeping thread leaves the CPU to others.
 * Sleepers aim at deadlines counted from one common tick, so the order they
 * wake in does not depend on when each got to run. */
#include <stdint.h>

#include "arch/x86_64/intr.h"
#include "kernel/ktest.h"
#include "kernel/printf.h"
#include "kernel/sync.h"
#include "kernel/thread.h"
#include "kernel/timer.h"
#include "lib/string.h"

/* Ticks a test waits for something that should take a few ticks at most, and
 * how late past its deadline a sleeper may wake. */
#define PATIENCE (5 * TIMER_FREQ)

/* A sleeping thread: when it should wake, and what it saw. */
struct sleeper {
    int id;           /* what it records in the wake-up order */
    int64_t deadline; /* tick it must not wake before */
    int64_t woke;     /* tick it saw on waking */
    int sleep_seq;    /* order in which it went to sleep */
};

static int wake_order[16]; /* sleeper ids in wake-up order */
static int n_woken;        /* guarded by disabling interrupts */
static int n_asleep;       /* guarded by disabling interrupts */

/* Records that sleeper S woke.  Interrupts must be off. */
static void
sleeper_record(struct sleeper *s)
{
    s->woke = timer_ticks();
    wake_order[n_woken++] = s->id;
}

/* Sleeps until S's deadline, then records that it woke. */
static void
sleeper_run(void *aux)
{
    struct sleeper *s = aux;
    timer_sleep(s->deadline - timer_ticks());
    enum intr_level old = intr_disable();
    sleeper_record(s);
    intr_set_level(old);
}

/* Like sleeper_run, but takes a number in the order of going to sleep, and
 * keeps interrupts off from then until it has recorded its waking, so both
 * orders are exact. */
static void
sleeper_run_counted(void *aux)
{
    struct sleeper *s = aux;
    enum intr_level old = intr_disable();
    s->sleep_seq = n_asleep++;
    timer_sleep(s->deadline - timer_ticks());
    sleeper_record(s);
    intr_set_level(old);
}

/* Starts a thread running FN for each of the N sleepers of S; returns how
 * many started (their threads are in THREADS). */
static int
sleepers_start(thread_fn *fn, struct sleeper *s, int n, struct thread **threads)
{
    n_woken = 0;
    n_asleep = 0;
    for (int i = 0; i < n; i++) {
        char name[THREAD_NAME_MAX];
        snprintf(name, sizeof name, "sleep-%d", s[i].id);
        threads[i] = thread_create(name, fn, &s[i]);
        if (threads[i] == NULL) {
            ktest_fail("cannot create thread %s", name);
            return i;
        }
    }
    return n;
}

/* Joins the N threads of THREADS and checks that each sleeper of S woke at or
 * soon after its deadline. */
static void
sleepers_finish(struct sleeper *s, int n, struct thread **threads)
{
    for (int i = 0; i < n; i++)
        thread_join(threads[i]);
    KTEST_CHECK(n_woken == n, "%d of %d sleepers woke", n_woken, n);
    for (int i = 0; i < n; i++) {
        int64_t late = s[i].woke - s[i].deadline;
        KTEST_CHECK(late >= 0, "sleeper %d woke %lld ticks early", s[i].id,
                    (long long)-late);
        KTEST_CHECK(late <= PATIENCE, "sleeper %d woke %lld ticks late", s[i].id,
                    (long long)late);
    }
}

/* ---- sleep-order ------------------------------------------------------------- */

#define ORDER_N 5

/* 5 threads, created in a scrambled order, sleep 10 to 50 ticks; they wake in
 * the order of their deadlines. */
static void
test_sleep_order(void)
{
    static const int ticks[ORDER_N] = {30, 10, 50, 20, 40};
    struct sleeper s[ORDER_N];
    struct thread *threads[ORDER_N];
    int64_t base = timer_ticks();
    for (int i = 0; i < ORDER_N; i++)
        s[i] = (struct sleeper){.id = ticks[i], .deadline = base + ticks[i]};
    int n = sleepers_start(sleeper_run, s, ORDER_N, threads);
    sleepers_finish(s, n, threads);
    ktest_msg_numbers("creation order", ticks, ORDER_N);
    ktest_msg_numbers("wake-up order", wake_order, n_woken);
}
KTEST("sleep-order", test_sleep_order);

/* ---- sleep-same-tick --------------------------------------------------------- */

#define SAME_N     6
#define SAME_TICKS 15

/* Several threads sleep until the same tick: all wake, in the order they went
 * to sleep. */
static void
test_sleep_same_tick(void)
{
    struct sleeper s[SAME_N];
    struct thread *threads[SAME_N];
    int64_t base = timer_ticks();
    for (int i = 0; i < SAME_N; i++)
        s[i] = (struct sleeper){.id = i, .deadline = base + SAME_TICKS};
    int n = sleepers_start(sleeper_run_counted, s, SAME_N, threads);
    sleepers_finish(s, n, threads);
    for (int k = 0; k < n_woken; k++) {
        int id = wake_order[k];
        KTEST_CHECK(s[id].sleep_seq == k, "sleeper %d went to sleep %d-th, woke %d-th",
                    id, s[id].sleep_seq, k);
    }
    ktest_msg("all %d sleepers of the same tick woke", n_woken);
    ktest_msg("they woke in the order they went to sleep");
}
KTEST("sleep-same-tick", test_sleep_same_tick);

/* ---- sleep-zero-negative ----------------------------------------------------- */

#define ZERO_CALLS 100

/* Calls timer_sleep(N) ZERO_CALLS times and checks that this took (almost) no
 * ticks. */
static void
zero_sleep(int64_t n)
{
    int64_t start = timer_ticks();
    for (int i = 0; i < ZERO_CALLS; i++)
        timer_sleep(n);
    int64_t e = timer_elapsed(start);
    KTEST_CHECK(e <= 2, "%d calls of timer_sleep(%lld) took %lld ticks", ZERO_CALLS,
                (long long)n, (long long)e);
}

/* timer_sleep(0), of a negative count and timer_msleep(0) return at once. */
static void
test_sleep_zero_negative(void)
{
    zero_sleep(0);
    zero_sleep(-5);
    zero_sleep(INT64_MIN);
    int64_t start = timer_ticks();
    timer_msleep(0);
    timer_msleep(-5);
    KTEST_CHECK(timer_elapsed(start) <= 2, "timer_msleep(0) took %lld ticks",
                (long long)timer_elapsed(start));
    ktest_msg("timer_sleep(0) returned at once");
    ktest_msg("timer_sleep(-5) returned at once");
    ktest_msg("timer_msleep(0) returned at once");
}
KTEST("sleep-zero-negative", test_sleep_zero_negative);

/* ---- sleep-blocks ------------------------------------------------------------ */

#define BLOCKS_TICKS 20

static volatile bool spin_stop;      /* tells the spinner to end */
static volatile bool main_asleep;    /* set by the test around its sleep */
static volatile uint64_t spin_count; /* the spinner's progress */
static volatile int spin_ticks_seen; /* ticks the spinner saw while main slept */
static int64_t spin_deadline;        /* safety net, should the sleep never end */
static volatile bool spin_timed_out; /* the spinner gave up at spin_deadline */

/* Counts until told to stop, and counts the ticks it sees go by while the
 * main thread sleeps. */
static void
spinner(void *aux)
{
    (void)aux;
    int64_t last = timer_ticks();
    while (!spin_stop && last < spin_deadline) {
        spin_count++;
        int64_t now = timer_ticks();
        if (now != last && main_asleep)
            spin_ticks_seen++;
        last = now;
    }
    spin_timed_out = !spin_stop;
}

/* Yields until the spinner has counted or PATIENCE ticks pass; returns whether
 * it did. */
static bool
wait_for_spinner(void)
{
    int64_t start = timer_ticks();
    while (spin_count == 0) {
        if (timer_elapsed(start) > PATIENCE)
            return false;
        thread_yield();
    }
    return true;
}

/* Starts the spinner with fresh counts, allowed to run TICKS ticks at most,
 * and yields until it runs; NULL (the test failed) if it cannot start. */
static struct thread *
spinner_start(int64_t ticks)
{
    spin_stop = false;
    main_asleep = false;
    spin_count = 0;
    spin_ticks_seen = 0;
    spin_timed_out = false;
    spin_deadline = timer_ticks() + ticks;
    struct thread *t = thread_create("spinner", spinner, NULL);
    if (t == NULL) {
        ktest_fail("cannot create the spinner");
        return NULL;
    }
    KTEST_CHECK(wait_for_spinner(), "the spinner never ran");
    return t;
}

/* Checks what happened during the sleep: C0 and C1 are the spinner's counts
 * before and after, E the ticks slept, SW the context switches meanwhile. */
static void
blocks_check(uint64_t c0, uint64_t c1, int64_t e, uint64_t sw)
{
    KTEST_CHECK(e >= BLOCKS_TICKS, "slept %d ticks, %lld elapsed", BLOCKS_TICKS,
                (long long)e);
    KTEST_CHECK(!spin_timed_out, "the spinner ran until its deadline");
    KTEST_CHECK(c1 > c0, "spinner counted %llu before the sleep and %llu after",
                (unsigned long long)c0, (unsigned long long)c1);
    /* A busy-waiting sleeper would have held the CPU for about half the ticks. */
    KTEST_CHECK(spin_ticks_seen >= BLOCKS_TICKS * 3 / 4,
                "spinner ran during %d of the %d ticks of the sleep", spin_ticks_seen,
                BLOCKS_TICKS);
    /* Sleeping takes two switches (away and back); a sleeper polling with
     * thread_yield would take two per time slice of the spinner. */
    KTEST_CHECK(sw <= 6, "%llu context switches during the sleep",
                (unsigned long long)sw);
}

/* While the main thread sleeps, a spinning thread has the CPU to itself. */
static void
test_sleep_blocks(void)
{
    struct thread *t = spinner_start(BLOCKS_TICKS + PATIENCE);
    if (t == NULL)
        return;
    uint64_t sw0 = thread_switches(), c0 = spin_count;
    int64_t start = timer_ticks();
    main_asleep = true;
    timer_sleep(BLOCKS_TICKS);
    main_asleep = false;
    int64_t e = timer_elapsed(start);
    uint64_t c1 = spin_count, sw = thread_switches() - sw0;
    spin_stop = true;
    thread_join(t);
    blocks_check(c0, c1, e, sw);
    ktest_msg("the spinner made progress while the main thread slept");
    ktest_msg("the sleeping thread did not hold the CPU");
}
KTEST("sleep-blocks", test_sleep_blocks);

/* ---- sleep-wakes-within-tick -------------------------------------------------- */

#define WAKES_N 40

/* A thread that sleeps a tick at a time next to a spinning one runs again
 * at the tick it wakes, or the next: the spinner is preempted for it then,
 * not at the end of its time slice (which made each of these sleeps last
 * TIME_SLICE ticks, and every thread waiting on I/O or a frame wait behind
 * any busy process). */
static void
test_sleep_wakes_within_tick(void)
{
    struct thread *t = spinner_start(4 * WAKES_N * TIME_SLICE + PATIENCE);
    if (t == NULL)
        return;
    int64_t longest = 0;
    for (int i = 0; i < WAKES_N; i++) {
        int64_t start = timer_ticks();
        timer_sleep(1);
        int64_t e = timer_elapsed(start);
        longest = e > longest ? e : longest;
    }
    uint64_t c = spin_count;
    spin_stop = true;
    thread_join(t);
    KTEST_CHECK(!spin_timed_out, "the spinner ran until its deadline");
    KTEST_CHECK(c > 0, "the spinner never ran");
    KTEST_CHECK(longest <= 2, "a sleep of one tick took %lld ticks", (long long)longest);
    ktest_msg("%d sleeps of one tick next to a spinner took at most 2 ticks each",
              WAKES_N);
}
KTEST("sleep-wakes-within-tick", test_sleep_wakes_within_tick);

/* ---- sched-slice-kept --------------------------------------------------------- */

#define SLICE_TICKS 40

static volatile bool busy_stop; /* tells the busy threads to end */
static int64_t busy_deadline;   /* safety net */

/* Spins until told to stop (or the deadline), waking nobody. */
static void
busy(void *aux)
{
    (void)aux;
    while (!busy_stop && timer_ticks() < busy_deadline)
        continue;
}

/* Two threads busy on the CPU, with no thread waking up meanwhile, take
 * turns a whole slice (TIME_SLICE ticks) at a time: preempting at every
 * tick is only for a thread that woke up (a count of those that never went
 * back to zero made every tick preempt). */
static void
test_sched_slice_kept(void)
{
    busy_stop = false;
    busy_deadline = timer_ticks() + SLICE_TICKS + PATIENCE;
    struct thread *a = thread_create("busy-a", busy, NULL);
    struct thread *b = thread_create("busy-b", busy, NULL);
    if (a == NULL || b == NULL) {
        ktest_fail("cannot create the busy threads");
        return;
    }
    timer_sleep(2); /* both running, taking turns */
    uint64_t sw0 = thread_switches();
    timer_sleep(SLICE_TICKS);
    uint64_t sw = thread_switches() - sw0;
    busy_stop = true;
    thread_join(a);
    thread_join(b);
    /* about SLICE_TICKS / TIME_SLICE turns, and the switches to and from
     * this thread as it wakes */
    KTEST_CHECK(sw <= SLICE_TICKS / TIME_SLICE + 4, "%llu switches in %d ticks",
                (unsigned long long)sw, SLICE_TICKS);
    KTEST_CHECK(sw >= SLICE_TICKS / TIME_SLICE / 2, "only %llu switches in %d ticks",
                (unsigned long long)sw, SLICE_TICKS);
    ktest_msg("two busy threads took turns a whole time slice at a time");
}
KTEST("sched-slice-kept", test_sched_slice_kept);
