/* Page allocator: one bitmap per pool over the pool's span of physical pages.
 * Pages in the span that are not usable RAM (holes) are marked in use forever
 * and left out of the counts.  In debug builds freed pages are filled with
 * PAGE_POISON_FREE and fresh non-zeroed pages with PAGE_POISON_NEW, so stale
 * pointers fail early and loudly. */
#include "kernel/palloc.h"

#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/pte.h"
#include "kernel/bootinfo.h"
#include "kernel/debug.h"
#include "kernel/sync.h"
#include "lib/bitmap.h"
#include "lib/string.h"

#define PAGE_POISON_FREE 0xcc
#define PAGE_POISON_NEW  0x5a

struct pool {
    const char *name;
    struct lock lock;    /* guards used, next and the bitmap */
    struct bitmap *used; /* bit i: page base + i allocated (or a hole) */
    uint64_t base;       /* physical address of bit 0 */
    size_t span;         /* bits in the bitmap */
    size_t total;        /* usable pages (const after init) */
    size_t free;         /* usable pages not allocated */
    size_t next;         /* where the next search starts */
};

static struct pool pools[2] = {{.name = "kernel"}, {.name = "user"}};

/* Takes COUNT pages for the early allocator's use of bitmap storage. */
static uint64_t early_cursor;

/* Returns physical memory for BYTES of bitmap, from the first usable page on. */
static void *
early_take(size_t bytes)
{
    void *p = ptov(early_cursor);
    early_cursor = page_round_up(early_cursor + bytes);
    return p;
}

/* Sets up POOL over the usable pages in [START, END) of physical memory. */
static void
pool_init(struct pool *pool, uint64_t start, uint64_t end)
{
    lock_init(&pool->lock);
    pool->base = start;
    pool->span = (end - start) / PAGE_SIZE;
    pool->used = bitmap_init(early_take(bitmap_storage_size(pool->span)), pool->span);
    bitmap_set_range(pool->used, 0, pool->span, true);
}

/* Marks [START, END) ∩ POOL's span as usable and free. */
static void
pool_add_range(struct pool *pool, uint64_t start, uint64_t end)
{
    uint64_t pool_end = pool->base + pool->span * PAGE_SIZE;
    start = start < pool->base ? pool->base : start;
    end = end > pool_end ? pool_end : end;
    if (start >= end)
        return;
    size_t n = (end - start) / PAGE_SIZE;
    bitmap_set_range(pool->used, (start - pool->base) / PAGE_SIZE, n, false);
    pool->total += n;
    pool->free += n;
}

/* Usable pages of boot memory at or above FROM. */
static size_t
usable_pages_from(uint64_t from)
{
    size_t n = 0;
    for (size_t i = 0; i < boot_info.n_usable; i++) {
        const struct mem_region *r = &boot_info.usable[i];
        uint64_t s = r->start > from ? r->start : from;
        if (s < r->end)
            n += (r->end - s) / PAGE_SIZE;
    }
    return n;
}

/* Physical address at which the first KPAGES usable pages from FROM end. */
static uint64_t
split_point(uint64_t from, size_t kpages)
{
    for (size_t i = 0; i < boot_info.n_usable; i++) {
        const struct mem_region *r = &boot_info.usable[i];
        uint64_t s = r->start > from ? r->start : from;
        if (s >= r->end)
            continue;
        size_t n = (r->end - s) / PAGE_SIZE;
        if (kpages <= n)
            return s + kpages * PAGE_SIZE;
        kpages -= n;
    }
    return boot_info.mem_top;
}

void
palloc_init(uint64_t first_free, size_t user_cap)
{
    size_t n_pages = usable_pages_from(first_free);
    size_t user = n_pages / 2;
    if (user_cap != 0 && user_cap < user)
        user = user_cap;
    uint64_t split = split_point(first_free, n_pages - user);

    early_cursor = page_round_up(first_free);
    uint64_t bitmaps_start = early_cursor;
    pool_init(&pools[POOL_KERNEL], bitmaps_start, split);
    pool_init(&pools[POOL_USER], split, boot_info.mem_top);
    uint64_t bitmaps_end = early_cursor;
    for (size_t i = 0; i < boot_info.n_usable; i++) {
        const struct mem_region *r = &boot_info.usable[i];
        pool_add_range(&pools[POOL_KERNEL], r->start, r->end);
        pool_add_range(&pools[POOL_USER], r->start, r->end);
    }
    /* The bitmaps themselves live at the start of the kernel pool. */
    struct pool *k = &pools[POOL_KERNEL];
    size_t meta = (bitmaps_end - bitmaps_start) / PAGE_SIZE;
    bitmap_set_range(k->used, 0, meta, true);
    k->total -= meta;
    k->free -= meta;
}

