/* The frame table and eviction (see frame.h).
 *
 * Eviction looks at the frames in the order the replacement policy gives
 * (vm/policy.h; by default a clock, second chance, over the frames in the
 * order they were taken), which also says which frames to spare.  A frame is used if any
 * page it holds was accessed through its mapping (the OR over the reverse map, so an
 * alias never hides a use); its accessed bits are cleared whenever it is looked at.  The
 * first unspared, unpinned frame whose pages' spaces can all be locked without waiting is
 * the victim: its pages are unmapped (dirty bits folded into the pages) before its
 * contents are saved, and no global lock is held while they are written.
 *
 * A thread that finds no frame waits in a queue, oldest first, without a time
 * limit: every frame freed or evicted by anyone while it waits goes to the
 * oldest waiter, so a process that thrashes cannot starve the others.  It
 * stops waiting only when memory is truly exhausted (see frame_alloc and
 * vm/oom.h), never because a lock was busy or a timer ran out. */
#include "vm/frame.h"

#include "kernel/debug.h"
#include "kernel/malloc.h"
#include "kernel/palloc.h"
#include "kernel/sync.h"
#include "kernel/timer.h"
#include "lib/string.h"
#include "vm/oom.h"
#include "vm/page.h"
#include "vm/pagecache.h"
#include "vm/pmap.h"
#include "vm/policy.h"
#include "vm/share.h"
#include "vm/swap.h"
#include "vm/swapra.h"
#include "vm/vm.h"

#define MAX_SHARERS   64 /* spaces one eviction may lock */
#define FORCED_SWEEPS 4  /* see frame_forced_drop */

/* A thread in frame_alloc that found no frame: it waits to be handed one or
 * to find one itself. */
struct frame_waiter {
    struct frame *given;   /* [F] a frame handed over: pinned, holding no page */
    uint64_t tried_at;     /* [F] progress when its last try began */
    bool stuck;            /* [F] that try found nothing that may come free */
    struct list_node node; /* [F] in waiters, oldest first, while it waits */
};

static struct lock frame_lock; /* guards frames, the policy, the counts, every frame */
static struct list frames;
static size_t n_frames;
static struct list spare;     /* [F] unused table entries (see entry_get) */
static struct list waiters;   /* [F] struct frame_waiter, oldest first */
static size_t n_given;        /* [F] frames handed over, not yet taken */
static uint64_t progress;     /* [F] frames freed or evicted, and swap freed */
static uint64_t relief;       /* [F] frames freed by their last page going */
static size_t swap_seen;      /* [F] swap slots in use when progress was noted */
static size_t forced_drops;   /* [F] see frame_forced_drop */
static size_t forced_passed;  /* [F] frames those drops passed over */
static uint64_t forced_since; /* [F] relief when forced_drops began */
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
    list_init(&waiters);
    n_given = 0;
    policy_table_init(&frames);
    static bool reserved; /* the entries outlive a host test's new setup */
    if (reserved)
        return;
    reserved = true;
    list_init(&spare);
    size_t n = palloc_total_pages(POOL_USER);
    struct frame *entries = calloc(n ? n : 1, sizeof *entries);
    ASSERT(entries != NULL);
    for (size_t i = 0; i < n; i++)
        list_push_back(&spare, &entries[i].node);
}

/* A clean table entry: one of those made at boot, one per frame of the user
 * pool, so that eviction never needs the heap; only a host test that grew
 * its pool after the VM started takes one from the heap (NULL if it has
 * none).  Frame lock held. */
