/* Directories: linear lists of entries in the directory's blocks.  Every
 * block is checked entry by entry each time it is used (record lengths
 * within the block and multiples of 4, names within their records, inode
 * numbers in range), so a damaged directory fails with a message naming the
 * directory, block and offset.  A directory with a hashed index (dir_index)
 * reads fine linearly: the index blocks look like empty entries.  Any change
 * clears its index flag, so e2fsck does not expect the stale index to match.
 *
 * The caller holds the directory's inode lock for every function here. */
#include "fs/ext2fs.h"

#include "kernel/printf.h"
#include "lib/string.h"
#include "lib/util.h"

/* The entry at byte OFF of directory block DATA. */
static struct ext2_dirent *
dirent_at(uint8_t *data, uint32_t off)
{
    return (struct ext2_dirent *)(data + off);
}

/* The name length of E: 8 bits with the filetype feature, else 16. */
static uint32_t
dirent_name_len(const struct ext2_fs *fs, const struct ext2_dirent *e)
{
    return fs->filetype ? e->name_len : e->name_len | (uint32_t)e->file_type << 8;
}

/* True if E is in use and named NAME (LEN bytes). */
static bool
dirent_is(const struct ext2_fs *fs, const struct ext2_dirent *e, const char *name,
          size_t len)
{
    return e->inode != 0 && dirent_name_len(fs, e) == len &&
           memcmp(e->name, name, len) == 0;
}

/* True if E is "." or "..". */
static bool
dirent_is_dot(const struct ext2_fs *fs, const struct ext2_dirent *e)
{
    return dirent_is(fs, e, ".", 1) || dirent_is(fs, e, "..", 2);
}

/* Checks every entry of DATA, block FB of directory DIR.  Returns 0, or -1
 * after a message. */
static int
dir_block_check(struct inode *dir, uint64_t fb, uint8_t *data)
{
    const struct ext2_fs *fs = dir->fs;
    uint32_t off = 0, rec_len = 0, name_len = 0;
    const char *why = NULL;

    while (off < fs->block_size && why == NULL) {
        if (fs->block_size - off < EXT2_DIRENT_HEADER) {
            why = "entry header crosses the end of the block";
            break;
        }
        struct ext2_dirent *e = dirent_at(data, off);
        rec_len = e->rec_len;
        name_len = dirent_name_len(fs, e);
        if (rec_len < EXT2_DIRENT_HEADER || rec_len % 4 != 0 ||
            rec_len > fs->block_size - off)
            why = "bad record length";
        else if (name_len + EXT2_DIRENT_HEADER > rec_len)
            why = "name longer than its record";
        else if (e->inode > fs->inodes_count || (e->inode != 0 && name_len == 0))
            why = "bad inode number or empty name";
        else
            off += rec_len;
    }
    if (why == NULL)
        return 0;
    printf("ext2: directory inode %u, block %llu, offset %u: %s (rec_len %u, "
           "name_len %u)\n",
           dir->ino, (unsigned long long)fb, off, why, rec_len, name_len);
    return -1;
}

/* Blocks of directory DIR. */
static uint64_t
dir_blocks(const struct inode *dir)
{
    return ext2_inode_size(dir) / dir->fs->block_size;
}

/* Returns block FB of directory DIR, checked, held by the caller; NULL after
 * a message if it is a hole, damaged or unreadable. */
static struct buf *
dir_get_block(struct inode *dir, uint64_t fb)
{
    uint32_t block;
    bool fresh;

    if (ext2_bmap(dir, fb, false, &block, &fresh) != 0)
        return NULL;
    if (block == 0) {
        printf("ext2: directory inode %u has a hole at block %llu\n", dir->ino,
               (unsigned long long)fb);
        return NULL;
    }
    struct buf *b = bcache_get(dir->fs->cache, block, BCACHE_READ);
    if (b != NULL && dir_block_check(dir, fb, b->data) != 0) {
        bcache_put(b);
        return NULL;
    }
    return b;
}

/* Looks up NAME (LEN bytes) in DIR.  Returns 1 with its inode number in *INO,
 * 0 if there is no such entry, or -1 if the directory is damaged. */
