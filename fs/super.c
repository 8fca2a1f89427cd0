/* Mounting: reading and checking the superblock and the group descriptors,
 * the geometry derived from them, and writing them back.  Everything a later
 * operation trusts about the layout is checked here, so a corrupted or foreign
 * disk fails the mount with a message instead of misleading the code below. */
#include "fs/ext2fs.h"

#include "kernel/clock.h"
#include "kernel/malloc.h"
#include "kernel/printf.h"
#include "lib/string.h"
#include "lib/util.h"

/* The group that holds BLOCK (which must be inside the file system). */
uint32_t
ext2_group_of_block(const struct ext2_fs *fs, uint32_t block)
{
    return (block - fs->first_data_block) / fs->blocks_per_group;
}

/* The first block of GROUP. */
uint32_t
ext2_group_first_block(const struct ext2_fs *fs, uint32_t group)
{
    return fs->first_data_block + group * fs->blocks_per_group;
}

/* True if N is a power of BASE (1 counts). */
static bool
is_power_of(uint32_t n, uint32_t base)
{
    while (n > 1 && n % base == 0)
        n /= base;
    return n == 1;
}

/* True if GROUP starts with a copy of the superblock and the descriptors. */
bool
ext2_group_has_super(const struct ext2_fs *fs, uint32_t group)
{
    if (group <= 1 || !fs->sparse_super)
        return true;
    return is_power_of(group, 3) || is_power_of(group, 5) || is_power_of(group, 7);
}

/* Blocks at the start of GROUP taken by the superblock, descriptor and
 * reserved descriptor copies (0 if the group has none). */
static uint32_t
group_super_blocks(const struct ext2_fs *fs, uint32_t group)
{
    return ext2_group_has_super(fs, group) ? 1 + fs->gdt_blocks + fs->reserved_gdt : 0;
}

/* True if BLOCK may hold file data or an indirect block: inside the file
 * system and not one of its group's superblock, descriptor, bitmap or
 * inode-table blocks.  Every block number read from an inode or an indirect
 * block passes this before it is read or written. */
bool
ext2_block_is_data(const struct ext2_fs *fs, uint32_t block)
{
    if (block < fs->first_data_block || block >= fs->blocks_count)
        return false;
    uint32_t g = ext2_group_of_block(fs, block);
    const struct ext2_group_desc *gd = &fs->groups[g];
    if (block - ext2_group_first_block(fs, g) < group_super_blocks(fs, g))
        return false;
    if (block == gd->bg_block_bitmap || block == gd->bg_inode_bitmap)
        return false;
    return block < gd->bg_inode_table || block - gd->bg_inode_table >= fs->itable_blocks;
}

/* The first block after BLOCK, a data block, that is not one: the next
 * bitmap or inode-table block of its group, or the group's end. */
static uint32_t
data_stretch_end(const struct ext2_fs *fs, uint32_t block)
{
    uint32_t g = ext2_group_of_block(fs, block);
    const struct ext2_group_desc *gd = &fs->groups[g];
    uint32_t end = (uint32_t)MIN(
        (uint64_t)ext2_group_first_block(fs, g) + fs->blocks_per_group, fs->blocks_count);
    if (gd->bg_block_bitmap > block)
        end = MIN(end, gd->bg_block_bitmap);
    if (gd->bg_inode_bitmap > block)
        end = MIN(end, gd->bg_inode_bitmap);
    if (gd->bg_inode_table > block)
        end = MIN(end, gd->bg_inode_table);
    return end;
}

uint32_t
ext2_data_run(const struct ext2_fs *fs, uint32_t block, uint32_t len)
{
    uint32_t n = 0;
    while (n < len && ext2_block_is_data(fs, block + n))
        n = (uint32_t)MIN((uint64_t)len,
                          (uint64_t)data_stretch_end(fs, block + n) - block);
    return n;
}

/* Checks the features of SB; sets *READ_ONLY if some can be read but not
 * written.  Returns 0, or -1 after a message. */
static int
super_check_features(const struct ext2_super *sb, const char *dev, bool *read_only)
{
    if (sb->s_rev_level == 0)
        return 0;
    uint32_t incompat = sb->s_feature_incompat & ~EXT2_INCOMPAT_SUPPORTED;
    if (incompat != 0) {
        printf("ext2: %s: unsupported incompatible features %#x: not mounting\n", dev,
               incompat);
        return -1;
    }
    uint32_t ro = sb->s_feature_ro_compat & ~EXT2_RO_COMPAT_SUPPORTED;
    if (ro != 0) {
        printf("ext2: %s: unsupported read-only features %#x: mounting read-only\n", dev,
               ro);
        *read_only = true;
    }
    return 0;
}

