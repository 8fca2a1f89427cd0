/* splitmix64 pseudo-random numbers (see lib/random.h). */
#include "lib/random.h"

#include "lib/assert.h"

/* Starts ST's sequence from SEED (any value, 0 included). */
void
random_seed(struct random_state *st, uint64_t seed)
{
    st->s = seed;
}

/* Advances ST and returns the next 64 random bits. */
uint64_t
random_u64(struct random_state *st)
{
    uint64_t z = (st->s += UINT64_C(0x9e3779b97f4a7c15));

    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* Returns a uniformly distributed number in [0, N); N must not be 0.  Draws
 * again instead of taking a biased remainder. */
uint64_t
random_below(struct random_state *st, uint64_t n)
{
    uint64_t threshold, r;

    LIB_ASSERT(n != 0);
    threshold = (0 - n) % n; /* 2^64 mod n: values below it would be biased */
    do {
        r = random_u64(st);
    } while (r < threshold);
    return r % n;
}

/* Swaps the SIZE-byte blocks at A and B (distinct). */
static void
swap_bytes(unsigned char *a, unsigned char *b, size_t size)
{
    for (size_t i = 0; i < size; i++) {
        unsigned char t = a[i];
        a[i] = b[i];
        b[i] = t;
    }
}

/* Puts the COUNT elements of ELEM_SIZE bytes at ARRAY in a uniformly random
 * order (Fisher-Yates), drawing from ST. */
void
random_shuffle(struct random_state *st, void *array, size_t count, size_t elem_size)
{
    unsigned char *base = array;

    for (size_t i = count; i > 1; i--) {
        size_t j = (size_t)random_below(st, i);
        if (j != i - 1)
            swap_bytes(base + j * elem_size, base + (i - 1) * elem_size, elem_size);
    }
}
