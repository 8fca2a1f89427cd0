/* Intrusive chained hash table (see lib/hash.h). */
#include "lib/hash.h"

#include "lib/alloc.h"

#define MIN_BUCKETS    16
#define FIB_MULTIPLIER UINT64_C(0x9e3779b97f4a7c15) /* 2^64 / golden ratio */

#ifdef HOST
bool hash_test_fail_alloc;
#endif

/* Returns a zeroed array of CNT bucket heads, or NULL if out of memory. */
static struct hash_node **
buckets_alloc(size_t cnt)
{
#ifdef HOST
    if (hash_test_fail_alloc)
        return NULL;
#endif
    return calloc(cnt, sizeof(struct hash_node *));
}

/* Returns log2(CNT) for a power of two CNT. */
static unsigned
log2_exact(size_t cnt)
{
    unsigned bits = 0;

    while (((size_t)1 << bits) < cnt)
        bits++;
    return bits;
}

/* Installs BUCKETS (CNT of them, a power of two >= MIN_BUCKETS) in H. */
static void
buckets_set(struct hash *h, struct hash_node **buckets, size_t cnt)
{
    h->buckets = buckets;
    h->bucket_cnt = cnt;
    h->bucket_shift = 64 - log2_exact(cnt);
}

/* Returns the bucket index for HASH.  Fibonacci hashing takes the top bits of
 * a multiply, so even hashes that differ only in high bits (page addresses)
 * spread out. */
static size_t
bucket_of(const struct hash *h, uint64_t hash)
{
    return (size_t)((hash * FIB_MULTIPLIER) >> h->bucket_shift);
}

/* Sets up H, empty, with the given hash and equality functions; AUX is passed
 * to both.  Returns false (H unusable) if the bucket array cannot be
 * allocated.  Undo with hash_destroy. */
bool
hash_init(struct hash *h, hash_fn *hash, hash_eq_fn *eq, void *aux)
{
    struct hash_node **buckets = buckets_alloc(MIN_BUCKETS);

    if (buckets == NULL)
        return false;
    buckets_set(h, buckets, MIN_BUCKETS);
    h->size = 0;
    h->floor = MIN_BUCKETS;
    h->hash = hash;
    h->eq = eq;
    h->aux = aux;
    return true;
}

/* Moves every element of H into a new array of CNT buckets.  If that cannot be
 * allocated, H stays as it was. */
static void
rehash(struct hash *h, size_t cnt)
{
    struct hash_node **old = h->buckets;
    size_t old_cnt = h->bucket_cnt;
    struct hash_node **buckets = buckets_alloc(cnt);
    struct hash_node *node, *next;

    if (buckets == NULL)
        return;
    buckets_set(h, buckets, cnt);
    for (size_t i = 0; i < old_cnt; i++) {
        for (node = old[i]; node != NULL; node = next) {
            size_t b = bucket_of(h, node->hash);
            next = node->next;
            node->next = buckets[b];
            buckets[b] = node;
        }
    }
    free(old);
}

/* Grows H's bucket array when it holds more elements than buckets, and
 * shrinks it when fewer than one bucket in eight would be used. */
static void
resize_if_needed(struct hash *h)
{
    size_t cnt = MIN_BUCKETS;

    if (h->size > h->bucket_cnt && h->bucket_cnt <= SIZE_MAX / 2 / sizeof(void *)) {
        rehash(h, h->bucket_cnt * 2);
    } else if (h->bucket_cnt > h->floor && h->size < h->bucket_cnt / 8) {
        cnt = h->floor;
        while (cnt < h->size * 2)
            cnt *= 2;
        rehash(h, cnt);
    }
}

bool
hash_reserve(struct hash *h, size_t n)
{
    size_t cnt = MIN_BUCKETS;
    while (cnt < n && cnt <= SIZE_MAX / 4 / sizeof(void *))
        cnt *= 2;
    if (cnt > h->bucket_cnt) {
        rehash(h, cnt);
        if (h->bucket_cnt != cnt)
            return false;
    }
    h->floor = cnt;
    return true;
}

/* Returns the link (bucket head or a node's next field) that points at the
 * element of H equal to PROBE, whose hash is HASH; if there is none, the
 * link that ends PROBE's chain, which holds NULL. */
static struct hash_node **
find_link(struct hash *h, const struct hash_node *probe, uint64_t hash)
{
    struct hash_node **link = &h->buckets[bucket_of(h, hash)];

    for (; *link != NULL; link = &(*link)->next) {
        if ((*link)->hash == hash && h->eq(*link, probe, h->aux))
            break;
    }
    return link;
}

/* Adds NODE to H unless an equal element is there already.  Returns that
 * equal element (NODE is then not inserted), or NULL if NODE was added. */
struct hash_node *
hash_insert(struct hash *h, struct hash_node *node)
{
    uint64_t hash = h->hash(node, h->aux);
    struct hash_node **link = find_link(h, node, hash);

    if (*link != NULL)
        return *link;
    node->hash = hash;
    node->next = NULL;
    *link = node;
    h->size++;
    resize_if_needed(h);
    return NULL;
}

/* Adds NODE to H, taking the place of an equal element if there is one.
 * Returns the element replaced (now out of the table, still the caller's), or
 * NULL. */