/* Checks the sizes and counts of SB against each other and the device.
 * Returns 0, or -1 after a message. */
static int
super_check_geometry(const struct ext2_super *sb, const struct block_device *dev)
{
    const char *why = NULL;
    uint32_t bs = 1024u << (sb->s_log_block_size & 7);
    uint32_t rev = sb->s_rev_level;

    if (sb->s_log_block_size > 2)
        why = "block size is not 1, 2 or 4 KiB";
    else if (sb->s_first_data_block != (bs == 1024 ? 1u : 0u))
        why = "first data block does not match the block size";
    else if (sb->s_blocks_per_group < 8 || sb->s_blocks_per_group > 8 * bs ||
             sb->s_blocks_per_group % 8 != 0)
        why = "bad blocks per group";
    else if (sb->s_inodes_per_group == 0 || sb->s_inodes_per_group > 8 * bs)
        why = "bad inodes per group";
    else if (rev == 1 &&
             (sb->s_inode_size < EXT2_GOOD_OLD_INODE || sb->s_inode_size > bs ||
              (sb->s_inode_size & (sb->s_inode_size - 1)) != 0))
        why = "bad inode size";
    else if (sb->s_blocks_count <= sb->s_first_data_block)
        why = "bad block count";
    else if ((uint64_t)sb->s_blocks_count * (bs / BLOCK_SECTOR_SIZE) > dev->sectors)
        why = "file system is larger than the device";
    if (why == NULL) {
        uint64_t groups =
            DIV_ROUND_UP((uint64_t)sb->s_blocks_count - sb->s_first_data_block,
                         sb->s_blocks_per_group);
        if (groups * sb->s_inodes_per_group != sb->s_inodes_count)
            why = "inode count does not match the groups";
        else if (rev == 1 && (sb->s_first_ino < EXT2_GOOD_OLD_FIRST_INO ||
                              sb->s_first_ino > sb->s_inodes_count))
            why = "bad first inode";
        else if (sb->s_inodes_count < EXT2_GOOD_OLD_FIRST_INO)
            why = "too few inodes";
    }
    if (why != NULL) {
        printf("ext2: %s: bad superblock: %s\n", dev->name, why);
        return -1;
    }
    return 0;
}

/* Reads and checks the superblock of DEV into FS->sb.  Returns 0 or -1. */
static int
super_read(struct ext2_fs *fs, struct block_device *dev)
{
    if (block_read(dev, EXT2_SUPER_OFFSET / BLOCK_SECTOR_SIZE, &fs->sb,
                   EXT2_SUPER_SIZE / BLOCK_SECTOR_SIZE) != 0) {
        printf("ext2: %s: cannot read the superblock\n", dev->name);
        return -1;
    }
    if (fs->sb.s_magic != EXT2_MAGIC) {
        printf("ext2: %s: not an ext2 file system (bad magic %#x)\n", dev->name,
               fs->sb.s_magic);
        return -1;
    }
    if (fs->sb.s_rev_level > 1) {
        printf("ext2: %s: unknown revision %u\n", dev->name, fs->sb.s_rev_level);
        return -1;
    }
    if (super_check_geometry(&fs->sb, dev) != 0)
        return -1;
    return super_check_features(&fs->sb, dev->name, &fs->read_only);
}

