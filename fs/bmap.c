/* The block map of an inode: file block -> disk block through i_block's 12
 * direct entries and its single, double and triple indirect blocks;
 * allocating missing blocks on write, and freeing the whole map when a file
 * is deleted.  The caller holds the inode's lock (or is its last user), which
 * is what keeps two threads from changing one map at once.  Every block
 * number read from the map is checked to be a data block before it is used. */
#include "fs/ext2fs.h"

#include "kernel/malloc.h"
#include "kernel/printf.h"
#include "lib/string.h"
#include "lib/util.h"

#define BMAP_COMPLAINTS 4 /* messages about one damaged map before going quiet */

/* Splits file block FB into the i_block slot and the index into each
 * indirect level.  Returns the number of indirect levels (0-3), or -1 if FB
 * is beyond what the map can address. */
static int
bmap_path(const struct ext2_fs *fs, uint64_t fb, uint32_t *slot, uint32_t idx[3])
{
    uint64_t a = fs->addr_per_block;

    if (fb < EXT2_NDIR_BLOCKS) {
        *slot = fb;
        return 0;
    }
    fb -= EXT2_NDIR_BLOCKS;
    if (fb < a) {
        *slot = EXT2_IND_BLOCK;
        idx[0] = fb;
        return 1;
    }
    fb -= a;
    if (fb < a * a) {
        *slot = EXT2_DIND_BLOCK;
        idx[0] = fb / a;
        idx[1] = fb % a;
        return 2;
    }
    fb -= a * a;
    if (fb < a * a * a) {
        *slot = EXT2_TIND_BLOCK;
        idx[0] = fb / (a * a);
        idx[1] = fb / a % a;
        idx[2] = fb % a;
        return 3;
    }
    return -1;
}

/* Checks that BLOCK, found in IP's map for file block FB, is a data block.
 * Returns 0, or -1 after a message. */
static int
bmap_check(struct inode *ip, uint32_t block, uint64_t fb)
{
    if (ext2_block_is_data(ip->fs, block))
        return 0;
    printf("ext2: inode %u: file block %llu maps to block %u, outside the data area\n",
           ip->ino, (unsigned long long)fb, block);
    return -1;
}

/* Reads entry I of indirect block BLOCK into *V.  Returns 0 or -1. */
static int
bmap_ind_get(struct ext2_fs *fs, uint32_t block, uint32_t i, uint32_t *v)
{
    struct buf *b = bcache_get(fs->cache, block, BCACHE_READ);
    if (b == NULL)
        return -1;
    *v = ((const uint32_t *)b->data)[i];
    bcache_put(b);
    return 0;
}

/* Sets entry I of indirect block BLOCK to V.  Returns 0 or -1. */
static int
bmap_ind_set(struct ext2_fs *fs, uint32_t block, uint32_t i, uint32_t v)
{
    struct buf *b = bcache_get(fs->cache, block, BCACHE_READ);
    if (b == NULL)
        return -1;
    ((uint32_t *)b->data)[i] = v;
    bcache_mark_dirty(b);
    bcache_put(b);
    return 0;
}

/* Allocates a block for IP near its last one, zero-filled if ZERO (an
 * indirect block: zeroed on the disk at once, so that no pointer to it can
 * reach the disk before its zeros; stale block numbers in it would make
 * e2fsck see blocks claimed twice after a power cut), and counts it in
 * i_blocks.  Returns 0 with it in *BLOCK, or -1 if the disk is full. */
static int
bmap_new_block(struct inode *ip, bool zero, uint32_t *block)
{
    struct ext2_fs *fs = ip->fs;

    if (ext2_block_alloc(fs, ip->alloc_goal, block) != 0)
        return -1;
    if (zero) {
        struct buf *b = bcache_get(fs->cache, *block, BCACHE_ZERO);
        if (b == NULL) {
            ext2_block_free(fs, *block);
            return -1;
        }
        bcache_write_now(b);
        bcache_put(b);
    }
    ip->alloc_goal = *block + 1;
    ip->di.i_blocks += fs->sectors_per_block;
    return 0;
}

/* Follows entry IDX of indirect block CUR into *NEXT, allocating the block
 * it should point to if it is missing and CREATE (ZERO: it will be an
 * indirect block; *FRESH is set for a new data block).  Returns 0 (*NEXT is
 * 0 for a hole) or -1. */
static int
bmap_step(struct inode *ip, uint32_t cur, uint32_t idx, bool create, bool zero,
          uint32_t *next, bool *fresh, uint64_t fb)
{
    if (bmap_ind_get(ip->fs, cur, idx, next) != 0)
        return -1;
    if (*next != 0)
        return bmap_check(ip, *next, fb);
    if (!create)
        return 0;
    if (bmap_new_block(ip, zero, next) != 0)
        return -1;
    if (bmap_ind_set(ip->fs, cur, idx, *next) != 0) {
        ext2_block_free(ip->fs, *next);
        ip->di.i_blocks -= ip->fs->sectors_per_block;
        return -1;
    }
    *fresh = !zero;
    return 0;
}

