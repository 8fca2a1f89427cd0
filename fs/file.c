/* Open files: a reference to an inode plus a position (see file.h). */
#include "fs/file.h"

#include "fs/ext2fs.h"
#include "fs/fs.h"
#include "kernel/malloc.h"

struct file {
    struct inode *inode; /* const: a reference */
    int64_t pos;         /* the handle's owner: the position */
    bool deny_write;     /* the handle's owner: this handle denies writes */
    bool maps_writable;  /* the handle's owner: a writable mapping's handle */
};

struct file *
file_open(struct inode *cwd, const char *path)
{
    struct ext2_fs *fs = ext2_current();
    if (fs == NULL)
        return NULL;
    struct inode *ip = ext2_path_resolve(fs, cwd, path, true);
    if (ip == NULL)
        return NULL;
    uint16_t type = ip->di.i_mode & EXT2_S_IFMT;
    if (type != EXT2_S_IFREG && type != EXT2_S_IFDIR) {
        inode_close(ip);
        return NULL;
    }
    return file_open_inode(ip);
}

struct file *
file_open_inumber(uint32_t ino)
{
    struct ext2_fs *fs = ext2_current();
    struct inode *ip = fs != NULL ? ext2_inode_open_if_used(fs, ino) : NULL;
    if (ip == NULL)
        return NULL;
    if ((ip->di.i_mode & EXT2_S_IFMT) != EXT2_S_IFREG) {
        inode_close(ip);
        return NULL;
    }
    return file_open_inode(ip);
}

struct file *
file_open_inode(struct inode *inode)
{
    struct file *f = calloc(1, sizeof *f);
    if (f == NULL) {
        inode_close(inode);
        return NULL;
    }
    f->inode = inode;
    return f;
}

struct file *
file_reopen(struct file *file)
{
    struct file *copy = file_open_inode(inode_reopen(file->inode));
    if (copy != NULL && file->maps_writable)
        file_map_writable(copy);
    return copy;
}

void
file_close(struct file *file)
{
    if (file == NULL)
        return;
    file_allow_write(file);
    if (file->maps_writable) {
        lock_acquire(&file->inode->lock);
        file->inode->map_write_cnt--;
        lock_release(&file->inode->lock);
    }
    inode_close(file->inode);
    free(file);
}

struct inode *
file_get_inode(struct file *file)
{
    return file->inode;
}

int64_t
file_read(struct file *file, void *buf, int64_t size)
{
    int64_t n = file_read_at(file, buf, size, file->pos);
    if (n > 0)
        file->pos += n;
    return n;
}

int64_t
file_write(struct file *file, const void *buf, int64_t size)
{
    int64_t n = file_write_at(file, buf, size, file->pos);
    file->pos += n;
    return n;
}

int64_t
file_read_at(struct file *file, void *buf, int64_t size, int64_t offset)
{
    if (ext2_inode_is_dir(file->inode))
        return 0;
    return ext2_read(file->inode, buf, size, offset);
}

int64_t
file_write_at(struct file *file, const void *buf, int64_t size, int64_t offset)
{
    if (ext2_inode_is_dir(file->inode))
        return 0;
    return ext2_write(file->inode, buf, size, offset);
}

int64_t
file_reserve_at(struct file *file, int64_t size, int64_t offset)
{
    return file_write_at(file, NULL, size, offset);
}

void
file_read_pages(struct file *file, uint64_t first, void *const *kvas, size_t n, bool *ok,
                struct file_read_io *io)
{
    struct file_read_batch *b = file_read_pages_start(file, first, kvas, n, ok, io);
    if (b != NULL)
        file_read_pages_finish(b);
}

struct file_read_batch *
file_read_pages_start(struct file *file, uint64_t first, void *const *kvas, size_t n,
                      bool *ok, struct file_read_io *io)
{
    struct inode *ip = file->inode;
    if (ext2_inode_is_dir(ip)) {
        for (size_t i = 0; i < n; i++)
            ok[i] = false;
        return NULL;
    }
    lock_acquire(&ip->lock);
    struct file_read_batch *b = ext2_read_pages_start_locked(ip, first, kvas, n, ok, io);
    ext2_touch_atime(ip);
    lock_release(&ip->lock);
    return b;
}

bool
file_read_pages_ended(const struct file_read_batch *b)
{
    return ext2_read_pages_ended(b);
}

void
file_read_pages_finish(struct file_read_batch *b)
{
    ext2_read_pages_finish(b);
}

void
file_write_pages(struct file *file, uint64_t first, void *const *kvas, size_t n, bool *ok,
                 struct file_read_io *io)
{
    struct inode *ip = file->inode;
    if (ext2_inode_is_dir(ip)) {
        for (size_t i = 0; i < n; i++)
            ok[i] = false;
        return;
    }
    lock_acquire(&ip->lock);
    ext2_write_pages_locked(ip, first, kvas, n, ok, io);
    lock_release(&ip->lock);
}

void
file_seek(struct file *file, int64_t pos)
{
    file->pos = pos < 0 ? 0 : pos;
}

int64_t
file_tell(struct file *file)
{
    return file->pos;
}

int64_t
file_length(struct file *file)
{
    struct inode *ip = file->inode;
    lock_acquire(&ip->lock);
    int64_t len = (int64_t)ext2_inode_size(ip);
    lock_release(&ip->lock);
    return len;
}

void
file_deny_write(struct file *file)
{
    if (file->deny_write)
        return;
    file->deny_write = true;
    lock_acquire(&file->inode->lock);
    file->inode->deny_write_cnt++;
    lock_release(&file->inode->lock);
}

bool
file_try_deny_write(struct file *file)
{
    lock_acquire(&file->inode->lock);
    bool mapped = file->inode->map_write_cnt > 0;
    if (!mapped && !file->deny_write) {
        file->deny_write = true;
        file->inode->deny_write_cnt++;
    }
    lock_release(&file->inode->lock);
    return !mapped;
}

void
file_map_writable(struct file *file)
{
    if (file->maps_writable)
        return;
    file->maps_writable = true;
    lock_acquire(&file->inode->lock);
    file->inode->map_write_cnt++;
    lock_release(&file->inode->lock);
}

bool
file_write_denied(struct file *file)
{
    lock_acquire(&file->inode->lock);
    bool denied = file->inode->deny_write_cnt > 0;
    lock_release(&file->inode->lock);
    return denied;
}

void
file_allow_write(struct file *file)
{
    if (!file->deny_write)
        return;
    file->deny_write = false;
    lock_acquire(&file->inode->lock);
    file->inode->deny_write_cnt--;
    lock_release(&file->inode->lock);
}

bool
file_is_dir(struct file *file)
{
    return ext2_inode_is_dir(file->inode);
}

uint32_t
file_inumber(struct file *file)
{
    return file->inode->ino;
}

bool
file_readdir(struct file *file, char name[FILE_NAME_MAX + 1])
{
    struct inode *ip = file->inode;
    if (!ext2_inode_is_dir(ip))
        return false;
    uint64_t pos = file->pos;
    lock_acquire(&ip->lock);
    int r = ext2_dir_next(ip, &pos, name, FILE_NAME_MAX + 1);
    lock_release(&ip->lock);
    file->pos = (int64_t)pos;
    return r == 1;
}
