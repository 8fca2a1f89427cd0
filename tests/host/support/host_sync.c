/* pthread versions of the kernel's semaphores, locks and condition variables
 * (see tests/host/shim/kernel/sync.h).  Misuse aborts, as it panics in the
 * kernel: acquiring a lock twice, releasing one that is not held. */
#include "kernel/sync.h"

#include <stdio.h>
#include <stdlib.h>

/* Aborts with MSG: a broken locking rule is a bug in the caller. */
static void
host_sync_fail(const char *msg)
{
    fprintf(stderr, "host_sync: %s\n", msg);
    abort();
}

void
sema_init(struct semaphore *sema, unsigned value)
{
    pthread_mutex_init(&sema->mutex, NULL);
    pthread_cond_init(&sema->cond, NULL);
    sema->value = value;
}

void
sema_down(struct semaphore *sema)
{
    pthread_mutex_lock(&sema->mutex);
    while (sema->value == 0)
        pthread_cond_wait(&sema->cond, &sema->mutex);
    sema->value--;
    pthread_mutex_unlock(&sema->mutex);
}

bool
sema_try_down(struct semaphore *sema)
{
    pthread_mutex_lock(&sema->mutex);
    bool ok = sema->value > 0;
    if (ok)
        sema->value--;
    pthread_mutex_unlock(&sema->mutex);
    return ok;
}

void
sema_up(struct semaphore *sema)
{
    pthread_mutex_lock(&sema->mutex);
    sema->value++;
    pthread_cond_signal(&sema->cond);
    pthread_mutex_unlock(&sema->mutex);
}

void
lock_init(struct lock *lock)
{
    pthread_mutex_init(&lock->mutex, NULL);
    __atomic_store_n(&lock->held, false, __ATOMIC_RELAXED);
}

/* Records the calling thread as LOCK's holder (LOCK's mutex is held). */
static void
lock_take(struct lock *lock)
{
    __atomic_store_n(&lock->holder, pthread_self(), __ATOMIC_RELAXED);
    __atomic_store_n(&lock->held, true, __ATOMIC_RELEASE);
}

void
lock_acquire(struct lock *lock)
{
    if (lock_held_by_current_thread(lock))
        host_sync_fail("lock_acquire: lock already held by this thread");
    pthread_mutex_lock(&lock->mutex);
    lock_take(lock);
}

bool
lock_try_acquire(struct lock *lock)
{
    if (lock_held_by_current_thread(lock))
        host_sync_fail("lock_try_acquire: lock already held by this thread");
    if (pthread_mutex_trylock(&lock->mutex) != 0)
        return false;
    lock_take(lock);
    return true;
}

void
lock_release(struct lock *lock)
{
    if (!lock_held_by_current_thread(lock))
        host_sync_fail("lock_release: lock not held by this thread");
    __atomic_store_n(&lock->held, false, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&lock->mutex);
}

bool
lock_held_by_current_thread(const struct lock *lock)
{
    /* Only the holder itself can see held == true with holder == self. */
    return __atomic_load_n(&lock->held, __ATOMIC_ACQUIRE) &&
           pthread_equal(__atomic_load_n(&lock->holder, __ATOMIC_RELAXED),
                         pthread_self());
}

void
cond_init(struct condition *cond)
{
    pthread_cond_init(&cond->cond, NULL);
}

void
cond_wait(struct condition *cond, struct lock *lock)
{
    if (!lock_held_by_current_thread(lock))
        host_sync_fail("cond_wait: lock not held");
    __atomic_store_n(&lock->held, false, __ATOMIC_RELEASE);
    pthread_cond_wait(&cond->cond, &lock->mutex);
    lock_take(lock);
}

void
cond_signal(struct condition *cond, struct lock *lock)
{
    if (!lock_held_by_current_thread(lock))
        host_sync_fail("cond_signal: lock not held");
    pthread_cond_signal(&cond->cond);
}

void
cond_broadcast(struct condition *cond, struct lock *lock)
{
    if (!lock_held_by_current_thread(lock))
        host_sync_fail("cond_broadcast: lock not held");
    pthread_cond_broadcast(&cond->cond);
}
