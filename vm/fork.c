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

/* Makes C, the child's new record for page P of the parent, hold a copy of
 * what P holds (AUX: the child's space), through P's kind.  Both spaces
 * locked. */
static enum page_copy_result
page_copy(struct page *p, struct page *c, void *aux)
{
    if (p->frame == NULL && p->swap_slot == SWAP_SLOT_NONE)
        return PAGE_COPY_NONE; /* dropped: the child's region says what it holds */
    return page_ops(p)->fork(aux, p->space, p, c) ? PAGE_COPY_DONE : PAGE_COPY_FAILED;
}

bool
vm_space_copy(struct vm_space *dst, struct vm_space *src)
{
    lock_acquire(&src->lock);
    lock_acquire(&dst->lock);
    bool ok = regions_copy(dst, src) && zero_fork(dst, src);
    /* the child's index sized once, not grown page by page (if there is no
     * memory for that, it grows as usual) */
    page_table_reserve(&dst->pages, page_table_size(&src->pages));
    pmap_batch_begin(src->pmap); /* one TLB flush for the parent's entries */
    ok = ok && page_table_copy(dst, &src->pages, page_copy, dst);
    pmap_batch_end(src->pmap);
    lock_release(&dst->lock);
    lock_release(&src->lock);
    return ok;
}
