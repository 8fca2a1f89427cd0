/* Host tests for lib/list: every operation, random operations against an
 * array model, and the stability of list_insert_ordered and list_sort. */
#include "lib/list.h"
#include "lib/random.h"
#include "tests/host/check.h"

struct item {
    int key;
    int seq; /* order of creation, to check stability */
    struct list_node node;
};

#define ITEM(n) list_entry(n, struct item, node)

/* Orders items by key only. */
static bool
key_less(const struct list_node *a, const struct list_node *b, void *aux)
{
    int *calls = aux;

    if (calls != NULL)
        (*calls)++;
    return ITEM(a)->key < ITEM(b)->key;
}

/* Checks that LIST holds exactly the N items REF, in order, with consistent
 * prev and next links in both directions. */
static void
check_list(struct list *list, struct item **ref, size_t n)
{
    struct list_node *node = list_begin(list);
    size_t i;

    CHECK_EQ_INT(list_size(list), n);
    CHECK_EQ_INT(list_empty(list), n == 0);
    for (i = 0; i < n; i++, node = list_next(node)) {
        CHECK(node == &ref[i]->node);
        CHECK(list_next(list_prev(node)) == node);
    }
    CHECK(node == list_end(list));
    for (i = n; i > 0; i--) {
        node = list_prev(node);
        CHECK(node == &ref[i - 1]->node);
    }
    CHECK(list_prev(node) == list_end(list));
}

/* Push, pop, front, back, begin/end/next/prev on a handful of items. */
static void
test_basics(void)
{
    struct item it[4] = {{.key = 0}, {.key = 1}, {.key = 2}, {.key = 3}};
    struct item *ref[4];
    struct list list;

    list_init(&list);
    check_list(&list, ref, 0);
    CHECK(list_begin(&list) == list_end(&list));
    list_push_back(&list, &it[1].node);
    list_push_back(&list, &it[2].node);
    list_push_front(&list, &it[0].node);
    list_push_back(&list, &it[3].node);
    for (int i = 0; i < 4; i++)
        ref[i] = &it[i];
    check_list(&list, ref, 4);
    CHECK(list_front(&list) == &it[0].node);
    CHECK(list_back(&list) == &it[3].node);
    CHECK_EQ_INT(ITEM(list_front(&list))->key, 0);

    CHECK(list_pop_front(&list) == &it[0].node);
    CHECK(list_pop_back(&list) == &it[3].node);
    check_list(&list, ref + 1, 2);
    CHECK(list_pop_back(&list) == &it[2].node);
    CHECK(list_pop_front(&list) == &it[1].node);
    check_list(&list, ref, 0);
}

/* list_remove returns the next node and clears the links; list_insert_before
 * works in the middle, at the front and at the sentinel. */
static void
test_remove_insert(void)
{
    struct item it[5];
    struct item *ref[5];
    struct list list;

    list_init(&list);
    for (int i = 0; i < 5; i++) {
        it[i].key = i;
        list_push_back(&list, &it[i].node);
    }
    CHECK(list_remove(&it[2].node) == &it[3].node);
    CHECK(it[2].node.next == NULL && it[2].node.prev == NULL);
    CHECK(list_remove(&it[4].node) == list_end(&list));
    CHECK(list_remove(&it[0].node) == &it[1].node);
    ref[0] = &it[1];
    ref[1] = &it[3];
    check_list(&list, ref, 2);

    list_insert_before(&it[3].node, &it[2].node);
    list_insert_before(list_begin(&list), &it[0].node);
    list_insert_before(list_end(&list), &it[4].node);
    for (int i = 0; i < 5; i++)
        ref[i] = &it[i];
    check_list(&list, ref, 5);
}

/* The for_each macros visit every node; the safe one allows removal. */
static void
test_for_each(void)
{
    struct item it[10];
    struct item *ref[10];
    struct list list;
    struct list_node *node, *tmp;
    int sum = 0, n = 0;

    list_init(&list);
    for (int i = 0; i < 10; i++) {
        it[i].key = i;
        list_push_back(&list, &it[i].node);
    }
    list_for_each(node, &list) sum += ITEM(node)->key;
    CHECK_EQ_INT(sum, 45);
    list_for_each_safe(node, tmp, &list)
    {
        if (ITEM(node)->key % 2 == 0)
            list_remove(node);
    }
    for (int i = 0; i < 5; i++)
        ref[n++] = &it[2 * i + 1];
    check_list(&list, ref, 5);
    list_for_each_safe(node, tmp, &list) list_remove(node);
    check_list(&list, ref, 0);
}

#define MODEL_MAX 200

