/* Intrusive circular doubly-linked list with a sentinel.
 *
 * Embed a struct list_node in each element and get the element back with
 * list_entry().  The list owns nothing: it only links nodes the caller
 * allocated, and removing a node never frees it.  A node is on at most one list
 * at a time through a given list_node member.  Not thread safe: the caller
 * provides locking.
 *
 *     struct list_node *n;
 *     list_for_each(n, &list) {
 *         struct thread *t = list_entry(n, struct thread, elem);
 *         ...
 *     }
 */
#ifndef LIB_LIST_H
#define LIB_LIST_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/assert.h"
#include "lib/util.h"

struct list_node {
    struct list_node *prev, *next;
};

/* HEAD is the sentinel: head.next is the first node, head.prev the last. */
struct list {
    struct list_node head;
};

/* True if A orders before B.  AUX is the caller's pointer, passed through. */
typedef bool list_less_fn(const struct list_node *a, const struct list_node *b,
                          void *aux);

/* The element of type TYPE containing NODE as its field MEMBER. */
#define list_entry(node, type, member) container_of(node, type, member)

/* Loops NODE over every node of LIST, front to back.  The loop body must not
 * remove NODE (use list_for_each_safe for that). */
#define list_for_each(node, list)                                                        \
    for ((node) = list_begin(list); (node) != list_end(list); (node) = list_next(node))

/* Like list_for_each, but the body may remove (and free) NODE: TMP holds the
 * next node.  The body must not remove the node in TMP. */
#define list_for_each_safe(node, tmp, list)                                              \
    for ((node) = list_begin(list), (tmp) = (node)->next; (node) != list_end(list);      \
         (node) = (tmp), (tmp) = (node)->next)

/* True if LIST has no nodes. */
static inline bool
list_empty(const struct list *list)
{
    return list->head.next == &list->head;
}

/* Returns the first node of LIST, or list_end(LIST) if it is empty. */
static inline struct list_node *
list_begin(struct list *list)
{
    return list->head.next;
}

/* Returns the sentinel of LIST: the position just past the last node. */
static inline struct list_node *
list_end(struct list *list)
{
    return &list->head;
}

/* Returns the node after NODE (the sentinel after the last node). */
static inline struct list_node *
list_next(struct list_node *node)
{
    return node->next;
}

/* Returns the node before NODE (the sentinel before the first node). */
static inline struct list_node *
list_prev(struct list_node *node)
{
    return node->prev;
}

size_t list_size(const struct list *list);

/* Makes LIST empty.  Any nodes it held are simply forgotten. */
static inline void
list_init(struct list *list)
{
    list->head.prev = &list->head;
    list->head.next = &list->head;
}

/* Returns the first node of LIST, which must not be empty. */
static inline struct list_node *
list_front(struct list *list)
{
    LIB_ASSERT(!list_empty(list));
    return list->head.next;
}

/* Returns the last node of LIST, which must not be empty. */
static inline struct list_node *
list_back(struct list *list)
{
    LIB_ASSERT(!list_empty(list));
    return list->head.prev;
}

/* Links NODE (not on any list) just before POS, which is a node of a list or
 * a list's sentinel (then NODE becomes that list's last node). */
static inline void
list_insert_before(struct list_node *pos, struct list_node *node)
{
    node->prev = pos->prev;
    node->next = pos;
    pos->prev->next = node;
    pos->prev = node;
}

/* Makes NODE the first node of LIST. */
static inline void
list_push_front(struct list *list, struct list_node *node)
{
    list_insert_before(list->head.next, node);
}

/* Makes NODE the last node of LIST. */
static inline void
list_push_back(struct list *list, struct list_node *node)
{
    list_insert_before(&list->head, node);
}

/* Unlinks NODE from its list and returns the node that followed it (maybe the
 * sentinel).  NODE's links are cleared, so removing it twice faults. */
static inline struct list_node *
list_remove(struct list_node *node)
{
    struct list_node *next = node->next;

    node->prev->next = next;
    next->prev = node->prev;
    node->prev = NULL;
    node->next = NULL;
    return next;
}

/* Unlinks and returns the first node of LIST, which must not be empty. */
static inline struct list_node *
list_pop_front(struct list *list)
{
    struct list_node *node = list_front(list);

    list_remove(node);
    return node;
}

/* Unlinks and returns the last node of LIST, which must not be empty. */
static inline struct list_node *
list_pop_back(struct list *list)
{
    struct list_node *node = list_back(list);

    list_remove(node);
    return node;
}

void list_insert_ordered(struct list *list, struct list_node *node, list_less_fn *less,
                         void *aux);
void list_sort(struct list *list, list_less_fn *less, void *aux);

#endif
