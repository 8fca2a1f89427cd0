/* The frame table: one entry per user-pool frame that holds a user page.
 * Eviction (a clock over these entries) will choose its victims here. */
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
    struct page *page;     /* [F] the page in it */
    bool pinned;           /* [F] in use by the kernel: not to be evicted */
    struct list_node node; /* [F] all frames, in clock order */
};

void frame_table_init(void);
/* Takes a free user frame for PAGE, pinned (unpin once it is mapped).
 * NULL if the user pool is empty. */
struct frame *frame_alloc(struct page *page);
/* Returns F's frame to the user pool. */
void frame_free(struct frame *f);
void frame_unpin(struct frame *f);
/* Frames in use. */
size_t frame_count(void);

#endif
