/* The page kinds' operation tables and the helpers they share. */
#ifndef VM_PAGE_H
#define VM_PAGE_H

#include "vm/vm.h"

extern const struct page_ops uninit_ops;
extern const struct page_ops anon_ops;

/* Fills KVA from SRC: its file chunks, zeros elsewhere.  False on a short
 * read. */
bool page_source_fill(const struct page_source *src, void *kva);

/* Space-lock-held helpers shared by vm.c and fault.c. */
struct page *vm_find_locked(struct vm_space *s, uint64_t va);
/* Adds a writable zero page at VA; stores it in *OUT.  False if impossible. */
bool vm_add_page_locked(struct vm_space *s, uint64_t va, struct page **out);
/* Brings P into a new frame and maps it; false if out of memory or I/O failed. */
bool vm_page_load(struct vm_space *s, struct page *p);

/* Counter helpers (atomic: faults run in many threads). */
void vm_count(uint64_t *counter);
extern struct vm_stats vm_counters;

#endif
