/* pc-exec: running the same program again and again reads its code from
 * the disk once.  `pc-exec N` replaces itself N - 1 times with a fresh copy
 * of itself (exec, so one process and one exit line); the second run notes
 * the page-cache misses and hits so far, and the last checks that no miss
 * happened since, and at least one hit per run: every page of every later
 * run came from the page cache. */
#include "stdio.h"
#include "stdlib.h"
#include "syscall.h"
#include "test.h"
#include "vmstat.h"

int
main(int argc, char **argv)
{
    test_name = "pc-exec";
    int n = argc > 1 ? atoi(argv[1]) : 100;
    long base = argc > 2 ? strtol(argv[2], NULL, 10) : -2;
    long hits = argc > 3 ? strtol(argv[3], NULL, 10) : 0;
    struct vmstat v;
    vmstat(&v, sizeof v);
    if (base == -2) {
        msg("begin");
        msg("exec %d times", n);
        base = -1;
    } else if (base == -1) {
        base = (long)v.cache_misses; /* the first run has loaded its pages */
        hits = (long)v.cache_hits;
    }
    if (n > 1) {
        char next[64];
        snprintf(next, sizeof next, "pc-exec %d %ld %ld", n - 1, base, hits);
        exec(next);
        fail("exec failed");
    }
    CHECK((long)v.cache_misses == base && (long)v.cache_hits - hits >= 98,
          "every run after the first found its pages in the page cache");
    msg("end");
    return 0;
}
