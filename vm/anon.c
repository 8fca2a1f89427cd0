/* Anonymous pages (see anon.h).  A page first holds what its region says
 * (zeros, or a program's bytes); evicted, a written page goes to a swap slot
 * and a clean one is dropped.  A page read back from swap keeps its slot
 * while it stays clean (the swap cache): evicting it again costs no write.
 * The slot goes once the page is written (its dirty bit folded in) or its
 * last user goes. */
#include "vm/anon.h"

#include "kernel/trace.h"
#include "vm/frame.h"
#include "vm/page.h"
#include "vm/pmap.h"
#include "vm/share.h"
#include "vm/swap.h"
#include "vm/swapra.h"
#include "vm/vm.h"

/* Fills KVA from the page's swap copy, or from its region. */
static bool
anon_load(struct page *p, const struct vm_region *r, void *kva)
{
    if (p->swap_slot != SWAP_SLOT_NONE)
        return swap_read_around(p->swap_slot, kva);
    return region_fill_page(r, p->va, kva);
}

/* What the pages sharing one frame need on eviction. */
enum anon_save { SAVE_NOTHING, SAVE_KEEP_SLOT, SAVE_WRITE };

/* Whether the pages of LIST must be written to swap, are already there (one
 * slot, all clean), or can be refilled from their region. */
static enum anon_save
anon_needs(struct list *pages)
{
    struct page *first = list_entry(list_front(pages), struct page, frame_node);
    bool dirty = false, one_slot = true;
    struct list_node *n;
    list_for_each(n, pages)
    {
        struct page *p = list_entry(n, struct page, frame_node);
        dirty |= p->dirty;
        one_slot &= p->swap_slot == first->swap_slot;
    }
    if (!dirty && one_slot && first->swap_slot == SWAP_SLOT_NONE)
        return SAVE_NOTHING;
    /* A slot marked bad (another page's read of it failed) is no copy. */
    if (!dirty && one_slot && !swap_is_bad(first->swap_slot))
        return SAVE_KEEP_SLOT;
    return SAVE_WRITE;
}

/* Resident pages right after an evicted one, written in the same request
 * (write clustering): they stay mapped, now clean, with a copy in swap, so
 * that evicting them later costs no write. */
struct anon_cluster {
    struct page *pages[SWAP_CLUSTER_MAX - 1];
    void *kvas[SWAP_CLUSTER_MAX]; /* the victim's frame, then theirs */
    size_t n;                     /* pages gathered */
};

/* True if N (a page of a locked space, or NULL) may join a cluster: an
 * anonymous page alone in an unpinned frame, written since its last save and
 * not used since the replacement policy last looked.  Pins its frame. */
static bool
anon_cluster_candidate(struct page *n)
{
    if (n == NULL || n->kind != PAGE_ANON || n->frame == NULL || n->cow)
        return false;
    struct pmap *pm = n->space->pmap;
    if (pmap_is_accessed(pm, n->va) || !(n->dirty || pmap_is_dirty(pm, n->va)))
        return false;
    return frame_pin_private(n->frame, n);
}

/* Gathers the pages after VICTIM's that may be written with it, up to
 * WANT in all, stopping at the first that may not.  Each one's dirty bit is
 * cleared before the write, so that a write to it meanwhile marks it dirty
 * again. */
static void
anon_cluster_gather(struct page *victim, struct anon_cluster *c, size_t want)
{
    c->n = 0;
    for (size_t i = 1; i < want; i++) {
        struct page *n = page_find(&victim->space->pages, victim->va + i * VM_PAGE_SIZE);
        if (!anon_cluster_candidate(n))
            break;
        pmap_clear_dirty(n->space->pmap, n->va);
        n->dirty = true; /* until it is saved */
        c->pages[c->n] = n;
        c->kvas[++c->n] = n->frame->kva;
    }
}

/* Lets go of the gathered pages from FROM on, which were not saved. */
static void
anon_cluster_drop(struct anon_cluster *c, size_t from)
{
    for (size_t i = from; i < c->n; i++)
        frame_unpin(c->pages[i]->frame);
    if (from < c->n)
        c->n = from;
}

/* The gathered pages whose write succeeded (OK[i] for the i-th) now have
 * their copies in the slots from SLOT on; the others stay dirty.  Lets go of
 * them all. */
static void
anon_cluster_saved(struct anon_cluster *c, uint32_t slot, const bool *ok)
{
    for (size_t i = 0; i < c->n; i++) {
        struct page *n = c->pages[i];
        frame_unpin(n->frame);
        if (!ok[i])
            continue;
        if (n->swap_slot != SWAP_SLOT_NONE)
            swap_free(n->swap_slot);
        n->swap_slot = slot + i;
        n->dirty = false;
        vm_count(&vm_counters.swap_outs);
        trace_swap_out(n->space->pid, n->va, trace_frame(c->kvas[i + 1]), slot + i);
    }
}

