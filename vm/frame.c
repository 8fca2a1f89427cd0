/* The frame table and eviction (see frame.h).
 *
 * Eviction is a clock (second chance) over the frames in the order they were
 * taken.  A frame is used if any page mapping it was accessed (the OR over
 * the reverse map, so an alias never hides a use); a used frame has its
 * accessed bits cleared and is passed over once.  The first unused, unpinned
 * frame whose space can be locked without waiting is the victim: its pages are
 * unmapped (their dirty bits folded into the pages) before its contents are
 * saved, and no global lock is held while they are written. */
#include "vm/frame.h"

#include "kernel/debug.h"
#include "kernel/malloc.h"
#include "kernel/palloc.h"
#include "kernel/sync.h"
#include "kernel/timer.h"
#include "vm/page.h"
#include "vm/pmap.h"

#define EVICT_PATIENCE 500 /* ticks to wait for busy frames before giving up */

static struct lock frame_lock; /* guards frames, hand, n_frames, every frame */
static struct list frames;
static struct list_node *hand; /* the clock hand: next frame to look at */
static size_t n_frames;

void
frame_table_init(void)
{
    lock_init(&frame_lock);
    list_init(&frames);
    hand = list_end(&frames);
}

/* Adds a new frame at KVA for PAGE to the table, pinned.  Frame lock held. */
static struct frame *
frame_insert(void *kva, struct page *page)
{
    struct frame *f = malloc(sizeof *f);
    if (f == NULL)
        return NULL;
    f->kva = kva;
    f->pa = pmap_frame_pa(kva);
    f->pinned = true;
    list_init(&f->pages);
    list_push_back(&f->pages, &page->frame_node);
    list_push_back(&frames, &f->node);
    n_frames++;
    return f;
}

/* Takes F out of the table and frees it.  Frame lock held. */
static void
frame_remove(struct frame *f)
{
    if (hand == &f->node)
        hand = list_next(hand);
    list_remove(&f->node);
    n_frames--;
    palloc_free_page(f->kva);
    free(f);
}

/* Advances the clock hand and returns the frame it passed. */
static struct frame *
clock_next(void)
{
    if (hand == list_end(&frames))
        hand = list_begin(&frames);
    struct frame *f = list_entry(hand, struct frame, node);
    hand = list_next(hand);
    return f;
}

/* True if any page mapping F was accessed; clears the bits (second chance). */
static bool
frame_was_accessed(struct frame *f)
{
    bool used = false;
    struct list_node *n;
    list_for_each(n, &f->pages)
    {
        struct page *p = list_entry(n, struct page, frame_node);
        if (pmap_is_accessed(p->space->pmap, p->va)) {
            used = true;
            pmap_clear_accessed(p->space->pmap, p->va);
        }
    }
    return used;
}

/* Locks the space of F's page unless the caller already holds it; returns
 * false (nothing locked) if another thread holds it.  *TOOK says whether
 * this call took the lock. */
static bool
frame_lock_space(struct frame *f, bool *took)
{
    struct page *p = list_entry(list_front(&f->pages), struct page, frame_node);
    *took = false;
    if (lock_held_by_current_thread(&p->space->lock))
        return true;
    *took = lock_try_acquire(&p->space->lock);
    return *took;
}

/* Chooses a victim with the clock.  Returns it pinned, with its space locked
 * (*TOOK: by this call), or NULL if every frame is pinned or busy (*BUSY
 * then says whether some frame may become evictable soon). */
static struct frame *
clock_choose(bool *took, bool *busy)
{
    lock_acquire(&frame_lock);
    struct frame *victim = NULL;
    *busy = false;
    for (size_t i = 0; n_frames > 0 && i < 2 * n_frames + 1 && victim == NULL; i++) {
        struct frame *f = clock_next();
        if (f->pinned || list_empty(&f->pages) || !frame_lock_space(f, took)) {
            *busy = true;
            continue;
        }
        if (frame_was_accessed(f)) {
            if (*took)
                lock_release(&list_entry(list_front(&f->pages), struct page, frame_node)
                                  ->space->lock);
            continue;
        }
        f->pinned = true;
        victim = f;
    }
    lock_release(&frame_lock);
    return victim;
}

/* Evicts every page from pinned frame F (their space locked).  True if F is
 * now empty; false (F untouched apart from dirty bits) if a page could not be
 * saved. */
static bool
frame_evict(struct frame *f)
{
    struct page *p = list_entry(list_front(&f->pages), struct page, frame_node);
    unsigned bits = pmap_remove(p->space->pmap, p->va);
    if (bits & PMAP_DIRTY)
        p->dirty = true;
    if (!p->ops->swap_out(p, f->kva)) {
        vm_page_remap(p->space, p);
        return false;
    }
    lock_acquire(&frame_lock);
    list_remove(&p->frame_node);
    lock_release(&frame_lock);
    p->frame = NULL;
    p->space->resident--;
    vm_count(&vm_counters.evictions);
    return true;
}

/* Tries once to free a frame by evicting a page: returns it pinned and
 * empty, or NULL.  On NULL, *BUSY says whether some frame may become
 * evictable soon (it was pinned, or its space was locked by another thread)
 * rather than holding a page that cannot be saved. */
static struct frame *
frame_evict_one(bool *busy)
{
    size_t failures = 0;
    for (;;) {
        bool took;
        struct frame *f = clock_choose(&took, busy);
        if (f == NULL)
            return NULL;
        struct vm_space *s =
            list_entry(list_front(&f->pages), struct page, frame_node)->space;
        bool ok = frame_evict(f);
        if (took)
            lock_release(&s->lock);
        if (ok)
            return f;
        frame_unpin(f);
        if (++failures > n_frames)
            return NULL; /* a whole round of pages that cannot be saved */
    }
}

/* Adds a frame at KVA, from the user pool, for PAGE; NULL (KVA freed) if the
 * table entry cannot be allocated. */
static struct frame *
frame_new(void *kva, struct page *page)
{
    lock_acquire(&frame_lock);
    struct frame *f = frame_insert(kva, page);
    lock_release(&frame_lock);
    if (f == NULL)
        palloc_free_page(kva);
    return f;
}

struct frame *
frame_alloc(struct page *page)
{
    for (int waits = 0; waits <= EVICT_PATIENCE; waits++) {
        void *kva = palloc_get_page(PAL_USER);
        if (kva != NULL)
            return frame_new(kva, page);
        bool busy;
        struct frame *f = frame_evict_one(&busy);
        if (f != NULL) {
            lock_acquire(&frame_lock);
            list_push_back(&f->pages, &page->frame_node);
            lock_release(&frame_lock);
            return f;
        }
        if (!busy)
            return NULL;
        /* Other processes hold every frame busy (their own faults, their
         * disk I/O); they hold no lock we hold, so they will let go. */
        timer_sleep(1);
    }
    return NULL;
}

void
frame_release(struct frame *f, struct page *page)
{
    lock_acquire(&frame_lock);
    list_remove(&page->frame_node);
    if (list_empty(&f->pages))
        frame_remove(f);
    lock_release(&frame_lock);
}

void
frame_pin(struct frame *f)
{
    lock_acquire(&frame_lock);
    f->pinned = true;
    lock_release(&frame_lock);
}

void
frame_unpin(struct frame *f)
{
    lock_acquire(&frame_lock);
    f->pinned = false;
    lock_release(&frame_lock);
}

size_t
frame_count(void)
{
    return n_frames;
}
