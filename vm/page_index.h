/* The page records of one address space (the per-page state of vm/page.h):
 * found by address through a hash table, and kept in slabs, runs of records
 * allocated together, so that making or freeing a record costs no heap
 * allocation (a slab of records is allocated once per SLAB_RECORDS records,
 * the first one small) and fork, exit and the OOM killer visit a space's
 * records in one linear pass over its slabs.  A record's address stays the
 * same while it lives (frames list their pages by address).  Guarded by the
 * space's lock, [S]. */
#ifndef VM_PAGE_INDEX_H
#define VM_PAGE_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/list.h"

struct page;
struct vm_space;
struct vm_region;

/* The page records of one space, [S]. */
struct page_table {
    struct page **buckets; /* chains of records by va, through page.hnext */
    unsigned shift;        /* 64 - log2(buckets): a bucket is a hash's top bits */
    size_t size;           /* records indexed */
    size_t floor;          /* buckets it never shrinks below */
    struct list slabs;     /* struct page_slab: those with a free record first */
};

bool page_table_init(struct page_table *t);
/* Frees T and every record still in it (their pages must hold nothing the
 * caller has not let go of: used when a whole space goes). */
void page_table_destroy(struct page_table *t);
/* Makes room in T's index for N records without growing it; false if out
 * of memory (T then grows as records come, as usual). */
bool page_table_reserve(struct page_table *t, size_t n);
/* The record of page VA, or NULL. */
struct page *page_find(struct page_table *t, uint64_t va);
/* A new record for page VA of S in region R, holding nothing yet; NULL if
 * out of memory.  VA must have no record. */
struct page *page_create(struct vm_space *s, const struct vm_region *r, uint64_t va);
/* Fork: a new slab of DST's table mirroring a slab of another space's
 * table, whose CAP records are RECS: record i is made for every record i
 * of RECS in use (the same page, kind and rights), holding nothing, and
 * indexed.  Returns the new slab's records (each then deleted, if need be,
 * as any other), or NULL if out of memory.  One allocation per slab, none
 * per record; DST's index should be reserved first (page_table_reserve). */
struct page *page_slab_mirror(struct vm_space *dst, const struct page *recs,
                              unsigned cap);
/* The records of T a slab at a time, in slab order, for a pass over all of
 * them that changes none (fork, exit): the records of the slab after
 * *CURSOR (NULL to begin; it is updated), *CAP of them, those with a NULL
 * space being free; NULL at the end. */
struct page *page_table_next_slab(struct page_table *t, struct list_node **cursor,
                                  unsigned *cap);
/* Takes P out of its table and frees the record (P holds nothing). */
void page_delete(struct page_table *t, struct page *p);
/* Buckets in T's index (a power of two). */
size_t page_table_buckets(const struct page_table *t);
/* Records in T. */
size_t page_table_size(const struct page_table *t);
/* Calls FN(P, AUX) on every record P of T, in slab order; FN may delete P
 * and records it was called on before, no other. */
void page_table_for_each(struct page_table *t, void (*fn)(struct page *p, void *aux),
                         void *aux);
/* Records in use, in all spaces, and the kernel bytes one costs in a full
 * slab (its share of the slab and its bucket in the index). */
size_t page_records(void);
#ifdef HOST
/* Test hook (host only): while true, every bucket-array allocation fails. */
extern bool page_index_test_fail_alloc;
#endif
size_t page_record_bytes(void);

#endif
