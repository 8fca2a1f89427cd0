/* Kernel threads and a preemptive round-robin scheduler for one CPU.
 *
 * Each thread has a struct thread (from the heap) and THREAD_STACK_PAGES of
 * stack (from the kernel pool).  The timer preempts a thread after TIME_SLICE
 * ticks, or at the next tick while a thread that woke up (a new thread, or
 * one back from a lock, a semaphore, a sleep: I/O done, a frame free) waits
 * in the ready list: each thread ahead of it then runs to the next tick only,
 * not to the end of its slice.  A thread that exits cannot free the stack it runs
 * on, so its memory is freed later by whoever joins it, or (detached threads) by the next
 * thread_create, thread_join or thread_reap. */
#include "kernel/thread.h"

#include "arch/x86_64/fpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/usermode.h"
#include "arch/x86_64/intr.h"
#include "arch/x86_64/pte.h"
#include "kernel/debug.h"
#include "kernel/malloc.h"
#include "kernel/palloc.h"
#include "kernel/printf.h"
#include "lib/string.h"
#include "vm/pmap.h"

#define THREAD_MAGIC 0x74687264u
#define STACK_CANARY 0x57ac4ca7a2157ac4ull
#define STACK_BYTES  (THREAD_STACK_PAGES * PAGE_SIZE)

struct thread *switch_threads(struct thread *cur, struct thread *next);
void thread_trampoline(void);
void thread_schedule_tail(struct thread *prev);

extern char boot_stack_bottom[], boot_stack_top[];

static struct thread main_thread; /* the boot code, running on the boot stack */
struct thread *thread_running;    /* [I] (kernel/thread.h) */
static struct thread *idle;       /* [C] runs when nothing else is ready */
static struct list ready_list;    /* [I] FIFO of READY threads */
static unsigned n_woken;          /* [I] threads in ready_list that woke up */
static struct list all_list;      /* [I] every live thread */
static struct list reap_list;     /* [I] exited detached threads to free */
static tid_t next_tid = 1;        /* [I] */
static unsigned n_threads;        /* [I] */
static uint64_t n_switches;       /* [I] */
static struct thread *fpu_owner;  /* [I] whose user FPU state is in the CPU */

/* Fills in the fields every thread starts with. */
static void
thread_setup(struct thread *t, const char *name, void *stack)
{
    memset(t, 0, sizeof *t);
    strlcpy(t->name, name, sizeof t->name);
    t->stack = stack;
    t->state = THREAD_BLOCKED;
    t->magic = THREAD_MAGIC;
    sema_init(&t->done, 0);
    *(uint64_t *)stack = STACK_CANARY;
    enum intr_level old = intr_disable();
    t->tid = next_tid++;
    list_push_back(&all_list, &t->all_node);
    n_threads++;
    intr_set_level(old);
}

void
thread_init(void)
{
    ASSERT(intr_get_level() == INTR_OFF);
    list_init(&ready_list);
    list_init(&all_list);
    list_init(&reap_list);
    thread_setup(&main_thread, "main", boot_stack_bottom);
    main_thread.state = THREAD_RUNNING;
    thread_running = &main_thread;
}

/* The idle thread: sleeps in `hlt` whenever no other thread is ready. */
static void
idle_loop(void *aux)
{
    (void)aux;
    for (;;) {
        intr_disable();
        thread_block();
        /* sti takes effect after the next instruction, so no interrupt can
         * slip in between it and hlt. */
        __asm__ volatile("sti; hlt" ::: "memory");
    }
}

void
thread_start(void)
{
    struct thread *t = thread_create("idle", idle_loop, NULL);
    if (t == NULL)
        panic("cannot create the idle thread");
    enum intr_level old = intr_disable();
    idle = t;
    list_remove(&t->sched_node); /* idle is never on the ready list */
    t->state = THREAD_BLOCKED;
    t->woken = false; /* nor counted among the woken threads waiting there */
    n_woken--;
    intr_set_level(old);
}

