/* File pages: pages of a memory-mapped file.  They load from the file (the
 * tail past its end reads as zeros); a page that was written goes back to
 * the file when it is evicted or unmapped, and only the bytes that belong to
 * the file; a clean page is simply dropped and read again when touched. */
#include "fs/file.h"
#include "vm/frame.h"
#include "vm/page.h"

/* Reads the page from its file. */
static bool
file_swap_in(struct page *page, void *kva)
{
    return page_source_fill(&page->source, kva);
}

/* Writes a written page back to its file; true if it is safe on disk. */
static bool
file_write_back(struct page *page, const void *kva)
{
    if (!page->dirty || page->source.n_chunks == 0) {
        page->dirty = false;
        return true;
    }
    const struct page_chunk *c = &page->source.chunk[0];
    if (file_write_at(page->source.file, (const char *)kva + c->page_off, c->len,
                      c->file_off) != c->len)
        return false;
    page->dirty = false;
    vm_count(&vm_counters.mmap_writebacks);
    return true;
}

/* Eviction: a written page goes back to the file; either way it is dropped. */
static bool
file_swap_out(struct page *page, void *kva)
{
    if (!page->dirty)
        vm_count(&vm_counters.clean_drops);
    return file_write_back(page, kva);
}

/* Unmapping (munmap, exit, exec): write back what was written. */
static void
file_destroy(struct page *page)
{
    if (page->frame != NULL)
        file_write_back(page, page->frame->kva);
}

const struct page_ops file_ops = {
    .kind = PAGE_FILE,
    .name = "file",
    .swap_in = file_swap_in,
    .swap_out = file_swap_out,
    .destroy = file_destroy,
};
