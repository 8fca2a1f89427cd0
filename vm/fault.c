/* The page-fault handler: find the region, then one small function per kind
 * of fault, each answering "handled", "kill the process" (a bad access, or a
 * page of a file that could not be read), "out of memory" or "disk error" (a
 * page whose only copy was in a swap slot that could not be read). */
#include "kernel/trace.h"
#include "lib/string.h"
#include "vm/frame.h"
#include "vm/pagecache.h"
#include "vm/oom.h"
#include "vm/pmap.h"
#include "vm/swap.h"
#include "vm/vm.h"
#include "vm/zero.h"

/* True if ADDR may grow the stack: within the stack's reserve and at or
 * above RSP - 8 (a push faults before it moves rsp). */
static bool
stack_growth_ok(uint64_t addr, uint64_t rsp)
{
    uint64_t floor = rsp >= 8 ? rsp - 8 : 0;
    return addr < USER_STACK && addr >= USER_STACK_FLOOR && addr >= floor;
}

/* A fault outside every region: stack growth, or an invalid access.  On
 * growth page VA joins the stack (a region of its own if it does not touch
 * the stack above it) and *R is set to its region. */
static bool
fault_grow_stack(struct vm_space *s, uint64_t va, uint64_t addr, uint64_t rsp,
                 struct vm_region **r)
{
    if (!stack_growth_ok(addr, rsp))
        return false;
    struct vm_region *above = region_next(&s->regions, va);
    if (above != NULL && above->kind == REGION_STACK &&
        above->start == va + VM_PAGE_SIZE) {
        above->start = va;
        *r = above;
        return true;
    }
    *r = region_new(va, va + VM_PAGE_SIZE, REGION_STACK, true, false);
    if (*r != NULL && region_insert(&s->regions, *r))
        return true;
    if (*r != NULL)
        region_free(*r);
    return false;
}

/* Undoes the growth of stack region R by page VA (its page could not be
 * brought in): the process dies with its stack as it was. */
static void
stack_ungrow(struct vm_space *s, struct vm_region *r, uint64_t va)
{
    if (r->end > va + VM_PAGE_SIZE) {
        r->start = va + VM_PAGE_SIZE;
        return;
    }
    region_unlink(&s->regions, r);
    region_free(r);
}

/* A write to a page that shares its frame copy-on-write.  The last sharer
 * simply gets write access back; anyone else gets a copy of its own. */
static enum vm_fault_result
fault_cow(struct vm_space *s, struct page *p)
{
    struct frame *old = p->frame;
    if (!pagecache_holds(old) && frame_sharers(old) == 1) {
        frame_unpublish(old); /* a swap-cache frame stops being its slot's bytes */
        p->cow = false;
        vm_count(&vm_counters.cow_avoided);
        return page_remap(s, p) ? VM_FAULT_HANDLED : VM_FAULT_NO_MEMORY;
    }
    frame_pin(old); /* making room for the copy must not evict the original */
    struct frame *f = frame_alloc(NULL);
    if (f != NULL)
        memcpy(f->kva, old->kva, VM_PAGE_SIZE);
    frame_unpin(old);
    if (f == NULL)
        return VM_FAULT_NO_MEMORY;
    pmap_remove(s->pmap, p->va);
    frame_release(old, p);
    frame_share(f, p);
    p->frame = f;
    p->cow = false;
    p->dirty = true; /* a swap copy it may have is stale from now on */
    if (page_ops(p)->copied != NULL)
        page_ops(p)->copied(p);
    bool mapped = page_remap(s, p);
    frame_unpin(f);
    vm_count_fault(&vm_counters.cow_faults, p->va, f->kva);
    trace_cow(trace_pid(), p->va, trace_frame(f->kva), trace_frame(old->kva));
    return mapped ? VM_FAULT_HANDLED : VM_FAULT_NO_MEMORY;
}

/* A read of untouched page VA of R that holds zeros: it maps the zero frame,
 * with no record, until its first write (vm/zero.h). */
static enum vm_fault_result
fault_zero_read(struct vm_space *s, const struct vm_region *r, uint64_t va)
{
    return zero_map(s, r, va) ? VM_FAULT_HANDLED : VM_FAULT_NO_MEMORY;
}

/* The counter a first load of a page of R counts in. */
static uint64_t *
first_load_counter(const struct vm_region *r, uint64_t va, bool grown)
{
    if (grown)
        return &vm_counters.faults_stack;
    if (r->kind == REGION_FILE)
        return &vm_counters.mmap_faults;
    return region_page_is_zero(r, va) ? &vm_counters.faults_zero
                                      : &vm_counters.faults_file;
}