/* Writes the N pages at KVAS to the N slots from SLOT (taken by the caller)
 * and sets OK[i] if the i-th page reached its slot.  One request; if it
 * fails, one request per page, because a failed request does not say which
 * of its sectors failed: only the slots whose own write fails are retired
 * (never handed out again), the others hold their pages. */
static void
anon_write_run(uint32_t slot, void *const *kvas, size_t n, bool *ok)
{
    bool all = swap_write_run(slot, kvas, n);
    for (size_t i = 0; i < n; i++) {
        ok[i] = all || (n > 1 && swap_write(slot + i, kvas[i]));
        if (!ok[i]) {
            vm_count(&vm_counters.swap_write_errors);
            swap_retire(slot + i);
        }
    }
}

/* The pages of LIST, sharing the frame at KVA, now have their copy in SLOT
 * (their old slots released). */
static void
anon_frame_saved(struct list *pages, void *kva, uint32_t slot)
{
    struct page *p = list_entry(list_front(pages), struct page, frame_node);
    bool first = true;
    struct list_node *n;
    list_for_each(n, pages)
    {
        struct page *q = list_entry(n, struct page, frame_node);
        if (q->swap_slot != SWAP_SLOT_NONE)
            swap_free(q->swap_slot);
        if (!first)
            swap_ref(slot);
        first = false;
        q->swap_slot = slot;
        q->dirty = false;
    }
    vm_count(&vm_counters.swap_outs);
    trace_swap_out(p->space->pid, p->va, trace_frame(kva), slot);
    trace_evict(p->space->pid, p->va, trace_frame(kva), TRACE_TO_SWAP, slot);
}

/* Writes the frame at KVA to a new slot that every page of LIST then holds
 * (old slots released), with a cluster of the first page's neighbours in
 * the slots after it, all in one request.  False if swap is full, or if the
 * frame's own write failed (its slot retired; its pages stay dirty, in
 * memory, for a later eviction to write to another slot); neighbours whose
 * writes succeeded are saved either way. */
static bool
anon_write_slot(struct list *pages, void *kva)
{
    struct page *p = list_entry(list_front(pages), struct page, frame_node);
    if (swap_is_full())
        return false; /* swap full: not worth gathering a cluster */
    struct anon_cluster c;
    anon_cluster_gather(p, &c, swap_cluster_pages);
    size_t got;
    uint32_t slot = swap_alloc_run(1 + c.n, &got);
    anon_cluster_drop(&c, got > 0 ? got - 1 : 0);
    c.kvas[0] = kva;
    if (slot == SWAP_SLOT_NONE) {
        anon_cluster_drop(&c, 0);
        return false;
    }
    bool ok[SWAP_CLUSTER_MAX];
    anon_write_run(slot, c.kvas, got, ok);
    if (ok[0])
        anon_frame_saved(pages, kva, slot);
    anon_cluster_saved(&c, slot + 1, ok + 1);
    return ok[0];
}

/* anon_needs before the pages are unmapped: their entries' dirty bits count
 * too (their spaces locked). */
static bool
anon_evict_needs_swap(struct list *pages)
{
    struct list_node *n;
    list_for_each(n, pages)
    {
        struct page *p = list_entry(n, struct page, frame_node);
        if (!p->dirty && pmap_is_dirty(p->space->pmap, p->va))
            return true;
    }
    return anon_needs(pages) == SAVE_WRITE;
}

static bool
anon_evict(struct list *pages, const struct vm_region *r, void *kva)
{
    (void)r;
    enum anon_save save = anon_needs(pages);
    if (save == SAVE_WRITE)
        return anon_write_slot(pages, kva);
    if (save == SAVE_KEEP_SLOT)
        vm_count(&vm_counters.swap_writes_avoided);
    vm_count(&vm_counters.clean_drops);
    struct page *p = list_entry(list_front(pages), struct page, frame_node);
    trace_evict(p->space->pid, p->va, trace_frame(kva), TRACE_TO_DROPPED, -1);
    return true;
}

/* Fork of a page out of memory (shares P's swap slot), or with -eager-fork
 * (C gets a copy of its own). */
static bool
anon_fork(struct vm_space *dst, struct vm_space *src, struct page *p, struct page *c)
{
    (void)src;
    if (!vm_cow_fork)
        return page_fork_copy(dst, p, c);
    c->dirty = p->dirty;
    if (p->swap_slot != SWAP_SLOT_NONE) {
        swap_ref(p->swap_slot);
        c->swap_slot = p->swap_slot;
    }
    return true;
}

static bool
anon_reads_zero(const struct vm_region *r, uint64_t va)
{
    return vm_cow_fork && region_page_is_zero(r, va);
}

const struct page_ops anon_ops = {
    .name = "anon",
    .load = anon_load,
    .evict = anon_evict,
    .evict_needs_swap = anon_evict_needs_swap,
    .destroy = NULL,     /* nothing but its slot, which goes for every kind */
    .fork_shares = NULL, /* a page in memory shares its frame (copy-on-write) */
    .fork = anon_fork,
    .reads_zero = anon_reads_zero,
};
