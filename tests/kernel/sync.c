/* Self tests for semaphores, locks and condition variables.  Threads hand work
 * to each other through the primitive under test; each test prints only what
 * the primitive guarantees whatever the timing. */
#include <stdint.h>

#include "kernel/ktest.h"
#include "kernel/printf.h"
#include "kernel/sync.h"
#include "kernel/thread.h"
#include "kernel/timer.h"

/* Ticks a test waits for something that should take a few ticks at most. */
#define PATIENCE (5 * TIMER_FREQ)

/* Yields until *COUNT, read under LOCK, is at least GOAL or PATIENCE ticks
 * pass; returns whether the goal was reached. */
static bool
wait_for_count(struct lock *lock, const int *count, int goal)
{
    int64_t start = timer_ticks();
    for (;;) {
        lock_acquire(lock);
        bool reached = *count >= goal;
        lock_release(lock);
        if (reached)
            return true;
        if (timer_elapsed(start) > PATIENCE)
            return false;
        thread_yield();
    }
}

/* ---- sema-pingpong ----------------------------------------------------------- */

#define PINGPONG_ROUNDS 200

static struct semaphore ping, pong;
static char pingpong_seq[2 * PINGPONG_ROUNDS];
static int pingpong_len;

/* Takes TAKE, records LETTER, gives GIVE; PINGPONG_ROUNDS times. */
static void
pingpong_turns(struct semaphore *take, struct semaphore *give, char letter)
{
    for (int i = 0; i < PINGPONG_ROUNDS; i++) {
        sema_down(take);
        pingpong_seq[pingpong_len++] = letter;
        sema_up(give);
    }
}

/* The "ping" side: starts, because ping begins at 1. */
static void
pingpong_ping(void *aux)
{
    (void)aux;
    pingpong_turns(&ping, &pong, 'P');
}

/* The "pong" side. */
static void
pingpong_pong(void *aux)
{
    (void)aux;
    pingpong_turns(&pong, &ping, 'Q');
}

/* Returns the index of the first turn of pingpong_seq that breaks the
 * P Q P Q ... pattern, or -1 if none does. */
static int
pingpong_first_bad(void)
{
    for (int i = 0; i < pingpong_len; i++)
        if (pingpong_seq[i] != (i % 2 == 0 ? 'P' : 'Q'))
            return i;
    return -1;
}

/* Two threads alternate strictly through two semaphores. */
static void
test_sema_pingpong(void)
{
    struct thread *threads[2];
    sema_init(&ping, 1);
    sema_init(&pong, 0);
    pingpong_len = 0;
    /* Pong is created first, so it is the one that must wait. */
    threads[0] = ktest_spawn("pong", 0, pingpong_pong, NULL);
    threads[1] = ktest_spawn("ping", 0, pingpong_ping, NULL);
    if (threads[0] == NULL || threads[1] == NULL) {
        ktest_fail("cannot run the test");
        return; /* the other one is stuck on its semaphore */
    }
    ktest_join_all(threads, 2);
    KTEST_CHECK(pingpong_len == 2 * PINGPONG_ROUNDS, "%d turns", pingpong_len);
    int bad = pingpong_first_bad();
    KTEST_CHECK(bad < 0, "turn %d went to '%c'", bad, bad < 0 ? '-' : pingpong_seq[bad]);
    ktest_msg("sequence: %.8s...", pingpong_seq);
    ktest_msg("%d turns alternated strictly", pingpong_len);
}
KTEST("sema-pingpong", test_sema_pingpong);

/* ---- sema-try-down ----------------------------------------------------------- */

static struct semaphore try_sema;

/* Ups try_sema once. */
static void
try_upper(void *aux)
{
    (void)aux;
    sema_up(&try_sema);
}

/* Returns how many times sema_try_down succeeds on S before it fails, up to
 * LIMIT times. */
