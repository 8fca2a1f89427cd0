/* The zero page without records (see zero.h). */
#include "vm/zero.h"

#include "kernel/trace.h"
#include "vm/frame.h"
#include "vm/pmap.h"
#include "vm/vm.h"

bool
zero_reads(const struct vm_region *r, uint64_t va)
{
    return page_kinds[region_page_kind(r)]->reads_zero(r, va);
}

bool
zero_map(struct vm_space *s, const struct vm_region *r, uint64_t va)
{
    struct frame *z = frame_zero();
    unsigned prot = PMAP_USER | (r->executable ? PMAP_EXEC : 0); /* never writable */
    if (!pmap_enter(s->pmap, va, z->pa, prot))
        return false;
    s->zero_mapped++;
    vm_count(&vm_counters.zero_maps);
    trace_zero_map(trace_pid(), va, trace_frame(z->kva));
    return true;
}

bool
zero_mapped(struct vm_space *s, uint64_t va)
{
    uint64_t pa;
    return s->zero_mapped > 0 && pmap_lookup(s->pmap, va, &pa, NULL) &&
           pa == zero_frame->pa;
}

bool
zero_unmap(struct vm_space *s, uint64_t va)
{
    if (!zero_mapped(s, va))
        return false;
    pmap_remove(s->pmap, va);
    s->zero_mapped--;
    return true;
}

void
zero_unmap_range(struct vm_space *s, uint64_t start, uint64_t end)
{
    if (s->zero_mapped > 0)
        s->zero_mapped -= pmap_remove_frame_range(s->pmap, start, end, zero_frame->pa);
}

void
zero_unmap_all(struct vm_space *s)
{
    struct vm_region *r;
    region_for_each(r, &s->regions) zero_unmap_range(s, r->start, r->end);
}

bool
zero_fork(struct vm_space *dst, struct vm_space *src)
{
    if (src->zero_mapped == 0)
        return true;
    struct vm_region *r;
    region_for_each(r, &src->regions)
    {
        if (!pmap_copy_frame_range(dst->pmap, src->pmap, r->start, r->end, zero_frame->pa,
                                   &dst->zero_mapped))
            return false;
    }
    return true;
}
