/* The swap table: a bitmap over the page-sized slots of the swap disk.
 *
 * A slot whose write or read failed is bad: it is marked in `bad` and never
 * handed out again.  A bad slot that pages still use (its read failed: they
 * have lost their bytes) counts as in use until its last user frees it; from
 * then on it is retired: its bit in `slots` stays set, so that no run of
 * slots takes it, but it counts neither as used nor in the total, so that
 * swap counts as full when every slot left is used, and the power-off leak
 * check (which compares the slots in use) never mistakes it for a leak. */
#include "vm/swap.h"

#include "dev/block.h"
#include "kernel/debug.h"
#include "kernel/malloc.h"
#include "kernel/palloc.h"
#include "kernel/printf.h"
#include "kernel/sync.h"
#include "lib/bitmap.h"
#include "vm/page.h"
#include "vm/stats.h"
#include "vm/swapra.h"

#define SECTORS_PER_SLOT (4096 / BLOCK_SECTOR_SIZE)

size_t swap_cluster_pages = SWAP_CLUSTER_MAX;
size_t swap_readahead_pages = 7;

static struct block_device *swap_dev; /* [C] NULL: no swap */
struct lock swap_lock;                /* [W] slots, users, used, cursor; vm/swapra.c */
static struct bitmap *slots;          /* [W] bit set: slot in use or retired */
static struct bitmap *bad;            /* [W] bit set: slot bad (a disk error) */
static uint32_t *users;               /* [W] users of each slot (pages sharing it) */
static size_t used;                   /* [W] slots with users */
static size_t retired;                /* [W] bad slots without users */
static size_t n_bad;                  /* [W] bad slots, retired or still used */
static size_t cursor;                 /* [W] where the next run of slots is sought */

/* Of the DISK_SLOTS slots of the swap disk, how many to use: no more than
 * the kernel can keep page records for (vm/page.h), with at most half of
 * the kernel pool's free memory, so that kernel memory never runs out
 * before swap does.  Says so if that leaves part of the disk unused. */
static size_t
swap_slots_usable(size_t disk_slots)
{
    size_t per_slot = page_record_bytes() + sizeof(uint32_t) + 1; /* and the tables */
    size_t budget = palloc_free_pages(POOL_KERNEL) * BLOCK_SECTOR_SIZE *
                    SECTORS_PER_SLOT / 2 / per_slot;
    if (disk_slots <= budget)
        return disk_slots;
    printf("swap: using %zu of the disk's %zu slots: the kernel pool holds records for "
           "that many\n",
           budget, disk_slots);
    return budget;
}

void
swap_init(void)
{
    lock_init(&swap_lock);
    retired = n_bad = 0;
    swap_dev = block_by_role(BLOCK_SWAP);
    if (swap_dev == NULL)
        return;
    size_t n = swap_slots_usable(swap_dev->sectors / SECTORS_PER_SLOT);
    slots = bitmap_create(n);
    bad = bitmap_create(n);
    users = calloc(n ? n : 1, sizeof *users);
    if (slots == NULL || bad == NULL || users == NULL) {
        printf("swap: no memory for the swap table; swapping is off\n");
        swap_dev = NULL;
        return;
    }
    printf("swap: %s, %zu slots of 4 KiB\n", swap_dev->name, bitmap_size(slots));
}

/* Takes a run of N free slots at or after FROM, wrapping around; its first
 * slot or BITMAP_NONE.  Swap lock held. */
static size_t
swap_take_run(size_t from, size_t n)
{
    size_t slot = bitmap_scan_and_flip(slots, from, n, false);
    if (slot == BITMAP_NONE && from != 0)
        slot = bitmap_scan_and_flip(slots, 0, n, false);
    return slot;
}

uint32_t
swap_alloc_run(size_t want, size_t *got)
{
    *got = 0;
    if (swap_dev == NULL || want == 0)
        return SWAP_SLOT_NONE;
    lock_acquire(&swap_lock);
    size_t n = want, slot = swap_take_run(cursor, n);
    while (slot == BITMAP_NONE && n > 1) {
        n /= 2; /* fragmented: take a shorter run */
        slot = swap_take_run(cursor, n);
    }
    if (slot == BITMAP_NONE) {
        n = 0;
    } else {
        for (size_t i = 0; i < n; i++)
            users[slot + i] = 1;
        used += n;
        cursor = slot + n < bitmap_size(slots) ? slot + n : 0;
    }
    lock_release(&swap_lock);
    *got = n;
    return slot == BITMAP_NONE ? SWAP_SLOT_NONE : (uint32_t)slot;
}

