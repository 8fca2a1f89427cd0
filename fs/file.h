/* Open files: a handle on an inode with its own position.  Several handles
 * may share one inode; each has a position of its own.  Offsets and sizes are
 * 64-bit.  The functions that take a position (file_read, file_write,
 * file_seek, file_readdir) must not be called on one handle from two threads
 * at once; the _at functions may.
 *
 * file_read_at/file_write_at are what the VM uses to load and write back
 * mapped pages, with its own locks held: they take only fs/ locks (see the
 * lock order in fs/fs.h) and never call the VM. */
#ifndef FS_FILE_H
#define FS_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct inode;
struct file;

#define FILE_NAME_MAX 14 /* file_readdir's names: the first 14 bytes */

/* Opens PATH (a regular file or a directory; symbolic links are followed)
 * relative to CWD (NULL: the root).  NULL if it does not exist or cannot be
 * opened. */
struct file *file_open(struct inode *cwd, const char *path);
/* Opens a handle on inode number INO of the mounted file system (a
 * write-back of a cached page that no handle names).  NULL if the inode is
 * free (without a message: the file was removed meanwhile), cannot be
 * opened, or out of memory. */
struct file *file_open_inumber(uint32_t ino);
/* Opens a handle on INODE, taking over the caller's reference to it.  NULL
 * (the reference dropped) if out of memory. */
struct file *file_open_inode(struct inode *inode);
/* A new, independent handle on FILE's inode, at position 0, allowing writes.
 * NULL if out of memory. */
struct file *file_reopen(struct file *file);
/* Closes FILE (NULL is ignored), allowing writes again if it denied them. */
void file_close(struct file *file);
/* FILE's inode (no new reference: valid while FILE is open). */
struct inode *file_get_inode(struct file *file);

/* Reads up to SIZE bytes at the position, which advances.  Returns the bytes
 * read: fewer than SIZE at the end of the file or on a disk error (-1 if the
 * disk failed before the first byte), 0 for a directory.  Holes read as
 * zeros. */
int64_t file_read(struct file *file, void *buf, int64_t size);
/* Writes SIZE bytes at the position, which advances; the file grows if
 * needed (a gap reads as zeros).  Returns the bytes written: fewer when the
 * disk is full or on an error, 0 while writes are denied, for a directory, or
 * on a read-only file system. */
int64_t file_write(struct file *file, const void *buf, int64_t size);
/* file_read and file_write at OFFSET, leaving the position alone. */
int64_t file_read_at(struct file *file, void *buf, int64_t size, int64_t offset);
int64_t file_write_at(struct file *file, const void *buf, int64_t size, int64_t offset);
/* Makes room for SIZE bytes at OFFSET as file_write_at would write them,
 * with the same returns, but writes no byte: the blocks are allocated (a
 * full disk shows here), the file grows, its times are set.  The caller
 * writes the bytes later, by file_write_pages (the page cache). */
int64_t file_reserve_at(struct file *file, int64_t size, int64_t offset);
/* Pages of file_read_pages: FILE_PAGE_SIZE bytes from a multiple of it. */
#define FILE_PAGE_SIZE 4096

/* What file_read_pages did: the disk requests it made and the pages they
 * filled (a page that two requests filled counts once for each). */
struct file_read_io {
    uint64_t requests;
    uint64_t pages;
};

/* Reads pages FIRST to FIRST + N - 1 of FILE into the N page-sized buffers
 * KVAS (kernel addresses) straight from the disk, one request per run of
 * blocks that follow each other on the disk, all in flight at once; the
 * data does not go through the block cache (a block it holds, maybe newer
 * than the disk, is copied from there instead of read).  Holes and the bytes past the
 * end read as zeros.  OK[i] tells whether page FIRST + i was read (false
 * after a disk error or on a damaged map); *IO counts what was done. */
void file_read_pages(struct file *file, uint64_t first, void *const *kvas, size_t n,
                     bool *ok, struct file_read_io *io);
/* file_read_pages in two halves, so that the caller can do other work
 * while the requests are in flight: _start maps the blocks and submits the
 * requests (it may sleep for the map's metadata, for a block-cache buffer
 * being written back and for room in the device's queue, never for the
 * pages), and
 * counts the requests and the pages they will fill into *IO, and returns
 * a read in flight that holds its own reference to FILE's inode
 * (FILE may be closed meanwhile; the inode's blocks stay until the read
 * ends), or NULL if out of memory (every OK[i] false, nothing in flight).
 * _ended tells, without sleeping, whether every request has ended;
 * _finish waits for them, copies newer block-cache bytes over, sets OK as
 * file_read_pages does and frees the read.  Exactly one _finish per
 * read; KVAS and OK must stay valid until it returns. */
struct file_read_batch;
struct file_read_batch *file_read_pages_start(struct file *file, uint64_t first,
                                              void *const *kvas, size_t n, bool *ok,
                                              struct file_read_io *io);
bool file_read_pages_ended(const struct file_read_batch *b);
void file_read_pages_finish(struct file_read_batch *b);
/* Writes the N page-sized buffers KVAS to pages FIRST to FIRST + N - 1 of
 * FILE straight to the disk, the same way (one request per run of blocks
 * that follow each other, all in flight at once; a block the block cache
 * holds gets the new bytes too), up to the end of the file (the bytes of
 * the last block past it are written too; nothing is past the last block):
 * holes are allocated, the file does not grow.  OK[i] tells whether page
 * FIRST + i reached the disk (false on a disk error, a full disk, while
 * writes are denied or on a read-only file system); *IO counts the
 * requests and the pages they wrote. */
void file_write_pages(struct file *file, uint64_t first, void *const *kvas, size_t n,
                      bool *ok, struct file_read_io *io);
/* Sets the position (past the end is allowed; negative becomes 0). */
void file_seek(struct file *file, int64_t pos);
/* The position. */
int64_t file_tell(struct file *file);
/* The size in bytes. */
int64_t file_length(struct file *file);

/* While any handle on an inode denies writes (a running executable), every
 * write to the inode writes 0 bytes.  Each handle denies at most once. */
void file_deny_write(struct file *file);
/* file_deny_write, unless a writable mapping maps the file (file_map_writable):
 * then nothing changes and it returns false.  A program is started only
 * from a file this denies writes to, so that no mapping made before can
 * change it while it runs (one made after shares it copy-on-write). */
bool file_try_deny_write(struct file *file);
/* Marks FILE as the handle of a writable mapping of its file, until it is
 * closed; file_reopen passes the mark on (a mapping split or forked). */
void file_map_writable(struct file *file);
/* True if some handle denies writes to FILE's file (a running program). */
bool file_write_denied(struct file *file);
void file_allow_write(struct file *file);

/* True if FILE is a directory. */
bool file_is_dir(struct file *file);
/* FILE's inode number. */
uint32_t file_inumber(struct file *file);
/* Stores the next entry name of directory FILE in NAME and returns true, or
 * returns false at the end (or if FILE is not a directory).  Skips "." and
 * "..".  Names longer than 14 bytes come back cut to their first 14 bytes. */
bool file_readdir(struct file *file, char name[FILE_NAME_MAX + 1]);

#endif
