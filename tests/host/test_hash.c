/* Host tests for lib/hash: random inserts, finds, replaces and deletes checked
 * against an array model, iteration, growth and shrinking, running out of
 * memory, clear and destroy (ASan reports any leak). */
#include "lib/hash.h"
#include "lib/random.h"
#include "lib/util.h"
#include "tests/host/check.h"

struct item {
    uint64_t key;
    int value;
    struct hash_node node;
};

#define ITEM(n) container_of(n, struct item, node)

enum hash_mode { MODE_MIXED, MODE_IDENTITY, MODE_BAD };

/* Hashes an item's key; AUX, if set, points to the enum hash_mode to use. */
static uint64_t
item_hash(const struct hash_node *n, void *aux)
{
    const struct item *it = ITEM(n);
    enum hash_mode mode = aux != NULL ? *(enum hash_mode *)aux : MODE_MIXED;

    if (mode == MODE_IDENTITY)
        return it->key; /* the table must spread raw page addresses itself */
    if (mode == MODE_BAD)
        return it->key & 3; /* only four distinct values: long chains */
    return hash_u64(it->key);
}

/* Returns the length of the longest chain in H. */
static size_t
longest_chain(const struct hash *h)
{
    size_t longest = 0;

    for (size_t i = 0; i < h->bucket_cnt; i++) {
        size_t len = 0;
        for (struct hash_node *n = h->buckets[i]; n != NULL; n = n->next)
            len++;
        longest = len > longest ? len : longest;
    }
    return longest;
}

static bool
item_eq(const struct hash_node *a, const struct hash_node *b, void *aux)
{
    return ITEM(a)->key == ITEM(b)->key;
}

/* Frees an item and counts it in *(size_t *)AUX. */
static void
item_free(struct hash_node *n, void *aux)
{
    (*(size_t *)aux)++;
    free(ITEM(n));
}

static struct item *
item_new(uint64_t key, int value)
{
    struct item *it = malloc(sizeof *it);

    it->key = key;
    it->value = value;
    return it;
}

/* Returns the element with KEY in H, or NULL. */
static struct item *
find_key(struct hash *h, uint64_t key)
{
    struct item probe = {.key = key};
    struct hash_node *n = hash_find(h, &probe.node);

    return n != NULL ? ITEM(n) : NULL;
}

#define KEYS 100000

/* The model: ref[i] is the element with key keys[i] in the table, or NULL. */
struct model {
    uint64_t keys[KEYS];
    struct item *ref[KEYS];
    size_t size;
};

/* Checks that every key of M is found in H exactly when the model says. */
static void
check_model(struct hash *h, struct model *m)
{
    CHECK_EQ_INT(hash_size(h), m->size);
    CHECK_EQ_INT(hash_empty(h), m->size == 0);
    for (size_t i = 0; i < KEYS; i++)
        CHECK(find_key(h, m->keys[i]) == m->ref[i]);
}

/* Checks that iteration visits each element of the model exactly once. */
static void
check_iteration(struct hash *h, struct model *m)
{
    struct hash_iter it;
    size_t visits = 0;
    static int mark;

    mark += 2;

    for (size_t i = 0; i < KEYS; i++) {
        if (m->ref[i] != NULL)
            m->ref[i]->value = mark;
    }
    for (struct hash_node *n = hash_first(&it, h); n != NULL; n = hash_next(&it)) {
        CHECK(ITEM(n)->value == mark);
        ITEM(n)->value = mark + 1; /* a second visit would fail the check above */
        visits++;
    }
    CHECK_EQ_INT(visits, m->size);
}

/* One random operation on key number I. */
static void
random_op(struct random_state *rs, struct hash *h, struct model *m, size_t i)
{
    struct item probe = {.key = m->keys[i]};
    struct item *x;
    struct hash_node *old;

    switch (random_below(rs, 4)) {
    case 0:
    case 1:
        x = item_new(m->keys[i], 0);
        old = hash_insert(h, &x->node);
        CHECK(old == (m->ref[i] != NULL ? &m->ref[i]->node : NULL));
        if (old != NULL) {
            free(x);
        } else {
            m->ref[i] = x;
            m->size++;
        }
        break;
    case 2:
        x = item_new(m->keys[i], 0);
        old = hash_replace(h, &x->node);
        CHECK(old == (m->ref[i] != NULL ? &m->ref[i]->node : NULL));
        if (old == NULL)
            m->size++;
        free(m->ref[i]);
        m->ref[i] = x;
        break;
    default:
        old = hash_delete(h, &probe.node);
        CHECK(old == (m->ref[i] != NULL ? &m->ref[i]->node : NULL));
        if (old != NULL)
            m->size--;
        free(m->ref[i]);
        m->ref[i] = NULL;
        break;
    }
}

