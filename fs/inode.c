/* The in-memory inode table: one struct inode per inode in use, with an open
 * count, shared by every opener; loading an inode from its table block,
 * writing it back, creating one, and freeing a removed one at its last close.
 *
 * The table lock (fs->itable_lock) guards the list, the open counts and the
 * load states; it is never held across disk I/O.  An inode being loaded is in
 * the list as LOADING, so a second opener waits for it (on fs->itable_loaded)
 * instead of loading it twice.  Every change to an inode is copied into its
 * cached table block at once (ext2_inode_write), so the table never holds
 * dirty state of its own and sync only has to flush the block cache. */
#include "fs/ext2fs.h"
#include "fs/fs.h"

#include "kernel/clock.h"
#include "kernel/debug.h"
#include "kernel/malloc.h"
#include "kernel/printf.h"
#include "lib/string.h"

/* Finds the table block and byte offset of inode INO. */
static void
inode_locate(const struct ext2_fs *fs, uint32_t ino, uint32_t *block, uint32_t *off)
{
    uint32_t g = (ino - 1) / fs->inodes_per_group;
    uint64_t byte = (uint64_t)((ino - 1) % fs->inodes_per_group) * fs->inode_size;
    *block = fs->groups[g].bg_inode_table + byte / fs->block_size;
    *off = byte % fs->block_size;
}

/* File type bits of IP's mode. */
static uint16_t
inode_type(const struct inode *ip)
{
    return ip->di.i_mode & EXT2_S_IFMT;
}

/* True if IP is a directory (no lock needed: the type never changes). */
bool
ext2_inode_is_dir(const struct inode *ip)
{
    return inode_type(ip) == EXT2_S_IFDIR;
}

/* True if IP is a symbolic link. */
bool
ext2_inode_is_symlink(const struct inode *ip)
{
    return inode_type(ip) == EXT2_S_IFLNK;
}

/* True if IP is a symlink whose target is kept in i_block: one that has no
 * data block (only, perhaps, an extended-attribute block). */
bool
ext2_inode_is_fast_symlink(const struct inode *ip)
{
    uint32_t xattr = ip->di.i_file_acl != 0 ? ip->fs->sectors_per_block : 0;
    return ext2_inode_is_symlink(ip) && ip->di.i_blocks == xattr;
}

/* IP's size in bytes: 64 bits for a regular file of a revision 1 file
 * system, else 32.  IP's lock held (or IP not yet shared). */
uint64_t
ext2_inode_size(const struct inode *ip)
{
    uint64_t size = ip->di.i_size;
    if (inode_type(ip) == EXT2_S_IFREG && ip->fs->rev_level >= 1)
        size |= (uint64_t)ip->di.i_size_high << 32;
    return size;
}

/* Sets IP's size (in memory; the caller writes the inode). */
void
ext2_inode_set_size(struct inode *ip, uint64_t size)
{
    ip->di.i_size = (uint32_t)size;
    if (inode_type(ip) == EXT2_S_IFREG && ip->fs->rev_level >= 1)
        ip->di.i_size_high = (uint32_t)(size >> 32);
}

/* Sets IP's change and (if MODIFIED) modification time to now. */
void
ext2_inode_touch(struct inode *ip, bool modified)
{
    uint32_t now = clock_now();
    ip->di.i_ctime = now;
    if (modified)
        ip->di.i_mtime = now;
}

/* Reads inode IP->ino into IP->di and checks that it can be used (FRESH: a
 * record ext2_inode_create just made, not linked yet).  Returns 0, or -1
 * after a message naming the inode (none for a free inode if QUIET_FREE). */
