/* Ticks and sleeping.  Sleeping threads wait on a list sorted by wake-up time;
 * the timer interrupt wakes every thread whose time has come, in order. */
#include "kernel/timer.h"

#include "arch/x86_64/intr.h"
#include "dev/pit.h"
#include "kernel/debug.h"
#include "kernel/thread.h"

static volatile int64_t ticks; /* [I] */
static struct list sleepers;   /* [I] sorted by wake_tick, FIFO among equals */
static struct list callouts;   /* [I] pending callouts, sorted by when */

void
timer_init(void)
{
    list_init(&sleepers);
    list_init(&callouts);
    pit_start(TIMER_FREQ);
}

int64_t
timer_ticks(void)
{
    enum intr_level old = intr_disable();
    int64_t t = ticks;
    intr_set_level(old);
    return t;
}

int64_t
timer_elapsed(int64_t then)
{
    return timer_ticks() - then;
}

/* The tick N ticks from now, saturating instead of overflowing.  Interrupts
 * off. */
static int64_t
tick_after(int64_t n)
{
    return n > INT64_MAX - ticks ? INT64_MAX : ticks + n;
}

/* Orders sleeping threads by wake-up tick. */
static bool
wakes_earlier(const struct list_node *a, const struct list_node *b, void *aux)
{
    (void)aux;
    return list_entry(a, struct thread, wait_node)->wake_tick <
           list_entry(b, struct thread, wait_node)->wake_tick;
}

void
timer_sleep(int64_t n)
{
    if (n <= 0)
        return;
    ASSERT(!intr_context());
    enum intr_level old = intr_disable();
    struct thread *t = thread_current();
    t->wake_tick = tick_after(n);
    list_insert_ordered(&sleepers, &t->wait_node, wakes_earlier, NULL);
    thread_block();
    intr_set_level(old);
}

void
timer_msleep(int64_t ms)
{
    if (ms > INT64_MAX / TIMER_FREQ)
        ms = INT64_MAX / TIMER_FREQ;
    timer_sleep((ms * TIMER_FREQ + 999) / 1000);
}

/* Orders callouts by due tick. */
static bool
callout_earlier(const struct list_node *a, const struct list_node *b, void *aux)
{
    (void)aux;
    return list_entry(a, struct callout, node)->when <
           list_entry(b, struct callout, node)->when;
}

void
callout_schedule(struct callout *c, int64_t n, void (*fn)(void *), void *aux)
{
    enum intr_level old = intr_disable();
    ASSERT(!c->pending);
    c->when = tick_after(n > 0 ? n : 1);
    c->fn = fn;
    c->aux = aux;
    c->pending = true;
    list_insert_ordered(&callouts, &c->node, callout_earlier, NULL);
    intr_set_level(old);
}

bool
callout_cancel(struct callout *c)
{
    enum intr_level old = intr_disable();
    bool was = c->pending;
    if (was) {
        list_remove(&c->node);
        c->pending = false;
    }
    intr_set_level(old);
    return was;
}

/* Runs every callout that is due.  Interrupt context. */
static void
callouts_run(void)
{
    while (!list_empty(&callouts)) {
        struct callout *c = list_entry(list_front(&callouts), struct callout, node);
        if (c->when > ticks)
            break;
        list_pop_front(&callouts);
        c->pending = false;
        c->fn(c->aux);
    }
}

void
timer_interrupt(void)
{
    ticks++;
    callouts_run();
    while (!list_empty(&sleepers)) {
        struct thread *t = list_entry(list_front(&sleepers), struct thread, wait_node);
        if (t->wake_tick > ticks)
            break;
        list_pop_front(&sleepers);
        thread_unblock(t);
    }
    thread_tick();
}
