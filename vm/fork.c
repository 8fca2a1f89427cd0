/* Copying an address space (fork): the regions, then the touched pages in
 * one pass, each kind deciding what its child page holds. */
#include "fs/file.h"
#include "vm/swap.h"
#include "vm/vm.h"

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
    struct vm_region *r = region_find(&dst->regions, p->va);
    struct page *c = page_create(dst, r, p->va);
    if (c == NULL)
        return false;
    if (page_ops(p)->fork(dst, src, p, c))
        return true;
    page_delete(&dst->pages, c);
    return false;
}

bool
vm_space_copy(struct vm_space *dst, struct vm_space *src)
{
    lock_acquire(&src->lock);
    lock_acquire(&dst->lock);
    bool ok = regions_copy(dst, src);
    struct hash_iter it;
    for (struct hash_node *n = hash_first(&it, &src->pages.pages); n && ok;
         n = hash_next(&it))
        ok = page_copy(dst, src, container_of(n, struct page, spt_node));
    lock_release(&dst->lock);
    lock_release(&src->lock);
    return ok;
}