/* A fault on a page of region R that has no record yet: a read of a zero
 * page maps the zero frame; anything else makes the record and fills it
 * (a write to a page on the zero frame included: it gets a frame of its
 * own, zero-filled). */
static enum vm_fault_result
fault_fresh(struct vm_space *s, struct vm_region *r, uint64_t va, enum vm_access access,
            bool grown)
{
    bool on_zero = zero_mapped(s, va);
    if (on_zero && access != VM_WRITE)
        return VM_FAULT_HANDLED; /* mapped already */
    if (!on_zero && access == VM_READ && !grown && zero_reads(r, va))
        return fault_zero_read(s, r, va);
    struct page *p = page_create(s, r, va);
    if (p == NULL)
        return VM_FAULT_NO_MEMORY;
    if (on_zero)
        zero_unmap(s, va);
    if (!page_load(s, r, p, first_load_counter(r, va, grown))) {
        page_delete(&s->pages, p);
        return VM_FAULT_KILL;
    }
    /* A write to program data that came in the page cache's frame copies it. */
    return access == VM_WRITE && p->cow ? fault_cow(s, p) : VM_FAULT_HANDLED;
}

/* A fault on a touched page P of region R. */
static enum vm_fault_result
fault_on_page(struct vm_space *s, struct vm_region *r, struct page *p,
              enum vm_access access)
{
    if (p->frame != NULL && access == VM_WRITE && p->cow)
        return fault_cow(s, p);
    if (p->frame != NULL) /* in memory: only its mapping was dropped or narrowed */
        return page_remap(s, p) ? VM_FAULT_HANDLED : VM_FAULT_NO_MEMORY;
    if (p->swap_slot == SWAP_SLOT_NONE && access == VM_READ && zero_reads(r, p->va)) {
        uint64_t va = p->va;
        page_delete(&s->pages, p); /* it holds nothing: the zero frame needs none */
        return fault_zero_read(s, r, va);
    }
    if (!page_load(s, r, p, first_load_counter(r, p->va, false)))
        return page_lost(p) ? VM_FAULT_DISK_ERROR : VM_FAULT_KILL;
    /* A write to a page that came in a shared frame (swap cache, page cache)
     * copies it now. */
    return access == VM_WRITE && p->cow ? fault_cow(s, p) : VM_FAULT_HANDLED;
}

/* True if ACCESS is allowed in R. */
static bool
access_ok(const struct vm_region *r, enum vm_access access)
{
    return !(access == VM_WRITE && !r->writable) &&
           !(access == VM_EXEC && !r->executable);
}

/* Handles the fault at ADDR (page VA) with S locked. */
static enum vm_fault_result
fault_locked(struct vm_space *s, uint64_t va, uint64_t addr, enum vm_access access,
             uint64_t rsp)
{
    struct vm_region *r = region_find(&s->regions, va);
    bool grown = false;
    if (r == NULL) {
        if (!fault_grow_stack(s, va, addr, rsp, &r))
            return VM_FAULT_KILL;
        grown = true;
    }
    if (!access_ok(r, access))
        return VM_FAULT_KILL;
    struct page *p = page_find(&s->pages, va);
    if (p != NULL)
        return fault_on_page(s, r, p, access);
    enum vm_fault_result result = fault_fresh(s, r, va, access, grown);
    if (grown && result != VM_FAULT_HANDLED)
        stack_ungrow(s, r, va);
    return result;
}

enum vm_fault_result
vm_handle_fault(struct vm_space *s, uint64_t addr, enum vm_access access, bool present,
                uint64_t rsp)
{
    (void)present;
    enum vm_fault_result r = VM_FAULT_KILL;
    if (s != NULL && addr < USER_TOP && addr >= VM_PAGE_SIZE && !oom_space_doomed(s)) {
        lock_acquire(&s->lock);
        r = fault_locked(s, addr & ~(VM_PAGE_SIZE - 1), addr, access, rsp);
        lock_release(&s->lock);
    }
    if (r == VM_FAULT_HANDLED)
        return r;
    vm_count_fault(&vm_counters.faults_killed, addr, NULL);
    /* A frame is refused only to a space chosen to die for lack of memory. */
    return s != NULL && oom_space_doomed(s) ? VM_FAULT_NO_MEMORY : r;
}
