/* Moving whole file pages between the disk and page frames (the page
 * cache's loads and write-backs, fs/file.h file_read_pages and
 * file_write_pages): the pages' blocks are mapped a run at a time
 * (ext2_bmap_run; a write allocates the holes), each run of blocks that
 * follow each other on the disk becomes one request whose segments are the
 * pieces of the frames it reads or writes, and every request is in flight
 * before the first is waited for.  File data never enters the block cache
 * this way, which keeps metadata only, except for the blocks write() still
 * puts there: such a block may be newer than the disk, so a read copies it
 * from the cache instead of reading it (while the inode's lock keeps
 * write() away), and a write-back copies its bytes into it before writing. */
#include "fs/ext2fs.h"
#include "fs/file.h"
#include "fs/fs.h"
#include "kernel/malloc.h"
#include "lib/string.h"
#include "lib/util.h"

/* One request: a run of COUNT blocks from disk block BLOCK, file block FB. */
struct pr_run {
    struct block_request req;
    uint32_t block, count;
    uint64_t fb;
    size_t seg0, n_segs; /* its segments in pr.segs */
};

#define PR_INLINE_RUNS 4  /* runs a read or write holds without the heap */
#define PR_INLINE_SEGS 72 /* segments likewise: a 64-page window in a few runs */

/* A page read or write in progress. */
struct pr {
    struct inode *ip;
    uint64_t first;    /* first page */
    size_t n;          /* pages */
    void *const *kvas; /* their buffers */
    bool *ok;
    uint32_t bs, bpp;    /* block size, blocks per page */
    enum block_op op;    /* BLOCK_OP_READ or BLOCK_OP_WRITE */
    struct pr_run *runs; /* inline_runs, or a larger array from the heap */
    size_t n_runs, cap_runs;
    struct block_seg *segs; /* inline_segs, or a larger array from the heap */
    size_t n_segs, cap_segs;
    struct pr_run inline_runs[PR_INLINE_RUNS]; /* most files: a run or two a window */
    struct block_seg inline_segs[PR_INLINE_SEGS];
};

/* Where file block FB goes in P's buffers. */
static uint8_t *
pr_dest(const struct pr *p, uint64_t fb)
{
    return (uint8_t *)p->kvas[fb / p->bpp - p->first] + (fb % p->bpp) * p->bs;
}

/* Marks the pages holding file blocks FB to FB + COUNT - 1 as not read. */
static void
pr_fail(struct pr *p, uint64_t fb, uint64_t count)
{
    for (uint64_t pg = fb / p->bpp; pg <= (fb + count - 1) / p->bpp; pg++)
        p->ok[pg - p->first] = false;
}

/* Makes room for one more element in *ARRAY, which holds N of SIZE bytes
 * in *CAP, in INLINE_ARRAY or in the heap: doubles it into the heap when it
 * is full.  False if out of memory.  Only before anything is submitted (the
 * requests point into the arrays). */
static bool
pr_room(void **array, size_t *cap, size_t n, size_t size, const void *inline_array)
{
    if (n < *cap)
        return true;
    void *bigger = malloc(2 * *cap * size);
    if (bigger == NULL)
        return false;
    memcpy(bigger, *array, n * size);
    if (*array != inline_array)
        free(*array);
    *array = bigger;
    *cap *= 2;
    return true;
}

/* Adds file block FB, at disk block BLOCK, to the last run if it follows it
 * (on the disk and in the file), else to a new run; its bytes go to one
 * segment with the previous block's if they are next to each other.  Its
 * page fails if there is no memory for a new run. */
static void
pr_add_block(struct pr *p, uint64_t fb, uint32_t block)
{
    struct pr_run *r = p->n_runs ? &p->runs[p->n_runs - 1] : NULL;
    uint8_t *dest = pr_dest(p, fb);
    bool new_run = r == NULL || r->fb + r->count != fb || r->block + r->count != block;
    struct block_seg *last =
        !new_run && r->n_segs ? &p->segs[r->seg0 + r->n_segs - 1] : NULL;
    bool new_seg = last == NULL || (uint8_t *)last->buf + last->len != dest;
    if ((new_run && !pr_room((void **)&p->runs, &p->cap_runs, p->n_runs, sizeof *r,
                             p->inline_runs)) ||
        (new_seg && !pr_room((void **)&p->segs, &p->cap_segs, p->n_segs, sizeof *p->segs,
                             p->inline_segs))) {
        p->ok[fb / p->bpp - p->first] = false;
        return;
    }
    if (new_run) {
        r = &p->runs[p->n_runs++];
        *r = (struct pr_run){.block = block, .fb = fb, .seg0 = p->n_segs};
    }
    if (new_seg) {
        p->segs[p->n_segs++] = (struct block_seg){.buf = dest, .len = p->bs};
        r->n_segs++;
    } else {
        p->segs[p->n_segs - 1].len += p->bs;
    }
    r->count++;
}

/* For a write: allocates the COUNT blocks of the hole from file block FB
 * and adds them; a page whose block cannot be allocated (the disk is full)
 * fails. */
