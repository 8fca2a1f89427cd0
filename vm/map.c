/* Making and removing regions: program images, zero-filled memory (heap,
 * stack), memory-mapped files, and unmapping ranges.  Each takes time
 * independent of the length of the range; unmapping also frees the pages
 * that were touched there. */
#include "fs/file.h"
#include "lib/util.h"
#include "vm/pmap.h"
#include "vm/vm.h"
#include "vm/zero.h"

/* True if [START, END) is page aligned, non-empty user space (page 0 never
 * mapped) and free of regions. */
static bool
range_ok(struct vm_space *s, uint64_t start, uint64_t end)
{
    return ((start | end) & (VM_PAGE_SIZE - 1)) == 0 && start >= VM_PAGE_SIZE &&
           start < end && end <= USER_TOP && region_range_free(&s->regions, start, end);
}

/* Inserts R into S (range checked) and merges it with alike neighbours. */
static void
region_place(struct vm_space *s, struct vm_region *r)
{
    region_insert(&s->regions, r);
    region_merge_next(&s->regions, r);
    struct list_node *prev = list_prev(&r->node);
    if (prev != list_end(&s->regions.list))
        region_merge_next(&s->regions, list_entry(prev, struct vm_region, node));
}

bool
vm_map_anon(struct vm_space *s, uint64_t start, uint64_t end, enum region_kind kind,
            bool writable, bool executable)
{
    lock_acquire(&s->lock);
    struct vm_region *r = NULL;
    if (range_ok(s, start, end) &&
        (r = region_new(start, end, kind, writable, executable)))
        region_place(s, r);
    lock_release(&s->lock);
    return r != NULL;
}

bool
vm_map_image(struct vm_space *s, uint64_t start, uint64_t end, bool writable,
             bool executable, const struct vm_extent *ext, unsigned n)
{
    if (n > REGION_EXTENTS)
        return false;
    lock_acquire(&s->lock);
    struct vm_region *r = NULL;
    if (range_ok(s, start, end) &&
        (r = region_new(start, end, REGION_IMAGE, writable, executable))) {
        r->file = s->exe;
        for (unsigned i = 0; i < n; i++)
            region_add_extent(r, ext[i]);
        region_place(s, r);
    }
    lock_release(&s->lock);
    return r != NULL;
}

/* A range being unmapped: region R's pages in [START, END), freed in
 * batch B. */
struct unmap_range {
    const struct vm_region *r;
    uint64_t start, end;
    struct page_batch b;
};

/* Frees page P if it is in the range AUX. */
static void
free_if_in_range(struct page *p, void *aux)
{
    struct unmap_range *u = aux;
    if (p->va >= u->start && p->va < u->end)
        page_batch_free(&u->b, u->r, p);
}

/* Frees the touched pages of R in [START, END): by address if the range is
 * smaller than the table, else by one pass over the table; their frames let
 * go of a group at a time, one TLB flush for them all. */
static void
pages_free_range(struct vm_space *s, const struct vm_region *r, uint64_t start,
                 uint64_t end)
{
    struct unmap_range u = {r, start, end, {0}};
    page_batch_init(&u.b, s, false);
    pmap_batch_begin(s->pmap);
    if ((end - start) / VM_PAGE_SIZE <= page_table_size(&s->pages)) {
        for (uint64_t va = start; va < end; va += VM_PAGE_SIZE) {
            struct page *p = page_find(&s->pages, va);
            if (p != NULL)
                page_batch_free(&u.b, r, p);
        }
    } else {
        page_table_for_each(&s->pages, free_if_in_range, &u);
    }
    page_batch_end(&u.b);
    pmap_batch_end(s->pmap);
}

/* Removes [START, END) from the regions of S, splitting those it cuts.
 * False, with only whole regions removed so far, if a split runs out of
 * memory.  Space lock held. */
static bool
unmap_locked(struct vm_space *s, uint64_t start, uint64_t end)
{
    struct vm_region *r;
    while ((r = region_next(&s->regions, start)) != NULL && r->start < end) {
        if (r->start < start && (r = region_split(&s->regions, r, start)) == NULL)
            return false;
        if (r->end > end && region_split(&s->regions, r, end) == NULL)
            return false;
        zero_unmap_range(s, r->start, r->end);
        pages_free_range(s, r, r->start, r->end);
        region_unlink(&s->regions, r);
        region_free(r);
    }
    return true;
}

bool
vm_unmap(struct vm_space *s, uint64_t start, uint64_t end)
{
    lock_acquire(&s->lock);
    bool ok = unmap_locked(s, start, end);
    lock_release(&s->lock);
    return ok;
}

