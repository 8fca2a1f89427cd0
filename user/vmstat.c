/* vmstat [-p] [NAME...]: prints the kernel's VM counters (lib/vmstat.h), one
 * "name value" line each, for as many counters as the kernel filled in (only
 * those named, if any are).  By default the whole system: every counter but
 * `pages` and `resident`, which describe the calling process (vmstat itself);
 * -p prints those two as well.  Exit status 0, or 1 if the kernel has no
 * vmstat call or a NAME is no counter. */
#include <stdint.h>

#include "stdio.h"
#include "string.h"
#include "syscall.h"
#include "vmstat.h"

/* True if counter I describes the calling process, not the system. */
static int
is_own(size_t i)
{
    return i == offsetof(struct vmstat, pages) / sizeof(uint64_t) ||
           i == offsetof(struct vmstat, resident) / sizeof(uint64_t);
}

static const char *const names[] = {VMSTAT_NAMES};

/* True if counter I is among the N names of WANT (or N is 0). */
static int
wanted(size_t i, char **want, int n)
{
    for (int k = 0; k < n; k++)
        if (strcmp(want[k], names[i]) == 0)
            return 1;
    return n == 0;
}

/* Formats into BUF (SIZE bytes) the counters of V (N bytes of them filled
 * in) that are to be shown; returns the length. */
static size_t
format_counters(char *buf, size_t size, const uint64_t *v, int n, int own, char **want,
                int n_want)
{
    size_t len = 0;
    for (size_t i = 0; i < VMSTAT_COUNTERS && (i + 1) * sizeof v[0] <= (size_t)n; i++)
        if ((own || !is_own(i)) && wanted(i, want, n_want) && len < size)
            len += snprintf(buf + len, size - len, "%s %llu\n", names[i],
                            (unsigned long long)v[i]);
    return len < size ? len : size;
}

/* Fetches and prints the counters.  Everything the printing needs (code,
 * buffer, stack) is touched once before the counters are read, so that the
 * program's own page faults are in the counters it prints (a trace of the
 * run then has exactly as many fault events as the counters say). */
int
main(int argc, char **argv)
{
    static char out[4096];
    struct vmstat st;
    uint64_t v[VMSTAT_COUNTERS];
    int n, own = argc > 1 && strcmp(argv[1], "-p") == 0;
    char **want = argv + 1 + own;
    int n_want = argc - 1 - own;

    _Static_assert(sizeof names / sizeof names[0] == VMSTAT_COUNTERS,
                   "a name for every counter");
    for (int k = 0; k < n_want; k++) {
        size_t i = 0;
        while (i < VMSTAT_COUNTERS && strcmp(want[k], names[i]) != 0)
            i++;
        if (i == VMSTAT_COUNTERS) {
            printf("vmstat: no counter '%s' (usage: vmstat [-p] [NAME...])\n", want[k]);
            return 1;
        }
    }
    memset(v, 0, sizeof v);
    format_counters(out, sizeof out, v, sizeof v, own, want, n_want);
    write(1, out, 0);
    memset(&st, 0, sizeof st);
    n = vmstat(&st, sizeof st);
    if (n < 0) {
        printf("vmstat: not supported by this kernel\n");
        return 1;
    }
    memcpy(v, &st, sizeof v);
    write(1, out, format_counters(out, sizeof out, v, n, own, want, n_want));
    return 0;
}
