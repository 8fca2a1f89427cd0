/* Benchmark workloads for the replacement policies (bench/policies boots the
 * kernel once per workload and policy, -evict=NAME).  Each works on PAGES
 * pages of memory, more than the user pool holds, and prints one line:
 *
 *     WORKLOAD faults F swap-outs O swap-ins I us T
 *
 * F: pages brought into memory (zero-filled, from files, from swap), O and I:
 * pages written to and read from swap, T: wall time in microseconds
 * (uptime_us), all from the start of the workload to its end, the children's
 * included.
 *     bench-policy loop|scan|hotscan|zipf|sort|procs [PAGES]   (default 512) */
#include "stdio.h"
#include "stdlib.h"
#include "string.h"
#include "syscall.h"
#include "user/tests/heapsort.h"
#include "vmstat.h"
#include "lib/random.h"

#define PAGE  4096
#define PROCS 4 /* processes of the procs workload */

static volatile unsigned char *mem;
static unsigned pages;

/* Writes a byte of page P. */
static void
touch(unsigned p)
{
    mem[(size_t)p * PAGE] = (unsigned char)p;
}

/* Reads a byte of page P. */
static unsigned
peek(unsigned p)
{
    return mem[(size_t)p * PAGE];
}

/* Ten passes over all pages in order. */
static void
work_loop(void)
{
    for (int rep = 0; rep < 10; rep++)
        for (unsigned p = 0; p < pages; p++)
            touch(p);
}

/* All pages written in order, then read twice in order. */
static void
work_scan(void)
{
    unsigned sum = 0;
    for (unsigned p = 0; p < pages; p++)
        touch(p);
    for (int rep = 0; rep < 2; rep++)
        for (unsigned p = 0; p < pages; p++)
            sum += peek(p);
    if (sum == 1)
        printf("(impossible)\n");
}

/* A hot set of PAGES/8 pages read twice after every cold page written, over
 * the other pages, three times over. */
static void
work_hotscan(void)
{
    unsigned hot = pages / 8, next = 0, sum = 0;
    for (unsigned p = 0; p < hot; p++)
        touch(p);
    for (int rep = 0; rep < 3; rep++)
        for (unsigned c = hot; c < pages; c++) {
            touch(c);
            sum += peek(next++ % hot);
            sum += peek(next++ % hot);
        }
    if (sum == 1)
        printf("(impossible)\n");
}

/* REFS references per page, page I drawn with weight 1 / (I + 1) (integer
 * weights, a binary search over their running sums); SEED varies it. */
static void
work_zipf(uint64_t seed, unsigned refs)
{
    uint32_t *cum = malloc(pages * sizeof *cum);
    if (cum == NULL)
        exit(2);
    uint32_t total = 0;
    for (unsigned i = 0; i < pages; i++)
        cum[i] = total += (1u << 20) / (i + 1);
    struct random_state rng;
    random_seed(&rng, seed);
    for (unsigned n = 0; n < refs * pages; n++) {
        uint32_t x = (uint32_t)random_below(&rng, total);
        unsigned lo = 0, hi = pages - 1;
        while (lo < hi) {
            unsigned mid = (lo + hi) / 2;
            if (cum[mid] > x)
                hi = mid;
            else
                lo = mid + 1;
        }
        touch(lo);
    }
    free(cum);
}

/* A heap sort of PAGES pages of random 32-bit keys, checked. */
static void
work_sort(void)
{
    volatile unsigned *a = (volatile unsigned *)mem;
    unsigned n = pages * (PAGE / sizeof(unsigned));
    struct random_state rng;
    random_seed(&rng, 7);
    for (unsigned i = 0; i < n; i++)
        a[i] = (unsigned)random_u64(&rng);
    heap_sort(a, n);
    for (unsigned i = 1; i < n; i++)
        if (a[i - 1] > a[i]) {
            printf("bench-policy: sort: out of order at %u\n", i);
            exit(1);
        }
}

/* PROCS processes at once, each a Zipf workload over PAGES / 2 pages of its
 * own (5000 references per page: long enough to be preempted by the others). */
static void
work_procs(void)
{
    pid_t kids[PROCS];
    pages /= 2;
    for (int k = 0; k < PROCS; k++) {
        kids[k] = fork("bench-policy");
        if (kids[k] == 0) {
            work_zipf(100 + k, 5000);
            exit(0);
        }
    }
    for (int k = 0; k < PROCS; k++)
        if (kids[k] < 0 || wait(kids[k]) != 0)
            exit(1);
}

/* Pages brought into memory so far. */
static uint64_t
loads(const struct vmstat *v)
{
    return v->faults_zero + v->faults_file + v->faults_stack + v->swap_ins;
}

int
main(int argc, char **argv)
{
    static const char *const names[] = {"loop", "scan", "hotscan",
                                        "zipf", "sort", "procs"};
    int w = -1;
    for (int i = 0; argc > 1 && i < 6; i++)
        if (strcmp(argv[1], names[i]) == 0)
            w = i;
    pages = argc > 2 ? (unsigned)atoi(argv[2]) : 512;
    if (w < 0 || pages < 8) {
        printf("usage: bench-policy loop|scan|hotscan|zipf|sort|procs [PAGES]\n");
        return 2;
    }
    mem = sbrk((long)pages * PAGE);
    if (mem == (void *)-1) {
        printf("bench-policy: sbrk failed\n");
        return 1;
    }
    struct vmstat a, b;
    vmstat(&a, sizeof a);
    uint64_t t0 = uptime_us();
    switch (w) {
    case 0:
        work_loop();
        break;
    case 1:
        work_scan();
        break;
    case 2:
        work_hotscan();
        break;
    case 3:
        work_zipf(42, 50);
        break;
    case 4:
        work_sort();
        break;
    default:
        work_procs();
        break;
    }
    uint64_t t1 = uptime_us();
    vmstat(&b, sizeof b);
    printf("%s faults %llu swap-outs %llu swap-ins %llu us %llu\n", names[w],
           (unsigned long long)(loads(&b) - loads(&a)),
           (unsigned long long)(b.swap_outs - a.swap_outs),
           (unsigned long long)(b.swap_ins - a.swap_ins), (unsigned long long)(t1 - t0));
    return 0;
}
