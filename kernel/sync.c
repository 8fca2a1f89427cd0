/* Semaphores, locks and condition variables.  A semaphore's value and waiter
 * list, and a lock's waiter list, are guarded by disabling interrupts (one
 * CPU); a lock's holder is taken by compare-and-swap; condition variables are
 * built on semaphores. */
#include "kernel/sync.h"

#include "arch/x86_64/intr.h"
#include "kernel/debug.h"
#include "kernel/thread.h"

void
sema_init(struct semaphore *sema, unsigned value)
{
    sema->value = value;
    list_init(&sema->waiters);
}

void
sema_down(struct semaphore *sema)
{
    ASSERT(!intr_context());
    enum intr_level old = intr_disable();
    while (sema->value == 0) {
        list_push_back(&sema->waiters, &thread_current()->wait_node);
        thread_block();
    }
    sema->value--;
    intr_set_level(old);
}

bool
sema_try_down(struct semaphore *sema)
{
    enum intr_level old = intr_disable();
    bool ok = sema->value > 0;
    if (ok)
        sema->value--;
    intr_set_level(old);
    return ok;
}

void
sema_up(struct semaphore *sema)
{
    enum intr_level old = intr_disable();
    if (!list_empty(&sema->waiters)) {
        struct list_node *n = list_pop_front(&sema->waiters);
        thread_unblock(list_entry(n, struct thread, wait_node));
    }
    sema->value++;
    intr_set_level(old);
}

void
lock_init(struct lock *lock)
{
    lock->holder = NULL;
    list_init(&lock->waiters);
}

/* Takes LOCK for SELF if it is free; true if it did. */
static inline bool
lock_take(struct lock *lock, struct thread *self)
{
    struct thread *none = NULL;
    return __atomic_compare_exchange_n(&lock->holder, &none, self, false,
                                       __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

void
lock_wait(struct lock *lock)
{
    struct thread *self = thread_current();
    ASSERT(!intr_context());
    enum intr_level old = intr_disable();
    while (!lock_take(lock, self)) {
        list_push_back(&lock->waiters, &self->wait_node);
        thread_block();
    }
    intr_set_level(old);
}

void
lock_recursion(struct lock *lock)
{
    panic("lock_acquire: lock %p is already held by thread '%s'", (void *)lock,
          thread_current()->name);
}

bool
lock_try_acquire(struct lock *lock)
{
    struct thread *self = thread_current();
    ASSERT(lock->holder != self);
    return lock_take(lock, self);
}

void
lock_not_held(struct lock *lock)
{
    panic("lock_release: lock %p is not held by thread '%s'", (void *)lock,
          thread_current()->name);
}

void
lock_wake(struct lock *lock)
{
    enum intr_level old = intr_disable();
    if (!list_empty(&lock->waiters)) {
        struct list_node *n = list_pop_front(&lock->waiters);
        thread_unblock(list_entry(n, struct thread, wait_node));
    }
    intr_set_level(old);
}

bool
lock_held_by_current_thread(const struct lock *lock)
{
    return __atomic_load_n(&lock->holder, __ATOMIC_RELAXED) == thread_current();
}

/* One waiting thread of a condition variable. */
struct cond_waiter {
    struct list_node node;
    struct semaphore sema;
};

void
cond_init(struct condition *cond)
{
    list_init(&cond->waiters);
}

void
cond_wait(struct condition *cond, struct lock *lock)
{
    ASSERT(lock_held_by_current_thread(lock));
    struct cond_waiter w;
    sema_init(&w.sema, 0);
    list_push_back(&cond->waiters, &w.node);
    lock_release(lock);
    sema_down(&w.sema);
    lock_acquire(lock);
}

void
cond_signal(struct condition *cond, struct lock *lock)
{
    ASSERT(lock_held_by_current_thread(lock));
    if (!list_empty(&cond->waiters)) {
        struct list_node *n = list_pop_front(&cond->waiters);
        sema_up(&list_entry(n, struct cond_waiter, node)->sema);
    }
}

void
cond_broadcast(struct condition *cond, struct lock *lock)
{
    while (!list_empty(&cond->waiters))
        cond_signal(cond, lock);
}
