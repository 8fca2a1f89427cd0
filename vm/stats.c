/* The VM's counters (see stats.h). */
#include "vm/stats.h"

#include "kernel/printf.h"
#include "vm/pagecache.h"
#include "kernel/trace.h"
#include "userprog/process.h"
#include "vm/frame.h"
#include "vm/page.h"
#include "vm/swap.h"

struct vm_stats vm_counters;
static int64_t regions_now; /* atomic */

void
vm_count(uint64_t *counter)
{
    __atomic_fetch_add(counter, 1, __ATOMIC_RELAXED);
}

void
vm_count_n(uint64_t *counter, uint64_t n)
{
    __atomic_fetch_add(counter, n, __ATOMIC_RELAXED);
}

void
vm_count_regions(int64_t n)
{
    __atomic_fetch_add(&regions_now, n, __ATOMIC_RELAXED);
}

/* The kind of fault COUNTER counts. */
static enum trace_fault_kind
fault_kind(const uint64_t *counter)
{
    if (counter == &vm_counters.faults_zero)
        return TRACE_FAULT_ZERO;
    if (counter == &vm_counters.faults_file)
        return TRACE_FAULT_FILE;
    if (counter == &vm_counters.faults_stack)
        return TRACE_FAULT_STACK;
    if (counter == &vm_counters.mmap_faults)
        return TRACE_FAULT_MMAP;
    if (counter == &vm_counters.swap_ins)
        return TRACE_FAULT_SWAP;
    if (counter == &vm_counters.cow_faults)
        return TRACE_FAULT_COW;
    return TRACE_FAULT_KILL;
}

void
vm_count_fault(uint64_t *counter, uint64_t va, const void *kva)
{
    enum trace_fault_kind kind = fault_kind(counter);
    vm_count(counter);
    trace_fault(trace_pid(), va, kva ? trace_frame(kva) : TRACE_NO_FRAME, kind);
    process_count_fault(kind);
}

struct vm_stats
vm_stats(void)
{
    struct vm_stats st = vm_counters;
    st.frames_in_use = frame_count();
    st.shared_frames = frame_shared_count();
    st.swap_in_use = swap_used();
    st.swap_bad_slots = swap_bad_slots();
    st.regions = (uint64_t)__atomic_load_n(&regions_now, __ATOMIC_RELAXED);
    st.page_records = page_records();
    st.page_record_bytes = page_record_bytes();
    st.cache_pages = pagecache_pages();
    return st;
}

void
vm_print_stats(void)
{
    struct vm_stats st = vm_stats();
    printf("VM: page faults: %llu from files, %llu zero-filled, %llu stack growth, "
           "%llu killed; evictions: %llu; pages written to swap: %llu; clean drops: %llu "
           "(%llu of them swap writes avoided); swap-ins: %llu (%llu swap-cache hits); "
           "mapped-file faults: %llu, write-backs: %llu; copy-on-write faults: %llu "
           "(%llu copies "
           "avoided), zero-page maps: %llu, shared code pages: %llu; regions: %llu, "
           "page records: %llu of %llu bytes; page cache: %llu hits, %llu misses, %llu "
           "pages; ",
           (unsigned long long)st.faults_file, (unsigned long long)st.faults_zero,
           (unsigned long long)st.faults_stack, (unsigned long long)st.faults_killed,
           (unsigned long long)st.evictions, (unsigned long long)st.swap_outs,
           (unsigned long long)st.clean_drops, (unsigned long long)st.swap_writes_avoided,
           (unsigned long long)st.swap_ins, (unsigned long long)st.swap_cache_hits,
           (unsigned long long)st.mmap_faults, (unsigned long long)st.mmap_writebacks,
           (unsigned long long)st.cow_faults, (unsigned long long)st.cow_avoided,
           (unsigned long long)st.zero_maps, (unsigned long long)st.shared_code,
           (unsigned long long)st.regions, (unsigned long long)st.page_records,
           (unsigned long long)st.page_record_bytes, (unsigned long long)st.cache_hits,
           (unsigned long long)st.cache_misses, (unsigned long long)st.cache_pages);
    printf(
        "file reads: %llu pages in %llu requests, writes: %llu pages in %llu requests; "
        "read-ahead: %llu pages, %llu used, %llu wasted\n",
        (unsigned long long)st.file_read_pages, (unsigned long long)st.file_read_requests,
        (unsigned long long)st.file_write_pages,
        (unsigned long long)st.file_write_requests, (unsigned long long)st.file_ra_pages,
        (unsigned long long)st.file_ra_used, (unsigned long long)st.file_ra_wasted);
    struct swap_io io;
    swap_io_counts(&io);
    printf("Swap: %llu pages read in %llu requests, %llu written in %llu; read-ahead: "
           "%llu pages, %llu used, %llu wasted; bad slots: %llu (%llu failed page "
           "writes, %llu failed page reads)\n",
           (unsigned long long)io.pages_read, (unsigned long long)io.read_requests,
           (unsigned long long)io.pages_written, (unsigned long long)io.write_requests,
           (unsigned long long)st.swap_ra_pages, (unsigned long long)st.swap_ra_used,
           (unsigned long long)st.swap_ra_wasted, (unsigned long long)st.swap_bad_slots,
           (unsigned long long)st.swap_write_errors,
           (unsigned long long)st.swap_read_errors);
}
