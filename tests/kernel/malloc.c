/* Self tests of the kernel heap. */
#include <stdint.h>

#include "kernel/ktest.h"
#include "kernel/malloc.h"
#include "kernel/palloc.h"
#include "lib/random.h"
#include "lib/string.h"
#include "lib/util.h"

/* Fills BUF with bytes derived from SEED. */
static void
fill(uint8_t *buf, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        buf[i] = (uint8_t)(seed * 31 + i * 7);
}

/* True if BUF still holds what fill(BUF, N, SEED) wrote. */
static bool
intact(const uint8_t *buf, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        if (buf[i] != (uint8_t)(seed * 31 + i * 7))
            return false;
    return true;
}

static const size_t sizes[] = {1,    2,    3,    7,    8,    15,   16,    17,    31,
                               32,   33,   63,   64,   65,   127,  128,   129,   255,
                               256,  257,  511,  512,  513,  1023, 1024,  1025,  2047,
                               2048, 2049, 4000, 4096, 4097, 8192, 65536, 100000};
#define COPIES   4
#define N_BLOCKS (ARRAY_SIZE(sizes) * COPIES)

static void
test_malloc_sizes(void)
{
    size_t live = malloc_live_blocks(), kpages = palloc_used_pages(POOL_KERNEL);
    static uint8_t *blocks[N_BLOCKS];
    for (size_t i = 0; i < N_BLOCKS; i++) {
        size_t n = sizes[i / COPIES];
        blocks[i] = malloc(n);
        KTEST_CHECK(blocks[i] != NULL, "malloc(%zu) failed", n);
        KTEST_CHECK(((uintptr_t)blocks[i] & 15) == 0, "malloc(%zu) misaligned", n);
        fill(blocks[i], n, i);
    }
    for (size_t i = 0; i < N_BLOCKS; i++)
        KTEST_CHECK(intact(blocks[i], sizes[i / COPIES], i), "block %zu overwritten", i);
    struct random_state rs;
    random_seed(&rs, 7);
    random_shuffle(&rs, blocks, N_BLOCKS, sizeof *blocks);
    for (size_t i = 0; i < N_BLOCKS; i++)
        free(blocks[i]);
    KTEST_CHECK(malloc_live_blocks() == live);
    KTEST_CHECK(palloc_used_pages(POOL_KERNEL) == kpages, "heap kept pages");
    ktest_msg("%zu blocks of %zu sizes from 1 to 100000 bytes: aligned, disjoint",
              N_BLOCKS, ARRAY_SIZE(sizes));
}
KTEST("malloc-sizes", test_malloc_sizes);

#define SLOTS 256

static void
test_malloc_random(void)
{
    static uint8_t *slot[SLOTS];
    static size_t len[SLOTS];
    struct random_state rs;
    random_seed(&rs, 2026);
    for (int op = 0; op < 20000; op++) {
        size_t i = random_below(&rs, SLOTS);
        if (slot[i] != NULL) {
            KTEST_CHECK(intact(slot[i], len[i], i), "slot %zu corrupted", i);
            free(slot[i]);
            slot[i] = NULL;
            continue;
        }
        len[i] = random_below(&rs, 8) == 0 ? 1 + random_below(&rs, 20000)
                                           : 1 + random_below(&rs, 600);
        slot[i] = malloc(len[i]);
        KTEST_CHECK(slot[i] != NULL);
        fill(slot[i], len[i], i);
    }
    for (size_t i = 0; i < SLOTS; i++) {
        if (slot[i] != NULL)
            KTEST_CHECK(intact(slot[i], len[i], i), "slot %zu corrupted", i);
        free(slot[i]);
        slot[i] = NULL;
    }
    ktest_msg("20000 random mallocs and frees, contents intact");
}
KTEST("malloc-random", test_malloc_random);

static void
test_malloc_realloc(void)
{
    uint8_t *p = realloc(NULL, 10);
    KTEST_CHECK(p != NULL);
    fill(p, 10, 1);
    uint8_t *q = realloc(p, 5);
    KTEST_CHECK(q == p, "shrinking moved the block");
    for (size_t n = 20; n <= 50000; n *= 3) {
        q = realloc(q, n);
        KTEST_CHECK(q != NULL && intact(q, 10, 1), "realloc to %zu lost data", n);
    }
    KTEST_CHECK(realloc(q, 0) == NULL);
    uint32_t *z = calloc(1000, sizeof *z);
    bool zero = z != NULL;
    for (int i = 0; zero && i < 1000; i++)
        zero = z[i] == 0;
    KTEST_CHECK(zero, "calloc memory not zeroed");
    free(z);
    KTEST_CHECK(calloc(SIZE_MAX / 2, 4) == NULL, "calloc overflow not caught");
    KTEST_CHECK(malloc(SIZE_MAX - 10) == NULL, "huge malloc did not fail");
    ktest_msg("realloc keeps contents, calloc zeroes and checks overflow");
}
KTEST("malloc-realloc", test_malloc_realloc);

/* Running the kernel pool dry gives NULL, not a panic; all comes back after. */
static void
test_malloc_exhaust(void)
{
    size_t before = palloc_free_pages(POOL_KERNEL);
    void **list = NULL;
    size_t n = 0;
    void **p;
    while ((p = malloc(60000)) != NULL) {
        *p = list;
        list = p;
        n++;
    }
    KTEST_CHECK(n > 10, "only %zu blocks", n);
    KTEST_CHECK(malloc(60000) == NULL);
    while (list != NULL) {
        void **next = *list;
        free(list);
        list = next;
    }
    KTEST_CHECK(palloc_free_pages(POOL_KERNEL) == before);
    ktest_msg("malloc returned NULL when memory ran out; everything came back");
}
KTEST("malloc-exhaust", test_malloc_exhaust);

static void
test_malloc_double_free(void)
{
    void *a = malloc(40), *b = malloc(40);
    free(a);
    ktest_msg("freeing a block a second time");
    free(a);
    free(b);
    ktest_fail("double free was not detected");
}
KTEST("malloc-double-free", test_malloc_double_free);

static void
test_malloc_bad_free(void)
{
    char *a = malloc(100);
    ktest_msg("freeing a pointer into the middle of a block");
    free(a + 8);
    ktest_fail("bad free was not detected");
}
KTEST("malloc-bad-free", test_malloc_bad_free);
