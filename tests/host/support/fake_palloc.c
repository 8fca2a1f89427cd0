/* The fake page allocator (see tests/host/shim/kernel/palloc.h and
 * fake_palloc.h): two pools of separately allocated, 4 KiB-aligned host
 * pages, each with a fake physical address.  Free pages are filled with 0xcc
 * and poisoned for ASan; fresh ones are filled with 0x5a (or zeros). */
#include "tests/host/support/fake_palloc.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/debug.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define FAKE_POISON(p, n)   __asan_poison_memory_region((p), (n))
#define FAKE_UNPOISON(p, n) __asan_unpoison_memory_region((p), (n))
#else
#define FAKE_POISON(p, n)   ((void)(p), (void)(n))
#define FAKE_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#define FRESH_BYTE 0x5a
#define FREED_BYTE 0xcc

struct fake_pool {
    const char *name;
    uint64_t pa_base;    /* fake physical address of page 0 */
    size_t default_size; /* pages until a test sizes the pool */
    bool sized;          /* the pool has been given its pages */
    size_t total;        /* pages */
    size_t used;         /* pages allocated now */
    uint8_t **page;      /* [total] host memory of each page */
    bool *in_use;        /* [total] */
};

static pthread_mutex_t pool_mutex = PTHREAD_MUTEX_INITIALIZER; /* guards both pools */
static struct fake_pool pools[2] = {
    [POOL_KERNEL] = {"kernel", FAKE_KERNEL_PA_BASE, FAKE_DEFAULT_KERN_PAGES},
    [POOL_USER] = {"user", FAKE_USER_PA_BASE, FAKE_DEFAULT_USER_PAGES},
};

/* Frees POOL's pages (all must be free).  Pool mutex held. */
static void
pool_release(struct fake_pool *pool)
{
    if (pool->used != 0)
        panic("fake palloc: resizing the %s pool with %zu pages in use", pool->name,
              pool->used);
    for (size_t i = 0; i < pool->total; i++) {
        FAKE_UNPOISON(pool->page[i], FAKE_PAGE_SIZE);
        free(pool->page[i]);
    }
    free(pool->page);
    free(pool->in_use);
    pool->page = NULL;
    pool->in_use = NULL;
    pool->total = 0;
}

/* Gives POOL N fresh, free, poisoned pages.  Pool mutex held. */
static void
pool_fill(struct fake_pool *pool, size_t n)
{
    pool->page = calloc(n ? n : 1, sizeof *pool->page);
    pool->in_use = calloc(n ? n : 1, sizeof *pool->in_use);
    if (pool->page == NULL || pool->in_use == NULL)
        panic("fake palloc: out of host memory");
    for (size_t i = 0; i < n; i++) {
        pool->page[i] = aligned_alloc(FAKE_PAGE_SIZE, FAKE_PAGE_SIZE);
        if (pool->page[i] == NULL)
            panic("fake palloc: out of host memory");
        memset(pool->page[i], FREED_BYTE, FAKE_PAGE_SIZE);
        FAKE_POISON(pool->page[i], FAKE_PAGE_SIZE);
    }
    pool->total = n;
    pool->sized = true;
}

/* POOL, given its default size first if no test sized it.  Pool mutex held. */
static struct fake_pool *
pool_get(enum palloc_pool which)
{
    struct fake_pool *pool = &pools[which];
    if (!pool->sized)
        pool_fill(pool, pool->default_size);
    return pool;
}

void
fake_palloc_set_pages(enum palloc_pool which, size_t n)
{
    pthread_mutex_lock(&pool_mutex);
    struct fake_pool *pool = &pools[which];
    pool_release(pool);
    pool_fill(pool, n);
    pthread_mutex_unlock(&pool_mutex);
}

void
fake_palloc_set_user_frames(size_t n)
{
    fake_palloc_set_pages(POOL_USER, n);
}

void
palloc_init(uint64_t first_free, size_t user_cap)
{
    (void)first_free;
    fake_palloc_set_pages(POOL_USER, user_cap ? user_cap : FAKE_DEFAULT_USER_PAGES);
}

/* Index of the lowest free page of POOL, or POOL->total.  Pool mutex held. */
static size_t
pool_find_free(const struct fake_pool *pool)
{
    size_t i = 0;
    while (i < pool->total && pool->in_use[i])
        i++;
    return i;
}

