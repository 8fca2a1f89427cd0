/* Bit array over caller-provided or malloc'ed storage (see lib/bitmap.h).
 * Range operations work a 64-bit word at a time. */
#include "lib/bitmap.h"

#include "lib/alloc.h"
#include "lib/assert.h"

#define WORD_BITS 64

struct bitmap {
    size_t bits;      /* number of bits */
    uint64_t words[]; /* bit i is bit i % 64 of words[i / 64]; spare bits are 0 */
};

/* Returns the number of words holding BITS bits. */
static size_t
word_count(size_t bits)
{
    return bits / WORD_BITS + (bits % WORD_BITS != 0);
}

/* Returns the number of bytes of storage bitmap_init needs for BITS bits. */
size_t
bitmap_storage_size(size_t bits)
{
    return sizeof(struct bitmap) + word_count(bits) * sizeof(uint64_t);
}

/* Makes a bitmap of BITS bits, all 0, in STORAGE, which must be 8-byte
 * aligned and bitmap_storage_size(BITS) bytes long and stays the caller's.
 * Returns the bitmap (at STORAGE). */
struct bitmap *
bitmap_init(void *storage, size_t bits)
{
    struct bitmap *b = storage;

    LIB_ASSERT(((uintptr_t)storage & (sizeof(uint64_t) - 1)) == 0);
    b->bits = bits;
    for (size_t i = 0; i < word_count(bits); i++)
        b->words[i] = 0;
    return b;
}

/* Returns a new malloc'ed bitmap of BITS bits, all 0, or NULL if out of
 * memory.  Free it with bitmap_destroy. */
struct bitmap *
bitmap_create(size_t bits)
{
    void *storage;

    if (word_count(bits) > (SIZE_MAX - sizeof(struct bitmap)) / sizeof(uint64_t))
        return NULL;
    storage = malloc(bitmap_storage_size(bits));
    return storage != NULL ? bitmap_init(storage, bits) : NULL;
}

/* Frees B, which came from bitmap_create. */
void
bitmap_destroy(struct bitmap *b)
{
    free(b);
}

/* Returns the number of bits in B. */
size_t
bitmap_size(const struct bitmap *b)
{
    return b->bits;
}

/* Returns the mask selecting bit IDX within its word. */
static uint64_t
bit_mask(size_t idx)
{
    return UINT64_C(1) << (idx % WORD_BITS);
}

/* Sets bit IDX of B to 1. */
void
bitmap_set(struct bitmap *b, size_t idx)
{
    LIB_ASSERT(idx < b->bits);
    b->words[idx / WORD_BITS] |= bit_mask(idx);
}

/* Sets bit IDX of B to 0. */
void
bitmap_reset(struct bitmap *b, size_t idx)
{
    LIB_ASSERT(idx < b->bits);
    b->words[idx / WORD_BITS] &= ~bit_mask(idx);
}

bool
bitmap_test_and_reset(struct bitmap *b, size_t idx)
{
    LIB_ASSERT(idx < b->bits);
    uint64_t *w = &b->words[idx / WORD_BITS], old = *w;
    *w = old & ~bit_mask(idx);
    return (old & bit_mask(idx)) != 0;
}

/* Inverts bit IDX of B. */
void
bitmap_flip(struct bitmap *b, size_t idx)
{
    LIB_ASSERT(idx < b->bits);
    b->words[idx / WORD_BITS] ^= bit_mask(idx);
}

/* Returns bit IDX of B. */
bool
bitmap_test(const struct bitmap *b, size_t idx)
{
    LIB_ASSERT(idx < b->bits);
    return (b->words[idx / WORD_BITS] & bit_mask(idx)) != 0;
}

/* Asserts that bits START .. START + CNT - 1 all lie inside B. */
static void
check_range(const struct bitmap *b, size_t start, size_t cnt)
{
    LIB_ASSERT(start <= b->bits && cnt <= b->bits - start);
}

/* Returns the part of the range [POS, END) that lies in POS's word, as a mask
 * within that word.  *NEXT is set to the first bit after that part. */
static uint64_t
word_part(size_t pos, size_t end, size_t *next)
{
    size_t word_start = pos - pos % WORD_BITS;
    size_t hi = end - word_start >= WORD_BITS ? WORD_BITS : end - word_start;
    uint64_t mask = hi == WORD_BITS ? ~UINT64_C(0) : (UINT64_C(1) << hi) - 1;

    *next = word_start + hi;
    return mask & (~UINT64_C(0) << (pos % WORD_BITS));
}

