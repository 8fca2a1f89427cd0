/* The block cache (see bcache.h): a hash from block number to buffer, an LRU
 * list of all buffers, and a condition to wait on when every buffer is in use.
 *
 * A buffer with refcnt 0 may be taken for another block.  A clean one is
 * re-keyed at once under the cache lock; a dirty one is first pinned, written
 * back under its own lock with the cache lock released, and the lookup starts
 * over (while it is being written it stays findable under its old number, so
 * nobody can read stale data from the disk).
 *
 * A read ahead (bcache_prefetch) re-keys a clean free buffer at once, marks
 * it filling and submits the read without waiting; the first thread to lock
 * the buffer afterwards, for any reason, waits for that read (bcache_settle)
 * before it looks at the data or gives the buffer to another block. */
#include "fs/bcache.h"

#include <stdint.h>

#include "kernel/debug.h"
#include "kernel/malloc.h"
#include "kernel/printf.h"
#include "lib/string.h"

#define BCACHE_NONE UINT32_MAX /* blockno of a buffer that holds no block */

struct bcache {
    struct block_device *dev;   /* const */
    uint32_t block_size;        /* const */
    uint32_t sectors_per_block; /* const */
    uint32_t nblocks;           /* const: valid block numbers are below this */
    bool read_only;             /* const */
    size_t nbuf;                /* const */
    struct buf *bufs;           /* const array of nbuf buffers */
    uint8_t *mem;               /* const: the buffers' data, nbuf blocks in one piece */
    struct lock lock;           /* the cache lock: guards [C] fields below */
    struct condition freed;     /* [C] signalled when a refcnt drops to 0 */
    struct buf **buckets;       /* [C] hash chains */
    size_t nbucket;             /* const, a power of two */
    struct list lru;            /* [C] every buffer, least recently used first */
    struct bcache_stats stats;  /* [C] */
};

static void bcache_settle(struct buf *b);

struct bcache *
bcache_create(struct block_device *dev, uint32_t block_size, uint32_t nblocks,
              size_t nbuf, bool read_only)
{
    struct bcache *bc = calloc(1, sizeof *bc);
    if (bc == NULL)
        return NULL;
    bc->dev = dev;
    bc->block_size = block_size;
    bc->sectors_per_block = block_size / BLOCK_SECTOR_SIZE;
    bc->nblocks = nblocks;
    bc->read_only = read_only;
    bc->nbuf = nbuf;
    bc->nbucket = 1;
    while (bc->nbucket < nbuf * 2)
        bc->nbucket *= 2;
    lock_init(&bc->lock);
    cond_init(&bc->freed);
    list_init(&bc->lru);
    bc->bufs = calloc(nbuf, sizeof *bc->bufs);
    bc->buckets = calloc(bc->nbucket, sizeof *bc->buckets);
    /* One allocation for all the data: the kernel heap gives each block-sized
     * request a page run of its own plus a header page. */
    bc->mem = nbuf <= SIZE_MAX / block_size ? malloc(nbuf * block_size) : NULL;
    if (bc->bufs == NULL || bc->buckets == NULL || bc->mem == NULL) {
        bcache_destroy(bc);
        return NULL;
    }
    for (size_t i = 0; i < nbuf; i++) {
        struct buf *b = &bc->bufs[i];
        lock_init(&b->lock);
        b->blockno = BCACHE_NONE;
        b->bc = bc;
        b->data = bc->mem + i * block_size;
        list_push_back(&bc->lru, &b->lru);
    }
    return bc;
}

void
bcache_destroy(struct bcache *bc)
{
    for (size_t i = 0; bc->bufs != NULL && i < bc->nbuf; i++) {
        struct buf *b = &bc->bufs[i];
        ASSERT(b->refcnt == 0);
        /* A read ahead still in flight must end first.  Only then is the
         * lock touched: a cache whose creation failed part way has buffers
         * whose locks were never set up (and none filling). */
        if (b->filling) {
            lock_acquire(&b->lock);
            bcache_settle(b);
            lock_release(&b->lock);
        }
    }
    free(bc->mem);
    free(bc->bufs);
    free(bc->buckets);
    free(bc);
}