int
ext2_dir_lookup(struct inode *dir, const char *name, size_t len, uint32_t *ino)
{
    for (uint64_t fb = 0; fb < dir_blocks(dir); fb++) {
        struct buf *b = dir_get_block(dir, fb);
        if (b == NULL)
            return -1;
        for (uint32_t off = 0; off < dir->fs->block_size;) {
            struct ext2_dirent *e = dirent_at(b->data, off);
            if (dirent_is(dir->fs, e, name, len)) {
                *ino = e->inode;
                bcache_put(b);
                return 1;
            }
            off += e->rec_len;
        }
        bcache_put(b);
    }
    return 0;
}

/* The directory-entry file type for inode mode MODE. */
uint8_t
ext2_dir_file_type(uint16_t mode)
{
    static const uint8_t types[16] = {
        [1] = 5, [2] = 3, [4] = 2, [6] = 4, [8] = 1, [10] = 7, [12] = 6};
    return types[(mode & EXT2_S_IFMT) >> 12];
}

/* Fills in entry E with NAME (LEN bytes), INO and TYPE, keeping its rec_len. */
static void
dirent_fill(const struct ext2_fs *fs, struct ext2_dirent *e, const char *name, size_t len,
            uint32_t ino, uint8_t type)
{
    e->inode = ino;
    e->name_len = (uint8_t)len;
    e->file_type = fs->filetype ? type : 0;
    memcpy(e->name, name, len);
}

/* Marks DIR changed: new times, index flag cleared, written back. */
static void
dir_changed(struct inode *dir)
{
    dir->di.i_flags &= ~EXT2_INDEX_FL;
    ext2_inode_touch(dir, true);
    ext2_inode_write(dir);
}

/* Puts an entry for NAME in block data DATA if one fits.  Returns true if
 * it did. */
static bool
dir_block_insert(const struct ext2_fs *fs, uint8_t *data, const char *name, size_t len,
                 uint32_t ino, uint8_t type)
{
    uint32_t need = EXT2_DIRENT_SIZE(len);

    for (uint32_t off = 0; off < fs->block_size;) {
        struct ext2_dirent *e = dirent_at(data, off);
        uint32_t used = e->inode != 0 ? EXT2_DIRENT_SIZE(dirent_name_len(fs, e)) : 0;
        if (e->rec_len - used >= need) {
            if (used != 0) {
                struct ext2_dirent *n = dirent_at(data, off + used);
                n->rec_len = e->rec_len - used;
                e->rec_len = used;
                e = n;
            }
            dirent_fill(fs, e, name, len, ino, type);
            return true;
        }
        off += e->rec_len;
    }
    return false;
}

/* Adds a block to DIR holding one entry for NAME; the block and DIR's new
 * size are on the disk when it returns.  Returns 0 or -1. */
static int
dir_append_block(struct inode *dir, const char *name, size_t len, uint32_t ino,
                 uint8_t type)
{
    uint32_t bs = dir->fs->block_size, block;
    uint64_t fb = dir_blocks(dir);
    bool fresh;

    if ((fb + 1) * bs > UINT32_MAX || ext2_bmap(dir, fb, true, &block, &fresh) != 0)
        return -1;
    struct buf *b = bcache_get(dir->fs->cache, block, BCACHE_ZERO);
    if (b == NULL)
        return -1;
    struct ext2_dirent *e = dirent_at(b->data, 0);
    e->rec_len = bs;
    dirent_fill(dir->fs, e, name, len, ino, type);
    bcache_mark_dirty(b);
    int r = bcache_write_now(b);
    bcache_put(b);
    ext2_inode_set_size(dir, (fb + 1) * bs);
    return r == 0 ? ext2_inode_write_now(dir) : -1; /* the new size, too */
}

/* Adds entry NAME (LEN bytes, not already present) -> INO of file type TYPE
 * to DIR, in the first gap big enough or in a new block.  The entry is on the
 * disk when it returns 0 (namei_make links INO only then); -1 if the
 * directory is damaged, the disk is full or the write failed. */
int
ext2_dir_add(struct inode *dir, const char *name, size_t len, uint32_t ino, uint8_t type)
{
    int r = -1;

    for (uint64_t fb = 0; fb < dir_blocks(dir) && r != 0; fb++) {
        struct buf *b = dir_get_block(dir, fb);
        if (b == NULL)
            return -1;
        if (dir_block_insert(dir->fs, b->data, name, len, ino, type)) {
            bcache_mark_dirty(b);
            r = bcache_write_now(b);
        }
        bcache_put(b);
    }
    if (r != 0)
        r = dir_append_block(dir, name, len, ino, type);
    dir_changed(dir);
    return r;
}

