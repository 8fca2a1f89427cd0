/* The virtual memory system: the address-space API the rest of the kernel
 * uses.  An address space is a small ordered set of regions (vm/region.h)
 * plus per-page state for the pages that were touched (vm/page.h); the page
 * tables (pmap) are only a cache of this truth, and a page fault is the
 * moment a page is brought into a frame.  Machine-independent: talks to the
 * hardware only through vm/pmap.h, so it also builds and is unit-tested on
 * the host.
 *
 * Lock order (outermost first): space lock -> OOM lock (vm/oom.h) -> frame-table
 * lock -> swap lock;
 * file-system and disk locks are taken inside the space lock (page loads read
 * files, evictions write swap), never the other way round: fs/ never calls
 * the VM.  Eviction, which must lock the victim's space while it already
 * holds its own, only ever *tries* that lock (and passes over a busy frame),
 * so two processes evicting each other's pages cannot deadlock.  Kernel code
 * must not touch user memory while holding a file-system lock (system calls
 * copy through kernel buffers), or a fault could need that lock again. */
#ifndef VM_VM_H
#define VM_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/sync.h"
#include "vm/layout.h"
#include "vm/page.h"
#include "vm/region.h"
#include "vm/stats.h"

struct file;
struct pmap;

/* Where the bytes of one page come from: up to three ranges of a file (a
 * page may hold parts of two or three ELF segments); every other byte of
 * the page is zero.  Computed from a region (region_page_source). */
#define PAGE_SOURCE_CHUNKS REGION_EXTENTS
struct page_chunk {
    uint16_t page_off; /* where in the page */
    uint16_t len;      /* how many bytes */
    int64_t file_off;  /* where in the file */
};
struct page_source {
    struct file *file; /* borrowed from the region */
    uint8_t n_chunks;
    struct page_chunk chunk[PAGE_SOURCE_CHUNKS];
};

/* A user address space. */
struct vm_space {
    struct lock lock;          /* guards everything [S] below */
    struct region_set regions; /* [S] */
    struct page_table pages;   /* [S] per-page state of touched pages */
    struct pmap *pmap;         /* [C] */
    struct file *exe;          /* [C] the program image regions read from (owned) */
    int pid;                   /* [C] its process, for the trace (0: none yet) */
    size_t resident;           /* [S] pages in frames, with a record */
    size_t zero_mapped;        /* [S] pages mapped to the zero frame, no record */
    struct list_node oom_node; /* [R] in the registry of spaces (vm/oom.c) */
    int frame_waiters;         /* [A] threads holding the lock that wait for a frame */
    bool doomed;               /* [A] chosen to die for lack of memory (vm/oom.h) */
};

/* Access kinds for vm_handle_fault. */
enum vm_access { VM_READ, VM_WRITE, VM_EXEC };

/* Whether fork shares frames copy-on-write (else it copies them at once;
 * boot option -eager-fork). */
extern bool vm_cow_fork;

void vm_init(void);
/* Starts using the swap disk (once the disks are known). */
void vm_init_swap(void);
/* Makes the zero frame now (else on first use), so that it never counts as
 * memory a test used. */
void vm_init_zero_frame(void);

/* A new, empty address space (no regions, kernel half mapped); NULL if out
 * of memory. */
struct vm_space *vm_space_create(void);
/* Frees every region, page, frame and page table of SPACE, and closes its
 * exe.  SPACE must not be active. */
void vm_space_destroy(struct vm_space *space);
/* Switches the CPU to SPACE (NULL: kernel only). */
void vm_space_activate(struct vm_space *space);

/* Adds zero-filled memory [START, END) (page aligned; KIND is REGION_ANON or
 * REGION_STACK), merged with an alike region it touches.  False, nothing
 * changed, if the range is not free user space or out of memory. */
bool vm_map_anon(struct vm_space *space, uint64_t start, uint64_t end,
                 enum region_kind kind, bool writable, bool executable);
/* Adds a region [START, END) of the program image (SPACE's exe) whose bytes
 * come from the N extents EXT (zeros elsewhere).  False, nothing changed, if
 * the range is not free user space or out of memory. */
bool vm_map_image(struct vm_space *space, uint64_t start, uint64_t end, bool writable,
                  bool executable, const struct vm_extent *ext, unsigned n);
/* Removes [START, END) (page aligned) from whatever regions it covers,
 * freeing their pages there (written file pages go back to their file).
 * False if splitting a region ran out of memory (part may be unmapped). */
bool vm_unmap(struct vm_space *space, uint64_t start, uint64_t end);

/* Adds the single page at VA, filled from SRC (NULL or no chunks: all zeros)
 * on first touch: a one-page region (merged with an alike neighbour).  False
 * if VA is taken, not a user page, or out of memory. */
bool vm_add_page(struct vm_space *space, uint64_t va, const struct page_source *src,
                 bool writable, bool executable);
/* Removes the page at VA (and its frame).  False if there is none. */
bool vm_remove_page(struct vm_space *space, uint64_t va);
/* True if a region of SPACE holds VA. */
bool vm_has_page(struct vm_space *space, uint64_t va);
/* Brings the page at VA into memory now for the kernel to write into;
 * returns the kernel address of its frame, pinned (call vm_unclaim when
 * done) and the page counted as written, or NULL (no such page, out of
 * memory, I/O error, or the page shares its frame). */
void *vm_claim(struct vm_space *space, uint64_t va);
/* Ends a vm_claim: the frame may be evicted again. */
void vm_unclaim(struct vm_space *space, uint64_t va);

/* Makes DST a copy of SRC (fork): its regions are copied, resident pages
 * shared copy-on-write (or copied with -eager-fork), swapped pages share
 * their slot, untouched pages cost nothing.  DST reads its program image
 * from its own exe, which the caller has set.  False, with DST partly
 * filled, if out of memory. */
bool vm_space_copy(struct vm_space *dst, struct vm_space *src);

/* What a fault did: handled, or the process must die because the access
 * was bad (or a page of its file could not be read), for lack of memory, or
 * because its page was lost to a disk error on the swap disk (vm/swap.h). */
enum vm_fault_result {
    VM_FAULT_HANDLED,
    VM_FAULT_KILL,
    VM_FAULT_NO_MEMORY,
    VM_FAULT_DISK_ERROR
};
/* Handles a page fault at ADDR in SPACE by access ACCESS; PRESENT says the
 * page was mapped (a protection fault).  USER_RSP is the user stack pointer
 * that the stack-growth rule checks against. */
enum vm_fault_result vm_handle_fault(struct vm_space *space, uint64_t addr,
                                     enum vm_access access, bool present,
                                     uint64_t user_rsp);

/* Maps LENGTH bytes of FILE from OFFSET at ADDR (docs/abi.md's mmap rules),
 * through a handle of its own.  Returns ADDR, or 0 with nothing changed. */
uint64_t vm_mmap(struct vm_space *space, uint64_t addr, uint64_t length, bool writable,
                 struct file *file, int64_t offset);
/* Removes the mapping that starts at ADDR, writing its written pages back.
 * False if no mapping starts there. */
bool vm_munmap(struct vm_space *space, uint64_t addr);

/* A non-zero value naming the frame behind VA if it is in memory, else 0. */
uint64_t vm_frame_identity(struct vm_space *space, uint64_t va);

/* Pages of SPACE in memory now, in swap only, and in its regions in all. */
size_t vm_space_resident(struct vm_space *space);
size_t vm_space_swapped(struct vm_space *space);
size_t vm_space_pages(struct vm_space *space);

#endif
