/* The virtual memory system: every user address space is a set of pages, each
 * of which knows where its bytes live when it is not in a frame.  The page
 * tables (pmap) are only a cache of this truth; a page fault is the moment a
 * page is brought into a frame.  Machine-independent: talks to the hardware
 * only through vm/pmap.h, so it also builds and is unit-tested on the host.
 *
 * Lock order (outermost first): space lock -> frame-table lock -> swap lock;
 * file-system and disk locks are taken inside the space lock (page loads read
 * files, evictions write swap), never the other way round: fs/ never calls
 * the VM.  Eviction, which must lock the victim's space while it already
 * holds its own, only ever *tries* that lock (and skips a busy frame), so two
 * processes evicting each other's pages cannot deadlock.  Kernel code must not touch user
 * memory while holding a file-system lock (system calls copy through kernel
 * buffers), or a fault could need that lock again. */
#ifndef VM_VM_H
#define VM_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/sync.h"
#include "lib/hash.h"
#include "lib/list.h"

#define USER_STACK       0x47480000UL     /* initial stack top (ABI) */
#define USER_STACK_LIMIT (1024 * 1024UL)  /* the stack may grow this far */
#define VM_PAGE_SIZE     4096UL

struct file;
struct frame;
struct page;
struct pmap;

/* Where the bytes of a not-yet-loaded page come from: up to three ranges of a
 * file (a page may be shared by two or three ELF segments); every other byte
 * of the page is zero. */
#define PAGE_SOURCE_CHUNKS 3
struct page_chunk {
    uint16_t page_off; /* where in the page */
    uint16_t len;      /* how many bytes */
    int64_t file_off;  /* where in the file */
};
struct page_source {
    struct file *file; /* borrowed: owned by the address space (or a mapping) */
    uint8_t n_chunks;
    struct page_chunk chunk[PAGE_SOURCE_CHUNKS];
};

enum page_kind { PAGE_UNINIT, PAGE_ANON, PAGE_FILE };

/* What a kind of page does; one const table per kind (vm/uninit.c, vm/anon.c). */
struct page_ops {
    enum page_kind kind;
    const char *name;
    /* Fills the frame at KVA with the page's contents.  False on an I/O error. */
    bool (*swap_in)(struct page *page, void *kva);
    /* Saves the contents of the page's frame (at KVA) wherever they go when it
     * is evicted (the page is already unmapped).  False if they cannot be
     * saved (swap full or absent, disk error): the page keeps its frame. */
    bool (*swap_out)(struct page *page, void *kva);
    /* Frees whatever the page holds outside its frame (swap slot, ...). */
    void (*destroy)(struct page *page);
    /* Called once a load (swap_in) is mapped for good (may be NULL): what
     * swap_in must not give up before the load cannot fail any more. */
    void (*loaded)(struct page *page);
};

/* One page of a user address space.  [S]: guarded by the space's lock. */
struct page {
    uint64_t va;                  /* [C] page aligned */
    const struct page_ops *ops;   /* [S] changes from uninit on first load */
    const struct page_ops *loaded_ops; /* [C] what it becomes once loaded */
    struct frame *frame;          /* [S] NULL when not in memory */
    bool writable;                /* [C] */
    bool executable;              /* [C] */
    struct page_source source;    /* [S] how to fill the page from scratch */
    bool dirty;                   /* [S] contents not saved anywhere but memory */
    bool cow;                     /* [S] shares its frame: read-only until written */
    uint32_t swap_slot;           /* [S] where it is swapped out, or SWAP_SLOT_NONE */
    struct list_node frame_node;  /* [F] in its frame's list of pages */
    struct hash_node spt_node;    /* [S] in the space's page table */
    struct vm_space *space;       /* [C] */
};

