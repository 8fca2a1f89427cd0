/* Benchmark: what the VM's costs scale with (issue 11).  Every result is one line
 *     R NAME VALUE
 * that bench/vm-scale gathers into a table.  Times are TSC cycles, converted to ns
 * with the TSC rate measured against the kernel's clock (uptime_us) in the same run;
 * each time is the median of REPS repetitions after one warm-up.
 *     bench-vmscale fork          fork+exit+wait at 0, 1, 4, 16 MiB touched, and with
 *                                 16 MiB and 1 GiB of heap never touched
 *     bench-vmscale unmap         sbrk(-N) per page of written, zero-page-mapped and
 *                                 untouched heap; munmap per page of a file mapping
 *     bench-vmscale swap MIB N    MIB of heap written once, then read N times:
 *                                 swap writes per page (vmstat swap_outs)
 *     bench-vmscale records       kernel bytes per touched page and regions per mmap
 * A last argument mhz=N gives the TSC rate instead (bench/vm-scale passes the
 * host's: under QEMU TCG the guest's rdtsc reads the host's TSC). */
#include "stdio.h"
#include "stdlib.h"
#include "string.h"
#include "syscall.h"
#include "vmstat.h"

#define PAGE 4096L
#define MIB  (1024L * 1024L)
#define REPS 5

/* TSC cycles per microsecond, from bench_calibrate. */
static uint64_t tsc_per_us;
/* Where reads go, so that the compiler keeps them. */
static volatile int bench_sink;

/* The guest's TSC. */
static uint64_t
bench_rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("lfence; rdtsc; lfence" : "=a"(lo), "=d"(hi)::"memory");
    return ((uint64_t)hi << 32) | lo;
}

/* Measures the TSC rate against uptime_us over 100 ms and prints it; uses
 * MHZ instead if it is not 0 (the host's rate: under QEMU TCG the guest reads
 * the host's TSC). */
static void
bench_calibrate(uint64_t mhz)
{
    uint64_t u0 = uptime_us(), c0 = bench_rdtsc(), u1;
    while ((u1 = uptime_us()) < u0 + 100000)
        ;
    tsc_per_us = (bench_rdtsc() - c0) / (u1 - u0);
    printf("R tsc_mhz_by_kernel_clock %llu\n", (unsigned long long)tsc_per_us);
    if (mhz)
        tsc_per_us = mhz;
    if (tsc_per_us == 0)
        tsc_per_us = 1;
    printf("R tsc_mhz %llu\n", (unsigned long long)tsc_per_us);
}

/* Nanoseconds in CYCLES TSC cycles. */
static uint64_t
bench_ns(uint64_t cycles)
{
    return cycles * 1000 / tsc_per_us;
}

/* Prints "R NAME VALUE". */
static void
bench_report(const char *name, uint64_t value)
{
    printf("R %s %llu\n", name, (unsigned long long)value);
}

