/* The swap table: page-sized slots on the swap disk, taken when an anonymous
 * page is evicted and freed when it is read back or its process ends. */
#ifndef VM_SWAP_H
#define VM_SWAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SWAP_SLOT_NONE UINT32_MAX

/* Uses the disk with the swap role, if there is one (else nothing swaps). */
void swap_init(void);
/* Takes a free slot; SWAP_SLOT_NONE if there is no swap or it is full. */
uint32_t swap_alloc(void);
/* Pages one swap request moves at most (a cluster written on eviction, or a
 * page read with its read-ahead). */
#define SWAP_CLUSTER_MAX 32
/* Pages one eviction writes together, the victim and the dirty pages that
 * follow it in its address space (1 to SWAP_CLUSTER_MAX; boot option
 * -swapcluster=N), and slots a swap-in reads after its own (0 to
 * SWAP_CLUSTER_MAX - 1; -swapra=N; vm/swapra.h).  Set before the first
 * process runs. */
extern size_t swap_cluster_pages;
extern size_t swap_readahead_pages;
/* Takes a run of up to WANT contiguous free slots, as close after the last
 * run taken as possible (so that one process's evictions stay together on
 * the disk), shorter if swap is fragmented; returns its first slot and sets
 * *GOT to its length (SWAP_SLOT_NONE, 0 if no slot is free). */
uint32_t swap_alloc_run(size_t want, size_t *got);
/* Adds a user to SLOT (pages sharing one swapped-out frame). */
void swap_ref(uint32_t slot);
/* Drops a user of SLOT; the last one returns it to the free slots, or
 * retires it if it is bad. */
void swap_free(uint32_t slot);
/* Marks SLOT (in use) bad after a disk error: it is never handed out again,
 * and once its last user frees it, it is retired (counted neither as used nor
 * in swap_total).  Pages that use it have lost their bytes. */
void swap_mark_bad(uint32_t slot);
/* Marks SLOT bad and drops the caller's use of it: a slot just taken whose
 * write failed. */
void swap_retire(uint32_t slot);
/* True if SLOT was marked bad. */
bool swap_is_bad(uint32_t slot);
/* Slots marked bad since boot (retired, or still used by pages that lost
 * their bytes). */
size_t swap_bad_slots(void);
/* Writes the page at KVA to SLOT / reads SLOT into KVA.  False on a disk
 * error; a failed read marks SLOT bad (swap_mark_bad).  No lock is held
 * during the disk I/O. */
bool swap_write(uint32_t slot, const void *kva);
bool swap_read(uint32_t slot, void *kva);
/* Writes / reads the N pages at KVAS (N <= SWAP_CLUSTER_MAX) to / from the N
 * slots from SLOT, in one request.  False on a disk error. */
bool swap_write_run(uint32_t slot, void *const *kvas, size_t n);
bool swap_read_run(uint32_t slot, void *const *kvas, size_t n);
/* True if SLOT holds a page that can be read: in use, and not marked bad.
 * Swap lock held (vm/swapra.h). */
bool swap_in_use_locked(uint32_t slot);
/* What the swap disk has done since boot: requests and pages each way. */
struct swap_io {
    uint64_t read_requests, write_requests, pages_read, pages_written;
};
void swap_io_counts(struct swap_io *io);
/* True if more than one page uses SLOT. */
bool swap_shared(uint32_t slot);
/* True if a page read back from swap should keep its slot as its swap cache:
 * while swap is at most three quarters full (past that, slots are worth more
 * to pages that have no other copy). */
bool swap_keeps_copies(void);
/* True if no slot is free: a page that must be written cannot be. */
bool swap_is_full(void);
/* Slots in use, and in all (retired slots not counted). */
size_t swap_used(void);
size_t swap_total(void);

#endif
