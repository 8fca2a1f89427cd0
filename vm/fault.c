/* The page-fault handler: one small function per kind of fault, each
 * answering "handled" or "kill the process". */
#include "lib/string.h"
#include "vm/frame.h"
#include "vm/page.h"
#include "vm/pmap.h"
#include "vm/swap.h"

#define USER_TOP_VA 0x8004000000UL

/* True if ADDR may grow the stack: within the stack region and at or above
 * RSP - 8 (a push faults before it moves rsp). */
static bool
stack_growth_ok(uint64_t addr, uint64_t rsp)
{
    uint64_t floor = rsp >= 8 ? rsp - 8 : 0;
    return addr < USER_STACK && addr >= USER_STACK - USER_STACK_LIMIT && addr >= floor;
}

/* A fault on an address with no page: stack growth, or an invalid access. */
static enum vm_fault_result
fault_no_page(struct vm_space *s, uint64_t va, uint64_t addr, uint64_t rsp)
{
    if (!stack_growth_ok(addr, rsp))
        return VM_FAULT_KILL;
    struct page *p = NULL;
    if (!vm_add_page_locked(s, va, &p))
        return VM_FAULT_KILL;
    if (vm_page_load_as(s, p, &vm_counters.faults_stack))
        return VM_FAULT_HANDLED;
    vm_remove_page_locked(s, p);
    return VM_FAULT_KILL;
}

/* A write to a page that shares its frame copy-on-write.  The last sharer
 * simply gets write access back; anyone else gets a copy of its own. */
static enum vm_fault_result
fault_cow(struct vm_space *s, struct page *p)
{
    struct frame *old = p->frame;
    if (old != zero_frame && frame_sharers(old) == 1) {
        p->cow = false;
        vm_count(&vm_counters.cow_avoided);
        return vm_page_remap(s, p) ? VM_FAULT_HANDLED : VM_FAULT_KILL;
    }
    frame_pin(old); /* making room for the copy must not evict the original */
    struct frame *f = frame_alloc(NULL);
    if (f != NULL)
        memcpy(f->kva, old->kva, VM_PAGE_SIZE);
    frame_unpin(old);
    if (f == NULL)
        return VM_FAULT_KILL;
    pmap_remove(s->pmap, p->va);
    frame_release(old, p);
    frame_share(f, p);
    p->frame = f;
    p->cow = false;
    p->dirty = true;
    bool mapped = vm_page_remap(s, p);
    frame_unpin(f);
    vm_count(old == zero_frame ? &vm_counters.faults_zero : &vm_counters.cow_faults);
    return mapped ? VM_FAULT_HANDLED : VM_FAULT_KILL;
}

/* A read of an anonymous page that was never written: it shares the zero
 * frame until its first write. */
static enum vm_fault_result
fault_zero_read(struct vm_space *s, struct page *p)
{
    p->ops = &anon_ops;
    p->cow = true;
    frame_share(frame_zero(), p);
    p->frame = zero_frame;
    s->resident++;
    vm_count(&vm_counters.zero_maps);
    return vm_page_remap(s, p) ? VM_FAULT_HANDLED : VM_FAULT_KILL;
}

/* True if P is a never-touched page of zeros (bss, heap, stack). */
static bool
page_is_fresh_zero(const struct page *p)
{
    return p->ops == &uninit_ops && p->loaded_ops == &anon_ops && p->source.n_chunks == 0 &&
           p->swap_slot == SWAP_SLOT_NONE && vm_cow_fork;
}

/* A fault on a page of the table: check the access, then load it. */
static enum vm_fault_result
fault_on_page(struct vm_space *s, struct page *p, enum vm_access access)
{
    if (access == VM_WRITE && !p->writable)
        return VM_FAULT_KILL;
    if (access == VM_EXEC && !p->executable)
        return VM_FAULT_KILL;
    if (p->frame != NULL && access == VM_WRITE && p->cow)
        return fault_cow(s, p);
    if (p->frame != NULL) /* in memory: only its mapping was dropped or narrowed */
        return vm_page_remap(s, p) ? VM_FAULT_HANDLED : VM_FAULT_KILL;
    if (access == VM_READ && page_is_fresh_zero(p))
        return fault_zero_read(s, p);
    return vm_page_load(s, p) ? VM_FAULT_HANDLED : VM_FAULT_KILL;
}

enum vm_fault_result
vm_handle_fault(struct vm_space *s, uint64_t addr, enum vm_access access, bool present,
                uint64_t rsp)
{
    (void)present;
    if (s == NULL || addr >= USER_TOP_VA) {
        vm_count(&vm_counters.faults_killed);
        return VM_FAULT_KILL;
    }
    uint64_t va = addr & ~(VM_PAGE_SIZE - 1);
    lock_acquire(&s->lock);
    struct page *p = vm_find_locked(s, va);
    enum vm_fault_result r =
        p ? fault_on_page(s, p, access) : fault_no_page(s, va, addr, rsp);
    lock_release(&s->lock);
    if (r == VM_FAULT_KILL)
        vm_count(&vm_counters.faults_killed);
    return r;
}