/* The median of the N values in V (sorts V). */
static uint64_t
bench_median(uint64_t *v, int n)
{
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
            uint64_t t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The kernel's counters now. */
static struct vmstat
bench_vmstat(void)
{
    struct vmstat v;
    memset(&v, 0, sizeof v);
    vmstat(&v, sizeof v);
    return v;
}

/* Grows the heap by BYTES (exits if refused); writes one byte per page if
 * TOUCH > 0, reads one if TOUCH < 0.  Returns the new memory. */
static volatile char *
bench_grow(long bytes, int touch)
{
    volatile char *p = sbrk(bytes);
    int sum = 0;
    if (p == (void *)-1) {
        printf("bench-vmscale: sbrk(%ld) refused\n", bytes);
        exit(1);
    }
    for (long i = 0; touch && i < bytes; i += PAGE) {
        if (touch > 0)
            p[i] = 1;
        else
            sum += p[i];
    }
    bench_sink += sum;
    return p;
}

/* Median ns of fork + child exit + wait over REPS rounds (after one warm-up). */
static uint64_t
bench_fork_ns(void)
{
    uint64_t t[REPS];
    for (int r = -1; r < REPS; r++) {
        uint64_t c0 = bench_rdtsc();
        pid_t pid = fork("f");
        if (pid == 0)
            exit(0);
        if (pid < 0) {
            printf("bench-vmscale: fork failed\n");
            exit(1);
        }
        wait(pid);
        if (r >= 0)
            t[r] = bench_rdtsc() - c0;
    }
    return bench_ns(bench_median(t, REPS));
}

/* fork+exit+wait with MIB touched (TOUCH) or untouched; reports it as NAME. */
static void
bench_fork_case(const char *name, long mib, int touch)
{
    bench_grow(mib * MIB, touch);
    bench_report(name, bench_fork_ns());
    sbrk(-mib * MIB);
}

/* The fork cases: untouched memory first, in a process that never touched more
 * than its program. */
static void
bench_fork(void)
{
    bench_fork_case("fork.0M.ns", 0, 0);
    bench_fork_case("fork.16M_untouched.ns", 16, 0);
    bench_fork_case("fork.1G_untouched.ns", 1024, 0);
    bench_fork_case("fork.1M.ns", 1, 1);
    bench_fork_case("fork.4M.ns", 4, 1);
    bench_fork_case("fork.16M.ns", 16, 1);
    /* The same process again, after it touched and gave back 16 MiB. */
    bench_fork_case("fork.0M_after_16M.ns", 0, 0);
    bench_fork_case("fork.16M_untouched_after_16M.ns", 16, 0);
}

/* Median ns per page of sbrk(-MIB) of heap written (TOUCH > 0), read (< 0) or
 * untouched (0); reported as NAME. */
static void
bench_shrink_case(const char *name, long mib, int touch)
{
    uint64_t t[REPS];
    for (int r = -1; r < REPS; r++) {
        bench_grow(mib * MIB, touch);
        uint64_t c0 = bench_rdtsc();
        sbrk(-mib * MIB);
        if (r >= 0)
            t[r] = bench_rdtsc() - c0;
    }
    bench_report(name, bench_ns(bench_median(t, REPS)) / (mib * MIB / PAGE));
}

/* A file of MIB bytes of 0xab named NAME, open; exits on failure. */
static int
bench_file(const char *name, long mib)
{
    static char block[64 * 1024];
    memset(block, 0xab, sizeof block);
    remove(name);
    int fd = create(name, 0) ? open(name) : -1;
    for (long done = 0; fd >= 0 && done < mib * MIB; done += sizeof block)
        if (write(fd, block, sizeof block) != (int)sizeof block)
            fd = -1;
    if (fd < 0) {
        printf("bench-vmscale: cannot make %s\n", name);
        exit(1);
    }
    return fd;
}

/* Median ns per page of munmap of a MIB mapping of FD whose pages were read
 * (WRITE 0) or written (1, so munmap writes them back); reported as NAME. */
static void
bench_munmap_case(const char *name, int fd, long mib, int write)
{
    uint64_t t[REPS];
    char *at = (char *)0x20000000;
    for (int r = -1; r < REPS; r++) {
        volatile char *p = mmap(at, mib * MIB, write, fd, 0);
        int sum = 0;
        if (p == NULL) {
            printf("bench-vmscale: mmap failed\n");
            exit(1);
        }
        for (long i = 0; i < mib * MIB; i += PAGE)
            if (write)
                p[i] = (char)r;
            else
                sum += p[i];
        uint64_t c0 = bench_rdtsc();
        munmap((void *)p);
        if (r >= 0)
            t[r] = bench_rdtsc() - c0;
        bench_sink += sum;
    }
    bench_report(name, bench_ns(bench_median(t, REPS)) / (mib * MIB / PAGE));
}

/* The unmapping cases. */
static void
bench_unmap(void)
{
    bench_shrink_case("unmap.sbrk_written.ns_per_page", 8, 1);
    bench_shrink_case("unmap.sbrk_zero_page.ns_per_page", 8, -1);
    bench_shrink_case("unmap.sbrk_untouched.ns_per_page", 8, 0);
    int fd = bench_file("vmscale.dat", 2);
    bench_munmap_case("unmap.munmap_file_read.ns_per_page", fd, 2, 0);
    bench_munmap_case("unmap.munmap_file_written.ns_per_page", fd, 2, 1);
    close(fd);
    remove("vmscale.dat");
}

/* Reads one word of each of the PAGES pages at P; returns the pages whose word
 * is not what bench_swap wrote. */
static long
bench_verify(volatile uint64_t *p, long pages)
{
    long bad = 0;
    for (long i = 0; i < pages; i++)
        bad += p[i * (PAGE / 8)] != ((uint64_t)i ^ 0x5a5a5a5a5a5aull);
    return bad;
}

/* Writes MIB of heap once and reads it PASSES times; reports swap writes. */
static void
bench_swap(long mib, int passes)
{
    long pages = mib * MIB / PAGE, bad = 0;
    struct vmstat a = bench_vmstat(), b, c;
    volatile uint64_t *p = (volatile uint64_t *)bench_grow(mib * MIB, 0);
    uint64_t c0 = bench_rdtsc();
    for (long i = 0; i < pages; i++)
        p[i * (PAGE / 8)] = (uint64_t)i ^ 0x5a5a5a5a5a5aull;
    b = bench_vmstat();
    bench_report("swap.pages", pages);
    bench_report("swap.write_pass.ms", bench_ns(bench_rdtsc() - c0) / 1000000);
    bench_report("swap.write_pass.swap_outs", b.swap_outs - a.swap_outs);
    for (int pass = 1; pass <= passes; pass++) {
        char name[64];
        c0 = bench_rdtsc();
        bad += bench_verify(p, pages);
        c = bench_vmstat();
        snprintf(name, sizeof name, "swap.read_pass%d.ms", pass);
        bench_report(name, bench_ns(bench_rdtsc() - c0) / 1000000);
        snprintf(name, sizeof name, "swap.read_pass%d.swap_outs", pass);
        bench_report(name, c.swap_outs - b.swap_outs);
        snprintf(name, sizeof name, "swap.read_pass%d.swap_ins", pass);
        bench_report(name, c.swap_ins - b.swap_ins);
        b = c;
    }
    bench_report("swap.swap_outs", c.swap_outs - a.swap_outs);
    bench_report("swap.writes_per_page_x1000",
                 (c.swap_outs - a.swap_outs) * 1000 / pages);
    bench_report("swap.swap_writes_avoided",
                 c.swap_writes_avoided - a.swap_writes_avoided);
    bench_report("swap.swap_cache_hits", c.swap_cache_hits - a.swap_cache_hits);
    bench_report("swap.bad_pages", bad);
    sbrk(-mib * MIB);
}

/* Per-page records and kernel bytes for PAGES pages touched STRIDE pages apart
 * in fresh heap; reported under NAME. */
static void
bench_records_case(const char *name, long pages, long stride)
{
    char key[80];
    struct vmstat a = bench_vmstat();
    volatile char *p = bench_grow(pages * stride * PAGE, 0);
    struct vmstat b = bench_vmstat();
    for (long i = 0; i < pages; i++)
        p[i * stride * PAGE] = 1;
    struct vmstat c = bench_vmstat();
    snprintf(key, sizeof key, "records.%s.records_before_touch", name);
    bench_report(key, b.page_records - a.page_records);
    snprintf(key, sizeof key, "records.%s.records_per_1000_touched", name);
    bench_report(key, (c.page_records - b.page_records) * 1000 / pages);
    snprintf(key, sizeof key, "records.%s.bytes_per_touched_page", name);
    bench_report(key, (c.page_records - b.page_records) * c.page_record_bytes / pages);
    sbrk(-pages * stride * PAGE);
}

/* The kernel-memory cases: records per touched page, regions per mapping. */
static void
bench_records(void)
{
    bench_report("records.page_record_bytes", bench_vmstat().page_record_bytes);
    bench_records_case("dense_16M", 4096, 1);
    bench_records_case("sparse_1G", 4096, 64);
    int fd = bench_file("vmscale.dat", 1);
    struct vmstat a = bench_vmstat();
    int maps = 0;
    for (; maps < 64; maps++)
        if (mmap((char *)0x20000000 + maps * 2 * MIB, MIB, 0, fd, 0) == NULL)
            break;
    struct vmstat b = bench_vmstat();
    bench_report("records.mmaps", maps);
    bench_report("records.regions_per_1000_mmaps",
                 maps ? (b.regions - a.regions) * 1000 / maps : 0);
    bench_report("records.records_per_untouched_mmap",
                 maps ? (b.page_records - a.page_records) / maps : 0);
    for (int i = 0; i < maps; i++)
        munmap((char *)0x20000000 + i * 2 * MIB);
    close(fd);
    remove("vmscale.dat");
}

int
main(int argc, char **argv)
{
    uint64_t mhz = 0;
    if (argc > 1 && strncmp(argv[argc - 1], "mhz=", 4) == 0)
        mhz = (uint64_t)atoi(argv[--argc] + 4);
    const char *what = argc > 1 ? argv[1] : "";
    bench_calibrate(mhz);
    if (strcmp(what, "fork") == 0)
        bench_fork();
    else if (strcmp(what, "unmap") == 0)
        bench_unmap();
    else if (strcmp(what, "swap") == 0)
        bench_swap(argc > 2 ? atoi(argv[2]) : 32, argc > 3 ? atoi(argv[3]) : 2);
    else if (strcmp(what, "records") == 0)
        bench_records();
    else {
        printf("usage: bench-vmscale fork | unmap | swap MIB PASSES | records\n");
        return 1;
    }
    return 0;
}
