/* pmap: the machine-dependent page tables, seen as a cache of the VM layer's
 * truth.  The VM layer talks to the hardware only through this interface,
 * which arch/x86_64/pmap.c implements for the MMU and tests/host/support a
 * fake for the host unit tests.
 *
 * Rule that keeps the cache honest: the dirty bit lives only in the page-table
 * entry, so whoever removes a mapping must take the ACCESSED/DIRTY bits that
 * pmap_remove returns and fold them into its own record of the page. */
#ifndef VM_PMAP_H
#define VM_PMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Protection bits for pmap_enter/pmap_protect (a mapping is always readable). */
#define PMAP_WRITE 0x1u
#define PMAP_EXEC  0x2u
#define PMAP_USER  0x4u
/* Status bits reported by pmap_remove / pmap_lookup. */
#define PMAP_ACCESSED 0x10u
#define PMAP_DIRTY    0x20u

struct pmap;

/* Builds the kernel's page tables (kernel image with per-section permissions,
 * direct map of all physical memory) and switches to them. */
void pmap_bootstrap(void);
/* Physical end of the pages pmap_bootstrap took for tables (palloc starts there). */
uint64_t pmap_bootstrap_end(void);
/* From now on page-table pages come from the page allocator. */
void pmap_use_palloc(void);

/* The kernel-only address space. */
struct pmap *pmap_kernel(void);
/* A new address space: empty user half, shared kernel half; NULL if out of memory. */
struct pmap *pmap_create(void);
/* Frees PMAP's page-table pages (not the frames they map).  Must not be active. */
void pmap_destroy(struct pmap *pmap);
/* Makes PMAP (or the kernel pmap if NULL) the CPU's address space. */
void pmap_activate(struct pmap *pmap);
/* The active address space. */
struct pmap *pmap_active(void);

/* Maps user page VA to physical frame PA with PROT, replacing any old mapping
 * (whose accessed/dirty bits are lost: remove it first to keep them).
 * Returns false, changing nothing, if a page-table page cannot be allocated. */
bool pmap_enter(struct pmap *pmap, uint64_t va, uint64_t pa, unsigned prot);
/* Unmaps VA; returns PMAP_ACCESSED|PMAP_DIRTY as the entry had them (0 if unmapped). */
unsigned pmap_remove(struct pmap *pmap, uint64_t va);
/* Unmaps every page in [START, END) that is mapped to frame PA; returns how
 * many were (one pass over the tables that exist there; one TLB flush). */
size_t pmap_remove_frame_range(struct pmap *pmap, uint64_t start, uint64_t end,
                               uint64_t pa);
/* Maps in DST every page in [START, END) that SRC maps to frame PA, with the
 * same protection (accessed/dirty clear), adding the count to *COPIED.  False
 * if a page-table page of DST cannot be allocated (the pages so far stay). */
bool pmap_copy_frame_range(struct pmap *dst, struct pmap *src, uint64_t start,
                           uint64_t end, uint64_t pa, size_t *copied);
/* Fork's copy of the entries of the N user pages VAS (page aligned): each
 * one SRC maps is mapped in DST to the same frame, read-only, with SRC's
 * accessed/dirty bits, and SRC's entry is made read-only too (its bits
 * kept): both then share the frame copy-on-write.  False if a page-table
 * page of DST cannot be allocated (the entries copied so far stay). */
bool pmap_copy_entries(struct pmap *dst, struct pmap *src, const uint64_t *vas, size_t n);
/* Frees the last-level table that would map VA if it maps nothing any more
 * (eviction calls it, so that the tables of pages in swap cost nothing). */
void pmap_trim(struct pmap *pmap, uint64_t va);
/* Changes the protection of mapped VA, keeping its frame and A/D bits.
 * Returns false if VA is not mapped. */
bool pmap_protect(struct pmap *pmap, uint64_t va, unsigned prot);
/* If VA is mapped, stores its frame and PMAP_* prot|status bits and returns true. */
bool pmap_lookup(struct pmap *pmap, uint64_t va, uint64_t *pa, unsigned *bits);

bool pmap_is_accessed(struct pmap *pmap, uint64_t va);
bool pmap_is_dirty(struct pmap *pmap, uint64_t va);
/* Clear the bit in VA's entry and flush it from the TLB. */
void pmap_clear_accessed(struct pmap *pmap, uint64_t va);
void pmap_clear_dirty(struct pmap *pmap, uint64_t va);

/* Between these, changes to PMAP's entries flush the TLB once, at the end,
 * instead of entry by entry (fork, unmapping a range).  Nothing may use the
 * addresses changed before the end.  Batches nest. */
void pmap_batch_begin(struct pmap *pmap);
void pmap_batch_end(struct pmap *pmap);

/* Page-table pages PMAP currently owns (user half only). */
size_t pmap_table_pages(const struct pmap *pmap);

/* Frames: the kernel address through which the kernel reads and writes frame
 * PA, and back. */
void *pmap_frame_kva(uint64_t pa);
uint64_t pmap_frame_pa(const void *kva);

#endif