/* Fills in FS's geometry from its (checked) superblock. */
static void
super_geometry(struct ext2_fs *fs)
{
    const struct ext2_super *sb = &fs->sb;
    bool rev1 = sb->s_rev_level == 1;

    fs->rev_level = sb->s_rev_level;
    fs->block_size = 1024u << sb->s_log_block_size;
    fs->sectors_per_block = fs->block_size / BLOCK_SECTOR_SIZE;
    fs->addr_per_block = fs->block_size / 4;
    fs->blocks_count = sb->s_blocks_count;
    fs->inodes_count = sb->s_inodes_count;
    fs->first_data_block = sb->s_first_data_block;
    fs->blocks_per_group = sb->s_blocks_per_group;
    fs->inodes_per_group = sb->s_inodes_per_group;
    fs->group_count =
        DIV_ROUND_UP(fs->blocks_count - fs->first_data_block, fs->blocks_per_group);
    fs->inode_size = rev1 ? sb->s_inode_size : EXT2_GOOD_OLD_INODE;
    fs->first_ino = rev1 ? sb->s_first_ino : EXT2_GOOD_OLD_FIRST_INO;
    fs->itable_blocks =
        DIV_ROUND_UP(fs->inodes_per_group * fs->inode_size, fs->block_size);
    fs->gdt_blocks =
        DIV_ROUND_UP(fs->group_count * sizeof(struct ext2_group_desc), fs->block_size);
    fs->reserved_gdt = rev1 && (sb->s_feature_compat & EXT2_FEATURE_COMPAT_RESIZE_INODE)
                           ? sb->s_reserved_gdt_blocks
                           : 0;
    fs->filetype = rev1 && (sb->s_feature_incompat & EXT2_FEATURE_INCOMPAT_FILETYPE);
    fs->large_file =
        rev1 && (sb->s_feature_ro_compat & EXT2_FEATURE_RO_COMPAT_LARGE_FILE);
    fs->sparse_super =
        rev1 && (sb->s_feature_ro_compat & EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER);
    uint64_t a = fs->addr_per_block;
    uint64_t map_blocks = EXT2_NDIR_BLOCKS + a + a * a + a * a * a;
    uint64_t limit = fs->large_file ? EXT2_LARGE_FILE_MAX : EXT2_SMALL_FILE_MAX;
    fs->max_file_size = MIN(map_blocks * fs->block_size, limit);
}

/* Checks group G's descriptor: its bitmaps and inode table lie inside the
 * group, after its superblock copy, and its counts fit.  NULL or the reason. */
static const char *
group_check(const struct ext2_fs *fs, uint32_t g)
{
    const struct ext2_group_desc *gd = &fs->groups[g];
    uint32_t start = ext2_group_first_block(fs, g);
    uint32_t end = MIN((uint64_t)start + fs->blocks_per_group, fs->blocks_count);
    uint32_t meta = start + group_super_blocks(fs, g);

    if (meta > end || meta < start)
        return "superblock copy does not fit in the group";
    if (gd->bg_block_bitmap < meta || gd->bg_block_bitmap >= end)
        return "block bitmap outside the group";
    if (gd->bg_inode_bitmap < meta || gd->bg_inode_bitmap >= end ||
        gd->bg_inode_bitmap == gd->bg_block_bitmap)
        return "inode bitmap outside the group";
    if (gd->bg_inode_table < meta || gd->bg_inode_table > end ||
        end - gd->bg_inode_table < fs->itable_blocks)
        return "inode table outside the group";
    if (gd->bg_block_bitmap - gd->bg_inode_table < fs->itable_blocks ||
        gd->bg_inode_bitmap - gd->bg_inode_table < fs->itable_blocks)
        return "bitmap inside the inode table";
    if (gd->bg_free_blocks_count > end - start ||
        gd->bg_free_inodes_count > fs->inodes_per_group ||
        gd->bg_used_dirs_count > fs->inodes_per_group)
        return "impossible counts";
    return NULL;
}

/* Reads and checks the group descriptors into FS->groups, and makes the
 * superblock's free counts their sums.  Returns 0 or -1. */
static int
groups_load(struct ext2_fs *fs)
{
    size_t per_block = fs->block_size / sizeof(struct ext2_group_desc);
    uint64_t free_blocks = 0, free_inodes = 0;

    fs->groups = calloc(fs->gdt_blocks * per_block, sizeof *fs->groups);
    if (fs->groups == NULL)
        return -1;
    for (uint32_t i = 0; i < fs->gdt_blocks; i++) {
        struct buf *b = bcache_get(fs->cache, fs->first_data_block + 1 + i, BCACHE_READ);
        if (b == NULL)
            return -1;
        memcpy(fs->groups + i * per_block, b->data, fs->block_size);
        bcache_put(b);
    }
    for (uint32_t g = 0; g < fs->group_count; g++) {
        const char *why = group_check(fs, g);
        if (why != NULL) {
            printf("ext2: %s: bad descriptor of group %u: %s\n", fs->dev->name, g, why);
            return -1;
        }
        free_blocks += fs->groups[g].bg_free_blocks_count;
        free_inodes += fs->groups[g].bg_free_inodes_count;
    }
    fs->sb.s_free_blocks_count = free_blocks;
    fs->sb.s_free_inodes_count = free_inodes;
    return 0;
}

/* Copies the in-memory superblock into its cached block (allocation lock
 * held, or nothing else running).  Returns 0 or -1. */