/* Counters, shown by vmstat and at power-off. */
struct vm_stats {
    uint64_t faults_file;  /* pages loaded from a file */
    uint64_t faults_zero;  /* zero-filled pages (bss, heap, first stack page) */
    uint64_t faults_stack; /* pages added by stack growth */
    uint64_t faults_killed; /* faults that killed their process */
    uint64_t evictions;    /* frames taken from a page for another */
    uint64_t swap_outs;    /* pages written to swap */
    uint64_t swap_ins;     /* pages read back from swap */
    uint64_t clean_drops;  /* evicted pages that needed no write: refilled later */
    uint64_t cow_faults;   /* writes to shared pages that copied the frame */
    uint64_t cow_avoided;  /* ... that found they were the last sharer: no copy */
    uint64_t zero_maps;    /* reads of never-written pages mapped to the zero frame */
    uint64_t shared_code;  /* code pages found in another process's frame */
    uint64_t shared_frames; /* frames more than one page holds, now */
    uint64_t mmap_faults;  /* pages of mapped files loaded */
    uint64_t mmap_writebacks; /* written pages of mapped files written back */
    uint64_t frames_in_use;
    uint64_t swap_in_use;  /* swap slots */
};

/* A user address space: the supplemental page table and its page tables. */
struct vm_space {
    struct lock lock;     /* guards spt and every page in it */
    struct hash spt;      /* struct page by va */
    struct pmap *pmap;    /* [C] */
    struct file *exe;     /* [C] the executable pages load from (owned) */
    size_t pages;         /* [S] pages in spt */
    size_t resident;      /* [S] pages in frames */
    struct list mappings; /* [S] memory-mapped files (vm/mmap.c) */
};

/* Access kinds for vm_handle_fault. */
enum vm_access { VM_READ, VM_WRITE, VM_EXEC };

/* Whether fork shares frames copy-on-write (else it copies them at once),
 * and whether processes share the frames of read-only code (boot option
 * -eager-fork turns both off). */
extern bool vm_cow_fork;
extern bool vm_share_code;

void vm_init(void);
/* Starts using the swap disk (once the disks are known). */
void vm_init_swap(void);
/* Makes the zero frame now (else on first use), so that it never counts as
 * memory a test used. */
void vm_init_zero_frame(void);

/* A new, empty address space (no pages, kernel half mapped); NULL if out of
 * memory. */
struct vm_space *vm_space_create(void);
/* Frees every page, frame and page table of SPACE, and closes its exe.  SPACE
 * must not be active. */
void vm_space_destroy(struct vm_space *space);
/* Switches the CPU to SPACE (NULL: kernel only). */
void vm_space_activate(struct vm_space *space);

/* Adds the page at VA, filled from SRC (NULL or no chunks: all zeros) on first
 * touch.  False if VA is taken, not a user page, or out of memory. */
bool vm_add_page(struct vm_space *space, uint64_t va, const struct page_source *src,
                 bool writable, bool executable);
/* Removes the page at VA (and its frame).  False if there is none. */
bool vm_remove_page(struct vm_space *space, uint64_t va);
/* True if SPACE has a page at VA. */
bool vm_has_page(struct vm_space *space, uint64_t va);
/* Brings the page at VA into memory now for the kernel to write into;
 * returns the kernel address of its frame, pinned (call vm_unclaim when
 * done) and the page counted as written, or NULL (no such page, out of
 * memory, I/O error, or the page shares its frame). */
void *vm_claim(struct vm_space *space, uint64_t va);
/* Ends a vm_claim: the frame may be evicted again. */
void vm_unclaim(struct vm_space *space, uint64_t va);

/* Makes DST a copy of SRC (fork): resident pages are copied into new frames,
 * pages not yet loaded stay lazy (reading from DST's own exe, which the
 * caller has set).  False, with DST partly filled, if out of memory. */
bool vm_space_copy(struct vm_space *dst, struct vm_space *src);

enum vm_fault_result { VM_FAULT_HANDLED, VM_FAULT_KILL };
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

/* Pages of SPACE in memory now. */
size_t vm_space_resident(struct vm_space *space);

/* Prints the counters on one line (at power-off). */
void vm_print_stats(void);

/* A snapshot of the counters. */
struct vm_stats vm_stats(void);

#endif
