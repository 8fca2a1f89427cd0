/* Swap read-ahead and clustered swap-out: 10 MiB written on a machine with
 * 4 MiB of user memory, then read back in address order and in a scattered
 * order, every word checked.  In order, most pages come from read-ahead and
 * most pages read ahead are used; scattered, the data is still right and the
 * counters add up: once the memory is given back, every page read ahead was
 * either used or wasted.  Writes go out several pages per request. */
#include "syscall.h"
#include "test.h"
#include "vmstat.h"

#define PAGES 2560 /* 10 MiB */
#define WORDS (4096 / sizeof(uint64_t))

/* The word J of page I. */
static uint64_t
pattern(uint64_t i, uint64_t j)
{
    return (i * 0x9e3779b97f4a7c15ULL) ^ (j * 0xd1b54a32d192ed03ULL) ^ 0x5a5a5a5aULL;
}

/* The counters now. */
static struct vmstat
counters(void)
{
    struct vmstat v = {0};
    vmstat(&v, sizeof v);
    return v;
}

/* Checks every word of page I at BASE; true if all are right. */
static bool
page_ok(const uint64_t *base, unsigned i)
{
    const volatile uint64_t *w = base + (uint64_t)i * WORDS;
    bool ok = true;
    for (unsigned j = 0; j < WORDS; j++)
        ok &= w[j] == pattern(i, j);
    return ok;
}

/* The read pass in address order: every page right, most from read-ahead. */
static void
sequential_pass(const uint64_t *base)
{
    struct vmstat a = counters();
    unsigned bad = 0;
    for (unsigned i = 0; i < PAGES; i++)
        bad += !page_ok(base, i);
    struct vmstat b = counters();
    uint64_t ins = b.swap_ins - a.swap_ins, used = b.swap_ra_used - a.swap_ra_used;
    uint64_t ahead = b.swap_ra_pages - a.swap_ra_pages;
    uint64_t reads = b.swap_read_requests - a.swap_read_requests;
    uint64_t pages_read = b.swap_pages_read - a.swap_pages_read;
    CHECK(bad == 0, "in order: every word of every page right");
    CHECK(ins >= PAGES / 2 && 2 * used >= ins,
          "in order: most pages read back came from read-ahead");
    CHECK(ahead > 0 && 4 * used >= 3 * ahead,
          "in order: most pages read ahead were used");
    CHECK(reads > 0 && pages_read >= 4 * reads, "in order: four pages or more per read");
}

/* The read pass in a scattered order (page i * 1031 mod PAGES, 1031 prime
 * to PAGES): every page right. */
static void
scattered_pass(const uint64_t *base)
{
    unsigned bad = 0;
    for (unsigned k = 0; k < PAGES; k++)
        bad += !page_ok(base, (unsigned)((k * 1031UL) % PAGES));
    CHECK(bad == 0, "scattered: every word of every page right");
}

void
test_main(void)
{
    struct vmstat start = counters();
    uint64_t *base = sbrk(PAGES * 4096L);
    CHECK(base != (uint64_t *)-1, "sbrk 10 MiB");
    for (unsigned i = 0; i < PAGES; i++)
        for (unsigned j = 0; j < WORDS; j++)
            base[(uint64_t)i * WORDS + j] = pattern(i, j);
    sequential_pass(base);
    scattered_pass(base);
    sequential_pass(base);
    sbrk(-(PAGES * 4096L));
    struct vmstat end = counters();
    uint64_t ahead = end.swap_ra_pages - start.swap_ra_pages;
    uint64_t used = end.swap_ra_used - start.swap_ra_used;
    uint64_t wasted = end.swap_ra_wasted - start.swap_ra_wasted;
    CHECK(ahead > 0 && ahead == used + wasted,
          "memory given back: every page read ahead was used or wasted");
    uint64_t writes = end.swap_write_requests - start.swap_write_requests;
    uint64_t written = end.swap_pages_written - start.swap_pages_written;
    CHECK(writes > 0 && written >= 8 * writes, "eight pages or more per write");
}
