/* File pages (see file.h).  With the page cache (the default) a file page
 * maps the cache's frame of its file page (vm/pagecache.h): a view of the
 * file that every other mapping and read() share; unmapping folds its
 * written state into the cached page and writes that back; fork gives the
 * child a view of the same frame.  The frame table evicts such frames
 * through the cache.  A page past the file's end when it was mapped, and
 * every page with -no-page-cache, has a private frame: loaded from the file
 * (the tail past its end reads as zeros), written back when evicted or
 * unmapped if it was written (only the bytes that belong to the file), and
 * copied for a child at fork. */
#include "vm/file.h"

#include "fs/file.h"
#include "kernel/trace.h"
#include "vm/frame.h"
#include "vm/pmap.h"
#include "vm/pagecache.h"
#include "vm/vm.h"

static bool
file_load(struct page *p, const struct vm_region *r, void *kva)
{
    return region_fill_page(r, p->va, kva);
}

/* Writes written page P (its frame at KVA) back to R's file; true if it is
 * safe on disk. */
static bool
file_write_back(struct page *p, const struct vm_region *r, const void *kva)
{
    struct page_source src;
    region_page_source(r, p->va, &src);
    if (!p->dirty || src.n_chunks == 0) {
        p->dirty = false;
        return true;
    }
    const struct page_chunk *c = &src.chunk[0];
    if (file_write_at(src.file, (const char *)kva + c->page_off, c->len, c->file_off) !=
        c->len)
        return false;
    p->dirty = false;
    vm_count(&vm_counters.mmap_writebacks);
    return true;
}

/* Eviction: a written page goes back to the file; either way it is dropped. */
static bool
file_evict(struct list *pages, const struct vm_region *r, void *kva)
{
    struct page *p = list_entry(list_front(pages), struct page, frame_node);
    bool dirty = p->dirty;
    if (!file_write_back(p, r, kva))
        return false;
    if (!dirty)
        vm_count(&vm_counters.clean_drops);
    trace_evict(p->space->pid, p->va, trace_frame(kva),
                dirty ? TRACE_TO_FILE : TRACE_TO_DROPPED, -1);
    return true;
}

/* Unmapping (munmap, exit, exec): write back what was written. */
static void
file_destroy(struct page *p, const struct vm_region *r)
{
    if (p->frame != NULL && pagecache_holds(p->frame)) {
        if (p->dirty)
            pagecache_set_dirty(p->frame);
        p->dirty = false;
        pagecache_write_back(p->frame);
    } else if (p->frame != NULL) {
        file_write_back(p, r, p->frame->kva);
    }
}

/* A view of the page cache that is copy-on-write (program data) shares its
 * frame as anonymous memory does. */
static bool
file_fork_shares(const struct page *p)
{
    return p->cow && pagecache_holds(p->frame);
}

/* Fork of any other file page: a writable view of the page cache is mapped
 * writable in the child too; a private copy (no page cache) is copied. */
static bool
file_fork(struct vm_space *dst, struct vm_space *src, struct page *p, struct page *c)
{
    (void)src;
    if (p->frame == NULL)
        return true; /* dropped: the child reads the file too */
    if (pagecache_holds(p->frame)) {
        if (!pmap_enter(dst->pmap, c->va, p->frame->pa, page_prot(c)))
            return false;
        frame_share(p->frame, c);
        c->frame = p->frame;
        dst->resident++;
        return true;
    }
    if (!page_fork_copy(dst, p, c))
        return false;
    c->dirty = p->dirty;
    return true;
}

/* A file page shares its cached frame copy-on-write only while its file
 * runs as a program (vm/page.c page_cached_cow): its copy is private to the
 * mapping and must never reach the file, not even once the program has
 * ended.  So it becomes an anonymous page: to swap when evicted, dropped
 * when unmapped, copied or shared at fork as anonymous memory is. */
static void
file_copied(struct page *p)
{
    p->kind = PAGE_ANON;
}

static bool
file_no_zero(const struct vm_region *r, uint64_t va)
{
    (void)r, (void)va;
    return false;
}

const struct page_ops file_ops = {
    .name = "file",
    .load = file_load,
    .evict = file_evict,
    .destroy = file_destroy,
    .fork_shares = file_fork_shares,
    .fork = file_fork,
    .reads_zero = file_no_zero,
    .copied = file_copied,
};
