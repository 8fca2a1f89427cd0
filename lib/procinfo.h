/* What system call 31 (procinfo) reports about each process, shared by the
 * kernel and the user library (docs/abi.md).  Live processes come first, in
 * pid order, then the most recent exits, newest first. */
#ifndef LIB_PROCINFO_H
#define LIB_PROCINFO_H

#include <stdint.h>

#define PROCINFO_NAME_MAX    64 /* bytes of the name, with its terminating 0 */
#define PROCINFO_EXITS       16 /* exit records the kernel keeps */
#define PROCINFO_FAULT_KINDS 8  /* room in faults_by_kind */

/* A process's state. */
enum procinfo_state {
    PROC_RUNNING, /* on the CPU (the caller itself) */
    PROC_READY,   /* waiting for the CPU */
    PROC_BLOCKED, /* waiting for something else (a child, the disk, a key) */
    PROC_EXITED,  /* ended: status and reason say how */
};

/* Why a process ended (the same values as the trace's exit reasons). */
enum procinfo_reason {
    PROC_EXIT_NORMAL,     /* it called exit */
    PROC_EXIT_BAD_ACCESS, /* killed: touched or passed memory it may not (at `addr`) */
    PROC_EXIT_NO_MEMORY,  /* killed: no frame for a page it needed (at `addr`) */
    PROC_EXIT_KILLED,     /* killed: another fault or a bad system call */
    PROC_EXIT_DISK_ERROR, /* killed: its page (at `addr`) was lost: the swap disk
                             failed to read it back */
    PROC_EXIT_REASONS     /* how many there are */
};

struct procinfo {
    int32_t pid;
    int32_t parent; /* 0: started by the kernel */
    char name[PROCINFO_NAME_MAX];
    uint32_t state;  /* enum procinfo_state */
    int32_t status;  /* exit status, once exited */
    uint32_t reason; /* enum procinfo_reason, once exited */
    uint32_t pad;
    uint64_t addr;     /* the address of a bad access or failed fault */
    uint64_t pages;    /* pages in its address space (0 once exited) */
    uint64_t resident; /* of which in frames */
    uint64_t swapped;  /* of which in swap */
    uint64_t faults;   /* page faults it took (the CPU's count) */
    /* faults by what the VM did: zero-fill, file, mmap, swap, copy-on-write,
     * stack, kill (the trace's fault kinds, docs/trace.md); 0 where the VM
     * does not count them */
    uint64_t faults_by_kind[PROCINFO_FAULT_KINDS];
};

#endif
