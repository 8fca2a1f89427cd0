/* Operations on names: creating files, directories and symbolic links, and
 * removing them.  Each runs with the parent directory's lock held from the
 * check that the name is free (or present) to the change of the entry, so
 * two threads cannot both create or both remove one name.  A new inode is
 * locked only after its parent (the order in fs.h); remove also locks the
 * child after the parent. */
#include "fs/ext2fs.h"
#include "fs/fs.h"

#include "lib/string.h"

#define MODE_FILE    (EXT2_S_IFREG | 0644)
#define MODE_DIR     (EXT2_S_IFDIR | 0755)
#define MODE_SYMLINK (EXT2_S_IFLNK | 0777)

/* Fills a new inode IP (locked) whose directory will be PARENT.  Returns 0 or
 * -1. */
typedef int namei_init_fn(struct inode *ip, struct inode *parent, const void *aux);

/* True if NAME is "." or "..". */
static bool
namei_is_dot(const char *name)
{
    return strcmp(name, ".") == 0 || strcmp(name, "..") == 0;
}

/* Checks that NAME (LEN bytes) can be created in PARENT (locked): PARENT is a
 * live directory without that entry.  Returns 0 or -1. */
static int
namei_check_new(struct inode *parent, const char *name, size_t len)
{
    uint32_t ino;

    if (!ext2_inode_is_dir(parent) || parent->removed || namei_is_dot(name))
        return -1;
    return ext2_dir_lookup(parent, name, len, &ino) == 0 ? 0 : -1;
}

/* Creates inode MODE as NAME in PARENT (locked), filled by INIT(AUX).
 * Returns it (a new reference), or NULL with nothing left behind. */
static struct inode *
namei_make(struct inode *parent, const char *name, uint16_t mode, namei_init_fn *init,
           const void *aux)
{
    size_t len = strlen(name);

    if (namei_check_new(parent, name, len) != 0)
        return NULL;
    struct inode *ip = ext2_inode_create(parent->fs, parent, mode);
    if (ip == NULL)
        return NULL;
    lock_acquire(&ip->lock);
    int r = init(ip, parent, aux);
    if (r == 0)
        r = ext2_dir_add(parent, name, len, ip->ino, ext2_dir_file_type(mode));
    if (r != 0)
        ip->removed = true;
    else /* the entry is on the disk: now the inode may count its links */
        ip->di.i_links_count = ext2_inode_is_dir(ip) ? 2 : 1;
    ext2_inode_write(ip);
    lock_release(&ip->lock);
    if (r == 0 && ext2_inode_is_dir(ip)) {
        parent->di.i_links_count++; /* the new ".." */
        ext2_inode_write(parent);
    }
    if (r == 0)
        return ip;
    inode_close(ip); /* frees whatever init allocated, and the inode */
    return NULL;
}

/* Creates PATH as an inode of MODE filled by INIT(AUX); a path ending in
 * '/' makes only a directory.  Returns the new inode (a reference) or
 * NULL. */
static struct inode *
namei_create(struct inode *cwd, const char *path, uint16_t mode, namei_init_fn *init,
             const void *aux)
{
    struct ext2_fs *fs = ext2_current();
    char name[EXT2_NAME_MAX + 1];

    if (fs == NULL || fs->read_only)
        return NULL;
    bool dir_only;
    struct inode *parent = ext2_path_parent(fs, cwd, path, name, &dir_only);
    if (parent == NULL)
        return NULL;
    struct inode *ip = NULL;
    if (ext2_inode_is_dir(parent) && (!dir_only || mode == MODE_DIR)) {
        lock_acquire(&parent->lock);
        ip = namei_make(parent, name, mode, init, aux);
        lock_release(&parent->lock);
    }
    inode_close(parent);
    return ip;
}

/* namei_init_fn for a regular file: AUX points to its initial size. */
static int
namei_init_file(struct inode *ip, struct inode *parent, const void *aux)
{
    uint64_t size = *(const uint64_t *)aux;
    if (size > ip->fs->max_file_size)
        return -1;
    ext2_inode_set_size(ip, size);
    return 0;
}

bool
fs_create(struct inode *cwd, const char *path, uint64_t initial_size)
{
    struct inode *ip = namei_create(cwd, path, MODE_FILE, namei_init_file, &initial_size);
    inode_close(ip);
    return ip != NULL;
}

/* namei_init_fn for a directory: "." and "..".  PARENT must have room for
 * one more link (namei_make adds it for "..") */
static int
namei_init_dir(struct inode *ip, struct inode *parent, const void *aux)
{
    if (parent->di.i_links_count >= EXT2_LINK_MAX || ext2_dir_init(ip, parent->ino) != 0)
        return -1;
    return 0; /* namei_make gives it its two links */
}