/* 100k random keys, then 300k random operations (many of them inserting a
 * key already there) checked against the model. */
static void
test_random(struct random_state *rs, struct model *m, enum hash_mode mode)
{
    struct hash h;
    size_t freed = 0;

    for (size_t i = 0; i < KEYS; i++) {
        /* distinct page addresses: random high bits, I in bits 12..31 */
        m->keys[i] = (random_u64(rs) & ~UINT64_C(0xffffffff)) | (uint64_t)i << 12;
        m->ref[i] = NULL;
    }
    m->size = 0;
    CHECK(hash_init(&h, item_hash, item_eq, &mode));
    for (size_t i = 0; i < KEYS; i++)
        random_op(rs, &h, m, i); /* first touch of every key */
    check_model(&h, m);
    CHECK_MSG(longest_chain(&h) <= 12, "chain of %zu", longest_chain(&h));
    check_iteration(&h, m);
    for (int step = 0; step < 300000; step++)
        random_op(rs, &h, m, random_below(rs, KEYS));
    check_model(&h, m);
    check_iteration(&h, m);
    hash_destroy(&h, item_free, &freed);
    CHECK_EQ_INT(freed, m->size);
}

/* Sequential keys 0..N-1 go in, the table grows; deleting most of them and
 * inserting again shrinks it; all the while every element is found. */
static void
test_grow_shrink(void)
{
    struct hash h;
    size_t n = 50000, freed = 0;
    struct item probe;

    CHECK(hash_init(&h, item_hash, item_eq, NULL));
    for (size_t k = 0; k < n; k++)
        CHECK(hash_insert(&h, &item_new(k, (int)k)->node) == NULL);
    CHECK(h.bucket_cnt >= n);
    for (size_t k = 0; k < n; k++)
        CHECK(find_key(&h, k) != NULL && find_key(&h, k)->value == (int)k);
    for (size_t k = 0; k < n - 10; k++) {
        probe.key = k;
        free(ITEM(hash_delete(&h, &probe.node)));
    }
    CHECK(hash_insert(&h, &item_new(n, 0)->node) == NULL);
    CHECK_MSG(h.bucket_cnt <= 64, "%zu buckets for 11 elements", h.bucket_cnt);
    for (size_t k = n - 10; k <= n; k++)
        CHECK(find_key(&h, k) != NULL);
    CHECK(find_key(&h, 0) == NULL);
    hash_destroy(&h, item_free, &freed);
    CHECK_EQ_INT(freed, 11);
}

/* With every bucket allocation failing, hash_init fails, and inserts into an
 * existing table still all succeed; once memory is back it grows again. */
static void
test_no_memory(void)
{
    struct hash h;
    size_t n = 5000, freed = 0;
    struct item probe;

    hash_test_fail_alloc = true;
    CHECK(!hash_init(&h, item_hash, item_eq, NULL));
    hash_test_fail_alloc = false;
    CHECK(hash_init(&h, item_hash, item_eq, NULL));
    hash_test_fail_alloc = true;
    for (size_t k = 0; k < n; k++)
        CHECK(hash_insert(&h, &item_new(k, 0)->node) == NULL);
    CHECK_EQ_INT(h.bucket_cnt, 16);
    for (size_t k = 0; k < n; k++)
        CHECK(find_key(&h, k) != NULL);
    for (size_t k = 0; k < n; k += 2) {
        probe.key = k;
        free(ITEM(hash_delete(&h, &probe.node)));
    }
    hash_clear(&h, item_free, &freed); /* cannot get a small array: keeps its own */
    CHECK_EQ_INT(freed, n / 2);
    hash_test_fail_alloc = false;
    for (size_t k = 0; k < n; k++)
        CHECK(hash_insert(&h, &item_new(k, 0)->node) == NULL);
    CHECK(h.bucket_cnt >= n);
    CHECK_EQ_INT(hash_size(&h), n);
    hash_clear(&h, item_free, &freed);
    CHECK(hash_empty(&h) && h.bucket_cnt == 16);
    CHECK(find_key(&h, 1) == NULL);
    hash_destroy(&h, NULL, NULL);
}

