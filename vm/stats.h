/* The VM's counters: bumped where things happen, read by vmstat and printed
 * at power-off. */
#ifndef VM_STATS_H
#define VM_STATS_H

#include <stdint.h>

struct vm_stats {
    uint64_t faults_file;         /* pages of a program image loaded from its file */
    uint64_t faults_zero;         /* zero-filled pages (bss, heap, first stack page) */
    uint64_t faults_stack;        /* pages added by stack growth */
    uint64_t faults_killed;       /* faults that killed their process */
    uint64_t evictions;           /* frames taken from a page for another */
    uint64_t swap_outs;           /* pages written to swap */
    uint64_t swap_ins;            /* pages read back from swap */
    uint64_t clean_drops;         /* evictions that needed no write: refilled later */
    uint64_t swap_writes_avoided; /* ... of which had an up-to-date copy in swap */
    uint64_t swap_cache_hits;     /* swap-ins that found the page in another's frame */
    uint64_t swap_ra_pages;       /* pages read ahead from swap (vm/swapra.h) */
    uint64_t swap_ra_used;        /* ... that a fault then took */
    uint64_t swap_ra_wasted;      /* ... given back unused, or whose slot was freed */
    uint64_t cow_faults;          /* writes to shared pages that copied the frame */
    uint64_t cow_avoided;         /* ... that found they were the last sharer: no copy */
    uint64_t zero_maps;       /* reads of never-written pages mapped to the zero frame */
    uint64_t shared_code;     /* code pages found in another process's frame */
    uint64_t mmap_faults;     /* pages of mapped files loaded */
    uint64_t mmap_writebacks; /* written file pages written back to their file */
    uint64_t cache_hits;      /* page-cache lookups that found the page */
    uint64_t cache_misses;    /* ... that read it from the file */
    uint64_t fault_around;    /* cached pages mapped next to a faulting one */
    uint64_t oom_kills;       /* processes killed because no frame could be freed */
    uint64_t swap_write_errors;   /* pages whose write to their slot failed */
    uint64_t swap_read_errors;    /* pages whose read from their slot failed twice */
    uint64_t file_ra_pages;       /* file pages read ahead into the page cache */
    uint64_t file_ra_used;        /* ... that a lookup then found */
    uint64_t file_ra_wasted;      /* ... that left the cache unused */
    uint64_t file_ra_async;       /* windows read ahead without waiting for them */
    uint64_t file_ra_waits;       /* lookups that waited for a window read ahead */
    uint64_t file_read_requests;  /* disk requests that loaded file pages */
    uint64_t file_read_pages;     /* pages they filled (one split between two: twice) */
    uint64_t file_write_requests; /* disk requests that wrote cached file pages back */
    uint64_t file_write_pages;    /* pages they wrote (one split between two: twice) */
    /* Filled in by vm_stats(): the state now. */
    uint64_t shared_frames; /* frames more than one page holds */
    uint64_t frames_in_use;
    uint64_t swap_in_use;       /* swap slots */
    uint64_t swap_bad_slots;    /* slots marked bad after a disk error (vm/swap.h) */
    uint64_t regions;           /* regions of all address spaces */
    uint64_t page_records;      /* per-page records of all address spaces */
    uint64_t page_record_bytes; /* kernel bytes one record costs */
    uint64_t cache_pages;       /* pages in the page cache */
};

/* The counters; bump them only through vm_count. */
extern struct vm_stats vm_counters;

/* Adds one to COUNTER (atomic: faults run in many threads). */
void vm_count(uint64_t *counter);
/* Adds N to COUNTER (atomic). */
void vm_count_n(uint64_t *counter, uint64_t n);
/* Counts N regions made (positive) or freed (negative). */
void vm_count_regions(int64_t n);
/* Counts a fault in COUNTER (one of the faults_* counters, mmap_faults,
 * cow_faults or swap_ins) and records it in the trace and in the faulting
 * process's counts: at VA, which got the frame at KVA (NULL: none, a kill). */
void vm_count_fault(uint64_t *counter, uint64_t va, const void *kva);
/* A snapshot of the counters and the state now. */
struct vm_stats vm_stats(void);
/* Prints the counters on one line (at power-off). */
void vm_print_stats(void);

#endif