static int
inode_load(struct inode *ip, bool fresh, bool quiet_free)
{
    uint32_t block, off;
    const char *why = NULL;

    inode_locate(ip->fs, ip->ino, &block, &off);
    struct buf *b = bcache_get(ip->fs->cache, block, BCACHE_READ);
    if (b == NULL)
        return -1;
    memcpy(&ip->di, b->data + off, sizeof ip->di);
    bcache_put(b);
    if (ip->di.i_links_count == 0 && !fresh)
        why = "not in use (link count 0)";
    else if (ip->di.i_flags & (EXT4_EXTENTS_FL | EXT4_INLINE_DATA_FL))
        why = "uses extents or inline data (not ext2)";
    else if (inode_type(ip) == EXT2_S_IFDIR && ip->di.i_size % ip->fs->block_size != 0)
        why = "directory size is not a multiple of the block size";
    else if (inode_type(ip) == EXT2_S_IFDIR &&
             ip->di.i_size / ip->fs->block_size > ip->fs->blocks_count)
        why = "directory larger than the file system";
    if (why != NULL) {
        if (!(quiet_free && ip->di.i_links_count == 0))
            printf("ext2: inode %u: %s\n", ip->ino, why);
        return -1;
    }
    ip->alloc_goal = block;
    return 0;
}

/* Copies IP's in-memory inode into its cached table block (IP's lock held,
 * or IP unreachable).  Returns 0, or -1 on an I/O error.  Does nothing on a
 * read-only file system. */
int
ext2_inode_write(struct inode *ip)
{
    uint32_t block, off;

    if (ip->fs->read_only)
        return 0;
    inode_locate(ip->fs, ip->ino, &block, &off);
    struct buf *b = bcache_get(ip->fs->cache, block, BCACHE_READ);
    if (b == NULL)
        return -1;
    memcpy(b->data + off, &ip->di, sizeof ip->di);
    bcache_mark_dirty(b);
    bcache_put(b);
    return 0;
}

/* The inode INO in FS's table, or NULL.  Table lock held. */
static struct inode *
itable_find(struct ext2_fs *fs, uint32_t ino)
{
    struct list_node *n;
    list_for_each(n, &fs->itable)
    {
        struct inode *ip = list_entry(n, struct inode, node);
        if (ip->ino == ino)
            return ip;
    }
    return NULL;
}

/* Waits until IP (which the caller has a reference to) is loaded.  Returns
 * IP, or NULL (reference dropped) if loading failed.  Table lock held. */
static struct inode *
itable_wait(struct ext2_fs *fs, struct inode *ip)
{
    while (ip->state == INODE_LOADING)
        cond_wait(&fs->itable_loaded, &fs->itable_lock);
    if (ip->state == INODE_READY)
        return ip;
    if (--ip->open_cnt == 0)
        free(ip);
    return NULL;
}

/* Adds a new LOADING inode INO to the table with one reference.  Table lock
 * held.  NULL if out of memory. */
static struct inode *
itable_add(struct ext2_fs *fs, uint32_t ino)
{
    struct inode *ip = calloc(1, sizeof *ip);
    if (ip == NULL)
        return NULL;
    ip->fs = fs;
    ip->ino = ino;
    ip->open_cnt = 1;
    ip->state = INODE_LOADING;
    lock_init(&ip->lock);
    list_push_back(&fs->itable, &ip->node);
    return ip;
}

/* ext2_inode_open; FRESH allows the unlinked record of a new inode,
 * QUIET_FREE says nothing of a free one. */
static struct inode *
inode_open_as(struct ext2_fs *fs, uint32_t ino, bool fresh, bool quiet_free)
{
    if (ino == 0 || ino > fs->inodes_count ||
        (ino != EXT2_ROOT_INO && ino < fs->first_ino)) {
        printf("ext2: inode number %u is out of range or reserved\n", ino);
        return NULL;
    }
    lock_acquire(&fs->itable_lock);
    struct inode *ip = itable_find(fs, ino);
    if (ip != NULL) {
        ip->open_cnt++;
        ip = itable_wait(fs, ip);
        lock_release(&fs->itable_lock);
        return ip;
    }
    ip = itable_add(fs, ino);
    lock_release(&fs->itable_lock);
    if (ip == NULL) {
        printf("ext2: out of memory opening inode %u\n", ino);
        return NULL;
    }
    int r = inode_load(ip, fresh, quiet_free);
    lock_acquire(&fs->itable_lock);
    ip->state = r == 0 ? INODE_READY : INODE_BAD;
    if (r != 0)
        list_remove(&ip->node);
    cond_broadcast(&fs->itable_loaded, &fs->itable_lock);
    ip = itable_wait(fs, ip);
    lock_release(&fs->itable_lock);
    return ip;
}

