/* The trace: a ring buffer of VM and process events, drained by a kernel
 * thread through a channel of its own (a virtio console, or COM2 on a machine
 * without one) to the host, where `./hwan run
 * --trace FILE` turns it into JSON Lines (docs/trace.md).
 *
 * Off unless the kernel is booted with `-trace` (or `-trace=N`, a ring of N
 * events).  When it is off, a trace point costs one load and one branch that
 * is predicted not taken: call the helpers below freely, also in hot paths.
 *
 * Every event has: a time (ns since boot, taken when it is recorded), the
 * event kind, a pid (0: no process), a user address `va`, a frame (a physical
 * frame number, pa >> 12, or TRACE_NO_FRAME), and two fields `a` and `b` whose
 * meaning and name depend on the kind (the table in kernel/trace.c, which the
 * kernel also sends to the host so that nothing is defined twice).
 *
 * How to place a trace point: where a VM counter is incremented, call the
 * helper of the same name, e.g. next to `faults_zero++`:
 *
 *     trace_fault(trace_pid(), va, trace_frame(kva), TRACE_FAULT_ZERO);
 *
 * or, in eviction, with the victim's pid and address:
 *
 *     trace_evict(victim_pid, page->va, trace_frame(kva), TRACE_TO_SWAP, slot);
 *
 * The helpers may be called with any lock held and with interrupts on or off
 * (recording only turns interrupts off for a few stores); never from the
 * drain itself.  If the ring is full the event is counted, not stored, and a
 * `lost` event with the count is recorded as soon as there is room: no event
 * is dropped silently. */
#ifndef KERNEL_TRACE_H
#define KERNEL_TRACE_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/procinfo.h"

#define TRACE_NO_FRAME UINT64_MAX

/* The kinds of event.  Only ever add at the end (before TRACE_EV_COUNT), and
 * give each a row in the table in kernel/trace.c. */
enum trace_ev {
    TRACE_LOST,       /* a: events dropped because the ring was full */
    TRACE_FAULT,      /* a page fault: pid, va, frame it got; a: enum trace_fault_kind */
    TRACE_EVICT,      /* victim's pid, va and frame; a: enum trace_evict_to; b: slot */
    TRACE_SWAP_IN,    /* pid, va, frame read into; a: swap slot */
    TRACE_SWAP_OUT,   /* pid, va, frame written from; a: swap slot */
    TRACE_COW,        /* a copy-on-write copy: frame is the new one; a: the old one */
    TRACE_ZERO_MAP,   /* a read of a fresh page mapped to the shared zero frame */
    TRACE_CACHE_HIT,  /* page-cache lookup found the page: frame; a: file id; b: page */
    TRACE_CACHE_MISS, /* page-cache lookup missed: a: file id; b: page index */
    TRACE_START,      /* a process was created: a: parent pid; its name follows */
    TRACE_EXIT,       /* a process ended: a: status; b: enum procinfo_reason; va: the
                       * address of a bad access or failed fault */
    TRACE_OOM_KILL,   /* a process killed for lack of memory: va of the fault */
    TRACE_EXEC,       /* a process replaced its program (old memory freed): program */
    TRACE_FREE,      /* a page gave its frame back (munmap, sbrk, exit): pid, va, frame */
    TRACE_SWAP_RA,   /* swap read-ahead: frame; a: slot; b: enum trace_ra_what */
    TRACE_FILE_RA,   /* file read-ahead: frame; a: page index; b: enum trace_ra_what */
    TRACE_FILE_READ, /* a page-cache load: frame of its first page; a: disk requests;
                        b: pages they filled */
    TRACE_FILE_WRITE, /* a page-cache write-back: frame of its first page; a: disk
                         requests; b: pages they wrote */
    TRACE_EV_COUNT
};

/* What a fault did (TRACE_FAULT's a). */
enum trace_fault_kind {
    TRACE_FAULT_ZERO,  /* zero-filled page (bss, heap, first stack page) */
    TRACE_FAULT_FILE,  /* loaded from the executable */
    TRACE_FAULT_MMAP,  /* loaded from a memory-mapped file */
    TRACE_FAULT_SWAP,  /* read back from swap */
    TRACE_FAULT_COW,   /* write to a shared page (see also TRACE_COW) */
    TRACE_FAULT_STACK, /* stack growth */
    TRACE_FAULT_KILL,  /* invalid access: the process is killed */
    TRACE_FAULT_KIND_COUNT
};

/* Where an evicted page went (TRACE_EVICT's a). */
enum trace_evict_to {
    TRACE_TO_SWAP,    /* written to swap slot b */
    TRACE_TO_FILE,    /* written back to its file */
    TRACE_TO_DROPPED, /* clean: dropped, reloaded from where it came from */
    TRACE_EVICT_TO_COUNT
};

/* What happened to a page read ahead from swap (TRACE_SWAP_RA's b). */
enum trace_ra_what {
    TRACE_RA_READ,   /* read ahead into the read-ahead table */
    TRACE_RA_USED,   /* taken by a fault */
    TRACE_RA_WASTED, /* given back unused, or its slot was freed */
    TRACE_RA_WHAT_COUNT
};

/* True while tracing: written once at boot, read by every trace point. */
extern bool trace_on;

/* Records one event (use the helpers below). */
void trace_record(enum trace_ev ev, int pid, uint64_t va, uint64_t frame, int64_t a,
                  int64_t b);
/* Records EV followed by the text S (cut to 63 bytes). */
void trace_record_text(enum trace_ev ev, int pid, int64_t a, const char *s);
/* The pid of the running process, 0 on a kernel thread. */
int trace_pid(void);
/* The frame number of the kernel address KVA of a frame. */
uint64_t trace_frame(const void *kva);

