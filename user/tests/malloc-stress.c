/* malloc-stress: 20000 random malloc/calloc/realloc/free operations on 512
 * slots, with sizes from 1 byte to 32 KiB.  Every block is filled with a
 * pattern of its own and checked before it is freed or resized, so
 * overlapping blocks or a corrupted heap are caught; every block must be
 * 16-byte aligned, and calloc's zeroed.  At the end everything is freed, the
 * heap must have stayed under 8 MiB, and a 48 KiB block must fit into the
 * freed heap without growing it (freed blocks were merged).  The sequence is
 * the same on every run (fixed seed). */
#include <stdint.h>

#include "lib/random.h"
#include "stdlib.h"
#include "string.h"
#include "syscall.h"
#include "test.h"

#define SLOTS    512
#define ROUNDS   20000
#define HEAP_MAX (8 * 1024 * 1024)

struct slot {
    unsigned char *p; /* NULL if empty */
    size_t size;
    uint8_t seed;
};

static struct slot slots[SLOTS];
static struct random_state rs;

/* The byte at offset I of a block with SEED. */
static unsigned char
pattern(uint8_t seed, size_t i)
{
    return (unsigned char)(seed ^ (i * 31) ^ (i >> 8));
}

/* Fills the first N bytes of slot S with its pattern. */
static void
slot_fill(struct slot *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        s->p[i] = pattern(s->seed, i);
}

/* Checks the first N bytes of slot number K against its pattern. */
static void
slot_check(int k, size_t n)
{
    struct slot *s = &slots[k];

    for (size_t i = 0; i < n; i++) {
        if (s->p[i] != pattern(s->seed, i))
            fail("slot %d (%zu bytes at %p): byte %zu is %d, expected %d", k, s->size,
                 (void *)s->p, i, s->p[i], pattern(s->seed, i));
    }
}

/* A random block size: mostly small, some medium, a few large. */
static size_t
random_size(void)
{
    uint64_t r = random_below(&rs, 100);

    if (r < 80)
        return 1 + random_below(&rs, 256);
    if (r < 98)
        return 257 + random_below(&rs, 4096 - 256);
    return 4097 + random_below(&rs, 32768 - 4096);
}

/* Allocates a new block for empty slot K (with calloc one time in eight). */
static void
slot_alloc(int k)
{
    struct slot *s = &slots[k];
    bool zeroed = random_below(&rs, 8) == 0;

    s->size = random_size();
    s->seed = (uint8_t)random_u64(&rs);
    s->p = zeroed ? calloc(1, s->size) : malloc(s->size);
    if (s->p == NULL)
        fail("%s(%zu) failed", zeroed ? "calloc" : "malloc", s->size);
    if ((uintptr_t)s->p % 16 != 0)
        fail("block %p is not 16-byte aligned", (void *)s->p);
    for (size_t i = 0; zeroed && i < s->size; i++) {
        if (s->p[i] != 0)
            fail("calloc(%zu): byte %zu is %d", s->size, i, s->p[i]);
    }
    slot_fill(s, s->size);
}

/* Resizes the block of slot K, checking that its contents survive. */
static void
slot_realloc(int k)
{
    struct slot *s = &slots[k];
    size_t size = random_size();
    unsigned char *p = realloc(s->p, size);

    if (p == NULL)
        fail("realloc(%zu) failed", size);
    if ((uintptr_t)p % 16 != 0)
        fail("block %p is not 16-byte aligned", (void *)p);
    s->p = p;
    slot_check(k, size < s->size ? size : s->size);
    s->size = size;
    slot_fill(s, size);
}

/* Frees the block of slot K after checking it. */
static void
slot_free(int k)
{
    slot_check(k, slots[k].size);
    free(slots[k].p);
    slots[k].p = NULL;
}

/* Runs the random operations, then the final checks. */
void
test_main(void)
{
    char *heap = sbrk(0), *end;
    void *big;

    random_seed(&rs, 20240601);
    for (int round = 0; round < ROUNDS; round++) {
        int k = (int)random_below(&rs, SLOTS);
        if (slots[k].p == NULL)
            slot_alloc(k);
        else if (random_below(&rs, 4) == 0)
            slot_realloc(k);
        else
            slot_free(k);
    }
    msg("%d operations checked", ROUNDS);
    for (int k = 0; k < SLOTS; k++) {
        if (slots[k].p != NULL)
            slot_free(k);
    }
    msg("all blocks checked and freed");
    end = sbrk(0);
    CHECK(end - heap <= HEAP_MAX, "the heap stayed under %d MiB", HEAP_MAX >> 20);
    big = malloc(48 * 1024);
    CHECK(big != NULL && sbrk(0) == end, "48 KiB fit into the freed heap");
    free(big);
}
