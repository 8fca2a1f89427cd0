/* Self tests for kernel threads and the scheduler: creating, joining and
 * detaching threads, many threads at once, preemption by the timer, round-robin
 * fairness and thread_yield.  Every line printed is a timing-independent fact;
 * timing-dependent facts are only checked. */
#include <stdint.h>

#include "arch/x86_64/intr.h"
#include "kernel/ktest.h"
#include "kernel/printf.h"
#include "kernel/sync.h"
#include "kernel/thread.h"
#include "kernel/timer.h"
#include "lib/string.h"

/* Ticks a test waits for something that should take a few ticks at most. */
#define PATIENCE (5 * TIMER_FREQ)

/* Yields until exited thread T is DYING or PATIENCE ticks pass; returns whether
 * it exited. */
static bool
wait_for_exit(struct thread *t)
{
    int64_t start = timer_ticks();
    while (*(volatile enum thread_state *)&t->state != THREAD_DYING) {
        if (timer_elapsed(start) > PATIENCE)
            return false;
        thread_yield();
    }
    return true;
}

/* ---- threads-create --------------------------------------------------------- */

#define CREATE_N 20

struct create_arg {
    int index;
    char name[THREAD_NAME_MAX];
    int *slots;
    bool name_ok;
    tid_t tid;
};

/* Records the thread's index in its slot and checks that it runs as the thread
 * it was created as. */
static void
create_worker(void *aux)
{
    struct create_arg *a = aux;
    a->slots[a->index] = a->index + 1;
    a->name_ok = strcmp(thread_current()->name, a->name) == 0 &&
                 strcmp(thread_name(), a->name) == 0;
    a->tid = thread_tid();
}

/* Checks that the threads of ARGS each ran, as themselves, with distinct tids. */
static void
create_check(struct create_arg *args, const int *slots)
{
    for (int i = 0; i < CREATE_N; i++) {
        KTEST_CHECK(slots[i] == i + 1, "slot %d holds %d", i, slots[i]);
        KTEST_CHECK(args[i].name_ok, "thread %d did not see its name '%s'", i,
                    args[i].name);
        for (int j = 0; j < i; j++)
            KTEST_CHECK(args[i].tid != args[j].tid, "threads %d and %d share tid %d", j,
                        i, args[i].tid);
    }
}

/* 20 threads each fill their own slot of a shared array; all are joined. */
static void
test_threads_create(void)
{
    static struct create_arg args[CREATE_N];
    static int slots[CREATE_N];
    struct thread *threads[CREATE_N];
    unsigned base = thread_count();
    memset(slots, 0, sizeof slots);
    for (int i = 0; i < CREATE_N; i++) {
        args[i] = (struct create_arg){.index = i, .slots = slots, .tid = TID_ERROR};
        snprintf(args[i].name, sizeof args[i].name, "create-%d", i);
        threads[i] = ktest_spawn("create", i, create_worker, &args[i]);
    }
    ktest_join_all(threads, CREATE_N);
    create_check(args, slots);
    KTEST_CHECK(thread_count() == base, "%u threads left, %u before", thread_count(),
                base);
    ktest_msg("all %d threads ran", CREATE_N);
    ktest_msg("each thread saw its own name and a distinct tid");
}
KTEST("threads-create", test_threads_create);

/* ---- threads-join-order ------------------------------------------------------ */

#define JOIN_N 6

static struct semaphore join_go[JOIN_N]; /* thread I exits once join_go[I] is up */
static int join_exits[JOIN_N];           /* indexes in exit order */
static int join_n_exits;                 /* guarded by disabling interrupts */

/* Waits for its go signal, then records that it exits. */
static void
join_worker(void *aux)
{
    int i = (int)(intptr_t)aux;
    sema_down(&join_go[i]);
    enum intr_level old = intr_disable();
    join_exits[join_n_exits++] = i;
    intr_set_level(old);
}

/* Lets every thread of THREADS that was created exit, and joins it. */
static void
join_release_all(struct thread **threads)
{
    for (int i = 0; i < JOIN_N; i++)
        sema_up(&join_go[i]);
    ktest_join_all(threads, JOIN_N);
}

/* Lets threads 3, 0, 5, 1 exit one by one (waiting for each to be gone), then
 * joins in another order; 4 and 2 are still blocked when their join starts. */
static void
test_threads_join_order(void)
{
    static const int early[] = {3, 0, 5, 1};
    static const int join_order[JOIN_N] = {4, 1, 5, 2, 3, 0};
    struct thread *threads[JOIN_N];
    join_n_exits = 0;
    bool all = true;
    for (int i = 0; i < JOIN_N; i++) {
        sema_init(&join_go[i], 0);
        threads[i] = ktest_spawn("join", i, join_worker, (void *)(intptr_t)i);
        all = all && threads[i] != NULL;
    }
    if (!all) {
        join_release_all(threads);
        return;
    }
    for (int k = 0; k < 4; k++) {
        sema_up(&join_go[early[k]]);
        KTEST_CHECK(wait_for_exit(threads[early[k]]), "thread %d did not exit", early[k]);
    }
    for (int k = 0; k < JOIN_N; k++) {
        int i = join_order[k];
        if (i == 4 || i == 2)
            sema_up(&join_go[i]); /* still blocked: the join must wait for it */
        thread_join(threads[i]);
    }
    KTEST_CHECK(join_n_exits == JOIN_N, "%d threads exited", join_n_exits);
    ktest_msg_numbers("exit order", join_exits, join_n_exits);
    ktest_msg_numbers("join order", join_order, JOIN_N);
}
KTEST("threads-join-order", test_threads_join_order);

