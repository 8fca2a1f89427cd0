/* Small deterministic pseudo-random number generator (splitmix64) with
 * explicit state: the same seed always gives the same sequence, on the host
 * and in the kernel.  Fast and well mixed; not for cryptography. */
#ifndef LIB_RANDOM_H
#define LIB_RANDOM_H

#include <stddef.h>
#include <stdint.h>

struct random_state {
    uint64_t s;
};

void random_seed(struct random_state *st, uint64_t seed);
uint64_t random_u64(struct random_state *st);
uint64_t random_below(struct random_state *st, uint64_t n);
void random_shuffle(struct random_state *st, void *array, size_t count, size_t elem_size);

#endif
