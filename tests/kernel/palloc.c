/* Self tests of the physical page allocator. */
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/pte.h"
#include "kernel/ktest.h"
#include "kernel/palloc.h"
#include "lib/random.h"
#include "lib/string.h"
#include "lib/util.h"

/* Takes every free page of POOL, tags each, checks the tags, then frees them in
 * random order; checks the counts at every step. */
static void
exhaust_pool(enum palloc_pool pool, enum palloc_flags flags, const char *name)
{
    size_t start_free = palloc_free_pages(pool);
    size_t array_pages = DIV_ROUND_UP(start_free * sizeof(void *), PAGE_SIZE);
    void **pages = palloc_get_multiple(PAL_ASSERT, array_pages);
    size_t n = 0;
    void *p;
    while ((p = palloc_get_page(flags)) != NULL) {
        KTEST_CHECK(n < start_free, "more pages than the pool had free");
        pages[n] = p;
        memset(p, 0, 16);
        *(size_t *)p = n++;
    }
    size_t expect = start_free - (pool == POOL_KERNEL ? array_pages : 0);
    KTEST_CHECK(n == expect, "got %zu pages, expected %zu", n, expect);
    KTEST_CHECK(palloc_free_pages(pool) == 0);
    for (size_t i = 0; i < n; i++)
        KTEST_CHECK(*(size_t *)pages[i] == i, "page %zu overwritten", i);
    struct random_state rs;
    random_seed(&rs, 42);
    random_shuffle(&rs, pages, n, sizeof *pages);
    for (size_t i = 0; i < n; i++)
        palloc_free_page(pages[i]);
    palloc_free_multiple(pages, array_pages);
    KTEST_CHECK(palloc_free_pages(pool) == start_free, "free count %zu, was %zu",
                palloc_free_pages(pool), start_free);
    ktest_msg("%s pool: took every free page, freed them in random order", name);
}

static void
test_palloc_exhaust(void)
{
    exhaust_pool(POOL_KERNEL, 0, "kernel");
    exhaust_pool(POOL_USER, PAL_USER, "user");
}
KTEST("palloc-exhaust", test_palloc_exhaust);

/* Booted with -ul=100: the user pool has exactly 100 pages. */
static void
test_palloc_user_cap(void)
{
    KTEST_CHECK(palloc_total_pages(POOL_USER) == 100, "user pool has %zu pages",
                palloc_total_pages(POOL_USER));
    ktest_msg("user pool capped at %zu pages", palloc_total_pages(POOL_USER));
    exhaust_pool(POOL_USER, PAL_USER, "user");
}
KTEST("palloc-user-cap", test_palloc_user_cap);

static void
test_palloc_multiple(void)
{
    size_t before = palloc_free_pages(POOL_KERNEL);
    uint8_t *p = palloc_get_multiple(PAL_ZERO, 16);
    KTEST_CHECK(p != NULL);
    bool zero = true;
    for (size_t i = 0; i < 16 * PAGE_SIZE; i++)
        zero = zero && p[i] == 0;
    KTEST_CHECK(zero, "PAL_ZERO pages not zeroed");
    KTEST_CHECK(vtop(p + 15 * PAGE_SIZE) - vtop(p) == 15 * PAGE_SIZE);
    KTEST_CHECK(palloc_free_pages(POOL_KERNEL) == before - 16);
    uint8_t *q = palloc_get_multiple(0, 3);
    KTEST_CHECK(q + 3 * PAGE_SIZE <= p || q >= p + 16 * PAGE_SIZE, "runs overlap");
    palloc_free_multiple(q, 3);
    palloc_free_multiple(p, 16);
    KTEST_CHECK(palloc_free_pages(POOL_KERNEL) == before);
    KTEST_CHECK(palloc_get_multiple(0, palloc_total_pages(POOL_KERNEL) + 1) == NULL);
    ktest_msg("16 contiguous zeroed pages, freed");
}
KTEST("palloc-multiple", test_palloc_multiple);

/* Debug builds poison freed pages, so a stale pointer reads 0xcc. */
static void
test_palloc_poison(void)
{
    uint8_t *p = palloc_get_page(0);
    if (HWAN_DEBUG)
        KTEST_CHECK(p[0] == 0x5a && p[PAGE_SIZE - 1] == 0x5a, "new page not poisoned");
    memset(p, 1, PAGE_SIZE);
    palloc_free_page(p);
    if (HWAN_DEBUG)
        KTEST_CHECK(p[0] == 0xcc && p[PAGE_SIZE - 1] == 0xcc, "freed page not poisoned");
    ktest_msg("fresh and freed pages are poisoned in debug builds");
}
KTEST("palloc-poison", test_palloc_poison);

/* A double free is a kernel bug: it must panic, not corrupt the pool. */
static void
test_palloc_double_free(void)
{
    void *p = palloc_get_page(0);
    palloc_free_page(p);
    ktest_msg("freeing the page a second time");
    palloc_free_page(p);
    ktest_fail("double free was not detected");
}
KTEST("palloc-double-free", test_palloc_double_free);
