/* struct vmstat: the VM counters that system call 24, vmstat(out, size),
 * copies to a user program (docs/abi.md).  Shared by the kernel and the user
 * library, so it includes nothing but <stdint.h>.
 *
 * Every field is a uint64_t, so the struct is also an array of counters,
 * indexed in the order below.  It only ever grows at the end, never reorders:
 * the kernel copies min(size, sizeof its struct vmstat) bytes and returns that
 * number, so an old program gets the prefix it knows, and a new program on an
 * old kernel sees `size` smaller than its own struct (fields past it are not
 * written: zero the struct first).  A counter the kernel does not keep yet
 * reads 0. */
#ifndef USER_VMSTAT_H
#define USER_VMSTAT_H

#include <stdint.h>

struct vmstat {
    uint64_t size;           /* bytes of struct vmstat the kernel knows */
    uint64_t frames_in_use;  /* user-pool frames holding a page now */
    uint64_t frames_total;   /* frames of the user pool */
    uint64_t faults_file;    /* pages loaded from a file (executable, mmap) */
    uint64_t faults_zero;    /* pages filled with zeros (bss, heap, first stack page) */
    uint64_t faults_stack;   /* pages added by stack growth */
    uint64_t faults_killed;  /* faults that killed their process */
    uint64_t faults_cow;     /* copy-on-write faults that copied a frame */
    uint64_t evictions;      /* pages evicted from their frame */
    uint64_t swap_outs;      /* pages written to swap */
    uint64_t swap_ins;       /* pages read back from swap */
    uint64_t swap_in_use;    /* swap slots in use now */
    uint64_t pages;          /* pages of the calling process's address space */
    uint64_t pages_resident; /* of those, pages in a frame now */
};

/* The field names, in order, as the vmstat program prints them. */
#define VMSTAT_NAMES                                                                     \
    {                                                                                    \
        "size", "frames_in_use", "frames_total", "faults_file", "faults_zero",          \
            "faults_stack", "faults_killed", "faults_cow", "evictions", "swap_outs",     \
            "swap_ins", "swap_in_use", "pages", "pages_resident",                       \
    }

#define VMSTAT_COUNTERS (sizeof(struct vmstat) / sizeof(uint64_t))

#endif