/* Frees the stack and struct of exited thread T (not running). */
static void
thread_free(struct thread *t)
{
    ASSERT(t->state == THREAD_DYING && t != thread_running);
    palloc_free_multiple(t->stack, THREAD_STACK_PAGES);
    free(t->fpu);
    t->magic = 0;
    free(t);
}

void
thread_reap_all(void)
{
    for (;;) {
        enum intr_level old = intr_disable();
        struct thread *t = NULL;
        if (!list_empty(&reap_list))
            t = list_entry(list_pop_front(&reap_list), struct thread, sched_node);
        intr_set_level(old);
        if (t == NULL)
            return;
        thread_free(t);
    }
}

/* Builds the frame switch_threads pops for a new thread that will run FN(AUX). */
static void
thread_build_frame(struct thread *t, thread_fn *fn, void *aux)
{
    uint64_t *sp = (uint64_t *)((char *)t->stack + STACK_BYTES);
    *--sp = 0; /* padding: rsp is 16-aligned after ret */
    *--sp = 0;
    *--sp = (uint64_t)thread_trampoline; /* switch_threads returns here */
    *--sp = 0;                           /* rbp: ends backtraces */
    *--sp = 0;                           /* rbx */
    *--sp = (uint64_t)fn;                /* r12 */
    *--sp = (uint64_t)aux;               /* r13 */
    *--sp = 0;                           /* r14 */
    *--sp = 0;                           /* r15 */
    t->saved_rsp = (uint64_t)sp;
}

/* Creates a thread running FN(AUX) and makes it ready; returns its tid (read
 * before it can run: a detached thread may be gone at once), or TID_ERROR if
 * out of memory.  Stores the thread in *OUT if OUT is not NULL. */
static tid_t
thread_spawn(const char *name, thread_fn *fn, void *aux, bool detached,
             struct thread **out)
{
    thread_reap_all();
    struct thread *t = malloc(sizeof *t);
    void *stack = palloc_get_multiple(0, THREAD_STACK_PAGES);
    if (t == NULL || stack == NULL) {
        free(t);
        palloc_free_multiple(stack, THREAD_STACK_PAGES);
        return TID_ERROR;
    }
    thread_setup(t, name, stack);
    t->detached = detached;
    thread_build_frame(t, fn, aux);
    tid_t tid = t->tid;
    if (out != NULL)
        *out = t;
    thread_unblock(t);
    return tid;
}

struct thread *
thread_create(const char *name, thread_fn *fn, void *aux)
{
    struct thread *t = NULL;
    thread_spawn(name, fn, aux, false, &t);
    return t;
}

tid_t
thread_create_detached(const char *name, thread_fn *fn, void *aux)
{
    return thread_spawn(name, fn, aux, true, NULL);
}

void
thread_join(struct thread *t)
{
    ASSERT(t != NULL && t->magic == THREAD_MAGIC && !t->detached);
    sema_down(&t->done);
    thread_free(t);
    thread_reap_all();
}

void
thread_check(const struct thread *t)
{
    ASSERT(t != NULL && t->magic == THREAD_MAGIC);
}

tid_t
thread_tid(void)
{
    return thread_current()->tid;
}

const char *
thread_name(void)
{
    return thread_current()->name;
}

/* The next thread to run: the front of the ready list, or idle. */
static struct thread *
next_to_run(void)
{
    if (list_empty(&ready_list))
        return idle ? idle : thread_running;
    struct thread *t = list_entry(list_pop_front(&ready_list), struct thread, sched_node);
    if (t->woken) {
        t->woken = false;
        n_woken--;
    }
    return t;
}

/* Switches to the next thread.  The running thread's state is already set. */
static void
schedule(void)
{
    ASSERT(intr_get_level() == INTR_OFF);
    struct thread *cur = thread_running;
    if (*(uint64_t *)cur->stack != STACK_CANARY)
        panic("stack overflow in thread '%s'", cur->name);
    struct thread *next = next_to_run();
    struct thread *prev = NULL;
    if (next != cur) {
        thread_running = next;
        n_switches++;
        prev = switch_threads(cur, next);
    }
    thread_schedule_tail(prev);
}

