/* Raw throughput of the swap disk through the driver, in 4 KiB pages per
 * second, one page per request as swap does it (run by bench/swap next to
 * the swap benchmark, in the same boot). */
#include "dev/block.h"
#include "kernel/ktest.h"
#include "kernel/malloc.h"
#include "kernel/clock.h"

#define PAGES            4096
#define SECTORS_PER_PAGE 8

/* Moves PAGES pages one request each; returns the microseconds it took. */
static int64_t
pass(struct block_device *d, void *buf, bool write)
{
    int64_t start = (int64_t)clock_us();
    for (uint64_t p = 0; p < PAGES; p++) {
        uint64_t s = (p * SECTORS_PER_PAGE) % (d->sectors - SECTORS_PER_PAGE);
        if ((write ? block_write(d, s, buf, SECTORS_PER_PAGE)
                   : block_read(d, s, buf, SECTORS_PER_PAGE)) != 0)
            ktest_fail("raw I/O failed");
    }
    return (int64_t)clock_us() - start;
}

static void
bench_swap_raw(void)
{
    struct block_device *d = block_by_role(BLOCK_SWAP);
    void *buf = malloc(4096);
    if (!KTEST_CHECK(d != NULL && buf != NULL, "needs a swap disk"))
        return;
    int64_t w = pass(d, buf, true), r = pass(d, buf, false);
    ktest_msg("raw swap disk, 4 KiB per request: write %lld pages/s, read %lld pages/s",
              (long long)(PAGES * 1000000LL / (w ? w : 1)),
              (long long)(PAGES * 1000000LL / (r ? r : 1)));
    free(buf);
}
KTEST("bench-swap-raw", bench_swap_raw);
