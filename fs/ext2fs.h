/* Inside the ext2 implementation: the mounted file system, in-memory inodes,
 * and the functions the fs/ files share.  Nothing outside fs/ includes this;
 * the rest of the kernel uses fs/fs.h and fs/file.h.
 *
 * Files: super.c (mount, geometry, validation, sync), alloc.c (bitmaps and
 * free counts), inode.c (the in-memory inode table, loading, writing, freeing),
 * bmap.c (file block -> disk block through indirect blocks), rw.c (reading and
 * writing inode data), dir.c (directory entries), path.c (path lookup and
 * symlinks), namei.c (create, mkdir, remove, symlink), file.c (open files).
 *
 * Lock order (also in fs.h and docs/fs.md): VM locks -> inode locks (a parent
 * directory's before its child's) -> inode table lock -> allocation lock ->
 * buffer lock.  The block cache's own lock is innermost and never held while
 * waiting for anything but itself. */
#ifndef FS_EXT2FS_H
#define FS_EXT2FS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dev/block.h"
#include "fs/bcache.h"
#include "fs/ext2.h"
#include "kernel/sync.h"
#include "lib/list.h"

#define EXT2_PATH_MAX       4096          /* longest path, symlink expansions included */
#define EXT2_SYMLINK_MAX    16            /* symlinks followed in one lookup */
#define EXT2_SMALL_FILE_MAX 0x7fffffffull /* file size limit without large_file */
#define EXT2_LARGE_FILE_MAX (1ull << 40)  /* our limit with it (i_blocks is 32-bit) */

/* The mounted file system.  Fields marked [C] are set at mount; the lock
 * tags are those of docs/design.md. */
struct ext2_fs {
    struct block_device *dev;   /* [C] */
    struct bcache *cache;       /* [C] */
    uint32_t block_size;        /* [C]: 1024, 2048 or 4096 */
    uint32_t sectors_per_block; /* [C] */
    uint32_t addr_per_block;    /* [C]: block numbers per indirect block */
    uint32_t blocks_count;      /* [C] */
    uint32_t inodes_count;      /* [C] */
    uint32_t first_data_block;  /* [C]: 1 for 1 KiB blocks, else 0 */
    uint32_t blocks_per_group;  /* [C] */
    uint32_t inodes_per_group;  /* [C] */
    uint32_t group_count;       /* [C] */
    uint32_t inode_size;        /* [C]: bytes per on-disk inode */
    uint32_t first_ino;         /* [C]: first inode files may use */
    uint32_t itable_blocks;     /* [C]: inode table blocks per group */
    uint32_t gdt_blocks;        /* [C]: blocks of group descriptors */
    uint32_t reserved_gdt;      /* [C]: blocks reserved after the GDT */
    uint32_t rev_level;         /* [C] */
    uint16_t mount_state;       /* [C]: s_state found at mount, restored at unmount */
    bool read_only;             /* [C] */
    bool filetype;              /* [C]: dirents carry a file type */
    bool large_file;            /* [C]: regular files may pass 2 GiB */
    bool sparse_super;          /* [C]: backups only in groups 0, 1, 3^n, 5^n, 7^n */
    uint64_t max_file_size;     /* [C] */

    struct lock alloc_lock;         /* [G]: guards the bitmaps, the free counts in sb
                                       and groups[], and alloc_dir_group */
    struct ext2_super sb;           /* [G] counts; the rest const */
    struct ext2_group_desc *groups; /* [G] counts; block numbers const */
    uint32_t alloc_dir_group;       /* [G] where the next directory search starts */

    struct lock itable_lock;        /* [T]: guards the inode table: itable, and the
                                       open counts and states of its inodes */
    struct condition itable_loaded; /* [T] an inode finished loading */
    struct list itable;             /* [T] every in-memory inode */
    struct inode *root;             /* [C]: the root directory, open while mounted */
};

enum inode_state { INODE_LOADING, INODE_READY, INODE_BAD };

/* An in-memory inode: one per inode in use, shared by every opener.  [T]:
 * fs->itable_lock; [N]: the inode's own lock.  The file type (the top bits of
 * di.i_mode) never changes once the inode is READY, so it may be read
 * without the lock. */
struct inode {
    struct ext2_fs *fs;      /* [C] */
    uint32_t ino;            /* [C] */
    struct list_node node;   /* [T] fs->itable */
    unsigned open_cnt;       /* [T] references */
    enum inode_state state;  /* [T] */
    struct lock lock;        /* the inode lock: guards [N] fields */
    bool removed;            /* [N] link count reached 0: freed at last close */
    unsigned deny_write_cnt; /* [N] handles that deny writes */
    unsigned map_write_cnt;  /* [N] handles of writable mappings (file_map_writable) */
    uint32_t alloc_goal;     /* [N] where the next data block search starts */
    struct ext2_inode di;    /* [N] the on-disk inode's first 128 bytes */
};

/* fs.c */
struct ext2_fs *ext2_current(void);

