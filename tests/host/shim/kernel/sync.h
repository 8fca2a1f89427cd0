/* Host stand-in for kernel/sync.h: the same semaphores, locks and condition
 * variables, built on pthreads (tests/host/support/host_sync.c), so fs/ code
 * runs unchanged under real concurrency.  Like the kernel's, a lock is not
 * recursive and only its holder may release it; both are checked (abort). */
#ifndef KERNEL_SYNC_H
#define KERNEL_SYNC_H

#include <pthread.h>
#include <stdbool.h>

struct semaphore {
    pthread_mutex_t mutex; /* guards value */
    pthread_cond_t cond;   /* signalled when value goes up */
    unsigned value;
};

/* Initializes SEMA to VALUE. */
void sema_init(struct semaphore *sema, unsigned value);
/* Waits until SEMA is positive, then decrements it. */
void sema_down(struct semaphore *sema);
/* Decrements SEMA if positive; returns whether it did.  Never sleeps. */
bool sema_try_down(struct semaphore *sema);
/* Increments SEMA and wakes one waiter. */
void sema_up(struct semaphore *sema);

struct lock {
    pthread_mutex_t mutex; /* the lock itself */
    pthread_t holder;      /* atomic; valid while held; written by the holder */
    bool held;             /* atomic: true between acquire and release */
};

/* Same contracts as the kernel's: not recursive, released by the holder only. */
void lock_init(struct lock *lock);
void lock_acquire(struct lock *lock);
bool lock_try_acquire(struct lock *lock);
void lock_release(struct lock *lock);
bool lock_held_by_current_thread(const struct lock *lock);

struct condition {
    pthread_cond_t cond;
};

/* Mesa semantics, as in the kernel: recheck the condition after waking. */
void cond_init(struct condition *cond);
void cond_wait(struct condition *cond, struct lock *lock);
void cond_signal(struct condition *cond, struct lock *lock);
void cond_broadcast(struct condition *cond, struct lock *lock);

#endif
