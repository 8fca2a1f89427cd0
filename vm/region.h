/* Regions: an address space is a small ordered set of regions, each a run of
 * pages [start, end) with one protection and one backing.  A page that was
 * never touched has no record at all: its region says what it would hold.
 *
 * Backing is a kind (which decides its pages' kind, vm/page.h) plus, for memory that
 * starts from a file, up to REGION_EXTENTS extents: runs of user addresses whose bytes
 * come from the file at a given offset.  Every other byte of the region reads as zero.
 * One extent describes a whole ELF segment or mapping; a page that two or three segments
 * share becomes a one-page region of its own with the extents of all of them.
 *
 * The set is a list in address order; it is short (a program has a handful
 * of regions, one more per mmap), so a walk is the right search.  Not
 * thread-safe: the space's lock guards it (see vm/space.h). */
#ifndef VM_REGION_H
#define VM_REGION_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/list.h"

struct file;

#define REGION_EXTENTS 3

/* Bytes [va, va + len) of the region come from the file at FILE_OFF. */
struct vm_extent {
    uint64_t va;
    uint64_t len;
    int64_t file_off;
};

enum region_kind {
    REGION_ANON,  /* zero-filled memory: bss, heap */
    REGION_IMAGE, /* a program's segments: filled from its file, then private */
    REGION_FILE,  /* a memory-mapped file: written pages go back to the file */
    REGION_STACK, /* the stack: zero-filled, grows down by the stack rule */
};

/* [S]: guarded by the lock of the space that holds the region. */
struct vm_region {
    uint64_t start, end;                  /* [S] page aligned, start < end */
    bool writable, executable;            /* [S] */
    enum region_kind kind;                /* [S] */
    struct file *file;                    /* [S] where the extents read from, or NULL */
    bool owns_file;                       /* [S] closes FILE when it goes (mmap) */
    unsigned n_ext;                       /* [S] */
    struct vm_extent ext[REGION_EXTENTS]; /* [S] */
    struct list_node node;                /* [S] in its set, by address */
};

struct region_set {
    struct list list; /* struct vm_region by start address */
    size_t count;
    struct vm_region *hint; /* the region region_find found last, or NULL */
};

void region_set_init(struct region_set *set);
/* region_find's search of the list, when VA is not in the last region found. */
struct vm_region *region_find_slow(struct region_set *set, uint64_t va);

/* The region holding VA, or NULL.  Asking for pages of one region in a row
 * costs no walk (the set remembers the last region found) and no call. */
static inline struct vm_region *
region_find(struct region_set *set, uint64_t va)
{
    struct vm_region *r = set->hint;
    if (r != NULL && r->start <= va && va < r->end)
        return r;
    return region_find_slow(set, va);
}
/* The first region that ends above VA, or NULL. */
struct vm_region *region_next(struct region_set *set, uint64_t va);
/* True if no region overlaps [START, END). */
bool region_range_free(struct region_set *set, uint64_t start, uint64_t end);
/* A new region [START, END) (not in any set), or NULL if out of memory. */
struct vm_region *region_new(uint64_t start, uint64_t end, enum region_kind kind,
                             bool writable, bool executable);
/* Puts R into SET; false (SET unchanged) if it overlaps a region there. */
bool region_insert(struct region_set *set, struct vm_region *r);
/* Takes R out of SET (it stays allocated). */
void region_unlink(struct region_set *set, struct vm_region *r);
/* Frees R (out of any set), closing its file if it owns one. */
void region_free(struct vm_region *r);
/* Splits R at page-aligned VA (start < VA < end): R keeps [start, VA) and
 * the returned new region, already in SET, holds [VA, end).  NULL, nothing
 * changed, if out of memory. */
struct vm_region *region_split(struct region_set *set, struct vm_region *r, uint64_t va);
/* Merges R with the region right after it if they touch and are alike (same
 * kind, protection, file and extents); true if it did. */
bool region_merge_next(struct region_set *set, struct vm_region *r);
/* A copy of R (not in any set) whose file is FILE (reopened by the caller if
 * owned); NULL if out of memory. */
struct vm_region *region_clone(const struct vm_region *r, struct file *file);
/* Adds extent EXT to R; false if R has REGION_EXTENTS already. */
bool region_add_extent(struct vm_region *r, struct vm_extent ext);

/* The kind of R's pages (enum page_kind). */
unsigned region_page_kind(const struct vm_region *r);

/* Where page VA of R comes from: the parts of its extents inside the page.
 * Every byte outside them is zero. */
struct page_source;
void region_page_source(const struct vm_region *r, uint64_t va, struct page_source *src);

/* Fills KVA with page VA of R as its region describes it (file bytes and
 * zeros).  False on a short read. */
bool region_fill_page(const struct vm_region *r, uint64_t va, void *kva);
/* True if page VA of R holds only zeros before it is first written. */
bool region_page_is_zero(const struct vm_region *r, uint64_t va);

#define region_for_each(pos, set)                                                        \
    for (struct list_node *pos##_n = list_begin(&(set)->list);                           \
         pos##_n != list_end(&(set)->list) &&                                            \
         ((pos) = list_entry(pos##_n, struct vm_region, node), true);                    \
         pos##_n = list_next(pos##_n))

#endif
