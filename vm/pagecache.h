/* The page cache: every page of a file that is in memory is in one frame,
 * found by (inode number, page index).  read(), write(), the faults of
 * mapped files and of program images all go through it, so a page any of
 * them brought in is found by the next with no disk I/O.  A writable file
 * mapping maps the cached frame itself (a view of the file); read-only code
 * maps it too; a program's writable data copies it on its first write.
 *
 * Cached frames are frames of the frame table (vm/frame.h): the same
 * replacement policy evicts them, clean ones dropped, written ones written
 * back first.  The index and each entry's state are guarded by the
 * frame-table lock ([F]).  A dirty page is written back at eviction,
 * munmap, exit, sync and halt; pages of a file whose inode is freed (its
 * last name removed and its last user gone) are dropped unwritten. */
#ifndef VM_PAGECACHE_H
#define VM_PAGECACHE_H

#include <stdbool.h>
#include <stdint.h>

struct file;
struct frame;
struct page;

/* When false (boot option -no-page-cache), mapped files and program images
 * load straight from their files into private frames, and read() and
 * write() go straight to the file system (for comparisons). */
extern bool vm_page_cache;
/* When false (boot option -no-readahead), neither file read-ahead nor
 * fault-around happens: a miss reads its one page. */
extern bool vm_readahead;
/* The largest read-ahead window in pages (boot option -readahead=N). */
extern unsigned vm_readahead_max;
#define PAGECACHE_RA_MIN 4   /* pages: the first window of a sequential reader */
#define PAGECACHE_RA_MAX 256 /* pages: the most -readahead=N allows */

void pagecache_init(void);

/* The frame holding page INDEX of FILE, pinned (pagecache_put when done),
 * read from the file on a miss; counted as a hit or a miss for process PID
 * at VA (trace).  NULL if out of memory or on a disk error. */
struct frame *pagecache_get(struct file *file, uint64_t index, uint64_t va);
/* Ends a pagecache_get. */
void pagecache_put(struct frame *f);
/* True if F is a page-cache frame. */
bool pagecache_holds(const struct frame *f);
/* The frame of page INDEX of FILE, pinned, if it is cached and ready now
 * (no waiting for it, not counted); else NULL.  For fault-around.  If the
 * page is a read-ahead trigger, starts the next window (without waiting
 * for it). */
struct frame *pagecache_find(struct file *file, uint64_t index);
/* Adds PAGE to the pages of F, obtained by pagecache_get. */
void pagecache_map(struct frame *f, struct page *page);
/* Folds a written mapping's dirty state into F's cached page. */
void pagecache_set_dirty(struct frame *f);
/* Writes F's cached page back to its file if it was written; true if the
 * file has it (or is gone). */
bool pagecache_write_back(struct frame *f);

/* read() and write() through the cache: like file_read_at / file_write_at
 * (same returns), on FILE at OFFSET. */
int64_t pagecache_read(struct file *file, void *buf, int64_t size, int64_t offset);
int64_t pagecache_write(struct file *file, const void *buf, int64_t size, int64_t offset);

/* Writes every written cached page back (sync, halt, power-off); 0, or -1
 * if a write failed.  Needs no memory: without room for a list of the
 * pages it goes through them a few at a time. */
int pagecache_sync(void);
#ifdef HOST
/* Test hook (host only): while true, pagecache_sync finds no memory for
 * its list of pages. */
extern bool pagecache_test_fail_keys;
#endif
/* Writes back and frees every cached page nobody maps (power-off, before
 * the memory check), also one whose write-back failed (a full disk). */
void pagecache_drop_all(void);
/* Frees FILE's cached pages that nobody maps, holds or has written since
 * their last write-back, and forgets how FILE was being read, so that the
 * next read of it is cold (benchmarks; a written page stays). */
void pagecache_drop_file(struct file *file);
/* Inode INO is being freed: its cached pages go, unwritten. */
void pagecache_forget_inode(uint32_t ino);
/* Pages cached now. */
uint64_t pagecache_pages(void);

/* For the frame table (vm/frame.c), frame-table lock held where _locked:
 * whether cached frame F may be evicted now (it is then marked so that
 * lookups wait), and the test-and-clear of its read() reference; saving
 * its contents (its mappings already unmapped, dirty bits folded), giving
 * it back after a failed save, and taking it out of the cache. */
bool pagecache_claim_locked(struct frame *f);
/* A cached frame that no page maps, nobody uses and read() has not touched
 * since it was last looked at, claimed for eviction and pinned; NULL if none
 * among the least recently used few (the cheap victims eviction prefers). */
struct frame *pagecache_pick_idle_locked(void);
bool pagecache_test_referenced_locked(struct frame *f);
bool pagecache_evict(struct frame *f);
void pagecache_unclaim(struct frame *f);
void pagecache_forget_locked(struct frame *f);

#endif
