/* The page records of a space (see page_index.h): a hash table by address,
 * chained through the records themselves, over records that live in
 * slabs. */
#include "vm/page_index.h"

#include "kernel/debug.h"
#include "kernel/malloc.h"
#include "lib/string.h"
#include "lib/util.h"
#include "vm/layout.h"
#include "vm/page.h"
#include "vm/region.h"
#include "vm/swap.h"
#include "vm/vm.h"

/* A run of records allocated together.  The first slab of a space is small
 * (a 1 KiB heap block), the others fill one heap page. */
struct page_slab {
    struct list_node node; /* [S] in its table's slabs */
    struct page *free;     /* [S] its free records, through next_free */
    uint16_t cap;          /* [C] records in the slab */
    uint16_t used;         /* [S] records in use */
    struct page rec[];     /* [S] */
};

#define SLAB_SMALL_BYTES 1024u
#define SLAB_BYTES       4000u /* a page of heap, less the heap's header */
#define SLAB_RECORDS     ((SLAB_BYTES - sizeof(struct page_slab)) / sizeof(struct page))
#define SLAB_SMALL_RECORDS                                                               \
    ((SLAB_SMALL_BYTES - sizeof(struct page_slab)) / sizeof(struct page))

static size_t records_now; /* atomic: records in all spaces */

#define MIN_BUCKETS    16u
#define FIB_MULTIPLIER UINT64_C(0x9e3779b97f4a7c15) /* 2^64 / golden ratio */

size_t
page_table_buckets(const struct page_table *t)
{
    return (size_t)1 << (64 - t->shift);
}

/* The bucket of page VA in T: the top bits of a Fibonacci hash of its page
 * number, so that pages in a row spread out. */
static struct page **
bucket_of(const struct page_table *t, uint64_t va)
{
    return &t->buckets[((va >> 12) * FIB_MULTIPLIER) >> t->shift];
}

#ifdef HOST
bool page_index_test_fail_alloc;
#endif

/* A zeroed array of CNT buckets, or NULL if out of memory. */
static struct page **
buckets_alloc(size_t cnt)
{
#ifdef HOST
    if (page_index_test_fail_alloc)
        return NULL;
#endif
    return calloc(cnt, sizeof(struct page *));
}

/* Moves T's records into a new array of CNT buckets (a power of two); T
 * stays as it was if that cannot be allocated. */
static void
rehash(struct page_table *t, size_t cnt)
{
    struct page **old = t->buckets;
    size_t old_cnt = page_table_buckets(t);
    struct page **buckets = buckets_alloc(cnt);
    if (buckets == NULL)
        return;
    t->buckets = buckets;
    t->shift = 64;
    while (page_table_buckets(t) < cnt)
        t->shift--;
    for (size_t i = 0; i < old_cnt; i++) {
        for (struct page *p = old[i], *next; p != NULL; p = next) {
            struct page **b = bucket_of(t, p->va);
            next = p->hnext;
            p->hnext = *b;
            *b = p;
        }
    }
    free(old);
}

bool
page_table_init(struct page_table *t)
{
    list_init(&t->slabs);
    t->size = 0;
    t->floor = MIN_BUCKETS;
    t->shift = 64 - 4; /* MIN_BUCKETS buckets */
    t->buckets = buckets_alloc(MIN_BUCKETS);
    return t->buckets != NULL;
}

void
page_table_destroy(struct page_table *t)
{
    free(t->buckets);
    t->buckets = NULL;
    while (!list_empty(&t->slabs)) {
        struct page_slab *sl =
            list_entry(list_pop_front(&t->slabs), struct page_slab, node);
        __atomic_fetch_sub(&records_now, sl->used, __ATOMIC_RELAXED);
        free(sl);
    }
}

bool
page_table_reserve(struct page_table *t, size_t n)
{
    size_t cnt = MIN_BUCKETS;
    while (cnt < n && cnt <= SIZE_MAX / 4 / sizeof(struct page *))
        cnt *= 2;
    if (cnt > page_table_buckets(t)) {
        rehash(t, cnt);
        if (page_table_buckets(t) != cnt)
            return false;
    }
    t->floor = cnt;
    return true;
}