static int
try_drain(struct semaphore *s, int limit)
{
    int n = 0;
    while (n < limit && sema_try_down(s))
        n++;
    return n;
}

/* sema_try_down takes exactly what is there and never blocks. */
static void
test_sema_try_down(void)
{
    sema_init(&try_sema, 2);
    KTEST_CHECK(try_drain(&try_sema, 10) == 2, "a semaphore of 2 gave more or less");
    int64_t start = timer_ticks();
    int got = 0;
    for (int i = 0; i < 1000; i++)
        got += sema_try_down(&try_sema);
    KTEST_CHECK(got == 0, "took %d times from a semaphore of 0", got);
    KTEST_CHECK(timer_elapsed(start) <= 5, "1000 failed tries took %lld ticks",
                (long long)timer_elapsed(start));
    for (int i = 0; i < 100; i++)
        sema_up(&try_sema);
    KTEST_CHECK(try_drain(&try_sema, 1000) == 100, "100 ups did not give 100");
    struct thread *t = ktest_spawn("upper", 0, try_upper, NULL);
    if (t != NULL)
        thread_join(t);
    KTEST_CHECK(sema_try_down(&try_sema), "another thread's up was lost");
    KTEST_CHECK(!sema_try_down(&try_sema), "another thread's up counted twice");
    ktest_msg("a semaphore of 2 gave exactly 2");
    ktest_msg("a semaphore of 0 refused without blocking");
    ktest_msg("100 ups gave exactly 100, an up from another thread 1");
}
KTEST("sema-try-down", test_sema_try_down);

/* ---- lock-contention --------------------------------------------------------- */

#define CONTENTION_THREADS 8
#define CONTENTION_ITERS   1000

static struct lock counter_lock;
static volatile int counter;  /* guarded by counter_lock */
static volatile int inside;   /* threads in the critical section */
static volatile int overlaps; /* times two were inside at once */
static volatile int not_held; /* times the holder did not know it */

/* One increment under the lock, done as a read, sometimes a yield, and a
 * write: without mutual exclusion, updates would be lost. */
static void
contention_increment(int i)
{
    lock_acquire(&counter_lock);
    if (++inside != 1)
        overlaps++;
    if (!lock_held_by_current_thread(&counter_lock))
        not_held++;
    int v = counter;
    if (i % 50 == 0)
        thread_yield();
    counter = v + 1;
    inside--;
    lock_release(&counter_lock);
}

/* Increments the counter CONTENTION_ITERS times. */
static void
contention_worker(void *aux)
{
    (void)aux;
    for (int i = 0; i < CONTENTION_ITERS; i++)
        contention_increment(i);
}

/* 8 threads increment a shared counter under a lock, yielding while holding
 * it; no increment is lost. */
static void
test_lock_contention(void)
{
    struct thread *threads[CONTENTION_THREADS];
    lock_init(&counter_lock);
    counter = inside = overlaps = not_held = 0;
    for (int i = 0; i < CONTENTION_THREADS; i++)
        threads[i] = ktest_spawn("inc", i, contention_worker, NULL);
    ktest_join_all(threads, CONTENTION_THREADS);
    KTEST_CHECK(counter == CONTENTION_THREADS * CONTENTION_ITERS, "counter is %d",
                counter);
    KTEST_CHECK(overlaps == 0, "%d times two threads held the lock", overlaps);
    KTEST_CHECK(not_held == 0, "%d times the holder did not hold the lock", not_held);
    KTEST_CHECK(!lock_held_by_current_thread(&counter_lock), "main holds the lock");
    ktest_msg("counter: %d", counter);
    ktest_msg("never two threads in the critical section");
}
KTEST("lock-contention", test_lock_contention);

/* ---- lock-try-acquire -------------------------------------------------------- */

static struct lock try_lock;
static struct semaphore holder_has_it; /* upped once the holder holds try_lock */
static struct semaphore holder_may_go; /* tells the holder to release it */
static volatile bool holder_saw_held;