bool
vm_add_page(struct vm_space *s, uint64_t va, const struct page_source *src, bool writable,
            bool executable)
{
    if (src == NULL || src->n_chunks == 0)
        return vm_map_anon(s, va, va + VM_PAGE_SIZE, REGION_ANON, writable, executable);
    struct vm_extent ext[PAGE_SOURCE_CHUNKS];
    for (unsigned i = 0; i < src->n_chunks && i < PAGE_SOURCE_CHUNKS; i++)
        ext[i] = (struct vm_extent){va + src->chunk[i].page_off, src->chunk[i].len,
                                    src->chunk[i].file_off};
    lock_acquire(&s->lock);
    struct vm_region *r = NULL;
    if (range_ok(s, va, va + VM_PAGE_SIZE) &&
        (r = region_new(va, va + VM_PAGE_SIZE, REGION_IMAGE, writable, executable))) {
        r->file = src->file;
        for (unsigned i = 0; i < src->n_chunks; i++)
            region_add_extent(r, ext[i]);
        region_place(s, r);
    }
    lock_release(&s->lock);
    return r != NULL;
}

bool
vm_remove_page(struct vm_space *s, uint64_t va)
{
    va &= ~(VM_PAGE_SIZE - 1);
    lock_acquire(&s->lock);
    bool found = region_find(&s->regions, va) != NULL;
    if (found)
        found = unmap_locked(s, va, va + VM_PAGE_SIZE);
    lock_release(&s->lock);
    return found;
}

bool
vm_has_page(struct vm_space *s, uint64_t va)
{
    lock_acquire(&s->lock);
    bool has = region_find(&s->regions, va & ~(VM_PAGE_SIZE - 1)) != NULL;
    lock_release(&s->lock);
    return has;
}

/* True if [ADDR, ADDR + LENGTH) may be mapped: page aligned, in user space,
 * clear of the stack's reserve and of every region.  Space lock held. */
static bool
mmap_range_ok(struct vm_space *s, uint64_t addr, uint64_t length)
{
    if (addr == 0 || (addr & (VM_PAGE_SIZE - 1)) || length == 0 || addr >= USER_TOP ||
        length > USER_TOP - addr)
        return false;
    uint64_t end = ROUND_UP(addr + length, VM_PAGE_SIZE);
    if (end > USER_STACK_FLOOR && addr < USER_STACK)
        return false;
    return range_ok(s, addr, end);
}

/* A region mapping LENGTH bytes of FILE (FILE_LEN long) from OFFSET at ADDR,
 * through HANDLE; NULL if out of memory. */
static struct vm_region *
mapping_new(uint64_t addr, uint64_t length, bool writable, struct file *handle,
            int64_t offset, int64_t file_len)
{
    uint64_t end = ROUND_UP(addr + length, VM_PAGE_SIZE);
    struct vm_region *r = region_new(addr, end, REGION_FILE, writable, false);
    if (r == NULL)
        return NULL;
    r->file = handle;
    r->owns_file = true;
    if (writable)
        file_map_writable(handle); /* no program starts from it meanwhile */
    uint64_t in_file = (uint64_t)(file_len - offset);
    if (offset < file_len)
        region_add_extent(r, (struct vm_extent){addr, MIN(in_file, end - addr), offset});
    return r;
}

uint64_t
vm_mmap(struct vm_space *s, uint64_t addr, uint64_t length, bool writable,
        struct file *file, int64_t offset)
{
    int64_t file_len = file_length(file);
    if (offset < 0 || (offset & (VM_PAGE_SIZE - 1)) || file_len <= 0)
        return 0;
    struct file *handle = file_reopen(file);
    if (handle == NULL)
        return 0;
    lock_acquire(&s->lock);
    struct vm_region *r = NULL;
    if (mmap_range_ok(s, addr, length) &&
        (r = mapping_new(addr, length, writable, handle, offset, file_len)))
        region_insert(&s->regions, r);
    lock_release(&s->lock);
    if (r != NULL)
        return addr;
    file_close(handle);
    return 0;
}

bool
vm_munmap(struct vm_space *s, uint64_t addr)
{
    lock_acquire(&s->lock);
    struct vm_region *r = region_find(&s->regions, addr);
    bool found = r != NULL && r->start == addr && r->kind == REGION_FILE;
    if (found)
        unmap_locked(s, r->start, r->end); /* writes written pages back */
    lock_release(&s->lock);
    return found;
}
