/* Address spaces: create, destroy, activate, and the kernel's ways into one
 * (claiming a page to write into, naming the frame behind an address). */
#include "fs/file.h"
#include "kernel/malloc.h"
#include "vm/frame.h"
#include "vm/pagecache.h"
#include "vm/oom.h"
#include "vm/pmap.h"
#include "vm/share.h"
#include "vm/swap.h"
#include "vm/vm.h"
#include "vm/zero.h"

bool vm_cow_fork = true;

void
vm_init(void)
{
    frame_table_init();
    share_init();
    pagecache_init();
    oom_init();
}

void
vm_init_swap(void)
{
    swap_init();
}

void
vm_init_zero_frame(void)
{
    frame_zero();
}

struct vm_space *
vm_space_create(void)
{
    struct vm_space *s = calloc(1, sizeof *s);
    if (s == NULL)
        return NULL;
    s->pmap = pmap_create();
    if (s->pmap == NULL || !page_table_init(&s->pages)) {
        if (s->pmap)
            pmap_destroy(s->pmap);
        free(s);
        return NULL;
    }
    lock_init(&s->lock);
    region_set_init(&s->regions);
    oom_register(s);
    return s;
}

/* Lets go of every touched page of S, then frees every region (the records
 * go with the table; the entries of its pages, like every entry, with the
 * page tables).  Space lock held. */
static void
space_free_all(struct vm_space *s)
{
    page_let_go_all(s);
    while (!list_empty(&s->regions.list)) {
        struct vm_region *r =
            list_entry(list_front(&s->regions.list), struct vm_region, node);
        region_unlink(&s->regions, r);
        region_free(r);
    }
}

void
vm_space_destroy(struct vm_space *s)
{
    lock_acquire(&s->lock);
    space_free_all(s);
    oom_unregister(s);
    page_table_destroy(&s->pages);
    lock_release(&s->lock);
    pmap_destroy(s->pmap);
    file_close(s->exe);
    free(s);
}

void
vm_space_activate(struct vm_space *s)
{
    pmap_activate(s ? s->pmap : NULL);
}

/* The record of page VA (in a region) for the kernel to write into, made
 * if need be (a page on the zero frame leaves it: it gets a frame of its
 * own); NULL if there is no region there or out of memory. */
static struct page *
claim_record(struct vm_space *s, uint64_t va, struct vm_region **r)
{
    *r = region_find(&s->regions, va);
    if (*r == NULL)
        return NULL;
    struct page *p = page_find(&s->pages, va);
    if (p != NULL)
        return p;
    p = page_create(s, *r, va);
    if (p != NULL)
        zero_unmap(s, va);
    return p;
}

/* Brings claimed page P of region R into memory; false (a record made for
 * nothing deleted) if it cannot be loaded. */
static bool
claim_load(struct vm_space *s, struct vm_region *r, struct page *p)
{
    uint64_t *counter = region_page_is_zero(r, p->va) ? &vm_counters.faults_zero
                                                      : &vm_counters.faults_file;
    if (page_load(s, r, p, counter))
        return true;
    if (p->swap_slot == SWAP_SLOT_NONE)
        page_delete(&s->pages, p); /* it holds nothing */
    return false;
}

void *
vm_claim(struct vm_space *s, uint64_t va)
{
    va &= ~(VM_PAGE_SIZE - 1);
    lock_acquire(&s->lock);
    struct vm_region *r;
    struct page *p = claim_record(s, va, &r);
    void *kva = NULL;
    if (p != NULL && p->frame == NULL && !claim_load(s, r, p))
        p = NULL;
    if (p != NULL && (p->cow || pagecache_holds(p->frame) || frame_sharers(p->frame) > 1))
        p = NULL; /* shared: the kernel must not write into it */
    if (p != NULL) {
        kva = p->frame->kva;
        p->dirty = true; /* written through the kernel's address: no dirty bit */
        frame_unpublish(p->frame);
        frame_pin(p->frame);
    }
    lock_release(&s->lock);
    return kva;
}

void
vm_unclaim(struct vm_space *s, uint64_t va)
{
    lock_acquire(&s->lock);
    struct page *p = page_find(&s->pages, va & ~(VM_PAGE_SIZE - 1));
    if (p != NULL && p->frame != NULL)
        frame_unpin(p->frame);
    lock_release(&s->lock);
}

uint64_t
vm_frame_identity(struct vm_space *s, uint64_t va)
{
    uint64_t pa = 0;
    if (va >= USER_TOP)
        return 0;
    lock_acquire(&s->lock);
    struct page *p = page_find(&s->pages, va & ~(VM_PAGE_SIZE - 1));
    if (p != NULL && p->frame != NULL)
        pa = p->frame->pa;
    else if (p == NULL && zero_mapped(s, va & ~(VM_PAGE_SIZE - 1)))
        pa = zero_frame->pa;
    lock_release(&s->lock);
    return pa;
}

size_t
vm_space_resident(struct vm_space *s)
{
    return s->resident + s->zero_mapped;
}

/* Counts P in *AUX (a size_t) if it is in swap only. */
static void
count_swapped(struct page *p, void *aux)
{
    *(size_t *)aux += p->frame == NULL && p->swap_slot != SWAP_SLOT_NONE;
}

size_t
vm_space_swapped(struct vm_space *s)
{
    size_t n = 0;
    lock_acquire(&s->lock);
    page_table_for_each(&s->pages, count_swapped, &n);
    lock_release(&s->lock);
    return n;
}

size_t
vm_space_pages(struct vm_space *s)
{
    size_t n = 0;
    lock_acquire(&s->lock);
    struct vm_region *r;
    region_for_each(r, &s->regions) n += (r->end - r->start) / VM_PAGE_SIZE;
    lock_release(&s->lock);
    return n;
}