/* Opens inode INO of FS: a new reference to its in-memory inode, loaded from
 * the disk if it was not in memory.  NULL (after a message) if INO is out of
 * range, reserved, unused or corrupted, or memory runs out. */
struct inode *
ext2_inode_open(struct ext2_fs *fs, uint32_t ino)
{
    return inode_open_as(fs, ino, false, false);
}

struct inode *
ext2_inode_open_if_used(struct ext2_fs *fs, uint32_t ino)
{
    return inode_open_as(fs, ino, false, true);
}

/* Writes a fresh inode record for INO with MODE: no blocks, no link yet, all
 * times now, the extra fields of a large inode set as mke2fs does.  Returns
 * 0 or -1. */
static int
inode_init_record(struct ext2_fs *fs, uint32_t ino, uint16_t mode)
{
    uint32_t block, off, now = clock_now();

    inode_locate(fs, ino, &block, &off);
    struct buf *b = bcache_get(fs->cache, block, BCACHE_READ);
    if (b == NULL)
        return -1;
    memset(b->data + off, 0, fs->inode_size);
    struct ext2_inode *di = (struct ext2_inode *)(b->data + off);
    di->i_mode = mode;
    di->i_links_count = 0; /* namei_make links it once its entry is on the disk */
    di->i_atime = di->i_ctime = di->i_mtime = now;
    if (fs->inode_size >= EXT2_GOOD_OLD_INODE + EXT2_EXTRA_ISIZE) {
        struct ext2_inode_extra *x = (void *)(b->data + off + EXT2_GOOD_OLD_INODE);
        x->i_extra_isize = EXT2_EXTRA_ISIZE;
        x->i_crtime = now;
    }
    bcache_mark_dirty(b);
    bcache_put(b);
    return 0;
}

/* Allocates and opens a new inode with MODE (file type and permissions) and
 * no link yet, near directory DIR.  NULL if no inode is free or on an error. */
struct inode *
ext2_inode_create(struct ext2_fs *fs, struct inode *dir, uint16_t mode)
{
    uint32_t ino;
    bool is_dir = (mode & EXT2_S_IFMT) == EXT2_S_IFDIR;

    if (ext2_ino_alloc(fs, (dir->ino - 1) / fs->inodes_per_group, is_dir, &ino) != 0)
        return NULL;
    struct inode *ip = NULL;
    if (inode_init_record(fs, ino, mode) == 0)
        ip = inode_open_as(fs, ino, true, false);
    if (ip == NULL)
        ext2_ino_free(fs, ino, is_dir);
    return ip;
}

/* Frees the extended-attribute block of IP, or drops IP's reference to it
 * if other inodes share it. */
static void
inode_free_xattr(struct inode *ip)
{
    uint32_t block = ip->di.i_file_acl;

    ip->di.i_file_acl = 0;
    if (block == 0 || !ext2_block_is_data(ip->fs, block)) {
        if (block != 0)
            printf("ext2: inode %u: bad xattr block %u\n", ip->ino, block);
        return;
    }
    struct buf *b = bcache_get(ip->fs->cache, block, BCACHE_READ);
    if (b == NULL)
        return;
    uint32_t *hdr = (uint32_t *)b->data; /* magic, reference count */
    bool valid = hdr[0] == EXT2_XATTR_MAGIC && hdr[1] > 0;
    bool last = valid && hdr[1] == 1;
    if (valid && !last) {
        hdr[1]--;
        bcache_mark_dirty(b);
    }
    bcache_put(b);
    if (!valid)
        printf("ext2: inode %u: bad xattr block %u\n", ip->ino, block);
    else if (last && !ext2_block_free(ip->fs, block))
        printf("ext2: inode %u: xattr block %u was already free\n", ip->ino, block);
}

/* Frees the blocks and the inode of removed inode IP (nobody else can reach
 * it any more).  Special files (devices, fifos) and fast symlinks have no
 * block map to free. */
