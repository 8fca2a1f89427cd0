/* Intrusive chained hash table.
 *
 * Embed a struct hash_node in each element; the table links those nodes into
 * chains hanging off a bucket array that it allocates itself.  Elements are
 * owned by the caller: the table never frees one except through the
 * destroy_fn given to hash_clear/hash_destroy.  Lookups, inserts and deletes
 * are O(1) on average.  The bucket array doubles when the table holds more
 * elements than buckets and shrinks (on a later insert) once it is mostly
 * empty; if memory runs out the table just gets slower, it never drops an
 * element.  Not thread safe: the caller provides locking.
 *
 * Lookups use a "probe": an element (often on the stack) with just the key
 * fields filled in, hashed and compared by the caller's functions.
 *
 * Iteration:
 *     struct hash_iter it;
 *     for (struct hash_node *n = hash_first(&it, h); n; n = hash_next(&it))
 * visits each element exactly once, in no particular order.  While iterating,
 * the only change allowed to the table is hash_delete() of the element just
 * returned (the loop may then free it).  Any other insert, replace, delete or
 * clear invalidates the iterator.
 */
#ifndef LIB_HASH_H
#define LIB_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hash_node {
    struct hash_node *next; /* next node in the same bucket */
    uint64_t hash;          /* cached hash_fn value */
};

/* Returns the hash of the element containing NODE.  Any 64-bit value works:
 * the table mixes it again before picking a bucket. */
typedef uint64_t hash_fn(const struct hash_node *node, void *aux);
/* True if the elements containing A and B have equal keys. */
typedef bool hash_eq_fn(const struct hash_node *a, const struct hash_node *b, void *aux);
/* Called on each element by hash_clear/hash_destroy; may free it. */
typedef void hash_action_fn(struct hash_node *node, void *aux);

struct hash {
    struct hash_node **buckets; /* bucket_cnt chains */
    size_t bucket_cnt;          /* a power of two */
    unsigned bucket_shift;      /* 64 - log2(bucket_cnt) */
    size_t size;                /* number of elements */
    size_t floor;               /* it never shrinks below this many buckets */
    hash_fn *hash;
    hash_eq_fn *eq;
    void *aux; /* passed to hash and eq */
};

struct hash_iter {
    struct hash *h;
    size_t bucket;          /* bucket holding NEXT */
    struct hash_node *next; /* what hash_next returns, or NULL at the end */
};

bool hash_init(struct hash *h, hash_fn *hash, hash_eq_fn *eq, void *aux);
void hash_clear(struct hash *h, hash_action_fn *destroy, void *aux);
void hash_destroy(struct hash *h, hash_action_fn *destroy, void *aux);

struct hash_node *hash_insert(struct hash *h, struct hash_node *node);
struct hash_node *hash_replace(struct hash *h, struct hash_node *node);
struct hash_node *hash_find(struct hash *h, const struct hash_node *probe);
struct hash_node *hash_delete(struct hash *h, const struct hash_node *probe);
size_t hash_size(const struct hash *h);
/* Makes H hold at least N elements without growing (and never shrink below
 * that); false, H unchanged, if out of memory. */
bool hash_reserve(struct hash *h, size_t n);
bool hash_empty(const struct hash *h);

struct hash_node *hash_first(struct hash_iter *it, struct hash *h);
struct hash_node *hash_next(struct hash_iter *it);

uint64_t hash_bytes(const void *buf, size_t n);
uint64_t hash_string(const char *s);
uint64_t hash_u64(uint64_t x);

#ifdef HOST
/* Test hook (host only): while true, every bucket-array allocation fails. */
extern bool hash_test_fail_alloc;
#endif

#endif
