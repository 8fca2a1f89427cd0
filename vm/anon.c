/* Anonymous pages: memory with no file behind it (stack, heap, bss, and
 * executable pages once loaded).  They live only in their frame for now;
 * eviction will give them a swap slot. */
#include "kernel/debug.h"
#include "vm/page.h"

/* An anonymous page is only ever brought in by its first (uninit) load. */
static bool
anon_swap_in(struct page *page, void *kva)
{
    (void)kva;
    panic("anon page %#llx lost its frame", (unsigned long long)page->va);
}

static void
anon_destroy(struct page *page)
{
    (void)page;
}

const struct page_ops anon_ops = {
    .kind = PAGE_ANON,
    .name = "anon",
    .swap_in = anon_swap_in,
    .destroy = anon_destroy,
};