/* ---- threads-many ------------------------------------------------------------ */

#define MANY_N 100

static struct semaphore many_go;    /* released once all threads exist */
static struct semaphore many_ready; /* upped by each thread as it starts */
static volatile int many_done;

/* Says it started, waits for the go signal, counts itself done. */
static void
many_worker(void *aux)
{
    (void)aux;
    sema_up(&many_ready);
    sema_down(&many_go);
    __atomic_fetch_add(&many_done, 1, __ATOMIC_SEQ_CST);
}

/* Creates MANY_N threads into THREADS; returns how many were created. */
static int
many_create(struct thread **threads)
{
    for (int i = 0; i < MANY_N; i++) {
        threads[i] = ktest_spawn("many", i, many_worker, NULL);
        if (threads[i] == NULL)
            return i;
    }
    return MANY_N;
}

/* 100 threads are alive and blocked at once, then all are released and joined. */
static void
test_threads_many(void)
{
    static struct thread *threads[MANY_N];
    unsigned base = thread_count();
    sema_init(&many_go, 0);
    sema_init(&many_ready, 0);
    many_done = 0;
    int n = many_create(threads);
    for (int i = 0; i < n; i++)
        sema_down(&many_ready);
    KTEST_CHECK(thread_count() == base + MANY_N, "%u threads alive, %u before",
                thread_count(), base);
    KTEST_CHECK(many_done == 0, "%d threads passed the barrier early", many_done);
    for (int i = 0; i < n; i++)
        sema_up(&many_go);
    ktest_join_all(threads, n);
    KTEST_CHECK(many_done == MANY_N, "%d of %d threads finished", many_done, MANY_N);
    KTEST_CHECK(thread_count() == base, "%u threads left, %u before", thread_count(),
                base);
    ktest_msg("%d threads were alive at once", n);
    ktest_msg("all %d finished and were joined", many_done);
}
KTEST("threads-many", test_threads_many);

/* ---- threads-preempt --------------------------------------------------------- */

#define PREEMPT_N 4

static volatile int preempt_started;
static volatile int preempt_timeouts;
static int64_t preempt_deadline;

/* Marks itself started, then spins without yielding until all have started:
 * only the timer can take the CPU away from it. */
static void
preempt_worker(void *aux)
{
    (void)aux;
    __atomic_fetch_add(&preempt_started, 1, __ATOMIC_SEQ_CST);
    while (preempt_started < PREEMPT_N) {
        if (timer_ticks() > preempt_deadline) {
            __atomic_fetch_add(&preempt_timeouts, 1, __ATOMIC_SEQ_CST);
            return;
        }
    }
}

/* 4 busy threads that never give up the CPU all get to start. */
static void
test_threads_preempt(void)
{
    struct thread *threads[PREEMPT_N];
    preempt_started = 0;
    preempt_timeouts = 0;
    preempt_deadline = timer_ticks() + PATIENCE;
    for (int i = 0; i < PREEMPT_N; i++)
        threads[i] = ktest_spawn("spin", i, preempt_worker, NULL);
    ktest_join_all(threads, PREEMPT_N);
    KTEST_CHECK(preempt_started == PREEMPT_N, "%d of %d threads started", preempt_started,
                PREEMPT_N);
    KTEST_CHECK(preempt_timeouts == 0, "%d threads gave up at the deadline",
                preempt_timeouts);
    ktest_msg("all %d spinning threads started", PREEMPT_N);
}
KTEST("threads-preempt", test_threads_preempt);

/* ---- threads-round-robin ----------------------------------------------------- */

#define RR_N     3
#define RR_TICKS 50

static volatile bool rr_stop;
static volatile uint64_t rr_counts[RR_N];
static int64_t rr_deadline; /* safety net, should preemption not work */

/* Counts as fast as it can until told to stop. */
static void
rr_worker(void *aux)
{
    volatile uint64_t *count = aux;
    while (!rr_stop && timer_ticks() < rr_deadline)
        (*count)++;
}

/* Checks that every thread got at least a tenth of the CPU. */
static void
rr_check(void)
{
    uint64_t total = 0;
    for (int i = 0; i < RR_N; i++)
        total += rr_counts[i];
    for (int i = 0; i < RR_N; i++)
        KTEST_CHECK(rr_counts[i] > 0 && rr_counts[i] * 10 >= total,
                    "thread %d counted %llu of %llu", i, (unsigned long long)rr_counts[i],
                    (unsigned long long)total);
}