/* Random pushes, pops, removes and inserts against an array model. */
static void
test_random_ops(struct random_state *rs)
{
    static struct item pool[MODEL_MAX];
    struct item *ref[MODEL_MAX], *free_items[MODEL_MAX];
    size_t n = 0, nfree = MODEL_MAX, pos;
    struct list list;

    for (size_t i = 0; i < MODEL_MAX; i++)
        free_items[i] = &pool[i];
    list_init(&list);
    for (int step = 0; step < 20000; step++) {
        int op = (int)random_below(rs, 6);
        struct item *x;
        if (op <= 2 && nfree > 0) {
            x = free_items[--nfree];
            pos = op == 0 ? 0 : op == 1 ? n : random_below(rs, n + 1);
            list_insert_before(pos == n ? list_end(&list) : &ref[pos]->node, &x->node);
            memmove(ref + pos + 1, ref + pos, (n - pos) * sizeof ref[0]);
            ref[pos] = x;
            n++;
        } else if (n > 0) {
            pos = op == 3 ? 0 : op == 4 ? n - 1 : random_below(rs, n);
            x = ref[pos];
            if (op == 3)
                CHECK(list_pop_front(&list) == &x->node);
            else if (op == 4)
                CHECK(list_pop_back(&list) == &x->node);
            else
                CHECK(list_remove(&x->node) ==
                      (pos + 1 < n ? &ref[pos + 1]->node : list_end(&list)));
            memmove(ref + pos, ref + pos + 1, (n - pos - 1) * sizeof ref[0]);
            n--;
            free_items[nfree++] = x;
        }
        if (step % 97 == 0)
            check_list(&list, ref, n);
    }
    check_list(&list, ref, n);
}

/* Orders items by key, then by creation order: the stable reference order. */
static int
cmp_key_seq(const void *a, const void *b)
{
    const struct item *x = *(struct item *const *)a, *y = *(struct item *const *)b;

    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Fills ITEMS[0..N) with random keys in [0, KEYS) and sequence numbers, and
 * REF with pointers to them. */
static void
make_items(struct random_state *rs, struct item *items, struct item **ref, size_t n,
           int keys)
{
    for (size_t i = 0; i < n; i++) {
        items[i].key = (int)random_below(rs, (uint64_t)keys);
        items[i].seq = (int)i;
        ref[i] = &items[i];
    }
}

/* Sorts a random list of N items with keys below KEYS and compares it with
 * qsort on (key, seq), which is what a stable sort must produce. */
static void
sort_one(struct random_state *rs, size_t n, int keys)
{
    struct item *items = malloc((n + 1) * sizeof *items);
    struct item **ref = malloc((n + 1) * sizeof *ref);
    struct list list;
    int calls = 0;
    int log2n = 1;

    make_items(rs, items, ref, n, keys);
    list_init(&list);
    for (size_t i = 0; i < n; i++)
        list_push_back(&list, &items[i].node);
    list_sort(&list, key_less, &calls);
    qsort(ref, n, sizeof *ref, cmp_key_seq);
    check_list(&list, ref, n);
    while (((size_t)1 << log2n) < n)
        log2n++;
    CHECK_MSG((size_t)calls <= n * (size_t)log2n + 1, "%d comparisons for %zu", calls, n);
    free(items);
    free(ref);
}

/* list_sort against the reference on many random lists, small and large. */
static void
test_sort(struct random_state *rs)
{
    for (size_t n = 0; n < 70; n++)
        sort_one(rs, n, 1 + (int)(n % 7));
    for (int round = 0; round < 300; round++)
        sort_one(rs, random_below(rs, 600), 1 + (int)random_below(rs, 50));
    sort_one(rs, 100000, 1000);
    sort_one(rs, 65537, 3);
}

/* Already sorted and reversed inputs. */
static void
test_sort_ordered(void)
{
    static struct item items[1000];
    struct item *ref[1000];
    struct list list;

    list_init(&list);
    for (int i = 0; i < 1000; i++) {
        items[i].key = 999 - i;
        list_push_back(&list, &items[i].node);
        ref[999 - i] = &items[i];
    }
    list_sort(&list, key_less, NULL);
    check_list(&list, ref, 1000);
    list_sort(&list, key_less, NULL);
    check_list(&list, ref, 1000);
}

/* list_insert_ordered keeps the list sorted, equal keys in insertion order. */
static void
test_insert_ordered(struct random_state *rs)
{
    for (int round = 0; round < 50; round++) {
        size_t n = random_below(rs, 300);
        struct item *items = malloc((n + 1) * sizeof *items);
        struct item **ref = malloc((n + 1) * sizeof *ref);
        struct list list;

        make_items(rs, items, ref, n, 1 + (int)random_below(rs, 20));
        list_init(&list);
        for (size_t i = 0; i < n; i++)
            list_insert_ordered(&list, &items[i].node, key_less, NULL);
        qsort(ref, n, sizeof *ref, cmp_key_seq);
        check_list(&list, ref, n);
        free(items);
        free(ref);
    }
}

int
main(void)
{
    struct random_state rs;

    random_seed(&rs, 12345);
    test_basics();
    test_remove_insert();
    test_for_each();
    test_random_ops(&rs);
    test_insert_ordered(&rs);
    test_sort(&rs);
    test_sort_ordered();
    return check_done("test_list");
}
