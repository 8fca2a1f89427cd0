/* Copying an address space (fork): the regions and the zero pages, then the
 * touched pages in one pass over the records, a slab at a time.  A page in
 * memory whose kind shares it (page_ops.fork_shares) costs its child a
 * record in a slab mirroring the parent's, listed in the frame's pages and
 * mapped read-only in groups (one hold of the frame-table lock, one pass
 * over the entries, for many pages); any other page goes through its
 * kind's fork. */
#include "fs/file.h"
#include "vm/pmap.h"
#include "vm/swap.h"
#include "vm/vm.h"
#include "vm/zero.h"

/* The copy in progress.  Child records that share a frame are listed in it
 * and mapped in groups (shares_list): until then a record holds a frame its
 * frame does not list, so no kind's fork, which may evict, runs while any
 * wait. */
struct fork_copy {
    struct vm_space *dst, *src;
    size_t n;                               /* records waiting */
    struct page *shares[FRAME_RELEASE_MAX]; /* their frames do not list them yet */
    uint64_t vas[FRAME_RELEASE_MAX];        /* their pages, not mapped yet */
    bool failed;                            /* out of memory for page tables */
};

/* Copies SRC's regions into DST, which has none; false if out of memory. */
static bool
regions_copy(struct vm_space *dst, struct vm_space *src)
{
    struct vm_region *r;
    region_for_each(r, &src->regions)
    {
        struct file *file = r->file == src->exe ? dst->exe : r->file;
        if (r->owns_file && (file = file_reopen(r->file)) == NULL)
            return false;
        struct vm_region *c = region_clone(r, file);
        if (c == NULL) {
            if (r->owns_file)
                file_close(file);
            return false;
        }
        list_push_back(&dst->regions.list, &c->node);
        dst->regions.count++;
    }
    return true;
}

/* Lists the waiting records in their frames' pages and maps them in the
 * child, read-only in both; sets FC->failed if out of memory. */
static void
shares_list(struct fork_copy *fc)
{
    frame_share_pages(fc->shares, fc->n);
    if (!pmap_copy_entries(fc->dst->pmap, fc->src->pmap, fc->vas, fc->n))
        fc->failed = true;
    fc->n = 0;
}

/* Makes C share the frame of P (in memory), copy-on-write if P is writable
 * or already copy-on-write (a view of the page cache), and P's swap slot if
 * it has one. */
static void
page_share(struct fork_copy *fc, struct page *p, struct page *c)
{
    p->cow = c->cow = p->cow || p->writable;
    c->frame = p->frame;
    c->dirty = p->dirty;
    if (p->swap_slot != SWAP_SLOT_NONE) {
        swap_ref(p->swap_slot);
        c->swap_slot = p->swap_slot;
    }
    fc->dst->resident++;
    fc->vas[fc->n] = c->va;
    fc->shares[fc->n++] = c;
    if (fc->n == FRAME_RELEASE_MAX)
        shares_list(fc);
}

/* What page_copy did with the child's record. */
enum page_copy_result {
    PAGE_COPY_DONE,   /* the record holds what the parent's holds: keep it */
    PAGE_COPY_NONE,   /* nothing to copy: the record goes */
    PAGE_COPY_FAILED, /* out of memory: the record goes and the copy stops */
};

/* Makes C, the child's new record for page P of the parent, hold what P
 * holds.  Both spaces locked. */
static inline enum page_copy_result
page_copy(struct fork_copy *fc, struct page *p, struct page *c)
{
    if (p->frame == NULL && p->swap_slot == SWAP_SLOT_NONE)
        return PAGE_COPY_NONE; /* dropped: the child's region says what it holds */
    const struct page_ops *ops = page_ops(p);
    if (p->frame != NULL && (ops->fork_shares ? ops->fork_shares(p) : vm_cow_fork)) {
        page_share(fc, p, c);
        return PAGE_COPY_DONE;
    }
    shares_list(fc);
    return ops->fork(fc->dst, p->space, p, c) ? PAGE_COPY_DONE : PAGE_COPY_FAILED;
}

/* Copies the CAP records RECS of one slab of the parent into a slab of the
 * child that mirrors it; false if out of memory (the child keeps the
 * records copied before). */
static bool
slab_copy(struct fork_copy *fc, struct page *recs, unsigned cap)
{
    struct page *kids = page_slab_mirror(fc->dst, recs, cap);
    if (kids == NULL)
        return false;
    bool failed = false;
    for (unsigned i = 0; i < cap; i++) {
        if (recs[i].space == NULL)
            continue;
        /* a record deleted may free the slab: none is looked at after its
         * last one goes */
        enum page_copy_result got =
            failed ? PAGE_COPY_NONE : page_copy(fc, &recs[i], &kids[i]);
        if (got != PAGE_COPY_DONE)
            page_delete(&fc->dst->pages, &kids[i]);
        failed = failed || got == PAGE_COPY_FAILED || fc->failed;
    }
    return !failed;
}

/* Copies every record of SRC into DST, a slab at a time. */
static bool
records_copy(struct fork_copy *fc, struct vm_space *src)
{
    struct list_node *cursor = NULL;
    struct page *recs;
    unsigned cap;
    while ((recs = page_table_next_slab(&src->pages, &cursor, &cap)) != NULL) {
        if (!slab_copy(fc, recs, cap))
            return false;
    }
    return true;
}

bool
vm_space_copy(struct vm_space *dst, struct vm_space *src)
{
    lock_acquire(&src->lock);
    lock_acquire(&dst->lock);
    struct fork_copy fc = {.dst = dst, .src = src};
    bool ok = regions_copy(dst, src) && zero_fork(dst, src);
    /* the child's index sized once, not grown page by page (if there is no
     * memory for that, it grows as usual) */
    page_table_reserve(&dst->pages, page_table_size(&src->pages));
    pmap_batch_begin(src->pmap); /* one TLB flush for the parent's entries */
    ok = ok && records_copy(&fc, src);
    shares_list(&fc);
    pmap_batch_end(src->pmap);
    lock_release(&dst->lock);
    lock_release(&src->lock);
    return ok && !fc.failed;
}