/* Removes entry NAME (LEN bytes) from DIR: merged into the entry before it,
 * or marked unused if it is first in its block.  Returns 1 if removed, 0 if
 * there is no such entry, -1 if the directory is damaged. */
int
ext2_dir_remove(struct inode *dir, const char *name, size_t len)
{
    for (uint64_t fb = 0; fb < dir_blocks(dir); fb++) {
        struct buf *b = dir_get_block(dir, fb);
        if (b == NULL)
            return -1;
        struct ext2_dirent *prev = NULL;
        for (uint32_t off = 0; off < dir->fs->block_size;) {
            struct ext2_dirent *e = dirent_at(b->data, off);
            if (dirent_is(dir->fs, e, name, len)) {
                if (prev != NULL)
                    prev->rec_len += e->rec_len;
                else
                    e->inode = 0;
                bcache_mark_dirty(b);
                bcache_put(b);
                dir_changed(dir);
                return 1;
            }
            prev = e;
            off += e->rec_len;
        }
        bcache_put(b);
    }
    return 0;
}

/* Returns 1 if DIR has no entries but "." and "..", 0 if it has some, -1 if
 * it is damaged. */
int
ext2_dir_is_empty(struct inode *dir)
{
    for (uint64_t fb = 0; fb < dir_blocks(dir); fb++) {
        struct buf *b = dir_get_block(dir, fb);
        if (b == NULL)
            return -1;
        for (uint32_t off = 0; off < dir->fs->block_size;) {
            struct ext2_dirent *e = dirent_at(b->data, off);
            if (e->inode != 0 && !dirent_is_dot(dir->fs, e)) {
                bcache_put(b);
                return 0;
            }
            off += e->rec_len;
        }
        bcache_put(b);
    }
    return 1;
}

/* Gives new directory DIR its first block with "." and ".." (-> PARENT_INO).
 * Returns 0, or -1 if the disk is full. */
int
ext2_dir_init(struct inode *dir, uint32_t parent_ino)
{
    uint32_t bs = dir->fs->block_size, block;
    bool fresh;

    if (ext2_bmap(dir, 0, true, &block, &fresh) != 0)
        return -1;
    struct buf *b = bcache_get(dir->fs->cache, block, BCACHE_ZERO);
    if (b == NULL)
        return -1;
    struct ext2_dirent *dot = dirent_at(b->data, 0);
    dot->rec_len = EXT2_DIRENT_SIZE(1);
    dirent_fill(dir->fs, dot, ".", 1, dir->ino, EXT2_FT_DIR);
    struct ext2_dirent *dotdot = dirent_at(b->data, dot->rec_len);
    dotdot->rec_len = bs - dot->rec_len;
    dirent_fill(dir->fs, dotdot, "..", 2, parent_ino, EXT2_FT_DIR);
    bcache_mark_dirty(b);
    bcache_write_now(b); /* on the disk before the directory is linked */
    bcache_put(b);
    ext2_inode_set_size(dir, bs);
    return 0;
}

/* Finds the first entry of DIR other than "." and ".." at or after byte
 * offset *POS.  Returns 1 with its name in NAME (cut to NAME_SIZE - 1 bytes,
 * NUL-terminated) and *POS just past it, 0 at the end, -1 if DIR is damaged. */
int
ext2_dir_next(struct inode *dir, uint64_t *pos, char *name, size_t name_size)
{
    uint32_t bs = dir->fs->block_size;

    for (uint64_t fb = *pos / bs; fb < dir_blocks(dir); fb++) {
        struct buf *b = dir_get_block(dir, fb);
        if (b == NULL)
            return -1;
        for (uint32_t off = 0; off < bs;) {
            struct ext2_dirent *e = dirent_at(b->data, off);
            uint32_t start = off;
            off += e->rec_len;
            if (fb * bs + start < *pos || e->inode == 0 || dirent_is_dot(dir->fs, e))
                continue;
            size_t n = MIN((size_t)dirent_name_len(dir->fs, e), name_size - 1);
            memcpy(name, e->name, n);
            name[n] = '\0';
            *pos = fb * bs + off;
            bcache_put(b);
            return 1;
        }
        bcache_put(b);
    }
    *pos = dir_blocks(dir) * bs;
    return 0;
}
