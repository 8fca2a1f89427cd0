/* Copying an address space (fork): the regions, then the touched pages in
 * one pass, each kind deciding what its child page holds. */
#include "fs/file.h"
#include "vm/pmap.h"
#include "vm/swap.h"
#include "vm/vm.h"
#include "vm/zero.h"

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

/* Gives DST a copy of touched page P of SRC, if P holds anything.  Both
 * spaces locked. */
static bool
page_copy(struct vm_space *dst, struct vm_space *src, struct page *p)
{
    if (p->frame == NULL && p->swap_slot == SWAP_SLOT_NONE)
        return true; /* dropped: the child's region says what it holds */
    struct page *c = page_create_like(dst, p);
    if (c == NULL)
        return false;
    if (page_ops(p)->fork(dst, src, p, c))
        return true;
    page_delete(&dst->pages, c);
    return false;
}

/* A fork in progress: the child, and whether every page so far was copied. */
struct fork_pass {
    struct vm_space *dst;
    bool ok;
};

/* Copies page P of the parent into the child of AUX (a fork_pass) unless a
 * copy failed already. */
static void
fork_page(struct page *p, void *aux)
{
    struct fork_pass *f = aux;
    if (f->ok)
        f->ok = page_copy(f->dst, p->space, p);
}

bool
vm_space_copy(struct vm_space *dst, struct vm_space *src)
{
    lock_acquire(&src->lock);
    lock_acquire(&dst->lock);
    struct fork_pass f = {dst, regions_copy(dst, src) && zero_fork(dst, src)};
    /* the child's index sized once, not grown page by page (if there is no
     * memory for that, it grows as usual) */
    page_table_reserve(&dst->pages, page_table_size(&src->pages));
    pmap_batch_begin(src->pmap); /* one TLB flush for the parent's entries */
    if (f.ok)
        page_table_for_each(&src->pages, fork_page, &f);
    pmap_batch_end(src->pmap);
    bool ok = f.ok;
    lock_release(&dst->lock);
    lock_release(&src->lock);
    return ok;
}
