/* Anonymous pages (see anon.h).  A page first holds what its region says
 * (zeros, or a program's bytes); evicted, a written page goes to a swap slot
 * and a clean one is dropped.  A page read back from swap keeps its slot
 * while it stays clean (the swap cache): evicting it again costs no write.
 * The slot goes once the page is written (its dirty bit folded in) or its
 * last user goes. */
#include "vm/anon.h"

#include "kernel/trace.h"
#include "vm/frame.h"
#include "vm/pmap.h"
#include "vm/share.h"
#include "vm/swap.h"
#include "vm/vm.h"

/* Fills KVA from the page's swap copy, or from its region. */
static bool
anon_load(struct page *p, const struct vm_region *r, void *kva)
{
    if (p->swap_slot != SWAP_SLOT_NONE)
        return swap_read(p->swap_slot, kva);
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
    if (!dirty && one_slot)
        return first->swap_slot == SWAP_SLOT_NONE ? SAVE_NOTHING : SAVE_KEEP_SLOT;
    return SAVE_WRITE;
}

/* Writes the frame at KVA to a new slot that every page of LIST then holds
 * (old slots released).  False, nothing changed, if swap is full or fails. */
static bool
anon_write_slot(struct list *pages, void *kva)
{
    uint32_t slot = swap_alloc();
    if (slot == SWAP_SLOT_NONE)
        return false;
    if (!swap_write(slot, kva)) {
        swap_free(slot);
        return false;
    }
    bool first = true;
    struct list_node *n;
    list_for_each(n, pages)
    {
        struct page *p = list_entry(n, struct page, frame_node);
        if (p->swap_slot != SWAP_SLOT_NONE)
            swap_free(p->swap_slot);
        if (!first)
            swap_ref(slot);
        first = false;
        p->swap_slot = slot;
        p->dirty = false;
    }
    vm_count(&vm_counters.swap_outs);
    struct page *p = list_entry(list_front(pages), struct page, frame_node);
    trace_swap_out(p->space->pid, p->va, trace_frame(kva), slot);
    trace_evict(p->space->pid, p->va, trace_frame(kva), TRACE_TO_SWAP, slot);
    return true;
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

static void
anon_destroy(struct page *p, const struct vm_region *r)
{
    (void)r;
    if (p->swap_slot != SWAP_SLOT_NONE)
        swap_free(p->swap_slot);
    p->swap_slot = SWAP_SLOT_NONE;
}

/* Fork with copy-on-write: C shares P's frame, both mapped read-only until
 * one of them writes, and P's swap slot if it has one. */
static bool
anon_fork_share(struct vm_space *dst, struct vm_space *src, struct page *p,
                struct page *c)
{
    if (p->frame != NULL && pmap_is_dirty(src->pmap, p->va))
        p->dirty = true; /* the entry is about to stop taking writes */
    c->dirty = p->dirty;
    if (p->frame != NULL) {
        c->cow = p->writable;
        if (!pmap_enter(dst->pmap, c->va, p->frame->pa, page_prot(c)))
            return false;
        p->cow = p->writable;
        pmap_protect(src->pmap, p->va, page_prot(p));
        frame_share(p->frame, c);
        c->frame = p->frame;
        dst->resident++;
    }
    if (p->swap_slot != SWAP_SLOT_NONE) {
        swap_ref(p->swap_slot);
        c->swap_slot = p->swap_slot;
    }
    return true;
}

static bool
anon_fork(struct vm_space *dst, struct vm_space *src, struct page *p, struct page *c)
{
    if (vm_cow_fork || p->frame == zero_frame)
        return anon_fork_share(dst, src, p, c);
    return page_fork_copy(dst, p, c);
}

static bool
anon_may_share(const struct page *p, const struct vm_region *r)
{
    if (!vm_share_code || p->writable || r->kind != REGION_IMAGE)
        return false;
    struct page_source src;
    region_page_source(r, p->va, &src);
    return src.n_chunks == 1 && src.file != NULL;
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
    .destroy = anon_destroy,
    .fork = anon_fork,
    .may_share = anon_may_share,
    .reads_zero = anon_reads_zero,
};
