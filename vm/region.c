/* The ordered set of regions (see region.h). */
#include "vm/region.h"

#include "fs/file.h"
#include "kernel/malloc.h"
#include "lib/string.h"
#include "vm/page.h"
#include "vm/stats.h"
#include "vm/vm.h"

_Static_assert(sizeof(struct vm_region) <= 128, "a region is one 128-byte heap block");

void
region_set_init(struct region_set *set)
{
    list_init(&set->list);
    set->count = 0;
    set->hint = NULL;
}

struct vm_region *
region_next(struct region_set *set, uint64_t va)
{
    struct vm_region *r;
    region_for_each(r, set)
    {
        if (r->end > va)
            return r;
    }
    return NULL;
}

struct vm_region *
region_find_slow(struct region_set *set, uint64_t va)
{
    struct vm_region *r = region_next(set, va);
    if (r == NULL || r->start > va)
        return NULL;
    set->hint = r;
    return r;
}

bool
region_range_free(struct region_set *set, uint64_t start, uint64_t end)
{
    struct vm_region *r = region_next(set, start);
    return r == NULL || r->start >= end;
}

struct vm_region *
region_new(uint64_t start, uint64_t end, enum region_kind kind, bool writable,
           bool executable)
{
    struct vm_region *r = calloc(1, sizeof *r);
    if (r == NULL)
        return NULL;
    r->start = start;
    r->end = end;
    r->kind = kind;
    r->writable = writable;
    r->executable = executable;
    vm_count_regions(1);
    return r;
}

bool
region_insert(struct region_set *set, struct vm_region *r)
{
    struct vm_region *next = region_next(set, r->start);
    if (next != NULL && next->start < r->end)
        return false;
    if (next != NULL)
        list_insert_before(&next->node, &r->node);
    else
        list_push_back(&set->list, &r->node);
    set->count++;
    return true;
}

void
region_unlink(struct region_set *set, struct vm_region *r)
{
    list_remove(&r->node);
    set->count--;
    if (set->hint == r)
        set->hint = NULL;
}

void
region_free(struct vm_region *r)
{
    if (r->owns_file)
        file_close(r->file);
    free(r);
    vm_count_regions(-1);
}

struct vm_region *
region_clone(const struct vm_region *r, struct file *file)
{
    struct vm_region *c = malloc(sizeof *c);
    if (c == NULL)
        return NULL;
    *c = *r;
    c->file = file;
    vm_count_regions(1);
    return c;
}

struct vm_region *
region_split(struct region_set *set, struct vm_region *r, uint64_t va)
{
    struct file *file = r->owns_file ? file_reopen(r->file) : r->file;
    if (r->owns_file && file == NULL)
        return NULL;
    struct vm_region *tail = region_clone(r, file);
    if (tail == NULL) {
        if (r->owns_file)
            file_close(file);
        return NULL;
    }
    tail->start = va;
    r->end = va;
    list_insert_before(list_next(&r->node), &tail->node);
    set->count++;
    return tail;
}

/* True if extents A (ending where B starts) and B continue one another in
 * memory and in the file. */
static bool
extents_continue(const struct vm_extent *a, const struct vm_extent *b)
{
    return a->va + a->len == b->va && a->file_off + (int64_t)a->len == b->file_off;
}

/* True if A and B (right after A) describe the same backing, so that one
 * region can hold both: the same extents (halves of one split region), or
 * one file read straight through. */
static bool
regions_alike(const struct vm_region *a, const struct vm_region *b)
{
    if (a->kind != b->kind || a->writable != b->writable ||
        a->executable != b->executable || a->file != b->file || a->owns_file ||
        b->owns_file || a->n_ext != b->n_ext)
        return false;
    return memcmp(a->ext, b->ext, a->n_ext * sizeof a->ext[0]) == 0 ||
           (a->n_ext == 1 && extents_continue(&a->ext[0], &b->ext[0]));
}

bool
region_merge_next(struct region_set *set, struct vm_region *r)
{
    struct list_node *n = list_next(&r->node);
    if (n == list_end(&set->list))
        return false;
    struct vm_region *next = list_entry(n, struct vm_region, node);
    if (next->start != r->end || !regions_alike(r, next))
        return false;
    r->end = next->end;
    if (r->n_ext == 1 && extents_continue(&r->ext[0], &next->ext[0]))
        r->ext[0].len += next->ext[0].len;
    region_unlink(set, next);
    region_free(next);
    return true;
}

bool
region_add_extent(struct vm_region *r, struct vm_extent ext)
{
    if (r->n_ext == REGION_EXTENTS)
        return false;
    r->ext[r->n_ext++] = ext;
    return true;
}

void
region_page_source(const struct vm_region *r, uint64_t va, struct page_source *src)
{
    src->file = r->file;
    src->n_chunks = 0;
    for (unsigned i = 0; i < r->n_ext; i++) {
        const struct vm_extent *e = &r->ext[i];
        uint64_t lo = e->va > va ? e->va : va;
        uint64_t e_end = e->va + e->len;
        uint64_t hi = e_end < va + VM_PAGE_SIZE ? e_end : va + VM_PAGE_SIZE;
        if (lo >= hi)
            continue;
        src->chunk[src->n_chunks++] = (struct page_chunk){
            .page_off = (uint16_t)(lo - va),
            .len = (uint16_t)(hi - lo),
            .file_off = e->file_off + (int64_t)(lo - e->va),
        };
    }
}

unsigned
region_page_kind(const struct vm_region *r)
{
    return r->kind == REGION_FILE ? PAGE_FILE : PAGE_ANON;
}

bool
region_fill_page(const struct vm_region *r, uint64_t va, void *kva)
{
    struct page_source src;
    region_page_source(r, va, &src);
    memset(kva, 0, VM_PAGE_SIZE);
    for (unsigned i = 0; i < src.n_chunks; i++) {
        const struct page_chunk *c = &src.chunk[i];
        if (file_read_at(src.file, (char *)kva + c->page_off, c->len, c->file_off) !=
            c->len)
            return false;
    }
    return true;
}

bool
region_page_is_zero(const struct vm_region *r, uint64_t va)
{
    struct page_source src;
    region_page_source(r, va, &src);
    return src.n_chunks == 0;
}