/* Fills COUNT pages at P according to FLAGS (zero, or poison in debug builds). */
static void
fill_new_pages(void *p, size_t count, enum palloc_flags flags)
{
    if (flags & PAL_ZERO)
        memset(p, 0, count * PAGE_SIZE);
    else if (HWAN_DEBUG)
        memset(p, PAGE_POISON_NEW, count * PAGE_SIZE);
}

void *
palloc_get_multiple(enum palloc_flags flags, size_t count)
{
    struct pool *pool = &pools[(flags & PAL_USER) ? POOL_USER : POOL_KERNEL];
    if (count == 0)
        return NULL;
    lock_acquire(&pool->lock);
    size_t idx = bitmap_scan_and_flip(pool->used, pool->next, count, false);
    if (idx == BITMAP_NONE && pool->next != 0)
        idx = bitmap_scan_and_flip(pool->used, 0, count, false);
    if (idx != BITMAP_NONE) {
        pool->free -= count;
        pool->next = idx + count;
    }
    lock_release(&pool->lock);
    if (idx == BITMAP_NONE) {
        if (flags & PAL_ASSERT)
            panic("palloc: out of %s pages (wanted %zu)", pool->name, count);
        return NULL;
    }
    void *p = ptov(pool->base + idx * PAGE_SIZE);
    fill_new_pages(p, count, flags);
    return p;
}

void *
palloc_get_page(enum palloc_flags flags)
{
    return palloc_get_multiple(flags, 1);
}

/* The pool whose span holds physical address PA, or NULL. */
static struct pool *
pool_of(uint64_t pa)
{
    for (int i = 0; i < 2; i++) {
        struct pool *p = &pools[i];
        if (pa >= p->base && pa < p->base + p->span * PAGE_SIZE)
            return p;
    }
    return NULL;
}

void
palloc_free_multiple(void *pages, size_t count)
{
    if (pages == NULL || count == 0)
        return;
    uint64_t pa = vtop(pages);
    struct pool *pool = pool_of(pa);
    if (pool == NULL || (pa & PAGE_MASK) != 0)
        panic("palloc: freeing %p, which no pool owns", pages);
    size_t idx = (pa - pool->base) / PAGE_SIZE;
    if (HWAN_DEBUG)
        memset(pages, PAGE_POISON_FREE, count * PAGE_SIZE);
    lock_acquire(&pool->lock);
    if (idx + count > pool->span || !bitmap_all(pool->used, idx, count))
        panic("palloc: double free of %zu page(s) at %p", count, pages);
    bitmap_set_range(pool->used, idx, count, false);
    pool->free += count;
    lock_release(&pool->lock);
}

/* The pool and bit of single page PAGE; panics if no pool owns it. */
static struct pool *
page_pool(void *page, size_t *idx)
{
    uint64_t pa = vtop(page);
    struct pool *pool = pool_of(pa);
    if (pool == NULL || (pa & PAGE_MASK) != 0)
        panic("palloc: freeing %p, which no pool owns", page);
    *idx = (pa - pool->base) / PAGE_SIZE;
    if (HWAN_DEBUG)
        memset(page, PAGE_POISON_FREE, PAGE_SIZE);
    return pool;
}

/* Marks bit IDX of POOL free (its lock held); panics if it was not in use. */
static void
pool_put(struct pool *pool, size_t idx, void *page)
{
    if (!bitmap_test_and_reset(pool->used, idx))
        panic("palloc: double free of 1 page(s) at %p", page);
    pool->free++;
}

void
palloc_free_page(void *page)
{
    if (page != NULL) /* as palloc_free_multiple: freeing NULL does nothing */
        palloc_free_each(&page, 1);
}

void
palloc_free_each(void *const *pages, size_t n)
{
    struct pool *held = NULL;
    for (size_t i = 0; i < n; i++) {
        size_t idx;
        uint64_t pa = vtop(pages[i]);
        struct pool *pool = held;
        if (pool != NULL && pa >= pool->base && (pa & PAGE_MASK) == 0 &&
            (idx = (pa - pool->base) / PAGE_SIZE) < pool->span) {
            if (HWAN_DEBUG) /* the run's pool, found without a search */
                memset(pages[i], PAGE_POISON_FREE, PAGE_SIZE);
        } else {
            pool = page_pool(pages[i], &idx);
        }
        if (pool != held) {
            if (held != NULL)
                lock_release(&held->lock);
            lock_acquire(&pool->lock);
            held = pool;
        }
        pool_put(pool, idx, pages[i]);
    }
    if (held != NULL)
        lock_release(&held->lock);
}

size_t
palloc_total_pages(enum palloc_pool pool)
{
    return pools[pool].total;
}

size_t
palloc_free_pages(enum palloc_pool pool)
{
    return pools[pool].free;
}

size_t
palloc_used_pages(enum palloc_pool pool)
{
    return pools[pool].total - pools[pool].free;
}
