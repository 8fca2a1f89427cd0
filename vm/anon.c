/* Anonymous pages: memory with no file behind it once loaded (stack, heap,
 * bss, and executable pages after their first load).  Evicted, a page that
 * was written goes to a swap slot; one that was not is simply dropped and
 * becomes uninit again, to be refilled from its source (the executable, or
 * zeros). */
#include "kernel/debug.h"
#include "vm/page.h"
#include "vm/swap.h"

/* Reads the page back from its swap slot (freed by anon_loaded, once the
 * page is mapped for good). */
static bool
anon_swap_in(struct page *page, void *kva)
{
    if (page->swap_slot == SWAP_SLOT_NONE)
        panic("anon page %#llx lost its frame", (unsigned long long)page->va);
    return swap_read(page->swap_slot, kva);
}

/* A page read back from swap is mapped: its slot is free, and memory holds
 * the only copy again. */
static void
anon_loaded(struct page *page)
{
    if (page->swap_slot == SWAP_SLOT_NONE)
        return;
    swap_free(page->swap_slot);
    page->swap_slot = SWAP_SLOT_NONE;
    page->dirty = true;
    vm_count(&vm_counters.swap_ins);
}

/* Writes a dirty page to a new swap slot; drops a clean one. */
static bool
anon_swap_out(struct page *page, void *kva)
{
    if (!page->dirty) {
        page->ops = &uninit_ops;
        vm_count(&vm_counters.clean_drops);
        return true;
    }
    uint32_t slot = swap_alloc();
    if (slot == SWAP_SLOT_NONE)
        return false;
    if (!swap_write(slot, kva)) {
        swap_free(slot);
        return false;
    }
    page->swap_slot = slot;
    vm_count(&vm_counters.swap_outs);
    return true;
}

bool
anon_swap_out_shared(struct list *pages, void *kva)
{
    bool dirty = false;
    size_t n = 0;
    struct list_node *node;
    list_for_each(node, pages)
    {
        dirty |= list_entry(node, struct page, frame_node)->dirty;
        n++;
    }
    uint32_t slot = SWAP_SLOT_NONE;
    if (dirty) {
        slot = swap_alloc();
        if (slot == SWAP_SLOT_NONE)
            return false;
        if (!swap_write(slot, kva)) {
            swap_free(slot);
            return false;
        }
        for (size_t i = 1; i < n; i++)
            swap_ref(slot);
        vm_count(&vm_counters.swap_outs);
    }
    list_for_each(node, pages)
    {
        struct page *p = list_entry(node, struct page, frame_node);
        if (dirty) {
            p->swap_slot = slot;
        } else {
            p->ops = &uninit_ops;
            vm_count(&vm_counters.clean_drops);
        }
    }
    return true;
}

static void
anon_destroy(struct page *page)
{
    if (page->swap_slot != SWAP_SLOT_NONE)
        swap_free(page->swap_slot);
}

const struct page_ops anon_ops = {
    .kind = PAGE_ANON,
    .name = "anon",
    .swap_in = anon_swap_in,
    .swap_out = anon_swap_out,
    .destroy = anon_destroy,
    .loaded = anon_loaded,
};
