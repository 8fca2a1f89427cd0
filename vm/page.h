/* Per-page state: a record exists only for a page that was touched, that is,
 * one that differs from what its region says (it has a frame, a swap slot,
 * or it was dropped after a load).  Records live in the space's table by
 * address and, while in memory, in their frame's list of pages (the reverse
 * map).  What a page does depends on its kind: one const operations table
 * per kind (vm/anon.c, vm/file.c); nothing outside a kind's file looks at
 * which kind a page is.
 *
 * Lock tags, used throughout vm/ (the legend is in docs/design.md):
 *   [C] constant once made   [S] the space's lock   [F] the frame-table lock
 *   [W] the swap lock */
#ifndef VM_PAGE_H
#define VM_PAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/list.h"
#include "vm/frame.h"
#include "vm/page_index.h"
#include "vm/pmap.h"

struct frame;
struct vm_region;
struct vm_space;
struct page;

/* What a kind of page does. */
struct page_ops {
    const char *name;
    /* Fills KVA with the contents of P, which has no frame: its swap copy or
     * its region's source (R).  False on an I/O error. */
    bool (*load)(struct page *p, const struct vm_region *r, void *kva);
    /* Saves what only memory holds of the pages in LIST (their frame_node;
     * one page, or several that share the frame at KVA), already unmapped,
     * so that the frame can be reused; R is the first page's region.  False,
     * nothing changed, if they cannot be saved (swap full, disk error). */
    bool (*evict)(struct list *pages, const struct vm_region *r, void *kva);
    /* True if evicting the pages of LIST, still mapped (their entries' dirty
     * bits not folded in yet), would have to write them to swap: while swap
     * is full, eviction passes over their frame without unmapping anything.
     * NULL if the kind never uses swap. */
    bool (*evict_needs_swap)(struct list *pages);
    /* P is going away (munmap, exit, exec), with its frame if it has one:
     * saves what must be saved (reading P's dirty state) and frees what it
     * holds besides the frame and its swap slot, which go for every kind.
     * NULL if there is nothing to do: a space going away then does not read
     * the page's dirty bit either. */
    void (*destroy)(struct page *p, const struct vm_region *r);
    /* Fork of P, which is in memory: true if the child's page is to share
     * P's frame, copy-on-write if P is writable or is already.  Fork then
     * does that for all such pages together (vm/fork.c), not calling fork
     * below: the child's record lists the frame, and the page tables' copy
     * maps it read-only in both.  NULL: every such page of the kind shares
     * while fork is copy-on-write (vm_cow_fork), with no call per page. */
    bool (*fork_shares)(const struct page *p);
    /* Fork of any other page: makes C, a new record of the child, hold what
     * P holds (sharing P's swap slot, or copying; a mapping of its own in the
     * child, if it has one, is left alone by the page tables' copy).  Both
     * spaces locked.  False if out of memory (C then holds nothing). */
    bool (*fork)(struct vm_space *dst, struct vm_space *src, struct page *p,
                 struct page *c);
    /* True if a read of untouched page VA of R may be served by the shared
     * zero frame until its first write. */
    bool (*reads_zero)(const struct vm_region *r, uint64_t va);
    /* P, which shared its frame copy-on-write, has just been given a private
     * copy of it (P's space locked).  NULL: nothing changes. */
    void (*copied)(struct page *p);
};

/* The kinds of page; a region's kind decides its pages' (region_page_kind). */
enum page_kind { PAGE_ANON, PAGE_FILE, PAGE_KINDS };
extern const struct page_ops *const page_kinds[PAGE_KINDS];

/* One touched page of a user address space: 64 bytes in a slab of its
 * space's records (vm/page_index.h). */