/* ext2_bmap's walk down the map (below). */
static int
bmap_walk(struct inode *ip, uint64_t fb, bool create, uint32_t *block, bool *fresh)
{
    uint32_t slot, idx[3];
    int depth = bmap_path(ip->fs, fb, &slot, idx);

    *fresh = false;
    if (depth < 0) {
        printf("ext2: inode %u: file block %llu is beyond the block map\n", ip->ino,
               (unsigned long long)fb);
        return -1;
    }
    uint32_t cur = ip->di.i_block[slot];
    if (cur == 0) {
        if (!create) {
            *block = 0;
            return 0;
        }
        if (bmap_new_block(ip, depth > 0, &cur) != 0)
            return -1;
        ip->di.i_block[slot] = cur;
        *fresh = depth == 0;
    } else if (bmap_check(ip, cur, fb) != 0) {
        return -1;
    }
    for (int level = 0; level < depth && cur != 0; level++) {
        bool zero = level < depth - 1;
        if (bmap_step(ip, cur, idx[level], create, zero, &cur, fresh, fb) != 0)
            return -1;
    }
    *block = cur;
    return 0;
}

/* Aims IP's next allocation right after the disk block of file block FB - 1,
 * if it has one, so that a growing file's blocks follow each other on the
 * disk, also after the inode was read again (its goal then starts at its
 * inode table block) or when it is written out of order. */
static void
bmap_goal_after(struct inode *ip, uint64_t fb)
{
    uint32_t prev;
    bool fresh;
    if (fb > 0 && bmap_walk(ip, fb - 1, false, &prev, &fresh) == 0 && prev != 0)
        ip->alloc_goal = prev + 1;
}

/* Finds the disk block of file block FB of IP (lock held).  If it is a hole:
 * with CREATE, allocates it (and any missing indirect blocks; *FRESH is then
 * true and the caller must fill the whole new block, e.g. with BCACHE_ZERO),
 * as close after file block FB - 1's as it can, else returns *BLOCK = 0.
 * IP's in-memory inode changes (i_block, i_blocks): the caller writes it.
 * Returns 0, or -1 if the map is damaged, FB is beyond it, the disk is full,
 * or on an I/O error. */
int
ext2_bmap(struct inode *ip, uint64_t fb, bool create, uint32_t *block, bool *fresh)
{
    int r = bmap_walk(ip, fb, false, block, fresh);
    if (r != 0 || *block != 0 || !create)
        return r;
    bmap_goal_after(ip, fb);
    return bmap_walk(ip, fb, true, block, fresh);
}

/* The length of the run at the start of the N (at least 1) map entries MAP:
 * entries that follow MAP[0] on the disk block by block, or holes (0) after
 * a hole. */
uint32_t
ext2_run_length(const uint32_t *map, uint32_t n)
{
    uint32_t len = 1;
    while (len < n && map[len] == (map[0] != 0 ? map[0] + len : 0))
        len++;
    return len;
}

/* Checks the data blocks of the run of LEN entries at MAP (file blocks from
 * FB): returns how many at its start are data blocks; -1 if the first is not
 * (after a message). */
static int64_t
bmap_run_check(struct inode *ip, const uint32_t *map, uint32_t len, uint64_t fb)
{
    if (map[0] == 0)
        return len;
    uint32_t i = ext2_data_run(ip->fs, map[0], len); /* the run is MAP[0] on */
    return i > 0 ? (int64_t)i : (bmap_check(ip, map[0], fb), -1);
}

/* The leaf block (the last indirect block on the path) holding file block
 * FB's entry, whose path BMAP_PATH gave (DEPTH >= 1, SLOT, IDX), in *LEAF:
 * 0 if a hole is on the way.  Returns 0 or -1. */
static int
bmap_leaf(struct inode *ip, uint64_t fb, int depth, uint32_t slot, const uint32_t idx[3],
          uint32_t *leaf)
{
    uint32_t cur = ip->di.i_block[slot];
    for (int level = 0; level < depth - 1 && cur != 0; level++) {
        if (bmap_check(ip, cur, fb) != 0 ||
            bmap_ind_get(ip->fs, cur, idx[level], &cur) != 0)
            return -1;
    }
    if (cur != 0 && bmap_check(ip, cur, fb) != 0)
        return -1;
    *leaf = cur;
    return 0;
}

/* Maps the run of file blocks of IP from FB (lock held, nothing allocated):
 * *BLOCK is FB's disk block (0: a hole) and *COUNT (1 to MAX, MAX >= 1) how
 * many file blocks from FB follow it on the disk block by block (or are
 * holes too), as far as one map block tells.  Returns 0, or -1 as
 * ext2_bmap does. */
