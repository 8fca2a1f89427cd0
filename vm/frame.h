/* The frame table: one entry per user-pool frame that holds user pages, with
 * the list of every page whose contents it holds (the reverse map: several
 * after a copy-on-write fork or when processes share read-only code).  When
 * the user pool is empty, the replacement policy (vm/policy.h; the clock by
 * default) chooses a frame to evict. */
#ifndef VM_FRAME_H
#define VM_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/list.h"

struct page;
struct page_source;
struct share_entry;
struct pc_entry;
struct condition;

/* [F]: guarded by the frame-table lock. */
struct frame {
    void *kva;                 /* [C] kernel address of the frame */
    uint64_t pa;               /* [C] physical address */
    struct list pages;         /* [F] pages whose contents this frame holds */
    unsigned pins;             /* [F] kernel users: a pinned frame is never evicted */
    struct share_entry *share; /* [F] its entry in the swap-cache index, or NULL */
    struct pc_entry *cache; /* [F] the file page it holds for the page cache, or NULL */
    struct list_node node;  /* [F] all frames, in the replacement policy's order */
    uint8_t age;            /* [F] the aging policy's counter (vm/policy_aging.c) */
    uint32_t place;         /* [F] its index in the policy's array (vm/policy.c) */
    uint32_t gen;           /* [F] times this table entry was freed or handed on */
};

void frame_table_init(void);
/* A frame for PAGE (or for nobody yet, if NULL), pinned (unpin once it is
 * mapped): a free one from the user pool, or one taken from other pages by
 * eviction, waiting (first come, first served) while frames are busy.  The
 * caller holds PAGE's space lock.  NULL only if a space whose lock the
 * caller holds was chosen to die for lack of memory (vm/oom.h). */
struct frame *frame_alloc(struct page *page);
/* A frame for PAGE at KVA, a user-pool page the caller took (a page read
 * ahead from swap), pinned; NULL, KVA freed, if out of kernel memory. */
struct frame *frame_adopt(void *kva, struct page *page);
/* A frame that already holds the bytes SRC describes (a read-only code page,
 * or a swap slot: vm/share.h), with PAGE added to its pages and pinned; NULL
 * if there is none. */
struct frame *frame_find_by_source(const struct page_source *src, struct page *page);
/* Lists F, just loaded from SRC, in the index of vm/share.h. */
void frame_publish_source(struct frame *f, const struct page_source *src);
/* Takes F out of that index: its contents are about to change. */
void frame_unpublish(struct frame *f);
/* Adds PAGE to the pages of F (sharing it). */
void frame_share(struct frame *f, struct page *page);
/* frame_share of each of the N pages of PAGES (at most FRAME_RELEASE_MAX)
 * with the frame its record names, under one hold of the frame-table
 * lock. */
void frame_share_pages(struct page *const *pages, size_t n);
/* Pages sharing F. */
size_t frame_sharers(struct frame *f);
/* Detaches PAGE from F; frees F when no page is left in it. */
void frame_release(struct frame *f, struct page *page);
/* frame_release of each of the N pages of PAGES (at most FRAME_RELEASE_MAX)
 * from its frame, under one hold of the frame-table lock, the frames left
 * with no page freed with one call to the pool (palloc_free_each). */
#define FRAME_RELEASE_MAX 32
void frame_release_pages(struct page *const *pages, size_t n);
/* Pins/unpins F: a pinned frame is never chosen for eviction.  Pins nest. */
void frame_pin(struct frame *f);
void frame_unpin(struct frame *f);
/* Pins F and returns true if PAGE is the only page it holds and no kernel
 * user pins it (its contents may be written out while it stays mapped). */
bool frame_pin_private(struct frame *f, struct page *page);
/* The frame-table lock, which also guards the page cache's index
 * (vm/pagecache.c): take, release, wait on C with it held. */
void frame_table_lock(void);
void frame_table_unlock(void);
void frame_table_wait(struct condition *c);
void frame_table_broadcast(struct condition *c);
/* Frees F, which holds no page and is out of every index (lock held). */
void frame_free_locked(struct frame *f);
/* Frees F as frame_free_locked does, F having been taken for a load that
 * did not use it (lost a race, failed, read ahead past what was needed):
 * memory did not come free, so it does not count against the thrash rule
 * (see frame_forced_drop).  Lock held. */
void frame_unused_locked(struct frame *f);
#ifdef HOST
/* Test hook (host only): frames that have come free so far (the thrash
 * rule's measure of relief, frame_forced_drop). */
uint64_t frame_test_relief(void);
#endif

/* True if F is pinned now. */
bool frame_pinned(struct frame *f);
/* Frames in use, and how many of them more than one page shares. */
size_t frame_count(void);
size_t frame_shared_count(void);

/* The frame every never-written anonymous page reads from: zeros, never
 * evicted, never freed (made on first use; the kernel makes it at boot so
 * that it does not count as memory a test used). */
struct frame *frame_zero(void);
/* NULL until frame_zero has made it. */
extern struct frame *zero_frame;

#endif
