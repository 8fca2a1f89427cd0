/* The file system as the rest of the kernel sees it: mounting the ext2 disk,
 * inode references (a process's current directory), and operations on names.
 * Open files are in fs/file.h.  See docs/fs.md for how it works.
 *
 * Lock order, outermost first (a thread holding one may take only later ones):
 *   VM locks (the VM calls file_read_at/file_write_at with its locks held;
 *             fs/ never calls into the VM)
 *   -> inode locks (at most two: a directory's before its child's, only in
 *                   remove; everywhere else at most one)
 *   -> inode table lock
 *   -> allocation lock (bitmaps and free counts of the whole file system)
 *   -> buffer lock (at most one buffer held at a time)
 * The block cache's own lock is innermost: held only for a few instructions,
 * never across disk I/O or while waiting for another lock.
 *
 * Paths: absolute ("/a/b") or relative to CWD (NULL means the root); "." and
 * "..", repeated and trailing slashes work; names up to 255 bytes; symbolic
 * links are followed (at most 16 per lookup).  Every function is safe to call
 * from several threads at once. */
#ifndef FS_FS_H
#define FS_FS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct block_device;
struct inode;

#define FS_CACHE_BUFFERS 64 /* block cache size used by fs_mount */

/* Mounts the ext2 file system on DEV (read-write, or read-only if it has a
 * feature this code may read but not write).  Returns 0, or -1 after printing
 * why (not ext2, corrupted, unsupported feature, already mounted, no memory). */
int fs_mount(struct block_device *dev);
/* fs_mount with a block cache of BUFFERS buffers (at least 8). */
int fs_mount_cache(struct block_device *dev, size_t buffers);
/* Writes everything back and unmounts.  Every file and inode reference should
 * be closed first (leftovers are reported and closed).  Does nothing if
 * nothing is mounted. */
void fs_unmount(void);
/* Writes every change so far to the disk (the kernel calls this at halt and
 * power-off, and for the sync system call).  Returns 0, or -1 if a write
 * failed (or nothing is mounted); the failure is also counted by the block
 * layer and printed at power-off. */
int fs_sync(void);
/* fs_sync at halt, after freeing every removed file that is still open
 * (nothing will close it any more), so the disk is left with no
 * unattached inode.  Nothing else may use fs/ afterwards. */
int fs_halt(void);
/* True while a file system is mounted. */
bool fs_mounted(void);
/* True if the mounted file system is read-only. */
bool fs_read_only(void);

/* If set, called with inode number INO when a regular file's inode is about
 * to be freed (its last name removed, its last reference closed), before
 * the number can be used again, with no fs/ lock held: the page cache
 * forgets the file's pages.  Set once at boot. */
extern void (*fs_inode_freed_hook)(uint32_t ino);

/* A new reference to the root directory, or NULL if nothing is mounted. */
struct inode *fs_root(void);
/* Another reference to INODE (which is returned). */
struct inode *inode_reopen(struct inode *inode);
/* Drops a reference (NULL is ignored).  The last reference to a removed file
 * or directory frees its blocks and inode. */
void inode_close(struct inode *inode);
/* INODE's inode number. */
uint32_t inode_inumber(const struct inode *inode);

/* Creates regular file PATH of INITIAL_SIZE bytes, all reading as zeros (no
 * blocks are allocated until written).  False if PATH exists, its last
 * component is empty or longer than 255 bytes, its directory does not exist
 * or was removed, the size is too large, or no inode is free. */
bool fs_create(struct inode *cwd, const char *path, uint64_t initial_size);
/* Removes the file, symbolic link (not its target) or empty directory PATH.
 * An open file stays readable and writable until its last close.  False if
 * PATH does not exist, is "." or "..", the root, or a non-empty directory. */
bool fs_remove(struct inode *cwd, const char *path);
/* Creates directory PATH.  False in the cases where fs_create fails. */
bool fs_mkdir(struct inode *cwd, const char *path);
/* A new reference to directory PATH (for chdir), or NULL if PATH does not
 * exist or is not a directory. */
struct inode *fs_lookup_dir(struct inode *cwd, const char *path);
/* Creates symbolic link LINKPATH whose contents are TARGET (not checked:
 * it may dangle).  Returns 0, or -1 if LINKPATH exists or cannot be created,
 * or TARGET is empty or longer than a block minus one byte. */
int fs_symlink(struct inode *cwd, const char *target, const char *linkpath);

#endif