/* Acquires try_lock, holds it until told to let go, then releases it. */
static void
lock_holder(void *aux)
{
    (void)aux;
    lock_acquire(&try_lock);
    holder_saw_held = lock_held_by_current_thread(&try_lock);
    sema_up(&holder_has_it);
    sema_down(&holder_may_go);
    lock_release(&try_lock);
}

/* Checks lock_try_acquire and lock_held_by_current_thread while another thread
 * holds the lock. */
static void
try_while_held(void)
{
    KTEST_CHECK(holder_saw_held, "the holder does not know it holds the lock");
    KTEST_CHECK(!lock_held_by_current_thread(&try_lock), "main thinks it holds it");
    KTEST_CHECK(!lock_try_acquire(&try_lock), "got a lock another thread holds");
    KTEST_CHECK(!lock_held_by_current_thread(&try_lock),
                "a failed try made main hold it");
}

/* Checks lock_try_acquire and lock_held_by_current_thread on a free lock. */
static void
try_while_free(void)
{
    KTEST_CHECK(lock_try_acquire(&try_lock), "could not get a free lock");
    KTEST_CHECK(lock_held_by_current_thread(&try_lock), "main does not know it holds it");
    lock_release(&try_lock);
    KTEST_CHECK(!lock_held_by_current_thread(&try_lock), "main holds it after release");
}

/* lock_try_acquire fails while another thread holds the lock and succeeds once
 * it is released. */
static void
test_lock_try_acquire(void)
{
    lock_init(&try_lock);
    sema_init(&holder_has_it, 0);
    sema_init(&holder_may_go, 0);
    holder_saw_held = false;
    try_while_free();
    struct thread *t = ktest_spawn("holder", 0, lock_holder, NULL);
    if (t == NULL)
        return;
    sema_down(&holder_has_it);
    try_while_held();
    sema_up(&holder_may_go);
    thread_join(t);
    try_while_free();
    ktest_msg("lock_try_acquire failed while another thread held the lock");
    ktest_msg("lock_try_acquire succeeded once it was released");
    ktest_msg("lock_held_by_current_thread was right every time");
}
KTEST("lock-try-acquire", test_lock_try_acquire);

/* ---- cond-producer-consumer -------------------------------------------------- */

#define PC_SLOTS     8
#define PC_PRODUCERS 2
#define PC_CONSUMERS 2
#define PC_ITEMS     500 /* per producer */
#define PC_TOTAL     (PC_PRODUCERS * PC_ITEMS)

/* A bounded FIFO buffer; every field is guarded by LOCK. */
static struct {
    struct lock lock;
    struct condition not_full, not_empty;
    int items[PC_SLOTS];
    int head, count;        /* next item to take, items held */
    int taken;              /* items taken so far, by all consumers */
    int max_count;          /* most items ever held */
    int last[PC_PRODUCERS]; /* last item taken from each producer */
    int out_of_order;       /* items of one producer taken out of order */
} pc;

/* What one consumer took. */
struct pc_result {
    int count;
    long sum;
};

/* Puts ITEM in the buffer, waiting while it is full. */
static void
pc_put(int item)
{
    lock_acquire(&pc.lock);
    while (pc.count == PC_SLOTS)
        cond_wait(&pc.not_full, &pc.lock);
    pc.items[(pc.head + pc.count) % PC_SLOTS] = item;
    if (++pc.count > pc.max_count)
        pc.max_count = pc.count;
    cond_signal(&pc.not_empty, &pc.lock);
    lock_release(&pc.lock);
}

/* Takes the oldest item, waiting while the buffer is empty; returns 0 once all
 * PC_TOTAL items have been taken. */
