/* The frame table: one entry per user-pool frame that holds a user page, with
 * the list of every page mapping it (the reverse map).  When the user pool is
 * empty, a clock over these entries chooses a frame to evict. */
#ifndef VM_FRAME_H
#define VM_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/list.h"

struct page;

/* [F]: guarded by the frame-table lock. */
struct frame {
    void *kva;             /* [C] kernel address of the frame */
    uint64_t pa;           /* [C] physical address */
    struct list pages;     /* [F] pages whose contents this frame holds */
    bool pinned;           /* [F] in use by the kernel: not to be evicted */
    struct list_node node; /* [F] all frames, in clock order */
};

void frame_table_init(void);
/* A frame for PAGE, pinned (unpin once it is mapped): a free one from the
 * user pool, or one taken from another page by eviction.  The caller holds
 * PAGE's space lock.  NULL if nothing can be evicted (memory and swap full). */
struct frame *frame_alloc(struct page *page);
/* Detaches PAGE from F; frees F when no page is left in it. */
void frame_release(struct frame *f, struct page *page);
/* Pins/unpins F: a pinned frame is never chosen for eviction. */
void frame_pin(struct frame *f);
void frame_unpin(struct frame *f);
/* Frames in use. */
size_t frame_count(void);

#endif