/* The generic form: every helper below is this with fixed field meanings. */
static inline void
trace_emit(enum trace_ev ev, int pid, uint64_t va, uint64_t frame, int64_t a, int64_t b)
{
    if (__builtin_expect(trace_on, 0))
        trace_record(ev, pid, va, frame, a, b);
}

/* A fault of KIND at VA of PID that gave it FRAME (TRACE_NO_FRAME for kill). */
static inline void
trace_fault(int pid, uint64_t va, uint64_t frame, enum trace_fault_kind kind)
{
    trace_emit(TRACE_FAULT, pid, va, frame, kind, 0);
}

/* FRAME taken from VA of PID; its contents went TO (SLOT if to swap, else -1). */
static inline void
trace_evict(int pid, uint64_t va, uint64_t frame, enum trace_evict_to to, int64_t slot)
{
    trace_emit(TRACE_EVICT, pid, va, frame, to, slot);
}

/* VA of PID read from swap SLOT into FRAME. */
static inline void
trace_swap_in(int pid, uint64_t va, uint64_t frame, int64_t slot)
{
    trace_emit(TRACE_SWAP_IN, pid, va, frame, slot, 0);
}

/* A page read ahead from swap SLOT into FRAME: read, used or wasted. */
static inline void
trace_swap_ra(uint64_t frame, int64_t slot, enum trace_ra_what what)
{
    trace_emit(TRACE_SWAP_RA, 0, 0, frame, slot, what);
}

/* File page IDX read ahead into FRAME of the page cache: read, used or
 * wasted. */
static inline void
trace_file_ra(uint64_t frame, int64_t idx, enum trace_ra_what what)
{
    trace_emit(TRACE_FILE_RA, 0, 0, frame, idx, what);
}

/* A page-cache load into FRAME (its first page) that made REQUESTS disk
 * requests filling PAGES pages. */
static inline void
trace_file_read(uint64_t frame, int64_t requests, int64_t pages)
{
    trace_emit(TRACE_FILE_READ, trace_pid(), 0, frame, requests, pages);
}

/* A page-cache write-back from FRAME (its first page) that made REQUESTS
 * disk requests writing PAGES pages. */
static inline void
trace_file_write(uint64_t frame, int64_t requests, int64_t pages)
{
    trace_emit(TRACE_FILE_WRITE, trace_pid(), 0, frame, requests, pages);
}

/* VA of PID written from FRAME to swap SLOT. */
static inline void
trace_swap_out(int pid, uint64_t va, uint64_t frame, int64_t slot)
{
    trace_emit(TRACE_SWAP_OUT, pid, va, frame, slot, 0);
}

/* VA of PID copied from frame OLD to its own NEW frame. */
static inline void
trace_cow(int pid, uint64_t va, uint64_t new_frame, uint64_t old_frame)
{
    trace_emit(TRACE_COW, pid, va, new_frame, (int64_t)old_frame, 0);
}

/* VA of PID mapped read-only to the zero frame FRAME. */
static inline void
trace_zero_map(int pid, uint64_t va, uint64_t frame)
{
    trace_emit(TRACE_ZERO_MAP, pid, va, frame, 0, 0);
}

/* A page-cache lookup of page PAGE of file FILE_ID (e.g. its inode number):
 * HIT in FRAME, or a miss (frame TRACE_NO_FRAME). */
static inline void
trace_cache(int pid, uint64_t va, bool hit, uint64_t frame, int64_t file_id, int64_t page)
{
    trace_emit(hit ? TRACE_CACHE_HIT : TRACE_CACHE_MISS, pid, va, frame, file_id, page);
}

/* PID killed for lack of memory while faulting at VA. */
static inline void
trace_oom_kill(int pid, uint64_t va)
{
    trace_emit(TRACE_OOM_KILL, pid, va, TRACE_NO_FRAME, 0, 0);
}

/* VA of PID gave FRAME back (unmapped, heap shrunk, address space freed). */
static inline void
trace_free(int pid, uint64_t va, uint64_t frame)
{
    trace_emit(TRACE_FREE, pid, va, frame, 0, 0);
}

/* Process PID, child of PARENT (0: none), named NAME, was created. */
static inline void
trace_start(int pid, int parent, const char *name)
{
    if (__builtin_expect(trace_on, 0))
        trace_record_text(TRACE_START, pid, parent, name);
}

/* Process PID now runs the program PROGRAM (a command line: its first word). */
static inline void
trace_exec(int pid, const char *program)
{
    if (__builtin_expect(trace_on, 0))
        trace_record_text(TRACE_EXEC, pid, 0, program);
}

/* Process PID ended with STATUS for REASON, at address VA if it was killed
 * for an access there. */
static inline void
trace_exit(int pid, int status, enum procinfo_reason reason, uint64_t va)
{
    trace_emit(TRACE_EXIT, pid, va, TRACE_NO_FRAME, status, reason);
}

/* The name of event kind EV ("fault", "evict", ...), or NULL. */
const char *trace_ev_name(enum trace_ev ev);
/* The name of exit reason R ("exit", "bad-access", ...). */
const char *trace_exit_reason_name(enum procinfo_reason r);

/* Starts tracing into a ring of EVENTS events (boot option -trace). */
void trace_init(unsigned events);
/* Writes every recorded event to the host and ends the stream (power-off). */
void trace_flush(void);
/* Events recorded and events lost since boot. */
uint64_t trace_recorded(void);
uint64_t trace_lost(void);
/* Slots of the ring not yet sent to the host. */
unsigned trace_queued(void);

#endif
