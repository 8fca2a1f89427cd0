/* vmstat: prints the kernel's VM counters (lib/vmstat.h), one
 * "name value" line each, for as many counters as the kernel filled in.
 * Exit status 0, or 1 if the kernel has no vmstat call. */
#include <stdint.h>

#include "stdio.h"
#include "string.h"
#include "syscall.h"
#include "vmstat.h"

/* Fetches and prints the counters. */
int
main(void)
{
    static const char *const names[] = {VMSTAT_NAMES};
    struct vmstat st;
    uint64_t v[VMSTAT_COUNTERS];
    int n;

    _Static_assert(sizeof names / sizeof names[0] == VMSTAT_COUNTERS,
                   "a name for every counter");
    memset(&st, 0, sizeof st);
    n = vmstat(&st, sizeof st);
    if (n < 0) {
        printf("vmstat: not supported by this kernel\n");
        return 1;
    }
    memcpy(v, &st, sizeof v);
    for (size_t i = 0; i < VMSTAT_COUNTERS && (i + 1) * sizeof v[0] <= (size_t)n; i++)
        printf("%s %llu\n", names[i], (unsigned long long)v[i]);
    return 0;
}