static void
pr_fill_hole(struct pr *p, uint64_t fb, uint32_t count)
{
    for (uint32_t i = 0; i < count; i++) {
        uint32_t block;
        bool fresh;
        if (ext2_bmap(p->ip, fb + i, true, &block, &fresh) == 0 && block != 0)
            pr_add_block(p, fb + i, block);
        else
            pr_fail(p, fb + i, 1);
    }
}

/* For a read: adds the COUNT blocks from file block FB, at disk blocks from
 * BLOCK on, except those the block cache holds, which it copies into their
 * pages now.  Copied only when the read ends, a block could be written back
 * and its buffer given to another block in between, leaving the page with
 * the disk's older bytes.  (A write() to a copied block after this reaches
 * the page too: the page cache makes it wait until the read ends.) */
static void
pr_add_read_run(struct pr *p, uint64_t fb, uint32_t block, uint32_t count)
{
    struct bcache *bc = p->ip->fs->cache;
    uint32_t k = 0;
    while (k < count) {
        uint32_t uncached = bcache_first_cached(bc, block + k, count - k);
        for (uint32_t i = 0; i < uncached; i++)
            pr_add_block(p, fb + k + i, block + k + i);
        k += uncached;
        if (k < count && !bcache_copy_cached(bc, block + k, 0, p->bs, pr_dest(p, fb + k)))
            pr_add_block(p, fb + k, block + k); /* gone meanwhile: the disk has it */
        k++;
    }
}

/* Maps file blocks FB to END - 1 into runs, zeroing holes (a read) or
 * allocating them (a write); a page whose map cannot be read is marked
 * failed (and so are the ones after it). */
static void
pr_map(struct pr *p, uint64_t fb, uint64_t end)
{
    while (fb < end) {
        uint32_t block, count;
        if (ext2_bmap_run(p->ip, fb, (uint32_t)MIN(end - fb, UINT32_MAX), &block,
                          &count) != 0) {
            pr_fail(p, fb, end - fb);
            return;
        }
        if (block == 0 && p->op == BLOCK_OP_WRITE)
            pr_fill_hole(p, fb, count);
        for (uint32_t i = 0; i < count && block == 0 && p->op == BLOCK_OP_READ; i++)
            memset(pr_dest(p, fb + i), 0, p->bs);
        if (block != 0 && p->op == BLOCK_OP_READ)
            pr_add_read_run(p, fb, block, count);
        for (uint32_t i = 0; i < count && block != 0 && p->op == BLOCK_OP_WRITE; i++)
            pr_add_block(p, fb + i, block + i);
        fb += count;
    }
}

/* Submits every run. */
static void
pr_submit(struct pr *p)
{
    struct ext2_fs *fs = p->ip->fs;
    for (size_t i = 0; i < p->n_runs; i++) {
        struct pr_run *r = &p->runs[i];
        r->req =
            (struct block_request){.op = p->op,
                                   .sector = (uint64_t)r->block * fs->sectors_per_block,
                                   .segs = &p->segs[r->seg0],
                                   .n_segs = r->n_segs};
        block_submit(fs->dev, &r->req);
    }
}

/* Waits for every run P submitted; a failed one fails its pages. */
static void
pr_wait(struct pr *p)
{
    struct ext2_fs *fs = p->ip->fs;
    for (size_t i = 0; i < p->n_runs; i++) {
        int status = block_wait(&p->runs[i].req);
        block_count_status(fs->dev, p->op, status);
        if (status != BLOCK_OK)
            pr_fail(p, p->runs[i].fb, p->runs[i].count);
    }
}

/* For a write: copies what is to be written into every block the block
 * cache holds, so that it never writes older bytes over them. */
static void
pr_update_cache(struct pr *p)
{
    struct bcache *bc = p->ip->fs->cache;
    for (size_t i = 0; i < p->n_runs; i++) {
        const struct pr_run *r = &p->runs[i];
        uint32_t k = 0;
        while ((k += bcache_first_cached(bc, r->block + k, r->count - k)) < r->count) {
            bcache_update_cached(bc, r->block + k, pr_dest(p, r->fb + k));
            k++;
        }
    }
}

/* Counts P's requests and the pages each filled into IO. */
static void
pr_count(const struct pr *p, struct file_read_io *io)
{
    io->requests += p->n_runs;
    for (size_t i = 0; i < p->n_runs; i++) {
        const struct pr_run *r = &p->runs[i];
        io->pages += (r->fb + r->count - 1) / p->bpp - r->fb / p->bpp + 1;
    }
}

/* Sets up P for N pages of IP from FIRST into or out of KVAS. */
static void
pr_init(struct pr *p, struct inode *ip, enum block_op op, uint64_t first,
        void *const *kvas, size_t n, bool *ok)
{
    uint32_t bs = ip->fs->block_size, bpp = FILE_PAGE_SIZE / bs;
    *p = (struct pr){.ip = ip,
                     .first = first,
                     .n = n,
                     .kvas = kvas,
                     .ok = ok,
                     .bs = bs,
                     .bpp = bpp,
                     .op = op};
    for (size_t i = 0; i < n; i++)
        ok[i] = true;
    p->runs = p->inline_runs;
    p->cap_runs = PR_INLINE_RUNS;
    p->segs = p->inline_segs;
    p->cap_segs = PR_INLINE_SEGS;
}

