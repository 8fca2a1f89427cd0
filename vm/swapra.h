/* Swap read-ahead: a swap-in reads the slots after its own in the same disk
 * request, into pages of the user pool kept in a small table by slot, where
 * a later fault on a page in one of those slots finds its bytes without I/O.
 *
 * Read-ahead only takes pages while the user pool has more than a few free
 * frames, and the pages it holds are the first given back when the pool runs
 * out (vm/frame.c), so it never makes a fault fail or wait.  A page read
 * ahead is "used" when a fault takes it, "wasted" when it is given back
 * unused or its slot is freed first (counters and trace events of both).
 *
 * The table is guarded by the swap lock of vm/swap.c ([W]); the _locked
 * functions run with it held. */
#ifndef VM_SWAPRA_H
#define VM_SWAPRA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/sync.h"

/* vm/swap.c's lock, which also guards the read-ahead table. */
extern struct lock swap_lock;

/* Reads SLOT into KVA and up to swap_readahead_pages of the slots after it
 * (those in use, as far as free frames allow) into the table, in one
 * request.  If that fails, reads SLOT alone once more (the error may have
 * been a neighbour's: their pages are given back, each read alone when its
 * own fault comes).  False if SLOT could not be read: it is marked bad
 * (swap_mark_bad). */
bool swap_read_around(uint32_t slot, void *kva);
/* The page read ahead from SLOT, taken out of the table (the caller owns it
 * now: a user-pool page), or NULL if there is none. */
void *swap_ra_take(uint32_t slot);
/* Gives back the page read ahead longest ago and never used; false if the
 * table holds none. */
bool swap_ra_reclaim(void);
/* SLOT was freed: its page read ahead, if any, is wasted.  Swap lock held. */
void swap_ra_forget_locked(uint32_t slot);

#endif
