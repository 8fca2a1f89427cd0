/* The page kinds' operation tables and the helpers they share. */
#ifndef VM_PAGE_H
#define VM_PAGE_H

#include "vm/vm.h"

extern const struct page_ops uninit_ops;
extern const struct page_ops anon_ops;
extern const struct page_ops file_ops;

/* Fills KVA from SRC: its file chunks, zeros elsewhere.  False on a short
 * read. */
bool page_source_fill(const struct page_source *src, void *kva);

/* Evicts a frame that several anonymous pages share (LIST of their
 * frame_node), already unmapped: one swap slot for all of them if any is
 * dirty, else all dropped.  False if the contents cannot be saved. */
bool anon_swap_out_shared(struct list *pages, void *kva);

/* The shared-code index (vm/share.c): frames holding read-only pages of an
 * executable, by file and offset.  The _locked functions run with the
 * frame-table lock held, which guards the index. */
void share_init(void);
struct frame *share_lookup_locked(const struct page_source *src);
void share_insert_locked(struct frame *f, const struct page_source *src);
void share_remove_locked(struct frame *f);
/* True if P may take its frame from, and give it to, the index. */
bool share_eligible(const struct page *p);

/* Space-lock-held helpers shared by the files of vm/. */
struct page *vm_insert_locked(struct vm_space *s, uint64_t va, const struct page_source *src,
                              bool writable, bool executable,
                              const struct page_ops *loaded_ops);
/* Closes and frees every mapping record of S (its pages are gone). */
void vm_mappings_free(struct vm_space *s);
/* Copies SRC's mapping records into DST (fork); false if out of memory. */
bool vm_mappings_copy(struct vm_space *dst, struct vm_space *src);
/* The file DST's copy of a mapping uses where SRC's mapping of VA used FILE. */
struct file *vm_mapping_file_in(struct vm_space *dst, uint64_t va, struct file *file);
struct page *vm_find_locked(struct vm_space *s, uint64_t va);
/* Adds a writable zero page at VA; stores it in *OUT.  False if impossible. */
bool vm_add_page_locked(struct vm_space *s, uint64_t va, struct page **out);
/* Takes P out of the table and frees it. */
void vm_remove_page_locked(struct vm_space *s, struct page *p);
/* Brings P into a new frame and maps it, counting a first load as a file or
 * zero fault.  False if out of memory or the load failed: nothing changed. */
bool vm_page_load(struct vm_space *s, struct page *p);
/* vm_page_load, counting the load in COUNTER (NULL: not at all). */
bool vm_page_load_as(struct vm_space *s, struct page *p, uint64_t *counter);
/* PMAP_* rights for P's mapping. */
unsigned page_prot(const struct page *p);
/* Maps P's frame again (the page tables are only a cache); false if out of
 * memory. */
bool vm_page_remap(struct vm_space *s, struct page *p);

/* Counter helpers (atomic: faults run in many threads). */
void vm_count(uint64_t *counter);
extern struct vm_stats vm_counters;

#endif