/* Frees what pr_init and pr_map allocated for P. */
static void
pr_free(struct pr *p)
{
    if (p->runs != p->inline_runs)
        free(p->runs);
    if (p->segs != p->inline_segs)
        free(p->segs);
}

/* The file block after the last of P's pages that is before the end of
 * its file. */
static uint64_t
pr_end(const struct pr *p)
{
    uint64_t size = ext2_inode_size(p->ip);
    return MIN((p->first + p->n) * p->bpp, (size + p->bs - 1) / p->bs);
}

#define PR_MAP_AHEAD 3 /* windows whose map blocks a window reads ahead */

/* After a read of several pages (a sequential reader's window) of file
 * blocks FB to END - 1: reads ahead the map blocks of the next PR_MAP_AHEAD
 * windows of as many blocks (following a block at least every map block's
 * worth of entries), so that mapping them does not wait for the disk.  With 1 KiB
 * blocks a map block covers 256 KiB, and reading it only when the reader
 * got there took about 140 us each time, as long as 80 KiB of data. */
static void
pr_prefetch_map(struct pr *p, uint64_t fb, uint64_t end)
{
    uint64_t last = (ext2_inode_size(p->ip) + p->bs - 1) / p->bs;
    if (p->n < 2 || end <= fb || end >= last)
        return;
    uint64_t stop = MIN(end + PR_MAP_AHEAD * (end - fb), last);
    uint64_t step = MIN(end - fb, (uint64_t)p->ip->fs->addr_per_block);
    for (uint64_t blk = end + step - 1; blk < stop + step - 1; blk += step)
        ext2_bmap_prefetch(p->ip, MIN(blk, stop - 1));
}

/* A page read in flight (fs/file.h file_read_pages_start): its requests,
 * the file's size when it started, and a reference to the inode, which
 * keeps the blocks it reads from being freed before it ends. */
struct file_read_batch {
    struct pr p;
    uint64_t size;
};

/* file_read_pages_start with IP's lock held: maps the pages' blocks, zeroes
 * holes and what is past the end, submits one request per run and counts
 * them into IO.  NULL
 * (every page failed, nothing in flight) if out of memory. */
struct file_read_batch *
ext2_read_pages_start_locked(struct inode *ip, uint64_t first, void *const *kvas,
                             size_t n, bool *ok, struct file_read_io *io)
{
    struct file_read_batch *b = malloc(sizeof *b);
    if (b == NULL) {
        for (size_t i = 0; i < n; i++)
            ok[i] = false;
        return NULL;
    }
    struct pr *p = &b->p;
    pr_init(p, ip, BLOCK_OP_READ, first, kvas, n, ok);
    b->size = ext2_inode_size(ip);
    uint64_t fb = first * p->bpp, stop = (first + n) * p->bpp, end = pr_end(p);
    for (uint64_t blk = MAX(fb, end); blk < stop; blk++)
        memset(pr_dest(p, blk), 0, p->bs);
    pr_map(p, fb, end);
    pr_submit(p);
    pr_count(p, io);
    pr_prefetch_map(p, fb, end);
    p->ip = inode_reopen(ip);
    return b;
}

bool
ext2_read_pages_ended(const struct file_read_batch *b)
{
    for (size_t i = 0; i < b->p.n_runs; i++)
        if (!block_ended(&b->p.runs[i].req))
            return false;
    return true;
}

/* file_read_pages_finish (no lock held). */
void
ext2_read_pages_finish(struct file_read_batch *b)
{
    struct pr *p = &b->p;
    pr_wait(p);
    uint64_t size = b->size;
    if (size % FILE_PAGE_SIZE != 0 && size / FILE_PAGE_SIZE >= p->first &&
        size / FILE_PAGE_SIZE < p->first + p->n) {
        uint8_t *last = p->kvas[size / FILE_PAGE_SIZE - p->first];
        memset(last + size % FILE_PAGE_SIZE, 0, FILE_PAGE_SIZE - size % FILE_PAGE_SIZE);
    }
    inode_close(p->ip);
    pr_free(p);
    free(b);
}

/* file_write_pages with IP's lock held (see fs/file.h). */
void
ext2_write_pages_locked(struct inode *ip, uint64_t first, void *const *kvas, size_t n,
                        bool *ok, struct file_read_io *io)
{
    struct pr p;
    if (ip->fs->read_only || ip->deny_write_cnt > 0) {
        for (size_t i = 0; i < n; i++)
            ok[i] = false;
        return;
    }
    pr_init(&p, ip, BLOCK_OP_WRITE, first, kvas, n, ok);
    pr_map(&p, first * p.bpp, pr_end(&p));
    pr_update_cache(&p);
    pr_submit(&p);
    pr_wait(&p);
    pr_count(&p, io);
    ext2_inode_touch(ip, true);
    ext2_inode_write(ip); /* i_block and i_blocks may have changed */
    pr_free(&p);
}
