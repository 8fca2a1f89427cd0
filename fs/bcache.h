/* The block cache: a fixed number of block-sized buffers over one device,
 * write-back, least-recently-used replacement.
 *
 * bcache_get returns a buffer locked for the caller, holding the block's
 * contents; bcache_put unlocks and releases it.  A cached block is served
 * without I/O.  A dirty buffer reaches the disk when it is evicted, at
 * bcache_sync, and at bcache_destroy's caller's sync.
 *
 * Locking: each buffer has its own lock, held by whoever uses the buffer
 * (including during its disk I/O).  The cache-wide lock guards only the
 * lookup structures (hash chains, LRU list, reference counts) and is never
 * held across disk I/O nor while waiting for a buffer lock.  Rule for users:
 * a thread holds at most one buffer at a time (get, use, put before the next
 * get), so buffers can never deadlock against each other. */
#ifndef FS_BCACHE_H
#define FS_BCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dev/block.h"
#include "kernel/sync.h"
#include "lib/list.h"

struct bcache;

/* Fields (lock tags as in docs/design.md): [B] the buffer's lock; [K] the
 * cache lock; [B/K] written with both held (so either one is enough to read);
 * [C] constant. */
struct buf {
    struct lock lock;          /* held by the buffer's user, and during its I/O */
    uint8_t *data;             /* [B] the block's bytes (block_size of them) */
    bool valid;                /* [B/K] data holds the block */
    bool dirty;                /* [B/K] data is newer than the disk */
    uint32_t blockno;          /* [K] block held; stable while refcnt > 0 */
    unsigned refcnt;           /* [K] users (holders and waiters) */
    struct buf *hash_next;     /* [K] chain of the bucket of blockno */
    struct list_node lru;      /* [K] LRU list, least recent first */
    bool filling;              /* [B/K] a read ahead into data is in flight (fill) */
    struct block_request fill; /* [B] that read, from bcache_prefetch */
    struct block_seg fill_seg; /* [B] its one segment: data */
    struct bcache *bc;         /* [C] */
};

/* How bcache_get fills a buffer that does not hold the block yet. */
enum bcache_mode {
    BCACHE_READ, /* read the block from the disk */
    BCACHE_ZERO, /* the caller overwrites it all: zero-fill, mark dirty, no read */
};

struct bcache_stats {
    uint64_t hits, misses;  /* lookups that found (perhaps still being read
                               ahead) / did not find the block */
    uint64_t reads, writes; /* blocks transferred (reads: when asked for) */
    uint64_t write_errors;
    uint64_t prefetches; /* blocks read ahead (bcache_prefetch) */
};

/* Makes a cache of NBUF buffers of BLOCK_SIZE bytes over DEV, whose blocks
 * are numbered from 0 to NBLOCKS - 1 (a request beyond fails).  READ_ONLY
 * caches refuse to dirty a buffer.  NULL if out of memory. */
struct bcache *bcache_create(struct block_device *dev, uint32_t block_size,
                             uint32_t nblocks, size_t nbuf, bool read_only);
/* Frees BC and its buffers, dropping unwritten data: call bcache_sync first.
 * No buffer may be in use. */
void bcache_destroy(struct bcache *bc);

/* Returns block BLOCKNO locked for the caller, filled as MODE says, or NULL
 * if BLOCKNO is out of range (printed) or the read failed (counted by the
 * block layer).  May wait for a free buffer and for disk I/O. */
struct buf *bcache_get(struct bcache *bc, uint32_t blockno, enum bcache_mode mode);
/* How many of the COUNT blocks from BLOCKNO on, counted from the first, are
 * not in the cache (COUNT if none is): one hold of the cache lock for a run
 * of blocks that the cache most likely does not hold. */
uint32_t bcache_first_cached(struct bcache *bc, uint32_t blockno, uint32_t count);
/* Starts reading block BLOCKNO into a buffer without waiting for it, so
 * that a later bcache_get finds it there (and waits for the disk only if it
 * is still in flight).  Does nothing if the cache holds the block already,
 * if the least recently used free buffer is dirty or busy (it is a hint:
 * nothing is written or waited for to make room), or if the device has no
 * asynchronous path (a read there would be as slow now as later).  May
 * sleep for room in the device's queue.  The caller holds no buffer. */
void bcache_prefetch(struct bcache *bc, uint32_t blockno);
/* If block BLOCKNO is in the cache, copies LEN of its bytes from OFFSET on
 * to DST and returns true; else (also while it is still being read ahead)
 * false.  No I/O; waits for no I/O but a write-back of the block in
 * progress (it waits for the buffer's lock). */
bool bcache_copy_cached(struct bcache *bc, uint32_t blockno, uint32_t offset,
                        uint32_t len, void *dst);
/* If block BLOCKNO is in the cache, copies SRC (a block's bytes) into its
 * buffer, whose dirty state stays as it is, and returns true; else false.
 * No I/O. */
bool bcache_update_cached(struct bcache *bc, uint32_t blockno, const void *src);
/* Notes that the caller changed B's data (B must be held). */
void bcache_mark_dirty(struct buf *b);
/* Unlocks and releases B. */
void bcache_put(struct buf *b);
/* Writes B (held) to the disk now if it is dirty, for the few writes whose
 * order matters after a power cut (docs/fs.md).  Returns 0 or -1. */
int bcache_write_now(struct buf *b);

/* Writes every dirty buffer to the disk.  Returns 0, or -1 if a write failed
 * (the buffer is then dropped clean; the block layer counts the error). */
int bcache_sync(struct bcache *bc);
/* Copies BC's counters into *STATS. */
void bcache_get_stats(struct bcache *bc, struct bcache_stats *stats);

#endif