uint32_t
swap_alloc(void)
{
    size_t got;
    return swap_alloc_run(1, &got);
}

void
swap_ref(uint32_t slot)
{
    lock_acquire(&swap_lock);
    if (slots == NULL || slot >= bitmap_size(slots) || !bitmap_test(slots, slot))
        panic("swap: cannot share slot %u", slot);
    users[slot]++;
    lock_release(&swap_lock);
}

void
swap_free(uint32_t slot)
{
    lock_acquire(&swap_lock);
    if (slots == NULL || slot >= bitmap_size(slots) || !bitmap_test(slots, slot))
        panic("swap: slot %u freed twice or never taken", slot);
    if (--users[slot] == 0) {
        used--;
        swap_ra_forget_locked(slot);
        if (bitmap_test(bad, slot))
            retired++; /* its bit in slots stays set: never taken again */
        else
            bitmap_reset(slots, slot);
    }
    lock_release(&swap_lock);
}

void
swap_mark_bad(uint32_t slot)
{
    lock_acquire(&swap_lock);
    if (slots == NULL || slot >= bitmap_size(slots) || !bitmap_test(slots, slot) ||
        users[slot] == 0)
        panic("swap: slot %u marked bad but not in use", slot);
    if (!bitmap_test(bad, slot)) {
        bitmap_set(bad, slot);
        n_bad++;
    }
    lock_release(&swap_lock);
}

void
swap_retire(uint32_t slot)
{
    swap_mark_bad(slot);
    swap_free(slot);
}

bool
swap_is_bad(uint32_t slot)
{
    lock_acquire(&swap_lock);
    bool is_bad = bad != NULL && slot < bitmap_size(bad) && bitmap_test(bad, slot);
    lock_release(&swap_lock);
    return is_bad;
}

size_t
swap_bad_slots(void)
{
    return n_bad;
}

/* Moves the N pages at KVAS to or from the N slots from SLOT, in one block
 * request; true if it succeeded. */
static bool
swap_transfer(enum block_op op, uint32_t slot, void *const *kvas, size_t n)
{
    struct block_seg segs[SWAP_CLUSTER_MAX];
    ASSERT(n >= 1 && n <= SWAP_CLUSTER_MAX);
    for (size_t i = 0; i < n; i++)
        segs[i] = (struct block_seg){.buf = kvas[i], .len = 4096};
    return block_transfer(swap_dev, op, (uint64_t)slot * SECTORS_PER_SLOT, segs, n) == 0;
}

bool
swap_write_run(uint32_t slot, void *const *kvas, size_t n)
{
    return swap_transfer(BLOCK_OP_WRITE, slot, kvas, n);
}

bool
swap_read_run(uint32_t slot, void *const *kvas, size_t n)
{
    return swap_transfer(BLOCK_OP_READ, slot, kvas, n);
}

bool
swap_write(uint32_t slot, const void *kva)
{
    void *kvas[1] = {(void *)kva};
    return swap_write_run(slot, kvas, 1);
}

bool
swap_read(uint32_t slot, void *kva)
{
    if (swap_read_run(slot, &kva, 1))
        return true;
    vm_count(&vm_counters.swap_read_errors);
    swap_mark_bad(slot);
    return false;
}

bool
swap_in_use_locked(uint32_t slot)
{
    /* a retired slot keeps its bit in slots but holds no page */
    return slots != NULL && slot < bitmap_size(slots) && users[slot] > 0 &&
           !bitmap_test(bad, slot);
}

void
swap_io_counts(struct swap_io *io)
{
    struct block_device *d = swap_dev;
    *io = (struct swap_io){0};
    if (d == NULL)
        return;
    io->read_requests = __atomic_load_n(&d->read_requests, __ATOMIC_RELAXED);
    io->write_requests = __atomic_load_n(&d->write_requests, __ATOMIC_RELAXED);
    io->pages_read =
        __atomic_load_n(&d->read_sectors, __ATOMIC_RELAXED) / SECTORS_PER_SLOT;
    io->pages_written =
        __atomic_load_n(&d->write_sectors, __ATOMIC_RELAXED) / SECTORS_PER_SLOT;
}

bool
swap_shared(uint32_t slot)
{
    lock_acquire(&swap_lock);
    bool shared = users[slot] > 1;
    lock_release(&swap_lock);
    return shared;
}

bool
swap_keeps_copies(void)
{
    return 4 * swap_used() <= 3 * swap_total();
}

bool
swap_is_full(void)
{
    return swap_used() >= swap_total();
}

size_t
swap_used(void)
{
    return used;
}

size_t
swap_total(void)
{
    return swap_dev ? bitmap_size(slots) - retired : 0;
}
