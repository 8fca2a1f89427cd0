/* Uninit pages: not yet touched.  The first fault fills the frame from the
 * page's source (file chunks and zeros) and the page becomes anonymous. */
#include "fs/file.h"
#include "kernel/debug.h"
#include "lib/string.h"
#include "vm/page.h"

bool
page_source_fill(const struct page_source *src, void *kva)
{
    memset(kva, 0, VM_PAGE_SIZE);
    if (src == NULL)
        return true;
    for (unsigned i = 0; i < src->n_chunks; i++) {
        const struct page_chunk *c = &src->chunk[i];
        if (file_read_at(src->file, (char *)kva + c->page_off, c->len, c->file_off) !=
            c->len)
            return false;
    }
    return true;
}

/* Loads the page for the first time, then turns it into the kind it is
 * meant to be, anonymous or file (vm_page_load undoes that if the page
 * cannot be mapped). */
static bool
uninit_swap_in(struct page *page, void *kva)
{
    if (!page_source_fill(&page->source, kva))
        return false;
    page->ops = page->loaded_ops;
    return true;
}

/* An uninit page has no frame, so it is never evicted. */
static bool
uninit_swap_out(struct page *page, void *kva)
{
    (void)kva;
    panic("uninit page %#llx has a frame to evict", (unsigned long long)page->va);
}

/* Nothing outside the page: its file belongs to the address space. */
static void
uninit_destroy(struct page *page)
{
    (void)page;
}

const struct page_ops uninit_ops = {
    .kind = PAGE_UNINIT,
    .name = "uninit",
    .swap_in = uninit_swap_in,
    .swap_out = uninit_swap_out,
    .destroy = uninit_destroy,
};
