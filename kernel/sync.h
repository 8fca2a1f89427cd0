/* Semaphores, locks and condition variables for kernel threads. */
#ifndef KERNEL_SYNC_H
#define KERNEL_SYNC_H

#include <stdbool.h>

#include "lib/list.h"

struct thread;

struct semaphore {
    unsigned value;      /* guarded by disabling interrupts */
    struct list waiters; /* threads blocked in sema_down, FIFO */
};

/* Initializes SEMA to VALUE. */
void sema_init(struct semaphore *sema, unsigned value);
/* Waits until SEMA is positive, then decrements it.  May sleep: not from an
 * interrupt handler. */
void sema_down(struct semaphore *sema);
/* Decrements SEMA if positive; returns whether it did.  Never sleeps. */
bool sema_try_down(struct semaphore *sema);
/* Increments SEMA and wakes its longest waiter.  Safe in interrupt handlers. */
void sema_up(struct semaphore *sema);

struct lock {
    struct thread *holder; /* [A] NULL when free; taken by compare-and-swap */
    struct list waiters;   /* [I] threads blocked in lock_acquire, FIFO */
};

/* A lock is held by at most one thread, is not recursive, and only its holder
 * may release it (all checked).  A free lock is taken with one
 * compare-and-swap; only a thread that finds it held disables interrupts to
 * wait.  A woken waiter tries again (a thread that came meanwhile may have
 * taken the lock first, as with a semaphore). */
void lock_init(struct lock *lock);
void lock_acquire(struct lock *lock);
bool lock_try_acquire(struct lock *lock);
void lock_release(struct lock *lock);
bool lock_held_by_current_thread(const struct lock *lock);

struct condition {
    struct list waiters; /* one semaphore per waiting thread; guarded by the lock */
};

void cond_init(struct condition *cond);
/* Atomically releases LOCK and waits for a signal, then reacquires LOCK.
 * Mesa semantics: recheck the condition after waking. */
void cond_wait(struct condition *cond, struct lock *lock);
/* Wakes one (signal) or every (broadcast) waiter; LOCK must be held. */
void cond_signal(struct condition *cond, struct lock *lock);
void cond_broadcast(struct condition *cond, struct lock *lock);

#endif
