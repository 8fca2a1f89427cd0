/* Benchmark: the cost of a page fault that zero-fills a fresh page, and of
 * one that loads a page of the executable from the disk.
 *     bench-faults [PAGES]     (default 4096 pages = 16 MiB)
 * Prints faults per second and nanoseconds per fault (from the kernel's
 * microsecond clock, uptime_us) and TSC cycles per fault as the guest sees
 * them. */
#include "stdio.h"
#include "stdlib.h"
#include "syscall.h"

#define MAX_PAGES 4096
#define PAGE      4096

static char zero_pages[MAX_PAGES * PAGE];                                  /* bss */
static const char file_pages[1024 * PAGE] = {[0 ... 1024 * PAGE - 1] = 1}; /* data */

static uint64_t
rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

/* Touches PAGES pages at BASE (writing if WRITE); prints the cost per fault. */
static void
measure(const char *what, const volatile char *base, int pages, int write)
{
    uint64_t us = uptime_us(), t0 = rdtsc();
    int sum = 0;
    for (int i = 0; i < pages; i++) {
        if (write)
            ((volatile char *)base)[i * PAGE] = 1;
        else
            sum += base[i * PAGE];
    }
    uint64_t cycles = rdtsc() - t0;
    us = uptime_us() - us;
    printf("%-28s %5d faults  %8llu faults/s  %6llu ns/fault  %7llu cycles/fault  (%llu "
           "us)\n",
           what, pages, (unsigned long long)(us ? pages * 1000000ULL / us : 0),
           (unsigned long long)(us * 1000 / pages), (unsigned long long)(cycles / pages),
           (unsigned long long)us);
    (void)sum;
}

int
main(int argc, char **argv)
{
    int pages = argc > 1 ? atoi(argv[1]) : MAX_PAGES;
    if (pages < 1 || pages > MAX_PAGES)
        pages = MAX_PAGES;
    measure("zero-fill (bss, write)", zero_pages, pages, 1);
    int file = pages < 1024 ? pages : 1024;
    measure("lazy load (data, read)", file_pages, file, 0);
    uint64_t t0 = rdtsc();
    for (int i = 0; i < pages; i++)
        ((volatile char *)zero_pages)[i * PAGE] = 2;
    printf("%-28s %5d touches %8s                    %7llu cycles/touch\n",
           "baseline (page present)", pages, "",
           (unsigned long long)((rdtsc() - t0) / pages));
    return 0;
}
