/* Block and inode allocation over the per-group bitmaps.
 *
 * One allocation lock per file system (fs->alloc_lock) covers every bitmap,
 * the free counts in the group descriptors and the superblock, and the used
 * directory counts.  It is held across the bitmap's buffer (which may mean a
 * disk read on a cache miss), never across file data I/O.  Each change is
 * written into the cached bitmap and descriptor blocks at once; the
 * superblock's counts reach the cache at the next sync. */
#include "fs/ext2fs.h"

#include "kernel/printf.h"

/* The index of the first clear bit of MAP in [FROM, END), or END. */
static uint32_t
bitmap_find_clear(const uint8_t *map, uint32_t from, uint32_t end)
{
    for (uint32_t i = from; i < end; i++) {
        if (i % 8 == 0 && i + 8 <= end && map[i / 8] == 0xff) {
            i += 7;
            continue;
        }
        if ((map[i / 8] & (1u << (i % 8))) == 0)
            return i;
    }
    return end;
}

/* Bit I of MAP. */
static bool
bitmap_get(const uint8_t *map, uint32_t i)
{
    return (map[i / 8] >> (i % 8)) & 1;
}

/* Sets bit I of MAP to VALUE. */
static void
bitmap_put(uint8_t *map, uint32_t i, bool value)
{
    if (value)
        map[i / 8] |= (uint8_t)(1u << (i % 8));
    else
        map[i / 8] &= (uint8_t) ~(1u << (i % 8));
}

/* Blocks in group G (the last one may be short). */
static uint32_t
group_blocks(const struct ext2_fs *fs, uint32_t g)
{
    uint32_t first = ext2_group_first_block(fs, g);
    uint32_t left = fs->blocks_count - first;
    return left < fs->blocks_per_group ? left : fs->blocks_per_group;
}

/* Finds a clear bit of MAP (N bits) at or after FROM, wrapping around, whose
 * block passes ext2_block_is_data.  Returns its index or N. */
static uint32_t
block_find_free(struct ext2_fs *fs, uint32_t g, const uint8_t *map, uint32_t from,
                uint32_t n)
{
    uint32_t first = ext2_group_first_block(fs, g);

    for (int pass = 0; pass < 2; pass++) {
        uint32_t end = pass == 0 ? n : from;
        uint32_t i = pass == 0 ? from : 0;
        while ((i = bitmap_find_clear(map, i, end)) < end) {
            if (ext2_block_is_data(fs, first + i))
                return i;
            printf("ext2: block bitmap of group %u marks metadata block %u free\n", g,
                   first + i);
            i++;
        }
    }
    return n;
}

/* Allocates a block of group G, searching from index FROM.  Allocation lock
 * held.  Returns 0 with the block in *BLOCK, or -1 if the group has none. */
static int
block_alloc_in_group(struct ext2_fs *fs, uint32_t g, uint32_t from, uint32_t *block)
{
    struct ext2_group_desc *gd = &fs->groups[g];
    uint32_t n = group_blocks(fs, g);

    if (gd->bg_free_blocks_count == 0)
        return -1;
    struct buf *b = bcache_get(fs->cache, gd->bg_block_bitmap, BCACHE_READ);
    if (b == NULL)
        return -1;
    uint32_t i = block_find_free(fs, g, b->data, from < n ? from : 0, n);
    if (i == n) {
        bcache_put(b);
        printf("ext2: group %u: %u blocks counted free but the bitmap has none\n", g,
               gd->bg_free_blocks_count);
        return -1;
    }
    bitmap_put(b->data, i, true);
    bcache_mark_dirty(b);
    bcache_put(b);
    gd->bg_free_blocks_count--;
    fs->sb.s_free_blocks_count--;
    ext2_group_write(fs, g);
    *block = ext2_group_first_block(fs, g) + i;
    return 0;
}

/* Allocates a free block, as close after GOAL as possible.  Returns 0 with
 * the block in *BLOCK, or -1 if the file system is full.  The block's old
 * contents are not cleared. */
int
ext2_block_alloc(struct ext2_fs *fs, uint32_t goal, uint32_t *block)
{
    int r = -1;

    if (goal < fs->first_data_block || goal >= fs->blocks_count)
        goal = fs->first_data_block;
    uint32_t g0 = ext2_group_of_block(fs, goal);
    lock_acquire(&fs->alloc_lock);
    for (uint32_t i = 0; i < fs->group_count && r != 0; i++) {
        uint32_t g = (g0 + i) % fs->group_count;
        uint32_t from = i == 0 ? goal - ext2_group_first_block(fs, g) : 0;
        r = block_alloc_in_group(fs, g, from, block);
    }
    lock_release(&fs->alloc_lock);
    return r;
}

/* Frees BLOCK.  Returns true, or false (changing nothing) if BLOCK is not a
 * data block, is already free, or its bitmap cannot be read. */