static void
inode_delete(struct inode *ip)
{
    bool is_dir = ext2_inode_is_dir(ip);
    uint16_t type = inode_type(ip);
    bool fast_link = ext2_inode_is_fast_symlink(ip);

    if (type == EXT2_S_IFREG && fs_inode_freed_hook != NULL)
        fs_inode_freed_hook(ip->ino);
    lock_acquire(&ip->lock);
    if ((type == EXT2_S_IFREG || is_dir || type == EXT2_S_IFLNK) && !fast_link)
        ext2_bmap_free_all(ip);
    inode_free_xattr(ip);
    memset(ip->di.i_block, 0, sizeof ip->di.i_block);
    ip->di.i_blocks = 0;
    ext2_inode_set_size(ip, 0);
    ip->di.i_dtime = clock_now();
    ext2_inode_write(ip);
    lock_release(&ip->lock);
    ext2_ino_free(ip->fs, ip->ino, is_dir);
}

int
ext2_inode_write_now(struct inode *ip)
{
    uint32_t block, off;

    if (ip->fs->read_only)
        return 0;
    inode_locate(ip->fs, ip->ino, &block, &off);
    struct buf *b = bcache_get(ip->fs->cache, block, BCACHE_READ);
    if (b == NULL)
        return -1;
    memcpy(b->data + off, &ip->di, sizeof ip->di);
    bcache_mark_dirty(b);
    int r = bcache_write_now(b);
    bcache_put(b);
    return r;
}

void (*fs_inode_freed_hook)(uint32_t ino);

struct inode *
inode_reopen(struct inode *ip)
{
    lock_acquire(&ip->fs->itable_lock);
    ASSERT(ip->open_cnt > 0);
    ip->open_cnt++;
    lock_release(&ip->fs->itable_lock);
    return ip;
}

void
inode_close(struct inode *ip)
{
    if (ip == NULL)
        return;
    struct ext2_fs *fs = ip->fs;
    lock_acquire(&fs->itable_lock);
    ASSERT(ip->open_cnt > 0 && ip->state == INODE_READY);
    bool last = --ip->open_cnt == 0;
    if (last)
        list_remove(&ip->node);
    lock_release(&fs->itable_lock);
    if (!last)
        return;
    lock_acquire(&ip->lock);
    bool removed = ip->removed;
    lock_release(&ip->lock);
    if (removed)
        inode_delete(ip);
    free(ip);
}

uint32_t
inode_inumber(const struct inode *ip)
{
    return ip->ino;
}

/* At halt: frees every removed inode that is still open (its users will
 * never close it), so that the disk has no unattached inode.  Each keeps
 * its reference and its memory: the machine is about to stop. */
void
ext2_inode_free_removed(struct ext2_fs *fs)
{
    for (;;) {
        struct inode *found = NULL;
        lock_acquire(&fs->itable_lock);
        struct list_node *n;
        list_for_each(n, &fs->itable)
        {
            struct inode *ip = list_entry(n, struct inode, node);
            if (ip->state == INODE_READY && ip->removed) { /* [N], read as a hint */
                found = ip;
                ip->open_cnt++;
                break;
            }
        }
        lock_release(&fs->itable_lock);
        if (found == NULL)
            return;
        lock_acquire(&found->lock);
        bool removed = found->removed;
        found->removed = false;
        lock_release(&found->lock);
        if (removed)
            inode_delete(found);
    }
}

/* Closes FS's root and every inode still open (at unmount: nothing else is
 * running), reporting the ones somebody forgot to close. */
void
ext2_inode_close_all(struct ext2_fs *fs)
{
    if (fs->root != NULL)
        inode_close(fs->root);
    fs->root = NULL;
    while (!list_empty(&fs->itable)) {
        struct inode *ip = list_entry(list_begin(&fs->itable), struct inode, node);
        printf("ext2: inode %u still open at unmount (%u references)\n", ip->ino,
               ip->open_cnt);
        ip->open_cnt = 1;
        inode_close(ip);
    }
}
