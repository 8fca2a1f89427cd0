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
static inline void lock_acquire(struct lock *lock);
bool lock_try_acquire(struct lock *lock);
static inline void lock_release(struct lock *lock);
bool lock_held_by_current_thread(const struct lock *lock);

/* The paths of lock_acquire and lock_release that are not inline: waiting
 * for LOCK held by another thread, waking LOCK's first waiter, and the
 * panics of a misuse (LOCK taken again by its holder, released by another). */
void lock_wait(struct lock *lock);
void lock_wake(struct lock *lock);
void lock_recursion(struct lock *lock) __attribute__((noreturn));
void lock_not_held(struct lock *lock) __attribute__((noreturn));

/* The running thread (kernel/thread.h). */
extern struct thread *thread_running;

/* Takes LOCK: one compare-and-swap when it is free, else lock_wait. */
static inline void
lock_acquire(struct lock *lock)
{
    struct thread *self = thread_running;
    struct thread *none = NULL;
    if (__builtin_expect(lock->holder == self, 0))
        lock_recursion(lock);
    if (!__atomic_compare_exchange_n(&lock->holder, &none, self, false, __ATOMIC_ACQUIRE,
                                     __ATOMIC_RELAXED))
        lock_wait(lock);
}

/* Releases LOCK, which the running thread holds, waking a waiter if any. */
static inline void
lock_release(struct lock *lock)
{
    if (__builtin_expect(lock->holder != thread_running, 0))
        lock_not_held(lock);
    __atomic_store_n(&lock->holder, NULL, __ATOMIC_SEQ_CST);
    __asm__ volatile("" ::: "memory"); /* the waiters are read after the store */
    /* A thread waits only after finding the lock held, with interrupts off,
     * so a waiter that the check below misses found it free instead. */
    if (!list_empty(&lock->waiters))
        lock_wake(lock);
}

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