int
ext2_super_write(struct ext2_fs *fs)
{
    if (fs->read_only)
        return 0;
    struct buf *b =
        bcache_get(fs->cache, EXT2_SUPER_OFFSET / fs->block_size, BCACHE_READ);
    if (b == NULL)
        return -1;
    memcpy(b->data + EXT2_SUPER_OFFSET % fs->block_size, &fs->sb, EXT2_SUPER_SIZE);
    bcache_mark_dirty(b);
    bcache_put(b);
    return 0;
}

/* Copies group GROUP's descriptor into its cached GDT block (allocation
 * lock held).  Returns 0 or -1. */
int
ext2_group_write(struct ext2_fs *fs, uint32_t group)
{
    size_t off = (size_t)group * sizeof(struct ext2_group_desc);
    uint32_t block = fs->first_data_block + 1 + off / fs->block_size;
    struct buf *b = bcache_get(fs->cache, block, BCACHE_READ);
    if (b == NULL)
        return -1;
    memcpy(b->data + off % fs->block_size, &fs->groups[group], sizeof fs->groups[group]);
    bcache_mark_dirty(b);
    bcache_put(b);
    return 0;
}

/* Frees FS and whatever it holds (no inode may be open). */
static void
ext2_free(struct ext2_fs *fs)
{
    if (fs->cache != NULL)
        bcache_destroy(fs->cache);
    free(fs->groups);
    free(fs);
}

/* Opens the root directory of FS and marks FS mounted on the disk.  Returns 0
 * or -1. */
static int
ext2_mount_finish(struct ext2_fs *fs)
{
    fs->root = ext2_inode_open(fs, EXT2_ROOT_INO);
    if (fs->root == NULL || !ext2_inode_is_dir(fs->root)) {
        printf("ext2: %s: the root inode is not a directory\n", fs->dev->name);
        return -1;
    }
    fs->mount_state = fs->sb.s_state;
    if ((fs->sb.s_state & EXT2_VALID_FS) == 0 || (fs->sb.s_state & EXT2_ERROR_FS))
        printf("ext2: %s: warning: file system not clean, run e2fsck\n", fs->dev->name);
    if (fs->read_only)
        return 0;
    fs->sb.s_state &= ~EXT2_VALID_FS;
    fs->sb.s_mnt_count++;
    fs->sb.s_mtime = clock_now();
    return ext2_sync(fs);
}

/* Mounts the ext2 file system on DEV with a cache of CACHE_BUFFERS blocks.
 * Returns it, or NULL after printing why. */
struct ext2_fs *
ext2_mount(struct block_device *dev, size_t cache_buffers)
{
    struct ext2_fs *fs = calloc(1, sizeof *fs);
    if (fs == NULL) {
        printf("ext2: %s: out of memory\n", dev->name);
        return NULL;
    }
    fs->dev = dev;
    lock_init(&fs->alloc_lock);
    lock_init(&fs->itable_lock);
    cond_init(&fs->itable_loaded);
    list_init(&fs->itable);
    if (super_read(fs, dev) != 0) {
        ext2_free(fs);
        return NULL;
    }
    super_geometry(fs);
    fs->cache = bcache_create(dev, fs->block_size, fs->blocks_count, cache_buffers,
                              fs->read_only);
    if (fs->cache == NULL || groups_load(fs) != 0 || ext2_mount_finish(fs) != 0) {
        if (fs->cache == NULL || fs->groups == NULL)
            printf("ext2: %s: out of memory\n", dev->name);
        ext2_inode_close_all(fs);
        ext2_free(fs);
        return NULL;
    }
    return fs;
}

/* Writes the superblock and every dirty cached block to the disk.  Returns
 * 0, or -1 if a write failed. */
int
ext2_sync(struct ext2_fs *fs)
{
    if (fs->read_only)
        return 0;
    lock_acquire(&fs->alloc_lock);
    fs->sb.s_wtime = clock_now();
    int r = ext2_super_write(fs);
    lock_release(&fs->alloc_lock);
    if (bcache_sync(fs->cache) != 0)
        r = -1;
    return r;
}

/* Closes every inode, restores the superblock's state, syncs and frees FS. */
void
ext2_unmount(struct ext2_fs *fs)
{
    ext2_inode_close_all(fs);
    if (!fs->read_only) {
        fs->sb.s_state = fs->mount_state;
        ext2_sync(fs);
    }
    ext2_free(fs);
}