/* The hash chain for BLOCKNO. */
static struct buf **
bcache_bucket(struct bcache *bc, uint32_t blockno)
{
    uint32_t h = blockno * 0x9e3779b1u;
    return &bc->buckets[(h >> 8) & (bc->nbucket - 1)];
}

/* The buffer holding BLOCKNO, or NULL.  Cache lock held. */
static struct buf *
bcache_lookup(struct bcache *bc, uint32_t blockno)
{
    for (struct buf *b = *bcache_bucket(bc, blockno); b != NULL; b = b->hash_next)
        if (b->blockno == blockno)
            return b;
    return NULL;
}

/* Takes B out of its hash chain, if it is in one.  Cache lock held. */
static void
bcache_unhash(struct bcache *bc, struct buf *b)
{
    if (b->blockno == BCACHE_NONE)
        return;
    struct buf **pp = bcache_bucket(bc, b->blockno);
    while (*pp != b)
        pp = &(*pp)->hash_next;
    *pp = b->hash_next;
    b->hash_next = NULL;
}

/* The least recently used unreferenced buffer, preferring a clean one, then
 * one being read ahead (taking it waits for that read, not for a write),
 * or NULL if every buffer is in use.  Cache lock held. */
static struct buf *
bcache_pick_victim(struct bcache *bc)
{
    struct buf *dirty = NULL;
    struct buf *filling = NULL;
    struct list_node *n;

    list_for_each(n, &bc->lru)
    {
        struct buf *b = list_entry(n, struct buf, lru);
        if (b->refcnt != 0)
            continue;
        if (!b->dirty && !b->filling)
            return b;
        if (b->filling && filling == NULL)
            filling = b;
        if (b->dirty && dirty == NULL)
            dirty = b;
    }
    return filling != NULL ? filling : dirty;
}

/* Writes B's data to its block.  B's lock held.  Returns 0 or -1 (counted in
 * write_errors and by the block layer, not on the console; B is then marked
 * clean anyway, so the data is lost). */
static int
bcache_write_back(struct buf *b)
{
    struct bcache *bc = b->bc;
    uint64_t sector = (uint64_t)b->blockno * bc->sectors_per_block;
    int r = block_write(bc->dev, sector, b->data, bc->sectors_per_block);

    lock_acquire(&bc->lock);
    b->dirty = false;
    bc->stats.writes++;
    if (r != 0)
        bc->stats.write_errors++;
    lock_release(&bc->lock);
    return r;
}

/* Ends B's read ahead, if one is in flight: waits for it; B is valid if it
 * succeeded (a failed one leaves B to be read again by whoever wants it).
 * B's lock held. */
static void
bcache_settle(struct buf *b)
{
    if (!b->filling)
        return;
    int status = block_wait(&b->fill);
    block_count_status(b->bc->dev, BLOCK_OP_READ, status);
    lock_acquire(&b->bc->lock);
    b->filling = false;
    b->valid = status == BLOCK_OK;
    lock_release(&b->bc->lock);
}

/* Drops one reference to B, waking a waiter when B becomes free.  Cache
 * lock held. */
static void
bcache_unref(struct bcache *bc, struct buf *b)
{
    ASSERT(b->refcnt > 0);
    if (--b->refcnt == 0) {
        list_remove(&b->lru);
        list_push_back(&bc->lru, &b->lru);
        cond_signal(&bc->freed, &bc->lock);
    }
}

/* Finds or assigns a buffer for BLOCKNO and takes a reference to it.  The
 * cache lock is held on entry and on return (it is dropped while a dirty
 * victim is written back). */