/* 3 spinning threads share the CPU fairly for about RR_TICKS ticks. */
static void
test_threads_round_robin(void)
{
    struct thread *threads[RR_N];
    rr_stop = false;
    rr_deadline = timer_ticks() + RR_TICKS + PATIENCE;
    for (int i = 0; i < RR_N; i++) {
        rr_counts[i] = 0;
        threads[i] = ktest_spawn("rr", i, rr_worker, (void *)&rr_counts[i]);
    }
    timer_sleep(RR_TICKS);
    rr_stop = true;
    ktest_join_all(threads, RR_N);
    rr_check();
    ktest_msg("each of %d spinning threads got a fair share of the CPU", RR_N);
}
KTEST("threads-round-robin", test_threads_round_robin);

/* ---- threads-detached -------------------------------------------------------- */

#define DETACHED_N 10

static struct semaphore detached_done;
static volatile bool detached_ran[DETACHED_N];

/* Marks itself as run, then ups detached_done as its very last action. */
static void
detached_worker(void *aux)
{
    detached_ran[(intptr_t)aux] = true;
    sema_up(&detached_done);
}

/* Waits until at most BASE threads are alive (the detached ones have exited
 * after their last sema_up) or PATIENCE ticks pass; returns whether they did. */
static bool
wait_for_thread_count(unsigned base)
{
    int64_t start = timer_ticks();
    while (thread_count() > base) {
        if (timer_elapsed(start) > PATIENCE)
            return false;
        thread_yield();
    }
    return true;
}

/* 10 detached threads run and free themselves; nobody joins them. */
static void
test_threads_detached(void)
{
    unsigned base = thread_count();
    int created = 0;
    sema_init(&detached_done, 0);
    for (int i = 0; i < DETACHED_N; i++) {
        detached_ran[i] = false;
        if (thread_create_detached("detached", detached_worker, (void *)(intptr_t)i) !=
            TID_ERROR)
            created++;
    }
    KTEST_CHECK(created == DETACHED_N, "created %d detached threads", created);
    for (int i = 0; i < created; i++)
        sema_down(&detached_done);
    for (int i = 0; i < DETACHED_N; i++)
        KTEST_CHECK(detached_ran[i], "detached thread %d did not run", i);
    KTEST_CHECK(wait_for_thread_count(base), "%u threads alive, %u before",
                thread_count(), base);
    thread_reap_all();
    ktest_msg("all %d detached threads ran and exited", created);
}
KTEST("threads-detached", test_threads_detached);

/* ---- threads-yield ----------------------------------------------------------- */

#define YIELD_ROUNDS 200

static volatile int yield_arrived;
static char yield_seq[2 * YIELD_ROUNDS];
static int yield_len;

/* Records its letter YIELD_ROUNDS times, yielding after each.  Interrupts stay
 * off from the moment both threads have arrived, so only thread_yield switches
 * between the two: the letters must alternate strictly. */
static void
yield_worker(void *aux)
{
    char letter = (char)(intptr_t)aux;
    enum intr_level old = intr_disable();
    yield_arrived++;
    while (yield_arrived < 2)
        thread_yield();
    for (int i = 0; i < YIELD_ROUNDS; i++) {
        yield_seq[yield_len++] = letter;
        thread_yield();
    }
    intr_set_level(old);
}

/* Returns whether no two neighbors in yield_seq are equal; fails if not. */
static bool
yield_alternates(void)
{
    for (int i = 1; i < yield_len; i++) {
        if (yield_seq[i] == yield_seq[i - 1]) {
            ktest_fail("turn %d: '%c' ran twice in a row", i, yield_seq[i]);
            return false;
        }
    }
    return true;
}

/* Returns how many times LETTER occurs in yield_seq. */
static int
yield_count(char letter)
{
    int n = 0;
    for (int i = 0; i < yield_len; i++)
        n += yield_seq[i] == letter;
    return n;
}

/* Two threads hand the CPU back and forth with thread_yield. */
static void
test_threads_yield(void)
{
    struct thread *a, *b;
    yield_arrived = 0;
    yield_len = 0;
    a = ktest_spawn("yield", 0, yield_worker, (void *)(intptr_t)'A');
    b = ktest_spawn("yield", 1, yield_worker, (void *)(intptr_t)'B');
    if (a == NULL || b == NULL)
        __atomic_fetch_add(&yield_arrived, 1, __ATOMIC_SEQ_CST); /* none waits for ever */
    ktest_join_all((struct thread *[]){a, b}, 2);
    KTEST_CHECK(yield_len == 2 * YIELD_ROUNDS, "%d turns recorded", yield_len);
    yield_alternates();
    int na = yield_count('A'), nb = yield_count('B');
    KTEST_CHECK(na == YIELD_ROUNDS && nb == YIELD_ROUNDS, "A ran %d, B ran %d", na, nb);
    ktest_msg("both threads made %d turns, strictly alternating", YIELD_ROUNDS);
}
KTEST("threads-yield", test_threads_yield);
