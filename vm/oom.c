/* Running out of memory (see oom.h).
 *
 * frame_alloc waits, without a time limit, while some busy frame may come
 * free; a frame is hopeless only when the thread in its way itself waits for
 * a frame, which oom_space_waits tells.  When every waiter has found nothing
 * that way and nothing came free, memory and swap are exhausted and one
 * process must die.  The victim is the process whose address space holds the
 * most pages (its page records: pages in a frame, in swap, or dropped clean),
 * not whoever faulted next: killing it frees the most, so the fewest
 * processes die, and the process that grew the most is the likeliest cause
 * of the shortage; a small process that happened to fault at the wrong
 * moment survives.  Of equal sizes the caller's own space goes, which costs
 * no other process anything.
 *
 * The victim's process is marked killed (it ends, with "out of memory",
 * before it runs user code again) and its space doomed (every later fault in
 * it fails).  Its pages are freed at once if nobody holds its lock (it may be
 * asleep, in wait() say, and would otherwise hold its memory until it wakes);
 * else the thread that holds the lock is a waiter that sees the doom and
 * fails, or one that is busy and will let go.  Until a victim has given its
 * memory back no other is chosen. */
#include "vm/oom.h"

#include "kernel/sync.h"
#include "lib/list.h"
#include "userprog/process.h"
#include "vm/frame.h"
#include "vm/page.h"
#include "vm/vm.h"
#include "vm/zero.h"

static struct lock oom_lock;     /* guards everything [R] */
static struct list spaces;       /* [R] every address space */
static struct vm_space *pending; /* [R] a victim that has not given memory back */
static int doomed_now;           /* [A] doomed spaces still registered */

void
oom_init(void)
{
    lock_init(&oom_lock);
    list_init(&spaces);
    pending = NULL;
    doomed_now = 0;
}

void
oom_register(struct vm_space *s)
{
    lock_acquire(&oom_lock);
    list_push_back(&spaces, &s->oom_node);
    lock_release(&oom_lock);
}

void
oom_unregister(struct vm_space *s)
{
    lock_acquire(&oom_lock);
    list_remove(&s->oom_node);
    if (oom_space_doomed(s))
        __atomic_fetch_sub(&doomed_now, 1, __ATOMIC_RELAXED);
    if (pending == s)
        pending = NULL;
    lock_release(&oom_lock);
}

void
oom_wait_begin(struct oom_held *held)
{
    held->n = 0;
    lock_acquire(&oom_lock);
    struct list_node *n;
    list_for_each(n, &spaces)
    {
        struct vm_space *s = list_entry(n, struct vm_space, oom_node);
        if (held->n < OOM_HELD_MAX && lock_held_by_current_thread(&s->lock)) {
            held->spaces[held->n++] = s;
            __atomic_fetch_add(&s->frame_waiters, 1, __ATOMIC_RELAXED);
        }
    }
    lock_release(&oom_lock);
}

void
oom_wait_end(struct oom_held *held)
{
    while (held->n > 0)
        __atomic_fetch_sub(&held->spaces[--held->n]->frame_waiters, 1, __ATOMIC_RELAXED);
}

bool
oom_space_waits(struct vm_space *s)
{
    return __atomic_load_n(&s->frame_waiters, __ATOMIC_RELAXED) > 0;
}

bool
oom_space_doomed(struct vm_space *s)
{
    return __atomic_load_n(&s->doomed, __ATOMIC_RELAXED);
}

bool
oom_current_doomed(void)
{
    if (__atomic_load_n(&doomed_now, __ATOMIC_RELAXED) == 0)
        return false;
    bool doomed = false;
    lock_acquire(&oom_lock);
    struct list_node *n;
    list_for_each(n, &spaces)
    {
        struct vm_space *s = list_entry(n, struct vm_space, oom_node);
        doomed |= oom_space_doomed(s) && lock_held_by_current_thread(&s->lock);
    }
    lock_release(&oom_lock);
    return doomed;
}

/* The pages S holds: its page records (a snapshot, read without S's lock,
 * which a waiter may hold for as long as it waits).  OOM lock held. */
static size_t
space_memory(struct vm_space *s)
{
    return page_table_size(&s->pages);
}

/* Frees page P unless a kernel user has pinned its frame.  Its space's
 * lock held. */
static void
reap_page(struct page *p, void *aux)
{
    (void)aux;
    if (p->frame == NULL || !frame_pinned(p->frame))
        page_free(p->space, region_find(&p->space->regions, p->va), p);
}

/* Frees every page of S whose frame nobody has pinned, and unmaps its zero
 * pages.  S's lock held. */
static void
space_reap_locked(struct vm_space *s)
{
    page_table_for_each(&s->pages, reap_page, NULL);
    zero_unmap_all(s);
}

/* Frees the pages of the pending victim now if its lock is free; it has
 * then given back what it can.  OOM lock held. */
static void
pending_reap(void)
{
    struct vm_space *s = pending;
    if (s == NULL || lock_held_by_current_thread(&s->lock) || !lock_try_acquire(&s->lock))
        return;
    space_reap_locked(s);
    lock_release(&s->lock);
    pending = NULL;
}

/* The live space of a process holding the most pages; of equals, one the
 * caller holds.  A space holding nothing is never chosen, nor one of no
 * process (pid 0: the VM's host tests).  OOM lock held. */
static struct vm_space *
choose_victim(void)
{
    struct vm_space *best = NULL;
    size_t most = 0;
    struct list_node *n;
    list_for_each(n, &spaces)
    {
        struct vm_space *s = list_entry(n, struct vm_space, oom_node);
        if (oom_space_doomed(s) || s->pid == 0)
            continue;
        size_t m = space_memory(s);
        if (m > most || (m == most && m > 0 && lock_held_by_current_thread(&s->lock))) {
            best = s;
            most = m;
        }
    }
    return best;
}

/* Dooms S and kills its process (VA: where it faulted, if it did).  OOM
 * lock held. */
static void
doom(struct vm_space *s, uint64_t va)
{
    if (oom_space_doomed(s))
        return;
    __atomic_store_n(&s->doomed, true, __ATOMIC_RELAXED);
    __atomic_fetch_add(&doomed_now, 1, __ATOMIC_RELAXED);
    pending = s;
    process_oom_kill(s->pid, va);
}

bool
oom_kill(const struct oom_held *held, uint64_t va)
{
    lock_acquire(&oom_lock);
    bool fail = false;
    if (pending != NULL) {
        pending_reap();
    } else {
        struct vm_space *victim = choose_victim();
        for (size_t i = 0; victim == NULL && i < held->n; i++)
            if (held->spaces[i]->pid != 0) /* nobody else has memory to give */
                victim = held->spaces[i];
        fail = victim == NULL || lock_held_by_current_thread(&victim->lock);
        if (victim != NULL)
            doom(victim, fail ? va : 0);
        pending_reap();
    }
    lock_release(&oom_lock);
    return fail;
}
