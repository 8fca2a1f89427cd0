/* Intrusive circular doubly-linked list (see lib/list.h). */
#include "lib/list.h"

#include "lib/assert.h"

/* Returns the number of nodes in LIST.  O(n). */
size_t
list_size(const struct list *list)
{
    size_t n = 0;
    const struct list_node *node;

    for (node = list->head.next; node != &list->head; node = node->next)
        n++;
    return n;
}

/* Inserts NODE into LIST, which must be sorted by LESS, keeping it sorted.
 * NODE goes after any nodes equal to it, so equal nodes keep insertion order.
 * O(n). */
void
list_insert_ordered(struct list *list, struct list_node *node, list_less_fn *less,
                    void *aux)
{
    struct list_node *pos = list->head.next;

    while (pos != &list->head && !less(node, pos, aux))
        pos = pos->next;
    list_insert_before(pos, node);
}

/* Merges the NULL-terminated sorted chains A and B (linked through next only)
 * into one sorted chain and returns it.  On ties A's nodes come first, so
 * merging keeps the sort stable when A holds the earlier nodes. */
static struct list_node *
merge_chains(struct list_node *a, struct list_node *b, list_less_fn *less, void *aux)
{
    struct list_node first;
    struct list_node *tail = &first;

    while (a != NULL && b != NULL) {
        if (less(b, a, aux)) {
            tail->next = b;
            b = b->next;
        } else {
            tail->next = a;
            a = a->next;
        }
        tail = tail->next;
    }
    tail->next = a != NULL ? a : b;
    return first.next;
}

/* Number of run slots in list_sort: slot i holds a run of 2^i nodes, so 64
 * slots cover any list that fits in memory. */
#define SORT_SLOTS 64

/* Sorts the NULL-terminated chain CHAIN by LESS, stably, and returns it.  A
 * bottom-up merge sort: slots work like the bits of a binary counter, and the
 * higher a slot, the earlier its nodes came in the chain. */
static struct list_node *
sort_chain(struct list_node *chain, list_less_fn *less, void *aux)
{
    struct list_node *slot[SORT_SLOTS] = {NULL};
    struct list_node *run, *result = NULL;
    int i;

    while (chain != NULL) {
        run = chain;
        chain = chain->next;
        run->next = NULL;
        for (i = 0; slot[i] != NULL; i++) {
            run = merge_chains(slot[i], run, less, aux);
            slot[i] = NULL;
        }
        slot[i] = run;
    }
    for (i = 0; i < SORT_SLOTS; i++) {
        if (slot[i] != NULL)
            result = merge_chains(slot[i], result, less, aux);
    }
    return result;
}

/* Sorts LIST by LESS.  Stable (equal nodes keep their order), O(n log n)
 * comparisons, no memory allocated. */
void
list_sort(struct list *list, list_less_fn *less, void *aux)
{
    struct list_node *chain, *node;

    if (list_empty(list))
        return;
    list->head.prev->next = NULL;
    chain = sort_chain(list->head.next, less, aux);
    list_init(list);
    while (chain != NULL) {
        node = chain;
        chain = chain->next;
        list_push_back(list, node);
    }
}