struct page {
    uint64_t va;            /* [C] page aligned */
    struct vm_space *space; /* [C] NULL while the record is free */
    union {
        struct frame *frame;    /* [S] NULL when not in memory */
        struct page *next_free; /* [S] while free: the slab's next free record */
    };
    uint32_t swap_slot;          /* [S] a copy in swap, or SWAP_SLOT_NONE */
    uint8_t kind;                /* [S] enum page_kind: constant, but a file
                                    page's private copy is anonymous (file.c) */
    bool writable : 1;           /* [C] from its region */
    bool executable : 1;         /* [C] from its region */
    bool dirty : 1;              /* [S] memory holds the only copy of its contents */
    bool cow : 1;                /* [S] shares its frame: read-only until written */
    uint16_t slot;               /* [C] its place in its slab */
    struct list_node frame_node; /* [F] in its frame's list of pages */
    struct page *hnext;          /* [S] next in its bucket of the space's index */
    uint64_t unused;             /* keeps the record at 64 bytes, a cache line */
};

/* P's operations. */
static inline const struct page_ops *
page_ops(const struct page *p)
{
    return page_kinds[p->kind];
}

/* PMAP_* rights for P's mapping: read-only while it shares its frame. */
static inline unsigned
page_prot(const struct page *p)
{
    return PMAP_USER | (p->writable && !p->cow ? PMAP_WRITE : 0) |
           (p->executable ? PMAP_EXEC : 0);
}
/* Brings P (no frame) into a new frame and maps it, counting a first load in
 * COUNTER (NULL: not at all).  False if out of memory or the load failed:
 * nothing changed.  A page whose swap slot is bad (page_lost) is never read
 * again: it fails at once unless another page's frame holds its bytes. */
bool page_load(struct vm_space *s, const struct vm_region *r, struct page *p,
               uint64_t *counter);
/* True if P is out of memory and its only copy is in a swap slot marked bad
 * (a read of it failed, vm/swap.h): its bytes are lost. */
bool page_lost(const struct page *p);
/* Maps P's frame again (the page tables are only a cache), folding the old
 * entry's dirty bit into P; false if out of memory. */
bool page_remap(struct vm_space *s, struct page *p);
/* Fork without sharing: gives C, of DST, a frame of its own holding a copy
 * of P's contents (in memory or in swap), with P's dirty state.  Both spaces
 * locked.  False, C holding nothing, if out of memory or on an I/O error. */
bool page_fork_copy(struct vm_space *dst, struct page *p, struct page *c);
/* Unmaps P and frees what it holds through its kind; the record stays. */
void page_let_go(struct vm_space *s, const struct vm_region *r, struct page *p);
/* Lets go of what every touched page of S, a space going away, holds: its
 * frames in groups (page_batch), its swap slots, what its kinds save; the
 * records stay for the table to free whole, the entries for the page
 * tables.  Space lock held. */
void page_let_go_all(struct vm_space *s);
/* Unmaps P, frees what it holds through its kind and deletes the record. */
void page_free(struct vm_space *s, const struct vm_region *r, struct page *p);

/* Pages of one space freed together (unmapping a range, or the whole space
 * as it goes away: page_let_go_all): each is unmapped and destroyed at once,
 * while the frames of those in memory are let go of in groups, under one
 * hold of the frame-table lock and one of the pool lock a group
 * (frame_release_pages); a page's swap slot is freed, and its record
 * deleted, once its frame is let go of.  Space lock held from
 * page_batch_init to page_batch_end. */
struct page_batch {
    struct vm_space *s;
    bool dying; /* S is going away: its records and tables go whole */
    size_t n;
    size_t n_slots;                        /* of the N pages, those with a swap slot */
    struct page *pages[FRAME_RELEASE_MAX]; /* unmapped, destroyed but for their
                                               frames and slots */
};
/* A batch of S's pages; DYING if S is going away (page_let_go_all). */
void page_batch_init(struct page_batch *b, struct vm_space *s, bool dying);
/* page_free of P (of B's space, in region R), the release of its frame and
 * then of its swap slot delayed until the group is full or page_batch_end. */
void page_batch_free(struct page_batch *b, const struct vm_region *r, struct page *p);
/* Lets go of the frames still held, then of their pages' swap slots (and
 * deletes their records, unless the space is dying). */
void page_batch_end(struct page_batch *b);

#endif
