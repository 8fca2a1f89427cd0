/* Swap read-ahead (see swapra.h).  The table is a small array searched by
 * slot; an entry is PENDING while its read is in flight (a fault on that slot
 * meanwhile reads the slot itself), READY once read, or STALE if its slot was
 * freed during the read (its page is given back when the read ends). */
#include "vm/swapra.h"

#include "kernel/palloc.h"
#include "kernel/trace.h"
#include "vm/stats.h"
#include "vm/swap.h"
#include "vm/vm.h"

#define RA_ENTRIES 64 /* pages the table holds at most */

enum ra_state { RA_FREE, RA_PENDING, RA_READY, RA_STALE };

struct ra_entry {
    uint32_t slot; /* [W] */
    uint8_t state; /* [W] enum ra_state */
    void *kva;     /* [W] a user-pool page, outside the frame table */
    uint64_t age;  /* [W] when it was read: the oldest is given back first */
};

static struct ra_entry table[RA_ENTRIES]; /* [W] */
static uint64_t reads;                    /* [W] entries made so far: their ages */

/* The entry for SLOT, or NULL.  Swap lock held. */
static struct ra_entry *
ra_find(uint32_t slot)
{
    for (size_t i = 0; i < RA_ENTRIES; i++)
        if (table[i].state != RA_FREE && table[i].slot == slot)
            return &table[i];
    return NULL;
}

/* A free entry, or NULL.  Swap lock held. */
static struct ra_entry *
ra_free_entry(void)
{
    for (size_t i = 0; i < RA_ENTRIES; i++)
        if (table[i].state == RA_FREE)
            return &table[i];
    return NULL;
}

/* Gives back E's page, counting it WASTED (read and never used) or not (its
 * read failed).  Swap lock held. */
static void
ra_release(struct ra_entry *e, bool wasted)
{
    if (wasted) {
        vm_count(&vm_counters.swap_ra_wasted);
        trace_swap_ra(trace_frame(e->kva), e->slot, TRACE_RA_WASTED);
    }
    palloc_free_page(e->kva);
    e->state = RA_FREE;
    e->kva = NULL;
}

/* Makes PENDING entries, each with a page, for the slots in use after SLOT,
 * up to swap_readahead_pages of them, stopping at the first slot not in use
 * or already in the table, or when the table is full; stores their pages in
 * KVAS and returns how many.  Nothing unless the user pool has free frames
 * for the whole window.  Swap lock held. */
static size_t
ra_prepare_locked(uint32_t slot, void **kvas)
{
    size_t n = 0, want = swap_readahead_pages;
    if (palloc_free_pages(POOL_USER) < want)
        return 0;
    for (; n < want; n++) {
        uint32_t s = slot + 1 + n;
        struct ra_entry *e = ra_free_entry();
        if (!swap_in_use_locked(s) || ra_find(s) != NULL || e == NULL)
            break;
        void *kva = palloc_get_page(PAL_USER);
        if (kva == NULL)
            break;
        *e =
            (struct ra_entry){.slot = s, .state = RA_PENDING, .kva = kva, .age = reads++};
        kvas[n] = kva;
    }
    return n;
}

/* Ends the read of the N entries from slot FIRST: ready if it succeeded (OK)
 * and their slots are still in use, else given back.  Swap lock held. */
static void
ra_finish_locked(uint32_t first, size_t n, bool ok)
{
    for (size_t i = 0; i < n; i++) {
        struct ra_entry *e = ra_find(first + i);
        if (ok) {
            vm_count(&vm_counters.swap_ra_pages);
            trace_swap_ra(trace_frame(e->kva), e->slot, TRACE_RA_READ);
        }
        if (ok && e->state == RA_PENDING)
            e->state = RA_READY;
        else
            ra_release(e, ok);
    }
}

bool
swap_read_around(uint32_t slot, void *kva)
{
    void *kvas[SWAP_CLUSTER_MAX] = {kva};
    lock_acquire(&swap_lock);
    size_t n = ra_prepare_locked(slot, kvas + 1);
    lock_release(&swap_lock);
    bool ok = swap_read_run(slot, kvas, 1 + n);
    lock_acquire(&swap_lock);
    ra_finish_locked(slot + 1, n, ok);
    lock_release(&swap_lock);
    /* The error may have been a neighbour's, or may not come back: SLOT
     * alone, once more (a second failure marks it bad). */
    return ok || swap_read(slot, kva);
}

void *
swap_ra_take(uint32_t slot)
{
    lock_acquire(&swap_lock);
    struct ra_entry *e = ra_find(slot);
    void *kva = NULL;
    if (e != NULL && e->state == RA_READY) {
        kva = e->kva;
        e->state = RA_FREE;
        e->kva = NULL;
        vm_count(&vm_counters.swap_ra_used);
        trace_swap_ra(trace_frame(kva), slot, TRACE_RA_USED);
    }
    lock_release(&swap_lock);
    return kva;
}

bool
swap_ra_reclaim(void)
{
    lock_acquire(&swap_lock);
    struct ra_entry *oldest = NULL;
    for (size_t i = 0; i < RA_ENTRIES; i++)
        if (table[i].state == RA_READY && (oldest == NULL || table[i].age < oldest->age))
            oldest = &table[i];
    if (oldest != NULL)
        ra_release(oldest, true);
    lock_release(&swap_lock);
    return oldest != NULL;
}

void
swap_ra_forget_locked(uint32_t slot)
{
    struct ra_entry *e = ra_find(slot);
    if (e != NULL && e->state == RA_READY)
        ra_release(e, true);
    else if (e != NULL && e->state == RA_PENDING)
        e->state = RA_STALE;
}