struct page *
page_find(struct page_table *t, uint64_t va)
{
    struct page *p = *bucket_of(t, va);
    while (p != NULL && p->va != va)
        p = p->hnext;
    return p;
}

/* Resizes T's index of CNT buckets after an insert: it grows when it
 * holds more records than buckets and shrinks when fewer than one bucket
 * in eight would be used (if memory runs out it only gets slower). */
static void
index_resize(struct page_table *t, size_t cnt)
{
    if (t->size > cnt) {
        rehash(t, cnt * 2);
        return;
    }
    size_t want = t->floor;
    while (want < t->size * 2)
        want *= 2;
    rehash(t, want);
}

/* Links record P into T's index, with no resizing. */
static inline void
index_link(struct page_table *t, struct page *p)
{
    struct page **b = bucket_of(t, p->va);
    p->hnext = *b;
    *b = p;
    t->size++;
}

/* Adds record P to T's index (inline: fork and every first touch). */
static inline void
index_insert(struct page_table *t, struct page *p)
{
    index_link(t, p);
    size_t cnt = page_table_buckets(t);
    if (t->size > cnt || (cnt > t->floor && t->size < cnt / 8))
        index_resize(t, cnt);
}

/* Takes record P out of T's index. */
static void
index_remove(struct page_table *t, struct page *p)
{
    struct page **link = bucket_of(t, p->va);
    while (*link != p)
        link = &(*link)->hnext;
    *link = p->hnext;
    t->size--;
}

/* A new slab for T, every record free, first in T's list; NULL if out of
 * memory. */
static struct page_slab *
slab_new(struct page_table *t)
{
    bool small = list_empty(&t->slabs);
    size_t cap = small ? SLAB_SMALL_RECORDS : SLAB_RECORDS;
    struct page_slab *sl = malloc(sizeof *sl + cap * sizeof(struct page));
    if (sl == NULL)
        return NULL;
    sl->cap = (uint16_t)cap;
    sl->used = 0;
    sl->free = NULL;
    for (size_t i = cap; i-- > 0;) {
        sl->rec[i].space = NULL;
        sl->rec[i].slot = (uint16_t)i;
        sl->rec[i].next_free = sl->free;
        sl->free = &sl->rec[i];
    }
    list_push_front(&t->slabs, &sl->node);
    return sl;
}

/* The slab that holds record P. */
static struct page_slab *
slab_of(struct page *p)
{
    return (struct page_slab *)((char *)(p - p->slot) - offsetof(struct page_slab, rec));
}

/* A free record of T, from its first slab (a new slab if none has room);
 * NULL if out of memory.  The caller sets its fields. */
static struct page *
record_take(struct page_table *t)
{
    struct page_slab *sl =
        list_empty(&t->slabs) ? NULL
                              : list_entry(list_front(&t->slabs), struct page_slab, node);
    if ((sl == NULL || sl->free == NULL) && (sl = slab_new(t)) == NULL)
        return NULL;
    struct page *p = sl->free;
    sl->free = p->next_free;
    if (++sl->used == sl->cap) { /* full: slabs with room stay in front */
        list_remove(&sl->node);
        list_push_back(&t->slabs, &sl->node);
    }
    return p;
}

/* Makes record P (just taken from S's table) page VA of S, of KIND with the
 * given rights, holding nothing, and indexes it.  Returns P. */
static struct page *
record_make(struct vm_space *s, struct page *p, uint64_t va, uint8_t kind, bool writable,
            bool executable)
{
    /* field by field: the list and hash nodes are set when linked */
    p->va = va;
    p->space = s;
    p->frame = NULL;
    p->swap_slot = SWAP_SLOT_NONE;
    p->kind = kind;
    p->writable = writable;
    p->executable = executable;
    p->dirty = false;
    p->cow = false;
    index_insert(&s->pages, p);
    __atomic_fetch_add(&records_now, 1, __ATOMIC_RELAXED);
    return p;
}