/* Loads T's user FPU registers, saving the previous owner's first. */
static void
fpu_switch_to(struct thread *t)
{
    if (t->fpu == NULL || fpu_owner == t)
        return;
    if (fpu_owner != NULL)
        fpu_save(fpu_owner->fpu);
    fpu_restore(t->fpu);
    fpu_owner = t;
}

/* Runs first in the thread that was switched to (also in new threads). */
void
thread_schedule_tail(struct thread *prev)
{
    (void)prev;
    struct thread *t = thread_running;
    t->state = THREAD_RUNNING;
    t->slice_ticks = 0;
    usermode_set_kernel_stack((uint64_t)t->stack + STACK_BYTES);
    pmap_activate(t->pmap);
    fpu_switch_to(t);
}

void
thread_set_pmap(struct pmap *pmap)
{
    enum intr_level old = intr_disable();
    thread_running->pmap = pmap;
    pmap_activate(pmap);
    intr_set_level(old);
}

bool
thread_fpu_alloc(struct thread *t, struct thread *from)
{
    struct fpu_state *s = malloc(sizeof *s);
    if (s == NULL)
        return false;
    enum intr_level old = intr_disable();
    if (from == NULL)
        fpu_state_init(s);
    else if (from == fpu_owner)
        fpu_save(s);
    else
        memcpy(s, from->fpu, sizeof *s);
    t->fpu = s;
    if (t == thread_running)
        fpu_switch_to(t);
    intr_set_level(old);
    return true;
}

void
thread_exit(void)
{
    ASSERT(!intr_context());
    struct thread *t = thread_current();
    ASSERT(t != &main_thread && t != idle);
    intr_disable();
    list_remove(&t->all_node);
    n_threads--;
    t->state = THREAD_DYING;
    if (fpu_owner == t)
        fpu_owner = NULL;
    if (t->detached)
        list_push_back(&reap_list, &t->sched_node);
    else
        sema_up(&t->done);
    schedule();
    NOT_REACHED();
}

void
thread_yield(void)
{
    struct thread *cur = thread_current();
    enum intr_level old = intr_disable();
    if (cur != idle)
        list_push_back(&ready_list, &cur->sched_node);
    cur->state = THREAD_READY;
    schedule();
    intr_set_level(old);
}

void
thread_block(void)
{
    ASSERT(intr_get_level() == INTR_OFF);
    thread_current()->state = THREAD_BLOCKED;
    schedule();
}

void
thread_unblock(struct thread *t)
{
    ASSERT(t->magic == THREAD_MAGIC);
    enum intr_level old = intr_disable();
    ASSERT(t->state == THREAD_BLOCKED);
    list_push_back(&ready_list, &t->sched_node);
    t->state = THREAD_READY;
    t->woken = true;
    n_woken++;
    if (intr_context() && thread_running == idle)
        intr_yield_on_return();
    intr_set_level(old);
}

void
thread_tick(void)
{
    struct thread *t = thread_running;
    bool slice_over = ++t->slice_ticks >= TIME_SLICE;
    if ((slice_over || n_woken > 0) && !list_empty(&ready_list))
        intr_yield_on_return();
}

unsigned
thread_count(void)
{
    return n_threads;
}

uint64_t
thread_switches(void)
{
    return n_switches;
}

static const char *const state_names[] = {"running", "ready", "blocked", "dying"};

void
thread_print_all(void)
{
    enum intr_level old = intr_disable();
    struct list_node *n;
    list_for_each(n, &all_list)
    {
        struct thread *t = list_entry(n, struct thread, all_node);
        printf("  %4d %-16s %s\n", t->tid, t->name, state_names[t->state]);
    }
    intr_set_level(old);
}