bool
fs_mkdir(struct inode *cwd, const char *path)
{
    struct inode *ip = namei_create(cwd, path, MODE_DIR, namei_init_dir, NULL);
    inode_close(ip);
    return ip != NULL;
}

/* Writes IP's first data block to the disk now (the target of a slow
 * symlink: e2fsck -p cannot repair a linked symlink whose block is stale).
 * Returns 0 or -1. */
static int
namei_flush_first_block(struct inode *ip)
{
    uint32_t block;
    bool fresh;
    if (ext2_bmap(ip, 0, false, &block, &fresh) != 0 || block == 0)
        return -1;
    struct buf *b = bcache_get(ip->fs->cache, block, BCACHE_READ);
    if (b == NULL)
        return -1;
    int r = bcache_write_now(b);
    bcache_put(b);
    return r;
}

/* namei_init_fn for a symbolic link: AUX is the target, kept in i_block if
 * short (a fast symlink), else in a data block, on the disk before the link
 * is (docs/fs.md). */
static int
namei_init_symlink(struct inode *ip, struct inode *parent, const void *aux)
{
    const char *target = aux;
    size_t len = strlen(target);

    if (len == 0 || len >= ip->fs->block_size)
        return -1;
    if (len <= EXT2_FAST_SYMLINK_MAX) {
        memcpy(ip->di.i_block, target, len);
        ext2_inode_set_size(ip, len);
        return 0;
    }
    if (ext2_write_locked(ip, target, len, 0) != (int64_t)len)
        return -1;
    return namei_flush_first_block(ip);
}

int
fs_symlink(struct inode *cwd, const char *target, const char *linkpath)
{
    struct inode *ip =
        namei_create(cwd, linkpath, MODE_SYMLINK, namei_init_symlink, target);
    inode_close(ip);
    return ip != NULL ? 0 : -1;
}

/* Opens the inode of entry NAME in PARENT and locks it after PARENT (both
 * are then held).  To stay safe even if a damaged tree has a directory cycle,
 * the child is only try-locked: if that fails, PARENT is released, the
 * child's holder waited for, and the lookup retried.  Returns the child, or
 * NULL (PARENT unlocked) if there is no such entry. */
static struct inode *
namei_lock_child(struct inode *parent, const char *name)
{
    for (;;) {
        uint32_t ino;
        lock_acquire(&parent->lock);
        struct inode *child = NULL;
        if (ext2_dir_lookup(parent, name, strlen(name), &ino) == 1 && ino != parent->ino)
            child = ext2_inode_open(parent->fs, ino);
        if (child == NULL) {
            lock_release(&parent->lock);
            return NULL;
        }
        if (lock_try_acquire(&child->lock))
            return child;
        lock_release(&parent->lock);
        lock_acquire(&child->lock);
        lock_release(&child->lock);
        inode_close(child);
    }
}

/* Removes entry NAME -> CHILD from PARENT (both locked) and drops the links
 * it stood for.  Returns 0, or -1 if CHILD is the root or a non-empty
 * directory, or on an error. */
static int
namei_unlink(struct inode *parent, const char *name, struct inode *child)
{
    bool is_dir = ext2_inode_is_dir(child);

    if (is_dir && (child == child->fs->root || ext2_dir_is_empty(child) != 1))
        return -1;
    uint16_t links = child->di.i_links_count;
    /* The fewer links reach the disk before the entry goes: a power cut
     * then leaves an entry to an unused inode, which e2fsck -p clears,
     * never an inode nobody links to (docs/fs.md). */
    child->di.i_links_count = is_dir ? 0 : (links > 0 ? links - 1 : 0);
    ext2_inode_touch(child, false);
    if (ext2_inode_write_now(child) != 0 ||
        ext2_dir_remove(parent, name, strlen(name)) != 1) {
        child->di.i_links_count = links;
        ext2_inode_write(child);
        return -1;
    }
    if (is_dir && parent->di.i_links_count > 1) {
        parent->di.i_links_count--; /* its ".." */
        ext2_inode_write(parent);
    }
    child->removed = child->di.i_links_count == 0;
    return 0;
}

bool
fs_remove(struct inode *cwd, const char *path)
{
    struct ext2_fs *fs = ext2_current();
    char name[EXT2_NAME_MAX + 1];

    if (fs == NULL || fs->read_only)
        return false;
    bool dir_only;
    struct inode *parent = ext2_path_parent(fs, cwd, path, name, &dir_only);
    if (parent == NULL)
        return false;
    int r = -1;
    struct inode *child = NULL;
    if (ext2_inode_is_dir(parent) && !namei_is_dot(name))
        child = namei_lock_child(parent, name);
    if (child != NULL) {
        if (!dir_only || ext2_inode_is_dir(child))
            r = namei_unlink(parent, name, child);
        lock_release(&child->lock);
        lock_release(&parent->lock);
    }
    inode_close(child); /* the last close of a removed inode frees it */
    inode_close(parent);
    return r == 0;
}