static struct frame *
entry_get(void)
{
    bool fresh = list_empty(&spare);
    struct frame *f = fresh ? malloc(sizeof *f)
                            : list_entry(list_pop_front(&spare), struct frame, node);
    if (f == NULL)
        return NULL;
    uint32_t gen = fresh ? 0 : f->gen; /* kept: a stale pointer sees it changed */
    memset(f, 0, sizeof *f);
    f->gen = gen;
    return f;
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

/* Adds a new frame at KVA to the table, pinned, holding no page.  Frame
 * lock held. */
static struct frame *
frame_insert(void *kva)
{
    struct frame *f = policy_frame_reserve() ? entry_get() : NULL;
    if (f == NULL)
        return NULL;
    f->kva = kva;
    f->pa = pmap_frame_pa(kva);
    f->pins = 1;
    list_init(&f->pages);
    list_push_back(&frames, &f->node);
    n_frames++;
    policy_frame_added(f);
    return f;
}

/* Hands F (holding no page) to the oldest waiter, pinned for it; false if
 * nobody waits.  Frame lock held. */
static bool
frame_give(struct frame *f)
{
    if (list_empty(&waiters))
        return false;
    struct frame_waiter *w =
        list_entry(list_pop_front(&waiters), struct frame_waiter, node);
    share_remove_locked(f);
    f->pins = 1;
    w->given = f;
    n_given++;
    return true;
}

/* F holds no page any more: it goes to the oldest waiter, else it leaves the
 * table; true in that case, and then the caller gives its memory (F->kva,
 * valid while the frame lock is held) back to the pool.  Frame lock held. */
static bool
frame_detach(struct frame *f)
{
    ASSERT(!HWAN_DEBUG || f->cache == NULL); /* the cache lets go first */
    f->gen++;
    progress++;
    if (frame_give(f))
        return false;
    policy_frame_removed(f);
    list_remove(&f->node);
    n_frames--;
    share_remove_locked(f);
    list_push_back(&spare, &f->node); /* reused last */
    return true;
}

/* F holds no page any more: frame_detach, its memory freed.  Frame lock
 * held. */
static void
frame_remove(struct frame *f)
{
    if (frame_detach(f))
        palloc_free_page(f->kva);
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
 * false (nothing left locked) if one is held by another thread, with
 * *BLOCKER set to that space. */
static bool
frame_lock_spaces(struct frame *f, struct held_spaces *held, struct vm_space **blocker)
{
    held->n = 0;
    struct list_node *n;
    list_for_each(n, &f->pages)
    {
        struct vm_space *s = list_entry(n, struct page, frame_node)->space;
        bool mine = lock_held_by_current_thread(&s->lock);
        if (!mine && (held->n == MAX_SHARERS || !lock_try_acquire(&s->lock))) {
            held_release(held);
            *blocker = s;
            return false;
        }
        if (!mine)
            held->locks[held->n++] = &s->lock;
    }
    return true;
}

/* Whether busy frame F (pinned, or BLOCKER's lock taken by another thread)
 * may come free without the threads that wait for a frame: it may unless a
 * waiter is in the way.  A pin is held by a thread that holds the lock of a
 * space of one of F's pages, or briefly by one between two steps (a frame
 * with no page yet, or handed to a waiter).  Frame lock held. */
static bool
frame_busy_may_free(struct frame *f, struct vm_space *blocker)
{
    if (blocker != NULL)
        return !oom_space_waits(blocker);
    struct list_node *n;
    list_for_each(n, &f->pages)
    {
        if (oom_space_waits(list_entry(n, struct page, frame_node)->space))
            return false;
    }
    return true;
}

/* Chooses a victim in the order the replacement policy gives (vm/policy.h),
 * sparing the frames it spares.  Returns it pinned, with its spaces locked
 * (those this call locked are in HELD), or NULL if none would do.  Sets
 * *LIVE if it passed over a frame that may still become evictable without
 * the threads waiting for a frame: one spared, or busy because of another
 * thread (pinned, or a space of it locked). */
static struct frame *
clock_choose(struct held_spaces *held, bool *live)
{
    lock_acquire(&frame_lock);
    struct frame *victim = NULL;
    size_t looks = evict_policy->looks * n_frames + 1;
    for (size_t i = 0; n_frames > 0 && i < looks && victim == NULL; i++) {
        struct frame *f = evict_policy->next();
        struct vm_space *blocker = NULL;
        if (f->pins > 0 || (list_empty(&f->pages) && f->cache == NULL) ||
            !frame_lock_spaces(f, held, &blocker)) {
            *live = *live || frame_busy_may_free(f, blocker);
            continue;
        }
        if (evict_policy->spare(f, frame_was_accessed(f)) ||
            (f->cache != NULL && !pagecache_claim_locked(f))) {
            held_release(held);
            *live = true;
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
    if (f->cache == NULL && swap_is_full()) {
        /* nothing to undo for a frame that could not be saved anyway */
        const struct page_ops *ops = page_ops(frame_page(f));
        if (ops->evict_needs_swap != NULL && ops->evict_needs_swap(&f->pages))
            return false;
    }
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
    progress++;
    lock_release(&frame_lock);
    vm_count(&vm_counters.evictions);
    return true;
}

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

/* Tries once to free a frame by evicting its pages: returns it pinned and
 * empty, or NULL.  Sets *LIVE as clock_choose does; frames whose pages
 * cannot be saved (swap full, a disk error) do not count.  Sets *PASSED to
 * how many such frames it passed over, before it found its frame (an
 * eviction that passed over any is forced) or in all.  It gives up after
 * more such frames than there are frames, not counting those whose failed
 * write retired swap slots: there are fewer slots to try each time, so a
 * swap disk that fails every write ends with every slot retired, swap full.
 * Once a page only the cache holds could not be evicted (its write-back
 * failed), it leaves the cache's idle pages alone and follows the policy. */
static struct frame *
frame_evict_one(bool *live, size_t *passed)
{
    size_t failures = 0;
    bool try_idle = true; /* until an idle page could not be evicted */
    *passed = 0;
    for (;;) {
        struct held_spaces held;
        struct frame *f = try_idle ? frame_take_idle(&held) : NULL;
        bool idle = f != NULL;
        if (f == NULL)
            f = clock_choose(&held, live);
        if (f == NULL)
            return NULL;
        size_t bad = swap_bad_slots();
        bool ok = frame_evict(f);
        held_release(&held);
        if (ok)
            return f;
        frame_unpin(f);
        try_idle = try_idle && !idle; /* else the same page comes back first */
        ++*passed;
        if (swap_bad_slots() == bad && ++failures > n_frames)
            return NULL;
    }
}

/* Adds a frame at KVA, from the user pool, to the table: pinned, holding no
 * page yet.  NULL (KVA freed) if there is no table entry for it. */
static struct frame *
frame_new(void *kva)
{
    lock_acquire(&frame_lock);
    struct frame *f = frame_insert(kva);
    lock_release(&frame_lock);
    if (f == NULL)
        palloc_free_page(kva);
    return f;
}

struct frame *
frame_adopt(void *kva, struct page *page)
{
    struct frame *f = frame_new(kva);
    if (f != NULL && page != NULL)
        frame_share(f, page);
    return f;
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
    bool live;
    size_t passed;
    struct frame *f;
    while (freed < batch && (f = frame_evict_one(&live, &passed)) != NULL) {
        lock_acquire(&frame_lock);
        f->pins--;
        frame_remove(f);
        lock_release(&frame_lock);
        freed++;
    }
    return freed > 0;
}

/* One try at a frame: a free one from the pool (after making room, see
 * frame_make_room), else one freed by eviction (see frame_evict_one for *LIVE
 * and *PASSED, which stays 0 for a free frame). */
static struct frame *
frame_try(bool *live, size_t *passed)
{
    void *kva = palloc_get_page(PAL_USER);
    if (kva == NULL && frame_make_room())
        kva = palloc_get_page(PAL_USER);
    if (kva != NULL)
        return frame_new(kva);
    return frame_evict_one(live, passed);
}

/* Progress now, counting swap slots freed since it was last looked at (a
 * dirty page may fit in swap again).  Frame lock held. */
static uint64_t
progress_now(void)
{
    size_t used = swap_used();
    if (used < swap_seen)
        progress++;
    swap_seen = used;
    return progress;
}

/* Counts a try at a frame that passed over PASSED frames whose pages could
 * not be saved (see frame_evict_one): a forced drop if it found a frame
 * (DROPPED), else a walk over memory that found none; each counts as one
 * drop.  True if memory counts as exhausted all the same.  With swap full,
 * a frame can then only come from a clean page, which its process soon
 * loads again: when, with no frame coming free meanwhile (its last page
 * gone: an exit, an unmap), there were more such drops than there are
 * frames, or the drops that found a frame passed over more than
 * FORCED_SWEEPS times as many frames as there are (only a few frames can
 * still be dropped, each found after a walk over memory), the processes are
 * only taking each other's last clean pages in turn and none gets on.  A
 * walk that found nothing counts as one drop, not as the frames it passed:
 * frames pinned for I/O come free in a moment, and a waiter tries again
 * only every tick; but with one frame left, a process whose instruction
 * needs a code page and a data page takes each in turn from the other while
 * the frame moves between waiters, and most of their tries find nothing.  A
 * slot that a page read back gives up is taken again by the next eviction,
 * so slots freed do not count.  Frame lock held. */
static bool
frame_forced_drop(size_t passed, bool dropped)
{
    progress_now();
    if (!swap_is_full())
        return false;
    if (forced_since != relief) {
        forced_since = relief;
        forced_drops = 0;
        forced_passed = 0;
    }
    if (dropped)
        forced_passed += passed;
    forced_drops++;
    if (forced_drops <= n_frames && forced_passed <= FORCED_SWEEPS * n_frames)
        return false;
    forced_drops = 0;
    forced_passed = 0;
    return true;
}

/* True if memory is exhausted: every waiter's last try found nothing, not
 * even a busy frame that another thread may let go, and nothing came free
 * since the first of those tries began.  Frame lock held. */
static bool
frame_dead_end(void)
{
    uint64_t now = progress_now();
    if (n_given > 0)
        return false;
    struct list_node *n;
    list_for_each(n, &waiters)
    {
        struct frame_waiter *w = list_entry(n, struct frame_waiter, node);
        if (!w->stuck || w->tried_at != now)
            return false;
    }
    return true;
}

/* Starts a try of W: not stuck while it looks.  Returns progress now. */
static uint64_t
waiter_begin(struct frame_waiter *w)
{
    lock_acquire(&frame_lock);
    w->stuck = false;
    uint64_t now = progress_now();
    lock_release(&frame_lock);
    return now;
}

/* What the caller of frame_alloc does after a try. */
enum settle {
    SETTLE_GOT,      /* *GOT is its frame */
    SETTLE_AGAIN,    /* try again at once */
    SETTLE_WAIT,     /* sleep, then try again */
    SETTLE_DEAD_END, /* memory is exhausted: a victim must die */
    SETTLE_THRASH,   /* *GOT is its frame, but a victim must die */
};

/* Settles the try of waiter W (queued in waiters if *QUEUED) that began at
 * progress BEGAN and found *GOT (or NULL, and *LIVE, see clock_choose).  A
 * frame handed to W meanwhile is W's (one it found goes on to the next
 * waiter); a frame W found goes to an older waiter if there is one, W then
 * queueing behind it; W queues when it found nothing. */
static enum settle
waiter_settle(struct frame_waiter *w, bool *queued, struct frame **got, bool live,
              size_t passed, uint64_t began)
{
    enum settle r = SETTLE_GOT;
    lock_acquire(&frame_lock);
    bool found = *got != NULL;
    bool thrash = passed > 0 && (found || *queued) && frame_forced_drop(passed, found);
    if (thrash)
        r = SETTLE_THRASH;
    if (w->given != NULL) { /* W was taken off the queue when given it */
        if (*got != NULL)
            frame_remove(*got);
        *got = w->given;
        w->given = NULL;
        n_given--;
        *queued = false;
    } else if (*got != NULL && r != SETTLE_THRASH) {
        bool older = !list_empty(&waiters) && list_front(&waiters) != &w->node;
        if (older) {
            frame_give(*got);
            *got = NULL;
            r = SETTLE_AGAIN;
        } else if (*queued) {
            list_remove(&w->node);
            *queued = false;
        }
    } else if (*got != NULL) {
        if (*queued)
            list_remove(&w->node);
        *queued = false;
    } else if (*queued) {
        w->stuck = !live;
        w->tried_at = began;
        r = thrash || (w->stuck && frame_dead_end()) ? SETTLE_DEAD_END : SETTLE_WAIT;
    } else {
        r = SETTLE_AGAIN; /* queued from now on */
    }
    if (r == SETTLE_AGAIN && !*queued) {
        list_push_back(&waiters, &w->node);
        *queued = true;
    }
    lock_release(&frame_lock);
    return r;
}

/* W gives up: off the queue, and a frame handed to it (which took W off
 * the queue) goes on. */
static void
waiter_leave(struct frame_waiter *w, bool queued)
{
    lock_acquire(&frame_lock);
    if (w->given != NULL) {
        n_given--;
        frame_remove(w->given);
    } else if (queued) {
        list_remove(&w->node);
    }
    lock_release(&frame_lock);
}

/* Memory counts as exhausted although the caller holds frame F: vm/oom.c
 * chooses a victim.  True if the caller must fail (F then goes on). */
static bool
frame_thrash_kill(struct frame *f, uint64_t va)
{
    struct oom_held held;
    oom_wait_begin(&held);
    bool fail = oom_kill(&held, va);
    oom_wait_end(&held);
    if (fail) {
        lock_acquire(&frame_lock);
        frame_remove(f);
        lock_release(&frame_lock);
    }
    return fail;
}

/* Waiting (docs/design.md, "Out of memory"): a thread that found nothing
 * queues, marks the spaces it holds as waiting (their busy frames will not
 * come free while it waits), and tries again every tick, unless it is handed
 * a frame first.  Only when every waiter is stuck and nothing came free is
 * memory exhausted; then vm/oom.c chooses a victim, and the caller fails
 * only if its own space was chosen. */
struct frame *
frame_alloc(struct page *page)
{
    struct frame_waiter w = {.given = NULL, .stuck = false, .tried_at = 0};
    struct oom_held held = {.n = 0};
    bool queued = false, marked = false;
    struct frame *f = NULL;
    while (!oom_current_doomed()) {
        uint64_t began = waiter_begin(&w);
        bool live = false;
        size_t passed = 0;
        f = frame_try(&live, &passed);
        enum settle r = waiter_settle(&w, &queued, &f, live, passed, began);
        if (r == SETTLE_THRASH && frame_thrash_kill(f, page != NULL ? page->va : 0))
            f = NULL;
        if (r == SETTLE_GOT || r == SETTLE_THRASH)
            break;
        if (queued && !marked) {
            oom_wait_begin(&held);
            marked = true;
        }
        if (r == SETTLE_AGAIN)
            continue;
        if (r == SETTLE_DEAD_END && oom_kill(&held, page != NULL ? page->va : 0))
            break;
        timer_sleep(1); /* busy frames come free as their holders go on */
    }
    oom_wait_end(&held);
    if (f == NULL) {
        waiter_leave(&w, queued);
        return NULL;
    }
    if (page != NULL)
        frame_share(f, page);
    return f;
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

void
frame_share_pages(struct page *const *pages, size_t n)
{
    ASSERT(n <= FRAME_RELEASE_MAX);
    if (n == 0)
        return;
    lock_acquire(&frame_lock);
    for (size_t i = 0; i < n; i++)
        list_push_back(&pages[i]->frame->pages, &pages[i]->frame_node);
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
    if (list_empty(&f->pages) && f != zero_frame && f->cache == NULL) {
        relief++;
        frame_remove(f);
    }
    lock_release(&frame_lock);
}

void
frame_release_pages(struct page *const *pages, size_t n)
{
    ASSERT(n <= FRAME_RELEASE_MAX);
    void *kvas[FRAME_RELEASE_MAX];
    size_t k = 0;
    lock_acquire(&frame_lock);
    for (size_t i = 0; i < n; i++) {
        struct frame *f = pages[i]->frame;
        list_remove(&pages[i]->frame_node);
        if (list_empty(&f->pages) && f != zero_frame && f->cache == NULL) {
            relief++;
            if (frame_detach(f))
                kvas[k++] = f->kva;
        }
    }
    palloc_free_each(kvas, k);
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
    relief++;
    frame_remove(f);
}

void
frame_unused_locked(struct frame *f)
{
    ASSERT(list_empty(&f->pages) && f->cache == NULL);
    frame_remove(f);
}

#ifdef HOST
uint64_t
frame_test_relief(void)
{
    lock_acquire(&frame_lock);
    uint64_t r = relief;
    lock_release(&frame_lock);
    return r;
}
#endif

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

bool
frame_pinned(struct frame *f)
{
    lock_acquire(&frame_lock);
    bool pinned = f->pins > 0;
    lock_release(&frame_lock);
    return pinned;
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