int
ext2_bmap_run(struct inode *ip, uint64_t fb, uint32_t max, uint32_t *block,
              uint32_t *count)
{
    uint32_t slot, idx[3], leaf;
    int depth = bmap_path(ip->fs, fb, &slot, idx);
    if (depth < 0) {
        bool fresh;
        return ext2_bmap(ip, fb, false, block, &fresh); /* says why */
    }
    if (depth == 0) {
        uint32_t n = MIN(max, EXT2_NDIR_BLOCKS - slot);
        int64_t len = bmap_run_check(ip, &ip->di.i_block[slot],
                                     ext2_run_length(&ip->di.i_block[slot], n), fb);
        *block = ip->di.i_block[slot];
        *count = (uint32_t)len;
        return len < 0 ? -1 : 0;
    }
    if (bmap_leaf(ip, fb, depth, slot, idx, &leaf) != 0)
        return -1;
    *block = 0;
    *count = 1;
    if (leaf == 0)
        return 0;
    struct buf *b = bcache_get(ip->fs->cache, leaf, BCACHE_READ);
    if (b == NULL)
        return -1;
    const uint32_t *map = (const uint32_t *)b->data + idx[depth - 1];
    uint32_t n = MIN(max, ip->fs->addr_per_block - idx[depth - 1]);
    int64_t len = bmap_run_check(ip, map, ext2_run_length(map, n), fb);
    *block = map[0];
    bcache_put(b);
    *count = len < 0 ? 1 : (uint32_t)len;
    return len < 0 ? -1 : 0;
}

/* Starts reading ahead the map block that file block FB's entry is in, or
 * the first block above it on its path that the block cache does not hold
 * (the path is followed only through cached blocks: no I/O, no waiting for
 * a read ahead).  A sequential reader calls this for blocks it will map
 * soon, so that it does not stop for the map then (IP's lock held). */
void
ext2_bmap_prefetch(struct inode *ip, uint64_t fb)
{
    struct ext2_fs *fs = ip->fs;
    uint32_t slot, idx[3];
    int depth = bmap_path(fs, fb, &slot, idx);
    uint32_t cur = depth > 0 ? ip->di.i_block[slot] : 0;
    for (int level = 0; cur != 0 && ext2_block_is_data(fs, cur); level++) {
        uint32_t next;
        if (level == depth - 1 ||
            !bcache_copy_cached(fs->cache, cur, idx[level] * 4, 4, &next)) {
            bcache_prefetch(fs->cache, cur);
            return;
        }
        cur = next;
    }
}

/* What ext2_bmap_free_all is doing, for its messages. */
struct bmap_free {
    struct inode *ip;
    unsigned complaints; /* messages printed so far */
    uint32_t *copies[3]; /* one block's worth of entries per indirect level */
};

/* Reports that BLOCK of FREE's inode could not be freed (WHY). */
static void
bmap_complain(struct bmap_free *f, uint32_t block, const char *why)
{
    if (f->complaints++ < BMAP_COMPLAINTS)
        printf("ext2: inode %u: not freeing block %u: %s\n", f->ip->ino, block, why);
}

/* Frees BLOCK and, if DEPTH > 0, the blocks it points to (DEPTH levels of
 * indirection).  A block that is not a data block or already free is
 * reported and not followed, so loops and shared blocks end quickly. */
static void
bmap_free_tree(struct bmap_free *f, uint32_t block, int depth)
{
    struct ext2_fs *fs = f->ip->fs;

    if (!ext2_block_is_data(fs, block)) {
        bmap_complain(f, block, "outside the data area");
        return;
    }
    uint32_t *copy = depth > 0 ? f->copies[depth - 1] : NULL;
    if (copy != NULL) {
        struct buf *b = bcache_get(fs->cache, block, BCACHE_READ);
        if (b == NULL)
            return;
        memcpy(copy, b->data, fs->block_size);
        bcache_put(b);
    }
    if (!ext2_block_free(fs, block)) {
        bmap_complain(f, block, "already free (a loop or a shared block)");
        return;
    }
    for (uint32_t i = 0; copy != NULL && i < fs->addr_per_block; i++)
        if (copy[i] != 0)
            bmap_free_tree(f, copy[i], depth - 1);
}

/* Frees every block of IP's map (the caller is the inode's last user) and
 * clears i_block; i_blocks keeps only the extended-attribute block. */
void
ext2_bmap_free_all(struct inode *ip)
{
    struct ext2_fs *fs = ip->fs;
    struct bmap_free f = {.ip = ip};

    for (int i = 0; i < 3; i++) {
        f.copies[i] = malloc(fs->block_size);
        if (f.copies[i] == NULL) {
            printf("ext2: inode %u: out of memory: its blocks stay allocated\n", ip->ino);
            goto out;
        }
    }
    for (int slot = 0; slot < EXT2_N_BLOCKS; slot++) {
        int depth = slot < EXT2_NDIR_BLOCKS ? 0 : slot - EXT2_NDIR_BLOCKS + 1;
        if (ip->di.i_block[slot] != 0)
            bmap_free_tree(&f, ip->di.i_block[slot], depth);
        ip->di.i_block[slot] = 0;
    }
    ip->di.i_blocks = ip->di.i_file_acl != 0 ? fs->sectors_per_block : 0;
out:
    for (int i = 0; i < 3; i++)
        free(f.copies[i]);
}