struct page *
page_create(struct vm_space *s, const struct vm_region *r, uint64_t va)
{
    struct page *p = record_take(&s->pages);
    return p ? record_make(s, p, va, region_page_kind(r), r->writable, r->executable)
             : NULL;
}

void
page_delete(struct page_table *t, struct page *p)
{
    index_remove(t, p);
    __atomic_fetch_sub(&records_now, 1, __ATOMIC_RELAXED);
    struct page_slab *sl = slab_of(p);
    p->space = NULL;
    p->next_free = sl->free;
    sl->free = p;
    if (sl->used-- == sl->cap) {
        list_remove(&sl->node);
        list_push_front(&t->slabs, &sl->node);
    }
    if (sl->used == 0) {
        list_remove(&sl->node);
        free(sl);
    }
}

struct page *
page_slab_mirror(struct vm_space *dst, const struct page *recs, unsigned cap)
{
    struct page_table *t = &dst->pages;
    struct page_slab *c = malloc(sizeof *c + cap * sizeof(struct page));
    if (c == NULL)
        return NULL;
    c->cap = (uint16_t)cap;
    c->used = 0;
    c->free = NULL;
    /* room for the whole slab first, so that each record is only linked (if
     * there is no memory for it, the index gets longer chains) */
    size_t cnt = page_table_buckets(t);
    if (t->size + cap > cnt) {
        size_t want = cnt;
        while (want < t->size + cap)
            want *= 2;
        rehash(t, want);
    }
    for (unsigned i = cap; i-- > 0;) {
        const struct page *p = &recs[i];
        struct page *r = &c->rec[i];
        r->slot = (uint16_t)i;
        if (p->space == NULL) {
            r->space = NULL;
            r->next_free = c->free;
            c->free = r;
            continue;
        }
        /* record_make's work, field by field, with one count for the slab */
        r->va = p->va;
        r->space = dst;
        r->frame = NULL;
        r->swap_slot = SWAP_SLOT_NONE;
        r->kind = p->kind;
        r->writable = p->writable;
        r->executable = p->executable;
        r->dirty = false;
        r->cow = false;
        index_link(t, r);
        c->used++;
    }
    __atomic_fetch_add(&records_now, c->used, __ATOMIC_RELAXED);
    if (c->free != NULL) /* slabs with room stay in front */
        list_push_front(&t->slabs, &c->node);
    else
        list_push_back(&t->slabs, &c->node);
    return c->rec;
}

struct page *
page_table_next_slab(struct page_table *t, struct list_node **cursor, unsigned *cap)
{
    struct list_node *n = *cursor == NULL ? list_begin(&t->slabs) : list_next(*cursor);
    if (n == list_end(&t->slabs))
        return NULL;
    *cursor = n;
    struct page_slab *sl = list_entry(n, struct page_slab, node);
    *cap = sl->cap;
    return sl->rec;
}

size_t
page_table_size(const struct page_table *t)
{
    return t->size;
}

void
page_table_for_each(struct page_table *t, void (*fn)(struct page *p, void *aux),
                    void *aux)
{
    struct list_node *n = list_begin(&t->slabs);
    while (n != list_end(&t->slabs)) {
        struct page_slab *sl = list_entry(n, struct page_slab, node);
        n = list_next(n);
        unsigned left = sl->used; /* the last one may free the slab */
        for (unsigned i = 0; left > 0; i++) {
            if (sl->rec[i].space != NULL) {
                left--;
                fn(&sl->rec[i], aux);
            }
        }
    }
}

size_t
page_records(void)
{
    return __atomic_load_n(&records_now, __ATOMIC_RELAXED);
}

size_t
page_record_bytes(void)
{
    /* a full slab's share of its heap page, and the record's bucket */
    return (VM_PAGE_SIZE + SLAB_RECORDS - 1) / SLAB_RECORDS + sizeof(struct page *);
}