/* A hash function with four values: everything still works, just slowly. */
static void
test_bad_hash(void)
{
    struct hash h;
    enum hash_mode mode = MODE_BAD;
    size_t freed = 0;

    CHECK(hash_init(&h, item_hash, item_eq, &mode));
    for (size_t k = 0; k < 2000; k++)
        CHECK(hash_insert(&h, &item_new(k, 0)->node) == NULL);
    for (size_t k = 0; k < 2000; k++) {
        struct item *dup = item_new(k, 1);
        CHECK(hash_insert(&h, &dup->node) == &find_key(&h, k)->node);
        free(dup);
    }
    CHECK_EQ_INT(hash_size(&h), 2000);
    hash_destroy(&h, item_free, &freed);
    CHECK_EQ_INT(freed, 2000);
}

/* Consecutive page addresses hashed as themselves (an easy mistake for a
 * page table) still spread evenly over the buckets. */
static void
test_sequential_pages(void)
{
    struct hash h;
    enum hash_mode mode = MODE_IDENTITY;
    size_t freed = 0;

    CHECK(hash_init(&h, item_hash, item_eq, &mode));
    for (uint64_t k = 0; k < 20000; k++)
        CHECK(hash_insert(&h, &item_new(0x400000 + (k << 12), 0)->node) == NULL);
    CHECK_MSG(longest_chain(&h) <= 4, "chain of %zu", longest_chain(&h));
    hash_destroy(&h, item_free, &freed);
    CHECK_EQ_INT(freed, 20000);
}

/* Deleting (and freeing) the element just returned while iterating. */
static void
test_delete_while_iterating(void)
{
    struct hash h;
    struct hash_iter it;
    size_t n = 3000, visits = 0, freed = 0;

    CHECK(hash_init(&h, item_hash, item_eq, NULL));
    for (size_t k = 0; k < n; k++)
        hash_insert(&h, &item_new(k, 0)->node);
    for (struct hash_node *x = hash_first(&it, &h); x != NULL; x = hash_next(&it)) {
        visits++;
        if (ITEM(x)->key % 3 != 0) {
            CHECK(hash_delete(&h, x) == x);
            free(ITEM(x));
        }
    }
    CHECK_EQ_INT(visits, n);
    CHECK_EQ_INT(hash_size(&h), n / 3);
    for (size_t k = 0; k < n; k++)
        CHECK((find_key(&h, k) != NULL) == (k % 3 == 0));
    hash_destroy(&h, item_free, &freed);
    CHECK_EQ_INT(freed, n / 3);
}

/* An empty table iterates to nothing; the hash helpers are deterministic. */
static void
test_misc(void)
{
    struct hash h;
    struct hash_iter it;

    CHECK(hash_init(&h, item_hash, item_eq, NULL));
    CHECK(hash_first(&it, &h) == NULL);
    CHECK(hash_next(&it) == NULL);
    hash_destroy(&h, NULL, NULL);

    CHECK(hash_string("abc") == hash_bytes("abc", 3));
    CHECK(hash_string("") == hash_bytes("", 0));
    CHECK(hash_string("abc") != hash_string("abd"));
    CHECK_EQ_U64(hash_bytes("a", 1), 0xaf63dc4c8601ec8cULL); /* FNV-1a test vector */
    CHECK(hash_u64(1) != hash_u64(2));
    CHECK(hash_u64(0x1000) != hash_u64(0x2000));
}

int
main(void)
{
    static struct model m;
    struct random_state rs;

    random_seed(&rs, 42);
    test_random(&rs, &m, MODE_MIXED);
    test_random(&rs, &m, MODE_IDENTITY);
    test_grow_shrink();
    test_no_memory();
    test_bad_hash();
    test_sequential_pages();
    test_delete_while_iterating();
    test_misc();
    return check_done("test_hash");
}