struct hash_node *
hash_replace(struct hash *h, struct hash_node *node)
{
    uint64_t hash = h->hash(node, h->aux);
    struct hash_node **link = find_link(h, node, hash);
    struct hash_node *old = *link;

    node->hash = hash;
    node->next = old != NULL ? old->next : NULL;
    *link = node;
    if (old != NULL) {
        old->next = NULL;
        return old;
    }
    h->size++;
    resize_if_needed(h);
    return NULL;
}

/* Returns the element of H equal to PROBE, or NULL. */
struct hash_node *
hash_find(struct hash *h, const struct hash_node *probe)
{
    return *find_link(h, probe, h->hash(probe, h->aux));
}

/* Removes the element of H equal to PROBE and returns it (the caller may free
 * it), or returns NULL if there is none.  Never resizes the bucket array, so
 * it is safe on the element an iterator just returned. */
struct hash_node *
hash_delete(struct hash *h, const struct hash_node *probe)
{
    struct hash_node **link = find_link(h, probe, h->hash(probe, h->aux));
    struct hash_node *old = *link;

    if (old == NULL)
        return NULL;
    *link = old->next;
    old->next = NULL;
    h->size--;
    return old;
}

/* Returns the number of elements in H. */
size_t
hash_size(const struct hash *h)
{
    return h->size;
}

/* True if H has no elements. */
bool
hash_empty(const struct hash *h)
{
    return h->size == 0;
}

/* Unlinks every element of H, calling DESTROY (if not NULL) on each, which may
 * free it.  Leaves the buckets empty. */
static void
remove_all(struct hash *h, hash_action_fn *destroy, void *aux)
{
    struct hash_node *node, *next;

    for (size_t i = 0; i < h->bucket_cnt; i++) {
        for (node = h->buckets[i]; node != NULL; node = next) {
            next = node->next;
            if (destroy != NULL)
                destroy(node, aux);
        }
        h->buckets[i] = NULL;
    }
    h->size = 0;
}

/* Removes every element of H, calling DESTROY (if not NULL) on each with AUX;
 * DESTROY may free the element but must not touch H.  H stays usable; a large
 * bucket array is given back when a small one can be had. */
void
hash_clear(struct hash *h, hash_action_fn *destroy, void *aux)
{
    struct hash_node **small;

    remove_all(h, destroy, aux);
    if (h->bucket_cnt > MIN_BUCKETS && (small = buckets_alloc(MIN_BUCKETS)) != NULL) {
        free(h->buckets);
        buckets_set(h, small, MIN_BUCKETS);
    }
}

/* Like hash_clear, then frees the bucket array.  H must be hash_init'ed again
 * before any further use. */
void
hash_destroy(struct hash *h, hash_action_fn *destroy, void *aux)
{
    if (destroy != NULL) /* else nothing to visit: the buckets just go */
        remove_all(h, destroy, aux);
    free(h->buckets);
    h->buckets = NULL;
    h->bucket_cnt = 0;
}

/* Returns NODE if it is not NULL, else the first node of the next non-empty
 * bucket after IT's current one (recording that bucket in IT), else NULL. */
static struct hash_node *
iter_skip_empty(struct hash_iter *it, struct hash_node *node)
{
    while (node == NULL && it->bucket + 1 < it->h->bucket_cnt) {
        it->bucket++;
        node = it->h->buckets[it->bucket];
    }
    return node;
}

/* Starts iterating over H with IT and returns the first element, or NULL if H
 * is empty.  See lib/hash.h for what may change during the iteration. */
struct hash_node *
hash_first(struct hash_iter *it, struct hash *h)
{
    it->h = h;
    it->bucket = 0;
    it->next = iter_skip_empty(it, h->buckets[0]);
    return hash_next(it);
}

/* Returns the next element of IT's table, or NULL when all were visited. */
struct hash_node *
hash_next(struct hash_iter *it)
{
    struct hash_node *node = it->next;

    if (node != NULL)
        it->next = iter_skip_empty(it, node->next);
    return node;
}

#define FNV_OFFSET UINT64_C(0xcbf29ce484222325)
#define FNV_PRIME  UINT64_C(0x100000001b3)

/* Returns a hash (64-bit FNV-1a) of the N bytes at BUF. */
uint64_t
hash_bytes(const void *buf, size_t n)
{
    const unsigned char *p = buf;
    uint64_t h = FNV_OFFSET;

    while (n-- > 0)
        h = (h ^ *p++) * FNV_PRIME;
    return h;
}

/* Returns a hash (64-bit FNV-1a) of the string S, without its NUL. */
uint64_t
hash_string(const char *s)
{
    uint64_t h = FNV_OFFSET;

    while (*s != '\0')
        h = (h ^ (unsigned char)*s++) * FNV_PRIME;
    return h;
}

/* Returns a well-mixed hash of X (the splitmix64 finalizer, a bijection). */
uint64_t
hash_u64(uint64_t x)
{
    x ^= x >> 30;
    x *= UINT64_C(0xbf58476d1ce4e5b9);
    x ^= x >> 27;
    x *= UINT64_C(0x94d049bb133111eb);
    x ^= x >> 31;
    return x;
}