void *
palloc_get_page(enum palloc_flags flags)
{
    pthread_mutex_lock(&pool_mutex);
    struct fake_pool *pool = pool_get(flags & PAL_USER ? POOL_USER : POOL_KERNEL);
    size_t i = pool_find_free(pool);
    uint8_t *page = NULL;
    if (i < pool->total) {
        pool->in_use[i] = true;
        pool->used++;
        page = pool->page[i];
        FAKE_UNPOISON(page, FAKE_PAGE_SIZE);
        memset(page, flags & PAL_ZERO ? 0 : FRESH_BYTE, FAKE_PAGE_SIZE);
    }
    pthread_mutex_unlock(&pool_mutex);
    if (page == NULL && (flags & PAL_ASSERT))
        panic("fake palloc: %s pool empty", pool->name);
    return page;
}

void *
palloc_get_multiple(enum palloc_flags flags, size_t count)
{
    if (count != 1)
        panic("fake palloc: runs of %zu pages are not supported on the host", count);
    return palloc_get_page(flags);
}

/* Finds the page at KVA: stores its pool and index.  False if no pool has
 * it.  Pool mutex held. */
static bool
pool_lookup(const void *kva, struct fake_pool **out, size_t *index)
{
    for (unsigned p = 0; p < 2; p++) {
        for (size_t i = 0; i < pools[p].total; i++) {
            if (pools[p].page[i] == kva) {
                *out = &pools[p];
                *index = i;
                return true;
            }
        }
    }
    return false;
}

void
palloc_free_page(void *kva)
{
    struct fake_pool *pool;
    size_t i;
    pthread_mutex_lock(&pool_mutex);
    if (!pool_lookup(kva, &pool, &i))
        panic("fake palloc: freeing %p, which no pool owns", kva);
    if (!pool->in_use[i])
        panic("fake palloc: double free of %s page %zu", pool->name, i);
    pool->in_use[i] = false;
    pool->used--;
    memset(kva, FREED_BYTE, FAKE_PAGE_SIZE);
    FAKE_POISON(kva, FAKE_PAGE_SIZE);
    pthread_mutex_unlock(&pool_mutex);
}

void
palloc_free_each(void *const *pages, size_t n)
{
    for (size_t i = 0; i < n; i++)
        palloc_free_page(pages[i]);
}

void
palloc_free_multiple(void *pages, size_t count)
{
    if (count != 1)
        panic("fake palloc: runs of %zu pages are not supported on the host", count);
    palloc_free_page(pages);
}

/* Reads one counter of POOL under the mutex: the total or the used pages. */
static size_t
pool_count(enum palloc_pool which, bool used)
{
    pthread_mutex_lock(&pool_mutex);
    struct fake_pool *pool = pool_get(which);
    size_t n = used ? pool->used : pool->total;
    pthread_mutex_unlock(&pool_mutex);
    return n;
}

size_t
palloc_total_pages(enum palloc_pool pool)
{
    return pool_count(pool, false);
}

size_t
palloc_used_pages(enum palloc_pool pool)
{
    return pool_count(pool, true);
}

size_t
palloc_free_pages(enum palloc_pool pool)
{
    pthread_mutex_lock(&pool_mutex);
    struct fake_pool *p = pool_get(pool);
    size_t n = p->total - p->used;
    pthread_mutex_unlock(&pool_mutex);
    return n;
}

/* The pool and index of fake physical address PA; false if none.  Pool
 * mutex held. */
static bool
pool_lookup_pa(uint64_t pa, struct fake_pool **out, size_t *index)
{
    for (unsigned p = 0; p < 2; p++) {
        struct fake_pool *pool = &pools[p];
        if (pa >= pool->pa_base && pa % FAKE_PAGE_SIZE == 0 &&
            (pa - pool->pa_base) / FAKE_PAGE_SIZE < pool->total) {
            *out = pool;
            *index = (pa - pool->pa_base) / FAKE_PAGE_SIZE;
            return true;
        }
    }
    return false;
}

void *
fake_palloc_kva(uint64_t pa)
{
    struct fake_pool *pool;
    size_t i;
    pthread_mutex_lock(&pool_mutex);
    void *kva = pool_lookup_pa(pa, &pool, &i) ? pool->page[i] : NULL;
    pthread_mutex_unlock(&pool_mutex);
    return kva;
}

uint64_t
fake_palloc_pa(const void *kva)
{
    struct fake_pool *pool;
    size_t i;
    pthread_mutex_lock(&pool_mutex);
    uint64_t pa = pool_lookup(kva, &pool, &i) ? pool->pa_base + i * FAKE_PAGE_SIZE : 0;
    pthread_mutex_unlock(&pool_mutex);
    return pa;
}

bool
fake_palloc_in_use(uint64_t pa)
{
    struct fake_pool *pool;
    size_t i;
    pthread_mutex_lock(&pool_mutex);
    bool used = pool_lookup_pa(pa, &pool, &i) && pool->in_use[i];
    pthread_mutex_unlock(&pool_mutex);
    return used;
}
