/* struct vmstat, the VM counters that system call 24 (vmstat) copies out, is
 * defined once, in lib/vmstat.h, for the kernel and the user library alike
 * (docs/abi.md).  This header adds the names the vmstat program prints.  Every
 * field is a uint64_t, so the struct is also an array of counters; fields are
 * only ever added at the end. */
#ifndef USER_VMSTAT_H
#define USER_VMSTAT_H

#include "lib/vmstat.h"

/* The field names in order, for `static const char *const names[] =
 * {VMSTAT_NAMES};`.  Keep in step with lib/vmstat.h. */
#define VMSTAT_NAMES                                                                     \
    "size", "frames_in_use", "frames_total", "faults_file", "faults_zero",               \
        "faults_stack", "faults_killed", "pages", "resident", "uptime_ms", "evictions",  \
        "swap_outs", "swap_ins", "clean_drops", "swap_in_use", "swap_total",             \
        "mmap_faults", "mmap_writebacks", "fs_disk_writes", "shared_frames",             \
        "cow_faults", "cow_avoided", "zero_maps", "shared_code", "regions",              \
        "page_records", "page_record_bytes", "swap_writes_avoided", "swap_cache_hits",   \
        "processes", "process_pages", "process_resident", "killed_bad_access",           \
        "killed_no_memory", "killed_other", "uptime_us", "swap_ra_pages",                \
        "swap_ra_used", "swap_ra_wasted", "swap_read_requests", "swap_write_requests",   \
        "swap_pages_read", "swap_pages_written", "cache_hits", "cache_misses",           \
        "cache_pages", "fault_around", "oom_kills", "swap_bad_slots",                    \
        "swap_write_errors", "swap_read_errors", "killed_disk_error", "file_ra_pages",   \
        "file_ra_used", "file_ra_wasted", "file_read_requests", "file_read_pages",       \
        "file_write_requests", "file_write_pages", "file_ra_async", "file_ra_waits"

/* The number of counters (fields) in struct vmstat. */
#define VMSTAT_COUNTERS (sizeof(struct vmstat) / sizeof(uint64_t))

#endif
