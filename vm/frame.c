/* The frame table and eviction (see frame.h).
 *
 * Eviction looks at the frames in the order the replacement policy gives
 * (vm/policy.h; by default a clock, second chance, over the frames in the
 * order they were taken), which also says which frames to spare.  A frame is used if any
 * page it holds was accessed through its mapping (the OR over the reverse map, so an
 * alias never hides a use); its accessed bits are cleared whenever it is looked at.  The
 * first unspared, unpinned frame whose pages' spaces can all be locked without waiting is
 * the victim: its pages are unmapped (dirty bits folded into the pages) before its
 * contents are saved, and no global lock is held while they are written. */
#include "vm/frame.h"

#include "kernel/debug.h"
#include "kernel/malloc.h"
#include "kernel/palloc.h"
#include "kernel/sync.h"
#include "kernel/timer.h"
#include "lib/string.h"
#include "vm/page.h"
#include "vm/pagecache.h"
#include "vm/pmap.h"
#include "vm/policy.h"
#include "vm/share.h"
#include "vm/swap.h"
#include "vm/swapra.h"
#include "vm/vm.h"

#define EVICT_PATIENCE 500 /* ticks to wait for busy frames before giving up */
#define MAX_SHARERS    64  /* spaces one eviction may lock */

static struct lock frame_lock; /* guards frames, the policy, the counts, every frame */
static struct list frames;
static size_t n_frames;
static struct frame zero_frame_storage;
struct frame *zero_frame;

/* The spaces an eviction has locked, to unlock them afterwards. */
struct held_spaces {
    struct lock *locks[MAX_SHARERS];
    size_t n;
};

void
frame_table_init(void)
{
    lock_init(&frame_lock);
    list_init(&frames);
    policy_table_init(&frames);
}

struct frame *
frame_zero(void)
{
    if (zero_frame != NULL)
        return zero_frame;
    void *kva = palloc_get_page(PAL_ZERO | PAL_ASSERT); /* kernel pool: never a victim */
    zero_frame_storage.kva = kva;
    zero_frame_storage.pa = pmap_frame_pa(kva);
    zero_frame_storage.pins = 1; /* forever; and it is not in the clock's list */
    list_init(&zero_frame_storage.pages);
    zero_frame = &zero_frame_storage;
    return zero_frame;
}

/* The first page F holds. */
static struct page *
frame_page(struct frame *f)
{
    return list_entry(list_front(&f->pages), struct page, frame_node);
}

/* Adds a new frame at KVA for PAGE to the table, pinned.  Frame lock held. */
static struct frame *
frame_insert(void *kva, struct page *page)
{
    struct frame *f = calloc(1, sizeof *f);
    if (f == NULL)
        return NULL;
    f->kva = kva;
    f->pa = pmap_frame_pa(kva);
    f->pins = 1;
    list_init(&f->pages);
    if (page != NULL)
        list_push_back(&f->pages, &page->frame_node);
    list_push_back(&frames, &f->node);
    n_frames++;
    policy_frame_added(f);
    return f;
}

/* Takes F out of the table and frees it.  Frame lock held. */
static void
frame_remove(struct frame *f)
{
    policy_frame_removed(f);
    list_remove(&f->node);
    n_frames--;
    share_remove_locked(f);
    palloc_free_page(f->kva);
    free(f);
}

/* True if any page of F was accessed; clears the bits (second chance). */
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
    if (f->cache != NULL && pagecache_test_referenced_locked(f))
        used = true;
    return used;
}

/* Unlocks what HELD holds. */
static void
held_release(struct held_spaces *held)
{
    while (held->n > 0)
        lock_release(held->locks[--held->n]);
}

/* Locks the space of every page of F that the caller does not hold already;
 * false (nothing left locked) if one is held by another thread. */
static bool
frame_lock_spaces(struct frame *f, struct held_spaces *held)
{
    held->n = 0;
    struct list_node *n;
    list_for_each(n, &f->pages)
    {
        struct lock *l = &list_entry(n, struct page, frame_node)->space->lock;
        bool mine = lock_held_by_current_thread(l);
        if (!mine && (held->n == MAX_SHARERS || !lock_try_acquire(l))) {
            held_release(held);
            return false;
        }
        if (!mine)
            held->locks[held->n++] = l;
    }
    return true;
}

/* Chooses a victim in the order the replacement policy gives (vm/policy.h),
 * sparing the frames it spares.  Returns it pinned, with its spaces locked
 * (those this call locked are in HELD), or NULL if every frame is pinned or
 * busy (*BUSY then says whether some frame may become evictable soon). */