static int
pc_take(void)
{
    lock_acquire(&pc.lock);
    while (pc.count == 0 && pc.taken < PC_TOTAL)
        cond_wait(&pc.not_empty, &pc.lock);
    int item = 0;
    if (pc.count > 0) {
        item = pc.items[pc.head];
        pc.head = (pc.head + 1) % PC_SLOTS;
        pc.count--;
        int p = (item - 1) / PC_ITEMS;
        if (item <= pc.last[p])
            pc.out_of_order++;
        pc.last[p] = item;
        if (++pc.taken == PC_TOTAL)
            cond_broadcast(&pc.not_empty, &pc.lock); /* the others may stop */
        cond_signal(&pc.not_full, &pc.lock);
    }
    lock_release(&pc.lock);
    return item;
}

/* Producer P puts items P * PC_ITEMS + 1 ... (P + 1) * PC_ITEMS, in order. */
static void
pc_producer(void *aux)
{
    int p = (int)(intptr_t)aux;
    for (int i = 1; i <= PC_ITEMS; i++)
        pc_put(p * PC_ITEMS + i);
}

/* Takes items until none are left, adding them up in its pc_result. */
static void
pc_consumer(void *aux)
{
    struct pc_result *r = aux;
    for (int item; (item = pc_take()) != 0;) {
        r->count++;
        r->sum += item;
    }
}

/* Sets up the buffer. */
static void
pc_init(void)
{
    lock_init(&pc.lock);
    cond_init(&pc.not_full);
    cond_init(&pc.not_empty);
    pc.head = pc.count = pc.taken = pc.max_count = pc.out_of_order = 0;
    for (int p = 0; p < PC_PRODUCERS; p++)
        pc.last[p] = 0;
}

/* Checks what the consumers of RESULTS took, all together. */
static void
pc_check(const struct pc_result *results)
{
    int count = 0;
    long sum = 0;
    for (int c = 0; c < PC_CONSUMERS; c++) {
        count += results[c].count;
        sum += results[c].sum;
    }
    KTEST_CHECK(count == PC_TOTAL, "consumed %d items", count);
    KTEST_CHECK(sum == (long)PC_TOTAL * (PC_TOTAL + 1) / 2, "sum %ld", sum);
    KTEST_CHECK(pc.max_count <= PC_SLOTS, "the buffer held %d items", pc.max_count);
    KTEST_CHECK(pc.out_of_order == 0, "%d items out of order", pc.out_of_order);
    KTEST_CHECK(pc.count == 0, "%d items left over", pc.count);
    ktest_msg("consumed %d items, sum %ld", count, sum);
}

/* 2 producers and 2 consumers share a buffer of 8 slots. */
static void
test_cond_producer_consumer(void)
{
    struct pc_result results[PC_CONSUMERS] = {{0, 0}};
    struct thread *threads[PC_PRODUCERS + PC_CONSUMERS];
    pc_init();
    for (int c = 0; c < PC_CONSUMERS; c++)
        threads[c] = ktest_spawn("consumer", c, pc_consumer, &results[c]);
    for (int p = 0; p < PC_PRODUCERS; p++)
        threads[PC_CONSUMERS + p] =
            ktest_spawn("producer", p, pc_producer, (void *)(intptr_t)p);
    ktest_join_all(threads, PC_PRODUCERS + PC_CONSUMERS);
    pc_check(results);
    ktest_msg("the buffer never held more than %d items", PC_SLOTS);
    ktest_msg("each producer's items came out in order");
}
KTEST("cond-producer-consumer", test_cond_producer_consumer);

/* ---- cond-broadcast ---------------------------------------------------------- */

#define BCAST_WAITERS  10
#define SIGNAL_WAITERS 3

/* Shared by the waiters; every field is guarded by LOCK. */
static struct {
    struct lock lock;
    struct condition cond;
    int waiting;                   /* waiters that called cond_wait */
    int woken;                     /* waiters that returned from it */
    int wake_order[BCAST_WAITERS]; /* waiting positions, in wake-up order */
} cv;

/* Waits on cv.cond once (no predicate: this implementation has no spurious
 * wake-ups), then records its waiting position. */
