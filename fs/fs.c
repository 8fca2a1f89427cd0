/* The mounted file system: mounting, unmounting, syncing, the root and
 * current directories.  One file system is mounted at a time (the kernel's
 * BLOCK_FS disk); mount and unmount run while nothing else uses fs/. */
#include "fs/fs.h"

#include "fs/ext2fs.h"
#include "kernel/printf.h"

static struct ext2_fs *mounted; /* set and cleared only by mount and unmount */

/* The mounted file system, or NULL. */
struct ext2_fs *
ext2_current(void)
{
    return mounted;
}

int
fs_mount(struct block_device *dev)
{
    return fs_mount_cache(dev, FS_CACHE_BUFFERS);
}

int
fs_mount_cache(struct block_device *dev, size_t buffers)
{
    if (mounted != NULL) {
        printf("fs: %s: a file system is already mounted\n", dev->name);
        return -1;
    }
    mounted = ext2_mount(dev, buffers < 8 ? 8 : buffers);
    return mounted != NULL ? 0 : -1;
}

void
fs_unmount(void)
{
    if (mounted == NULL)
        return;
    ext2_unmount(mounted);
    mounted = NULL;
}

int
fs_sync(void)
{
    if (mounted == NULL)
        return -1;
    return ext2_sync(mounted) == 0 ? 0 : -1;
}

int
fs_halt(void)
{
    if (mounted == NULL)
        return -1;
    ext2_inode_free_removed(mounted);
    return fs_sync();
}

bool
fs_mounted(void)
{
    return mounted != NULL;
}

bool
fs_read_only(void)
{
    return mounted != NULL && mounted->read_only;
}

struct inode *
fs_root(void)
{
    return mounted != NULL ? inode_reopen(mounted->root) : NULL;
}

struct inode *
fs_lookup_dir(struct inode *cwd, const char *path)
{
    if (mounted == NULL)
        return NULL;
    struct inode *ip = ext2_path_resolve(mounted, cwd, path, true);
    if (ip != NULL && !ext2_inode_is_dir(ip)) {
        inode_close(ip);
        ip = NULL;
    }
    return ip;
}