static struct frame *
clock_choose(struct held_spaces *held, bool *busy)
{
    lock_acquire(&frame_lock);
    struct frame *victim = NULL;
    *busy = false;
    size_t looks = evict_policy->looks * n_frames + 1;
    for (size_t i = 0; n_frames > 0 && i < looks && victim == NULL; i++) {
        struct frame *f = evict_policy->next();
        if (f->pins > 0 || (list_empty(&f->pages) && f->cache == NULL) ||
            !frame_lock_spaces(f, held)) {
            *busy = true;
            continue;
        }
        if (evict_policy->spare(f, frame_was_accessed(f)) ||
            (f->cache != NULL && !pagecache_claim_locked(f))) {
            held_release(held);
            continue;
        }
        f->pins++;
        share_remove_locked(f); /* nobody may join a frame on its way out */
        victim = f;
    }
    lock_release(&frame_lock);
    return victim;
}

/* Unmaps every page of F, folding each mapping's dirty bit into its page;
 * returns whether any page is dirty. */
static bool
frame_unmap_all(struct frame *f)
{
    bool dirty = false;
    struct list_node *n;
    list_for_each(n, &f->pages)
    {
        struct page *p = list_entry(n, struct page, frame_node);
        if (pmap_remove(p->space->pmap, p->va) & PMAP_DIRTY)
            p->dirty = true;
        dirty |= p->dirty;
    }
    return dirty;
}

/* Maps every page of F again (an eviction that could not save them). */
static void
frame_remap_all(struct frame *f)
{
    struct list_node *n;
    list_for_each(n, &f->pages)
    {
        struct page *p = list_entry(n, struct page, frame_node);
        page_remap(p->space, p);
    }
}

/* The region of P (its space locked). */
static const struct vm_region *
page_region(const struct page *p)
{
    const struct vm_region *r = region_find(&p->space->regions, p->va);
    ASSERT(r != NULL);
    return r;
}

/* Evicts every page from pinned frame F (their spaces locked).  True if F is
 * now empty; false (F as it was, apart from dirty bits) if its contents
 * could not be saved. */
static bool
frame_evict(struct frame *f)
{
    frame_unmap_all(f);
    if (f->cache != NULL) {
        if (!pagecache_evict(f)) {
            frame_remap_all(f);
            pagecache_unclaim(f);
            return false;
        }
    } else {
        struct page *first = frame_page(f);
        if (!page_ops(first)->evict(&f->pages, page_region(first), f->kva)) {
            frame_remap_all(f);
            return false;
        }
    }
    lock_acquire(&frame_lock);
    share_remove_locked(f);
    pagecache_forget_locked(f);
    while (!list_empty(&f->pages)) {
        struct page *p = list_entry(list_pop_front(&f->pages), struct page, frame_node);
        pmap_trim(p->space->pmap, p->va);
        p->frame = NULL;
        p->cow = false;
        p->space->resident--;
    }
    lock_release(&frame_lock);
    vm_count(&vm_counters.evictions);
    return true;
}

/* Tries once to free a frame by evicting its pages: returns it pinned and
 * empty, or NULL.  On NULL, *BUSY says whether some frame may become
 * evictable soon (it was pinned, or a space of it locked by another thread)
 * rather than holding pages that cannot be saved. */
/* A cached frame that only the page cache holds, unused lately, claimed
 * and pinned: the cheapest victim (no mapping to undo), preferred to the
 * policy's; NULL if none is at hand. */
static struct frame *
frame_take_idle(struct held_spaces *held)
{
    lock_acquire(&frame_lock);
    struct frame *f = pagecache_pick_idle_locked();
    lock_release(&frame_lock);
    held->n = 0;
    return f;
}