static struct buf *
bcache_ref(struct bcache *bc, uint32_t blockno)
{
    for (;;) {
        struct buf *b = bcache_lookup(bc, blockno);
        if (b != NULL) {
            b->refcnt++;
            bc->stats.hits++;
            return b;
        }
        b = bcache_pick_victim(bc);
        if (b == NULL) {
            cond_wait(&bc->freed, &bc->lock);
            continue;
        }
        b->refcnt++;
        if (!b->dirty && !b->filling) {
            bcache_unhash(bc, b);
            b->blockno = blockno;
            b->valid = false;
            b->hash_next = *bcache_bucket(bc, blockno);
            *bcache_bucket(bc, blockno) = b;
            bc->stats.misses++;
            return b;
        }
        lock_release(&bc->lock);
        lock_acquire(&b->lock);
        bcache_settle(b);
        if (b->dirty)
            bcache_write_back(b);
        lock_release(&b->lock);
        lock_acquire(&bc->lock);
        bcache_unref(bc, b);
    }
}

/* Makes B (locked, not valid) valid: reads it from the disk for
 * BCACHE_READ; for BCACHE_ZERO the caller zeroes it.  Returns 0 or -1. */
static int
bcache_fill(struct buf *b, enum bcache_mode mode)
{
    struct bcache *bc = b->bc;

    if (mode == BCACHE_READ) {
        uint64_t sector = (uint64_t)b->blockno * bc->sectors_per_block;
        if (block_read(bc->dev, sector, b->data, bc->sectors_per_block) != 0)
            return -1; /* counted by the block layer, reported at power-off */
    }
    lock_acquire(&bc->lock);
    b->valid = true;
    if (mode == BCACHE_READ)
        bc->stats.reads++;
    lock_release(&bc->lock);
    return 0;
}

struct buf *
bcache_get(struct bcache *bc, uint32_t blockno, enum bcache_mode mode)
{
    if (blockno >= bc->nblocks) {
        printf("bcache: %s: block %u is beyond the file system (%u blocks)\n",
               bc->dev->name, blockno, bc->nblocks);
        return NULL;
    }
    ASSERT(mode == BCACHE_READ || !bc->read_only);
    lock_acquire(&bc->lock);
    struct buf *b = bcache_ref(bc, blockno);
    lock_release(&bc->lock);
    lock_acquire(&b->lock);
    bcache_settle(b);
    if (!b->valid && bcache_fill(b, mode) != 0) {
        lock_release(&b->lock);
        lock_acquire(&bc->lock);
        bcache_unref(bc, b);
        lock_release(&bc->lock);
        return NULL;
    }
    if (mode == BCACHE_ZERO) {
        memset(b->data, 0, bc->block_size);
        bcache_mark_dirty(b);
    }
    return b;
}

/* A buffer for bcache_prefetch to read BLOCKNO into: the least recently
 * used clean, unreferenced one, taken (referenced, locked, re-keyed, not
 * valid); NULL if the cache holds BLOCKNO or no such buffer is free.  Cache
 * lock held.  An unreferenced buffer's lock is free, so taking it here
 * cannot wait. */
static struct buf *
bcache_take_for_prefetch(struct bcache *bc, uint32_t blockno)
{
    if (bcache_lookup(bc, blockno) != NULL)
        return NULL;
    struct buf *b = bcache_pick_victim(bc);
    if (b == NULL || b->dirty || b->filling || !lock_try_acquire(&b->lock))
        return NULL;
    b->refcnt++;
    bcache_unhash(bc, b);
    b->blockno = blockno;
    b->valid = false;
    b->filling = true;
    b->hash_next = *bcache_bucket(bc, blockno);
    *bcache_bucket(bc, blockno) = b;
    bc->stats.prefetches++;
    return b;
}

void
bcache_prefetch(struct bcache *bc, uint32_t blockno)
{
    if (blockno >= bc->nblocks || bc->dev->ops->submit == NULL)
        return;
    lock_acquire(&bc->lock);
    struct buf *b = bcache_take_for_prefetch(bc, blockno);
    lock_release(&bc->lock);
    if (b == NULL)
        return;
    b->fill_seg = (struct block_seg){.buf = b->data, .len = bc->block_size};
    b->fill = (struct block_request){.op = BLOCK_OP_READ,
                                     .sector = (uint64_t)blockno * bc->sectors_per_block,
                                     .segs = &b->fill_seg,
                                     .n_segs = 1};
    block_submit(bc->dev, &b->fill);
    bcache_put(b); /* unlocked: whoever takes it next waits for the read */
}