/* Sets bits START .. START + CNT - 1 of B to VALUE. */
void
bitmap_set_range(struct bitmap *b, size_t start, size_t cnt, bool value)
{
    size_t end = start + cnt, next;

    check_range(b, start, cnt);
    for (size_t pos = start; pos < end; pos = next) {
        uint64_t mask = word_part(pos, end, &next);
        if (value)
            b->words[pos / WORD_BITS] |= mask;
        else
            b->words[pos / WORD_BITS] &= ~mask;
    }
}

/* Returns the number of 1 bits in X (without the popcount instruction or a
 * libgcc helper, neither of which the kernel can count on). */
static unsigned
popcount64(uint64_t x)
{
    x = x - ((x >> 1) & UINT64_C(0x5555555555555555));
    x = (x & UINT64_C(0x3333333333333333)) + ((x >> 2) & UINT64_C(0x3333333333333333));
    x = (x + (x >> 4)) & UINT64_C(0x0f0f0f0f0f0f0f0f);
    return (unsigned)((x * UINT64_C(0x0101010101010101)) >> 56);
}

/* Returns how many of bits START .. START + CNT - 1 of B equal VALUE. */
size_t
bitmap_count(const struct bitmap *b, size_t start, size_t cnt, bool value)
{
    size_t end = start + cnt, next, ones = 0;

    check_range(b, start, cnt);
    for (size_t pos = start; pos < end; pos = next)
        ones += popcount64(b->words[pos / WORD_BITS] & word_part(pos, end, &next));
    return value ? ones : cnt - ones;
}

/* Returns the first index in [POS, LIMIT) whose bit equals VALUE, or LIMIT if
 * there is none.  LIMIT must not exceed the size of B.  Skips whole words of
 * the other value. */
static size_t
find_next(const struct bitmap *b, size_t pos, size_t limit, bool value)
{
    size_t next;

    for (; pos < limit; pos = next) {
        uint64_t word = b->words[pos / WORD_BITS];
        uint64_t hits = (value ? word : ~word) & word_part(pos, limit, &next);
        if (hits != 0)
            return pos - pos % WORD_BITS + (size_t)__builtin_ctzll(hits);
    }
    return limit;
}

/* True if bits START .. START + CNT - 1 of B are all 1 (true if CNT is 0). */
bool
bitmap_all(const struct bitmap *b, size_t start, size_t cnt)
{
    check_range(b, start, cnt);
    return find_next(b, start, start + cnt, false) == start + cnt;
}

/* True if any of bits START .. START + CNT - 1 of B is 1. */
bool
bitmap_any(const struct bitmap *b, size_t start, size_t cnt)
{
    check_range(b, start, cnt);
    return find_next(b, start, start + cnt, true) != start + cnt;
}

/* True if none of bits START .. START + CNT - 1 of B is 1. */
bool
bitmap_none(const struct bitmap *b, size_t start, size_t cnt)
{
    return !bitmap_any(b, start, cnt);
}

/* Returns the lowest index I >= START such that bits I .. I + CNT - 1 of B
 * all equal VALUE, or BITMAP_NONE.  START must be at most the size of B; a CNT
 * of 0 matches at START.  Runs in time proportional to the words examined. */
size_t
bitmap_scan(const struct bitmap *b, size_t start, size_t cnt, bool value)
{
    size_t last, first, stop;

    LIB_ASSERT(start <= b->bits);
    if (cnt == 0)
        return start;
    if (cnt > b->bits - start)
        return BITMAP_NONE;
    last = b->bits - cnt; /* the last index a run can start at */
    while (start <= last) {
        first = find_next(b, start, last + 1, value);
        if (first > last)
            break;
        stop = find_next(b, first, first + cnt, !value);
        if (stop == first + cnt)
            return first;
        start = stop + 1;
    }
    return BITMAP_NONE;
}

/* Like bitmap_scan, then inverts the CNT bits found (to !VALUE).  Returns
 * their first index, or BITMAP_NONE (B unchanged). */
size_t
bitmap_scan_and_flip(struct bitmap *b, size_t start, size_t cnt, bool value)
{
    size_t idx = bitmap_scan(b, start, cnt, value);

    if (idx != BITMAP_NONE)
        bitmap_set_range(b, idx, cnt, !value);
    return idx;
}