/* super.c */
uint32_t ext2_group_of_block(const struct ext2_fs *fs, uint32_t block);
uint32_t ext2_group_first_block(const struct ext2_fs *fs, uint32_t group);
bool ext2_group_has_super(const struct ext2_fs *fs, uint32_t group);
bool ext2_block_is_data(const struct ext2_fs *fs, uint32_t block);
/* How many of the LEN blocks from BLOCK on pass ext2_block_is_data, counted
 * from the first up to the first that does not (a stretch at a time). */
uint32_t ext2_data_run(const struct ext2_fs *fs, uint32_t block, uint32_t len);
int ext2_super_write(struct ext2_fs *fs);
int ext2_group_write(struct ext2_fs *fs, uint32_t group);
struct ext2_fs *ext2_mount(struct block_device *dev, size_t cache_buffers);
void ext2_unmount(struct ext2_fs *fs);
int ext2_sync(struct ext2_fs *fs);

/* alloc.c */
int ext2_block_alloc(struct ext2_fs *fs, uint32_t goal, uint32_t *block);
bool ext2_block_free(struct ext2_fs *fs, uint32_t block);
int ext2_ino_alloc(struct ext2_fs *fs, uint32_t near_group, bool dir, uint32_t *ino);
void ext2_ino_free(struct ext2_fs *fs, uint32_t ino, bool dir);

/* inode.c */
struct inode *ext2_inode_open(struct ext2_fs *fs, uint32_t ino);
/* ext2_inode_open, but NULL without a message if INO is free (a write-back
 * by inode number racing the file's removal). */
struct inode *ext2_inode_open_if_used(struct ext2_fs *fs, uint32_t ino);
struct inode *ext2_inode_create(struct ext2_fs *fs, struct inode *dir, uint16_t mode);
int ext2_inode_write(struct inode *ip);
/* ext2_inode_write, and the table block goes to the disk at once. */
int ext2_inode_write_now(struct inode *ip);
void ext2_inode_close_all(struct ext2_fs *fs);
void ext2_inode_free_removed(struct ext2_fs *fs);
uint64_t ext2_inode_size(const struct inode *ip);
void ext2_inode_set_size(struct inode *ip, uint64_t size);
bool ext2_inode_is_dir(const struct inode *ip);
bool ext2_inode_is_symlink(const struct inode *ip);
bool ext2_inode_is_fast_symlink(const struct inode *ip);
void ext2_inode_touch(struct inode *ip, bool modified);

/* bmap.c */
int ext2_bmap(struct inode *ip, uint64_t fblock, bool create, uint32_t *block,
              bool *fresh);
void ext2_bmap_free_all(struct inode *ip);
int ext2_bmap_run(struct inode *ip, uint64_t fb, uint32_t max, uint32_t *block,
                  uint32_t *count);
void ext2_bmap_prefetch(struct inode *ip, uint64_t fb);
uint32_t ext2_run_length(const uint32_t *map, uint32_t n);

/* pages.c */
struct file_read_io;
struct file_read_batch;
struct file_read_batch *ext2_read_pages_start_locked(struct inode *ip, uint64_t first,
                                                     void *const *kvas, size_t n,
                                                     bool *ok, struct file_read_io *io);
bool ext2_read_pages_ended(const struct file_read_batch *b);
void ext2_read_pages_finish(struct file_read_batch *b);
void ext2_write_pages_locked(struct inode *ip, uint64_t first, void *const *kvas,
                             size_t n, bool *ok, struct file_read_io *io);

/* rw.c */
int64_t ext2_read(struct inode *ip, void *buf, int64_t size, int64_t offset);
/* With BUF NULL: all but the bytes (blocks allocated, the file grown, the
 * times set); the caller writes them later (file_reserve_at). */
int64_t ext2_write(struct inode *ip, const void *buf, int64_t size, int64_t offset);
void ext2_touch_atime(struct inode *ip);
int64_t ext2_read_locked(struct inode *ip, void *buf, int64_t size, int64_t offset);
int64_t ext2_write_locked(struct inode *ip, const void *buf, int64_t size,
                          int64_t offset);

/* dir.c */
int ext2_dir_lookup(struct inode *dir, const char *name, size_t len, uint32_t *ino);
int ext2_dir_add(struct inode *dir, const char *name, size_t len, uint32_t ino,
                 uint8_t type);
int ext2_dir_remove(struct inode *dir, const char *name, size_t len);
int ext2_dir_is_empty(struct inode *dir);
int ext2_dir_init(struct inode *dir, uint32_t parent_ino);
int ext2_dir_next(struct inode *dir, uint64_t *pos, char *name, size_t name_size);
uint8_t ext2_dir_file_type(uint16_t mode);

/* path.c */
struct inode *ext2_path_resolve(struct ext2_fs *fs, struct inode *cwd, const char *path,
                                bool follow);
struct inode *ext2_path_parent(struct ext2_fs *fs, struct inode *cwd, const char *path,
                               char name[EXT2_NAME_MAX + 1], bool *dir_only);
int ext2_symlink_read(struct inode *link, char *buf, size_t size);

#endif
