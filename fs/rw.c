/* Reading and writing an inode's bytes through its block map and the block
 * cache.  Holes read as zeros; a write allocates the blocks it needs and
 * stops short when the disk is full; the whole transfer runs under the
 * inode's lock, so reads and writes of one file are atomic with respect to
 * each other while different files proceed in parallel. */
#include "fs/ext2fs.h"

#include "kernel/clock.h"
#include "lib/string.h"
#include "lib/util.h"

#define ATIME_REFRESH (24 * 60 * 60) /* relatime: seconds before atime is updated */

/* Reads up to SIZE bytes at OFFSET of IP into BUF (IP's lock held).  Returns
 * the bytes read: short at the end of the file or on an error; -1 if a disk
 * read failed before the first byte. */
int64_t
ext2_read_locked(struct inode *ip, void *buf, int64_t size, int64_t offset)
{
    uint32_t bs = ip->fs->block_size;
    uint64_t len = ext2_inode_size(ip);
    int64_t done = 0;

    if (size <= 0 || offset < 0 || (uint64_t)offset >= len)
        return 0;
    if ((uint64_t)size > len - offset)
        size = len - offset;
    while (done < size) {
        uint64_t pos = offset + done;
        uint32_t in = pos % bs, block;
        uint32_t chunk = MIN((uint64_t)(bs - in), (uint64_t)(size - done));
        bool fresh;
        if (ext2_bmap(ip, pos / bs, false, &block, &fresh) != 0)
            break;
        if (block == 0) {
            memset((uint8_t *)buf + done, 0, chunk);
        } else {
            struct buf *b = bcache_get(ip->fs->cache, block, BCACHE_READ);
            if (b == NULL)
                return done > 0 ? done : -1; /* the disk failed */
            memcpy((uint8_t *)buf + done, b->data + in, chunk);
            bcache_put(b);
        }
        done += chunk;
    }
    return done;
}

/* Updates IP's access time the way relatime does: only if it is older than
 * the last change or a day old, so most reads write nothing. */
void
ext2_touch_atime(struct inode *ip)
{
    uint32_t now = clock_now();
    uint32_t atime = ip->di.i_atime;

    if (ip->fs->read_only)
        return;
    if (atime <= ip->di.i_mtime || atime <= ip->di.i_ctime ||
        now - atime >= ATIME_REFRESH) {
        if (atime == now)
            return;
        ip->di.i_atime = now;
        ext2_inode_write(ip);
    }
}

/* ext2_read_locked with IP's lock taken, updating the access time. */
int64_t
ext2_read(struct inode *ip, void *buf, int64_t size, int64_t offset)
{
    lock_acquire(&ip->lock);
    int64_t n = ext2_read_locked(ip, buf, size, offset);
    if (n > 0)
        ext2_touch_atime(ip);
    lock_release(&ip->lock);
    return n;
}

/* Zeroes the bytes from OLD_SIZE to the end of its block, so a file that
 * grows past a partly used last block reads zeros there. */
static void
rw_zero_tail(struct inode *ip, uint64_t old_size)
{
    uint32_t bs = ip->fs->block_size, block;
    bool fresh;

    if (old_size % bs == 0 || ext2_bmap(ip, old_size / bs, false, &block, &fresh) != 0 ||
        block == 0)
        return;
    struct buf *b = bcache_get(ip->fs->cache, block, BCACHE_READ);
    if (b == NULL)
        return;
    memset(b->data + old_size % bs, 0, bs - old_size % bs);
    bcache_mark_dirty(b);
    bcache_put(b);
}

/* Copies SIZE bytes from BUF to OFFSET of IP, allocating blocks; returns the
 * bytes copied (short if the disk fills up or on an error).  With BUF NULL
 * it only allocates the blocks, leaving their bytes to the caller. */
static int64_t
rw_copy_in(struct inode *ip, const void *buf, int64_t size, int64_t offset)
{
    uint32_t bs = ip->fs->block_size;
    int64_t done = 0;

    while (done < size) {
        uint64_t pos = offset + done;
        uint32_t in = pos % bs, block;
        uint32_t chunk = MIN((uint64_t)(bs - in), (uint64_t)(size - done));
        bool fresh;
        if (ext2_bmap(ip, pos / bs, true, &block, &fresh) != 0)
            break;
        if (buf == NULL) {
            done += chunk;
            continue;
        }
        enum bcache_mode mode = fresh || chunk == bs ? BCACHE_ZERO : BCACHE_READ;
        struct buf *b = bcache_get(ip->fs->cache, block, mode);
        if (b == NULL)
            break;
        memcpy(b->data + in, (const uint8_t *)buf + done, chunk);
        bcache_mark_dirty(b);
        bcache_put(b);
        done += chunk;
    }
    return done;
}

/* Writes SIZE bytes from BUF at OFFSET of IP (IP's lock held), growing the
 * file if needed.  Returns the bytes written: short if the disk is full or
 * the file reaches its maximum size, 0 while writes are denied or on a
 * read-only file system.  With BUF NULL it does all of that but write the
 * bytes (file_reserve_at). */
int64_t
ext2_write_locked(struct inode *ip, const void *buf, int64_t size, int64_t offset)
{
    uint64_t max = ip->fs->max_file_size;

    if (size <= 0 || offset < 0 || ip->fs->read_only || ip->deny_write_cnt > 0 ||
        (uint64_t)offset >= max)
        return 0;
    if ((uint64_t)size > max - offset)
        size = max - offset;
    uint64_t old_size = ext2_inode_size(ip);
    if ((uint64_t)offset > old_size)
        rw_zero_tail(ip, old_size);
    int64_t done = rw_copy_in(ip, buf, size, offset);
    if (done > 0) {
        if ((uint64_t)(offset + done) > old_size)
            ext2_inode_set_size(ip, offset + done);
        ext2_inode_touch(ip, true);
    }
    ext2_inode_write(ip); /* i_block and i_blocks may have changed even if done == 0 */
    return done;
}

/* ext2_write_locked with IP's lock taken. */
int64_t
ext2_write(struct inode *ip, const void *buf, int64_t size, int64_t offset)
{
    lock_acquire(&ip->lock);
    int64_t n = ext2_write_locked(ip, buf, size, offset);
    lock_release(&ip->lock);
    return n;
}
