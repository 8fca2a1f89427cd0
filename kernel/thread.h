/* Kernel threads and the preemptive round-robin scheduler (one CPU). */
#ifndef KERNEL_THREAD_H
#define KERNEL_THREAD_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/sync.h"
#include "lib/list.h"

typedef int tid_t;
#define TID_ERROR ((tid_t)-1)

enum thread_state {
    THREAD_RUNNING, /* on the CPU */
    THREAD_READY,   /* on the ready list */
    THREAD_BLOCKED, /* waiting for thread_unblock */
    THREAD_DYING,   /* exited; its stack is freed by the next thread to run */
};

#define THREAD_NAME_MAX    16
#define THREAD_STACK_PAGES 4
#define TIME_SLICE         4 /* timer ticks a thread may run before it is preempted */

struct fpu_state;
struct kfault_catch;
struct pmap;
struct process;
struct trap_frame;

/* Fields marked [I] are guarded by disabling interrupts; [C] are constant after
 * creation; [O] belong to the thread itself. */
struct thread {
    uint64_t saved_rsp;          /* [I] stack pointer while switched out (keep first) */
    tid_t tid;                   /* [C] */
    char name[THREAD_NAME_MAX];  /* [C] */
    enum thread_state state;     /* [I] */
    void *stack;                 /* [C] lowest address of the stack pages */
    struct list_node sched_node; /* [I] ready list */
    struct list_node wait_node;  /* [I] a semaphore's or the sleep list */
    struct list_node all_node;   /* [I] list of all threads */
    int64_t wake_tick;           /* [I] when a sleeping thread wakes */
    unsigned slice_ticks;        /* [I] ticks used of the current slice */
    bool woken;                  /* [I] READY after blocking, not preempted */
    bool detached;               /* [I] nobody will join: free at exit */
    struct semaphore done;       /* upped once when the thread exits */
    struct kfault_catch *fault_catch; /* [O] armed kernel fault catch point */
    struct process *process;          /* [O] user process, or NULL */
    struct pmap *pmap;                /* [I] address space to run in (NULL: kernel) */
    struct trap_frame *user_frame;    /* [O] user registers of the current syscall */
    struct fpu_state *fpu;            /* [I] saved user FPU registers, or NULL */
    uint32_t magic;                   /* [C] detects a corrupted thread */
};

typedef void thread_fn(void *aux);

/* Turns the running boot code into the "main" thread.  Interrupts off. */
void thread_init(void);
/* Creates the idle thread; preemption starts when interrupts are enabled. */
void thread_start(void);

/* Creates a thread running FN(AUX), ready to run.  The caller must join it
 * with thread_join (which frees it).  Returns NULL if out of memory. */
struct thread *thread_create(const char *name, thread_fn *fn, void *aux);
/* Like thread_create, but the thread frees itself when it exits. */
tid_t thread_create_detached(const char *name, thread_fn *fn, void *aux);
/* Waits for joinable thread T to exit and frees it. */
void thread_join(struct thread *t);

/* The running thread ([I]); read it through thread_current(). */
extern struct thread *thread_running;
/* Panics unless T is a live thread (its magic word intact). */
void thread_check(const struct thread *t);

/* The running thread.  The debug build checks its magic word at every call;
 * the release build relies on schedule()'s stack canary check at every
 * switch (this is called several times per lock taken). */
static inline struct thread *
thread_current(void)
{
    if (HWAN_DEBUG)
        thread_check(thread_running);
    return thread_running;
}
tid_t thread_tid(void);
const char *thread_name(void);

/* Ends the running thread. */
void thread_exit(void) __attribute__((noreturn));
/* Gives up the CPU; the thread stays ready. */
void thread_yield(void);
/* Sleeps until thread_unblock.  Interrupts must be off. */
void thread_block(void);
/* Makes blocked thread T ready (does not preempt the caller). */
void thread_unblock(struct thread *t);

/* Switches the running thread to address space PMAP (NULL: kernel only). */
void thread_set_pmap(struct pmap *pmap);
/* Gives the running thread user FPU state (a fresh one, or a copy of FROM's
 * registers if FROM is not NULL).  False if out of memory. */
bool thread_fpu_alloc(struct thread *t, struct thread *from);

/* Frees every exited detached thread.  Call with interrupts on. */
void thread_reap_all(void);

/* Called on every timer tick, in the interrupt handler. */
void thread_tick(void);
/* Number of live threads (idle and main included). */
unsigned thread_count(void);
/* Prints one line per thread. */
void thread_print_all(void);
/* Context switches so far. */
uint64_t thread_switches(void);

#endif
