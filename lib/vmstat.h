/* The counters returned by the vmstat system call (SYS_VMSTAT), shared by the
 * kernel and the user library.  Fields are only ever added at the end; the
 * kernel fills min(size asked, its own size) bytes and sets `size` to that. */
#ifndef LIB_VMSTAT_H
#define LIB_VMSTAT_H

#include <stdint.h>

struct vmstat {
    uint64_t size; /* bytes the kernel filled in */
    /* frames */
    uint64_t frames_in_use; /* user frames holding pages, all processes */
    uint64_t frames_total;  /* frames in the user pool */
    /* page faults, by what they did */
    uint64_t faults_file;   /* loaded from the executable */
    uint64_t faults_zero;   /* zero-filled (bss, heap, first stack page) */
    uint64_t faults_stack;  /* stack growth */
    uint64_t faults_killed; /* invalid accesses that killed their process */
    /* the calling process */
    uint64_t pages;    /* pages in its address space */
    uint64_t resident; /* of which in memory */
    /* time */
    uint64_t uptime_ms; /* since boot (the precise clock, kernel/clock.h) */
    /* eviction and swap */
    uint64_t evictions;   /* frames taken from one page for another */
    uint64_t swap_outs;   /* pages written to swap */
    uint64_t swap_ins;    /* pages read back from swap */
    uint64_t clean_drops; /* evictions that needed no write (refilled later) */
    uint64_t swap_in_use; /* swap slots in use */
    uint64_t swap_total;  /* swap slots in all (0: no swap disk) */
    /* memory-mapped files */
    uint64_t mmap_faults;     /* pages of mapped files loaded */
    uint64_t mmap_writebacks; /* written pages written back to their file */
    uint64_t fs_disk_writes;  /* sectors written to the file-system disk */
    /* sharing */
    uint64_t shared_frames; /* frames more than one page holds, now */
    uint64_t cow_faults;    /* writes to shared pages that copied the frame */
    uint64_t cow_avoided;   /* ... by the last sharer, which kept the frame */
    uint64_t zero_maps;     /* reads of fresh pages served by the zero frame */
    uint64_t shared_code;   /* code pages found in another process's frame */
    /* regions and per-page state (all address spaces) */
    uint64_t regions;           /* regions now */
    uint64_t page_records;      /* per-page records now (touched pages only) */
    uint64_t page_record_bytes; /* kernel bytes one record costs */
    /* the swap cache */
    uint64_t swap_writes_avoided; /* evictions of pages whose swap copy was current */
    uint64_t swap_cache_hits;     /* swap-ins served by a frame already in memory */
    /* processes, the whole system */
    uint64_t processes;         /* live now */
    uint64_t process_pages;     /* pages in all their address spaces */
    uint64_t process_resident;  /* of which in frames */
    uint64_t killed_bad_access; /* processes killed for a bad access, since boot */
    uint64_t killed_no_memory;  /* ... because no frame could be found */
    uint64_t killed_other;      /* ... for another fault or a bad system call */
    uint64_t uptime_us;         /* since boot, in microseconds */
    /* swap I/O since boot (the average request is pages / requests) */
    uint64_t swap_ra_pages;       /* pages read ahead with a swap-in */
    uint64_t swap_ra_used;        /* ... that a fault then took (no I/O) */
    uint64_t swap_ra_wasted;      /* ... given back unused, or their slot freed */
    uint64_t swap_read_requests;  /* requests to the swap disk that read */
    uint64_t swap_write_requests; /* ... that wrote */
    uint64_t swap_pages_read;     /* pages they read */
    uint64_t swap_pages_written;  /* pages they wrote */
    /* the page cache */
    uint64_t cache_hits;   /* lookups that found the page in memory */
    uint64_t cache_misses; /* ... that read it from the file */
    uint64_t cache_pages;  /* file pages cached now */
    uint64_t fault_around; /* cached pages mapped next to a faulting file page */
    /* out of memory */
    uint64_t oom_kills; /* processes chosen to die: no frame could be freed */
    /* disk errors on the swap disk (docs/design.md, "Swap disk errors") */
    uint64_t swap_bad_slots;    /* slots never used again after a failed write or read */
    uint64_t swap_write_errors; /* pages whose write to their slot failed */
    uint64_t swap_read_errors;  /* pages whose read from their slot failed twice */
    uint64_t killed_disk_error; /* processes killed because a page of theirs was lost */
    /* file read-ahead and the page cache's disk reads */
    uint64_t file_ra_pages;       /* file pages read ahead into the page cache */
    uint64_t file_ra_used;        /* ... that a read() or a fault then found */
    uint64_t file_ra_wasted;      /* ... that left the cache unused */
    uint64_t file_read_requests;  /* disk requests that loaded file pages */
    uint64_t file_read_pages;     /* pages they filled (average: pages / requests) */
    uint64_t file_write_requests; /* disk requests that wrote cached file pages back */
    uint64_t file_write_pages;    /* pages they wrote */
    uint64_t file_ra_async; /* read-ahead windows started without waiting for them */
    uint64_t file_ra_waits; /* reads and faults that waited for such a window */
};

#endif