static struct frame *
frame_evict_one(bool *busy)
{
    size_t failures = 0;
    for (;;) {
        struct held_spaces held;
        struct frame *f = frame_take_idle(&held);
        if (f == NULL)
            f = clock_choose(&held, busy);
        if (f == NULL)
            return NULL;
        bool ok = frame_evict(f);
        held_release(&held);
        if (ok)
            return f;
        frame_unpin(f);
        if (++failures > n_frames) {
            *busy = false; /* waiting would not help: nothing can be saved */
            return NULL;
        }
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
frame_adopt(void *kva, struct page *page)
{
    return frame_new(kva, page);
}

/* How many frames to free at once when the user pool runs out: enough for a
 * few swap-ins with their read-ahead, while read-ahead is on, memory is not
 * small (at most 1/16 of the frames) and swap has room for what is evicted;
 * else none (frame_alloc evicts one frame at a time). */
static size_t
frame_batch(void)
{
    size_t batch = 4 * (swap_readahead_pages + 1);
    if (swap_readahead_pages == 0 || batch > n_frames / 16 ||
        swap_used() + batch > swap_total())
        return 0;
    return batch;
}

/* Frees frames when the user pool is empty: first a page read ahead from
 * swap and never used (vm/swapra.h); else a batch of frames (frame_batch),
 * so that swap-ins find free frames to read ahead into (the frames the
 * policy would take next, one request per cluster of dirty pages).  True if
 * it freed any. */
static bool
frame_make_room(void)
{
    if (swap_ra_reclaim())
        return true;
    size_t batch = frame_batch(), freed = 0;
    bool busy;
    struct frame *f;
    while (freed < batch && (f = frame_evict_one(&busy)) != NULL) {
        lock_acquire(&frame_lock);
        f->pins--;
        frame_remove(f);
        lock_release(&frame_lock);
        freed++;
    }
    return freed > 0;
}

struct frame *
frame_alloc(struct page *page)
{
    for (int waits = 0; waits <= EVICT_PATIENCE; waits++) {
        void *kva = palloc_get_page(PAL_USER);
        if (kva == NULL && frame_make_room())
            kva = palloc_get_page(PAL_USER);
        if (kva != NULL)
            return frame_new(kva, page);
        bool busy;
        struct frame *f = frame_evict_one(&busy);
        if (f != NULL) {
            if (page != NULL)
                frame_share(f, page);
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

struct frame *
frame_find_by_source(const struct page_source *src, struct page *page)
{
    lock_acquire(&frame_lock);
    struct frame *f = share_lookup_locked(src);
    if (f != NULL) {
        list_push_back(&f->pages, &page->frame_node);
        f->pins++;
    }
    lock_release(&frame_lock);
    return f;
}

void
frame_publish_source(struct frame *f, const struct page_source *src)
{
    lock_acquire(&frame_lock);
    if (f->share == NULL)
        share_insert_locked(f, src);
    lock_release(&frame_lock);
}

void
frame_unpublish(struct frame *f)
{
    lock_acquire(&frame_lock);
    share_remove_locked(f);
    lock_release(&frame_lock);
}

void
frame_share(struct frame *f, struct page *page)
{
    lock_acquire(&frame_lock);
    list_push_back(&f->pages, &page->frame_node);
    lock_release(&frame_lock);
}

size_t
frame_sharers(struct frame *f)
{
    lock_acquire(&frame_lock);
    size_t n = list_size(&f->pages);
    lock_release(&frame_lock);
    return n;
}

void
frame_release(struct frame *f, struct page *page)
{
    lock_acquire(&frame_lock);
    list_remove(&page->frame_node);
    if (list_empty(&f->pages) && f != zero_frame && f->cache == NULL)
        frame_remove(f);
    lock_release(&frame_lock);
}

void
frame_table_lock(void)
{
    lock_acquire(&frame_lock);
}

void
frame_table_unlock(void)
{
    lock_release(&frame_lock);
}

void
frame_table_wait(struct condition *c)
{
    cond_wait(c, &frame_lock);
}

void
frame_table_broadcast(struct condition *c)
{
    cond_broadcast(c, &frame_lock);
}

void
frame_free_locked(struct frame *f)
{
    ASSERT(list_empty(&f->pages) && f->cache == NULL);
    frame_remove(f);
}

void
frame_pin(struct frame *f)
{
    lock_acquire(&frame_lock);
    f->pins++;
    lock_release(&frame_lock);
}

bool
frame_pin_private(struct frame *f, struct page *page)
{
    lock_acquire(&frame_lock);
    bool private = f->pins == 0 && f->share == NULL && !list_empty(&f->pages) &&
                   list_front(&f->pages) == &page->frame_node &&
                   list_back(&f->pages) == &page->frame_node;
    if (private)
        f->pins++;
    lock_release(&frame_lock);
    return private;
}

void
frame_unpin(struct frame *f)
{
    lock_acquire(&frame_lock);
    ASSERT(f->pins > 0);
    f->pins--;
    lock_release(&frame_lock);
}

size_t
frame_count(void)
{
    return n_frames;
}

size_t
frame_shared_count(void)
{
    lock_acquire(&frame_lock);
    size_t n = 0;
    struct list_node *node;
    list_for_each(node, &frames)
    {
        if (list_size(&list_entry(node, struct frame, node)->pages) > 1)
            n++;
    }
    lock_release(&frame_lock);
    return n;
}