static void
cv_waiter(void *aux)
{
    (void)aux;
    lock_acquire(&cv.lock);
    int pos = cv.waiting++;
    cond_wait(&cv.cond, &cv.lock);
    cv.wake_order[cv.woken++] = pos;
    lock_release(&cv.lock);
}

/* Starts N waiters into THREADS and waits until all are in cond_wait. */
static void
cv_start(struct thread **threads, int n)
{
    lock_init(&cv.lock);
    cond_init(&cv.cond);
    cv.waiting = cv.woken = 0;
    for (int i = 0; i < n; i++)
        threads[i] = ktest_spawn("waiter", i, cv_waiter, NULL);
    KTEST_CHECK(wait_for_count(&cv.lock, &cv.waiting, n), "only %d waiting", cv.waiting);
}

/* Wakes waiters with FN, waits for EXPECT of them to return from cond_wait,
 * then a little more for any extra; returns how many returned. */
static int
cv_wake(void (*fn)(struct condition *, struct lock *), int expect)
{
    lock_acquire(&cv.lock);
    int before = cv.woken;
    fn(&cv.cond, &cv.lock);
    lock_release(&cv.lock);
    wait_for_count(&cv.lock, &cv.woken, before + expect);
    timer_sleep(3); /* an extra waiter woken by mistake would run now */
    lock_acquire(&cv.lock);
    int n = cv.woken - before;
    lock_release(&cv.lock);
    return n;
}

/* Signals until all N waiters have returned from cond_wait, or PATIENCE ticks
 * pass; returns whether they all did (so they can be joined). */
static bool
cv_finish(int n)
{
    int64_t start = timer_ticks();
    for (;;) {
        lock_acquire(&cv.lock);
        bool done = cv.woken >= n;
        if (!done)
            cond_signal(&cv.cond, &cv.lock);
        lock_release(&cv.lock);
        if (done)
            return true;
        if (timer_elapsed(start) > PATIENCE)
            return false;
        thread_yield();
    }
}

/* One broadcast wakes all 10 waiters. */
static void
broadcast_all(void)
{
    struct thread *threads[BCAST_WAITERS];
    cv_start(threads, BCAST_WAITERS);
    int n = cv_wake(cond_broadcast, BCAST_WAITERS);
    KTEST_CHECK(n == BCAST_WAITERS, "broadcast woke %d", n);
    if (KTEST_CHECK(cv_finish(BCAST_WAITERS), "waiters stuck in cond_wait"))
        ktest_join_all(threads, BCAST_WAITERS);
    ktest_msg("one broadcast woke all %d waiters", cv.woken);
}

/* Each signal wakes exactly one waiter, the one that has waited longest. */
static void
signal_one(void)
{
    struct thread *threads[SIGNAL_WAITERS];
    cv_start(threads, SIGNAL_WAITERS);
    for (int i = 0; i < SIGNAL_WAITERS; i++) {
        int n = cv_wake(cond_signal, 1);
        KTEST_CHECK(n == 1, "signal %d woke %d", i, n);
        KTEST_CHECK(cv.wake_order[i] == i, "signal %d woke waiter %d", i,
                    cv.wake_order[i]);
    }
    KTEST_CHECK(cv_wake(cond_signal, 0) == 0, "a signal with no waiter woke one");
    if (KTEST_CHECK(cv_finish(SIGNAL_WAITERS), "waiters stuck in cond_wait"))
        ktest_join_all(threads, SIGNAL_WAITERS);
    ktest_msg("each of %d signals woke exactly one waiter, the longest waiting",
              SIGNAL_WAITERS);
    ktest_msg("a signal with no waiters did nothing");
}

/* Broadcast wakes every waiter; signal wakes one. */
static void
test_cond_broadcast(void)
{
    broadcast_all();
    signal_one();
}
KTEST("cond-broadcast", test_cond_broadcast);