bool
ext2_block_free(struct ext2_fs *fs, uint32_t block)
{
    if (!ext2_block_is_data(fs, block))
        return false;
    uint32_t g = ext2_group_of_block(fs, block);
    uint32_t i = block - ext2_group_first_block(fs, g);
    lock_acquire(&fs->alloc_lock);
    struct buf *b = bcache_get(fs->cache, fs->groups[g].bg_block_bitmap, BCACHE_READ);
    bool freed = b != NULL && bitmap_get(b->data, i);
    if (freed) {
        bitmap_put(b->data, i, false);
        bcache_mark_dirty(b);
        fs->groups[g].bg_free_blocks_count++;
        fs->sb.s_free_blocks_count++;
    }
    if (b != NULL)
        bcache_put(b);
    if (freed)
        ext2_group_write(fs, g);
    lock_release(&fs->alloc_lock);
    return freed;
}

/* The group where a new directory goes: among the groups with at least the
 * average number of free inodes, the one with the most free blocks, searched
 * from a rotating start so directories spread out.  Allocation lock held. */
static uint32_t
ino_dir_group(struct ext2_fs *fs)
{
    uint32_t avg = fs->sb.s_free_inodes_count / fs->group_count;
    uint32_t best = fs->alloc_dir_group % fs->group_count;

    for (uint32_t i = 0; i < fs->group_count; i++) {
        uint32_t g = (fs->alloc_dir_group + i) % fs->group_count;
        const struct ext2_group_desc *gd = &fs->groups[g];
        if (gd->bg_free_inodes_count == 0 || gd->bg_free_inodes_count < avg)
            continue;
        if (gd->bg_free_blocks_count > fs->groups[best].bg_free_blocks_count ||
            fs->groups[best].bg_free_inodes_count == 0)
            best = g;
    }
    fs->alloc_dir_group = best + 1;
    return best;
}

/* Allocates an inode of group G.  Allocation lock held.  Returns 0 with the
 * inode number in *INO, or -1 if the group has none. */
static int
ino_alloc_in_group(struct ext2_fs *fs, uint32_t g, bool dir, uint32_t *ino)
{
    struct ext2_group_desc *gd = &fs->groups[g];
    uint32_t base = g * fs->inodes_per_group; /* inode base + 1 is bit 0 */
    uint32_t from = base < fs->first_ino - 1 ? fs->first_ino - 1 - base : 0;

    if (gd->bg_free_inodes_count == 0 || from >= fs->inodes_per_group)
        return -1;
    struct buf *b = bcache_get(fs->cache, gd->bg_inode_bitmap, BCACHE_READ);
    if (b == NULL)
        return -1;
    uint32_t i = bitmap_find_clear(b->data, from, fs->inodes_per_group);
    if (i == fs->inodes_per_group) {
        bcache_put(b);
        printf("ext2: group %u: %u inodes counted free but the bitmap has none\n", g,
               gd->bg_free_inodes_count);
        return -1;
    }
    bitmap_put(b->data, i, true);
    bcache_mark_dirty(b);
    bcache_put(b);
    gd->bg_free_inodes_count--;
    fs->sb.s_free_inodes_count--;
    if (dir)
        gd->bg_used_dirs_count++;
    ext2_group_write(fs, g);
    *ino = base + i + 1;
    return 0;
}

/* Allocates an inode number for a new file (near group NEAR_GROUP) or
 * directory (DIR: spread over the groups).  Returns 0 with it in *INO, or -1
 * if none is free.  The inode itself is not initialized. */
int
ext2_ino_alloc(struct ext2_fs *fs, uint32_t near_group, bool dir, uint32_t *ino)
{
    int r = -1;

    lock_acquire(&fs->alloc_lock);
    uint32_t g0 = dir ? ino_dir_group(fs) : near_group % fs->group_count;
    for (uint32_t i = 0; i < fs->group_count && r != 0; i++)
        r = ino_alloc_in_group(fs, (g0 + i) % fs->group_count, dir, ino);
    lock_release(&fs->alloc_lock);
    return r;
}

/* Frees inode INO (a directory if DIR); an inode that is already free is
 * reported and left alone. */
void
ext2_ino_free(struct ext2_fs *fs, uint32_t ino, bool dir)
{
    uint32_t g = (ino - 1) / fs->inodes_per_group;
    uint32_t i = (ino - 1) % fs->inodes_per_group;
    struct ext2_group_desc *gd = &fs->groups[g];

    lock_acquire(&fs->alloc_lock);
    struct buf *b = bcache_get(fs->cache, gd->bg_inode_bitmap, BCACHE_READ);
    if (b != NULL && !bitmap_get(b->data, i)) {
        printf("ext2: inode %u freed but already free\n", ino);
    } else if (b != NULL) {
        bitmap_put(b->data, i, false);
        bcache_mark_dirty(b);
        gd->bg_free_inodes_count++;
        fs->sb.s_free_inodes_count++;
        if (dir && gd->bg_used_dirs_count > 0)
            gd->bg_used_dirs_count--;
    }
    if (b != NULL) {
        bcache_put(b);
        ext2_group_write(fs, g);
    }
    lock_release(&fs->alloc_lock);
}