/* The buffer of BLOCKNO, held (locked, referenced), if the cache has it
 * valid; else NULL.  Waits for a read ahead of it still in flight if
 * WAIT_FOR_FILL, else counts such a buffer as not there (one whose read has
 * ended is settled without sleeping).  No other I/O. */
static struct buf *
bcache_hold_cached(struct bcache *bc, uint32_t blockno, bool wait_for_fill)
{
    lock_acquire(&bc->lock);
    struct buf *b = bcache_lookup(bc, blockno);
    if (b != NULL && b->filling && !wait_for_fill && !block_ended(&b->fill))
        b = NULL;
    if (b != NULL)
        b->refcnt++;
    lock_release(&bc->lock);
    if (b == NULL)
        return NULL;
    lock_acquire(&b->lock);
    bcache_settle(b);
    if (b->valid)
        return b;
    bcache_put(b);
    return NULL;
}

uint32_t
bcache_first_cached(struct bcache *bc, uint32_t blockno, uint32_t count)
{
    uint32_t i = 0;
    lock_acquire(&bc->lock);
    while (i < count && bcache_lookup(bc, blockno + i) == NULL)
        i++;
    lock_release(&bc->lock);
    return i;
}

bool
bcache_copy_cached(struct bcache *bc, uint32_t blockno, uint32_t offset, uint32_t len,
                   void *dst)
{
    ASSERT(offset <= bc->block_size && len <= bc->block_size - offset);
    struct buf *b = bcache_hold_cached(bc, blockno, false);
    if (b != NULL) {
        memcpy(dst, b->data + offset, len);
        bcache_put(b);
    }
    return b != NULL;
}

bool
bcache_update_cached(struct bcache *bc, uint32_t blockno, const void *src)
{
    struct buf *b = bcache_hold_cached(bc, blockno, true);
    if (b != NULL) {
        memcpy(b->data, src, bc->block_size);
        bcache_put(b);
    }
    return b != NULL;
}

void
bcache_mark_dirty(struct buf *b)
{
    struct bcache *bc = b->bc;

    ASSERT(lock_held_by_current_thread(&b->lock));
    ASSERT(!bc->read_only);
    if (b->dirty)
        return;
    lock_acquire(&bc->lock);
    b->dirty = true;
    lock_release(&bc->lock);
}

void
bcache_put(struct buf *b)
{
    struct bcache *bc = b->bc;

    lock_release(&b->lock);
    lock_acquire(&bc->lock);
    bcache_unref(bc, b);
    lock_release(&bc->lock);
}

int
bcache_write_now(struct buf *b)
{
    ASSERT(lock_held_by_current_thread(&b->lock));
    return b->dirty ? bcache_write_back(b) : 0;
}

int
bcache_sync(struct bcache *bc)
{
    int result = 0;

    for (size_t i = 0; i < bc->nbuf; i++) {
        struct buf *b = &bc->bufs[i];
        lock_acquire(&bc->lock);
        bool dirty = b->dirty;
        if (dirty)
            b->refcnt++; /* pinned: it keeps its block while we write it */
        lock_release(&bc->lock);
        if (!dirty)
            continue;
        lock_acquire(&b->lock);
        if (b->dirty && bcache_write_back(b) != 0)
            result = -1;
        lock_release(&b->lock);
        lock_acquire(&bc->lock);
        bcache_unref(bc, b);
        lock_release(&bc->lock);
    }
    return result;
}

void
bcache_get_stats(struct bcache *bc, struct bcache_stats *stats)
{
    lock_acquire(&bc->lock);
    *stats = bc->stats;
    lock_release(&bc->lock);
}
