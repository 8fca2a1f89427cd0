/* A hot set through a scan, for the replacement policies (-evict=NAME): 16
 * hot pages written, then read over and over while 512 cold pages are
 * written once each, two hot pages read after every cold one.  The user
 * pool (-ul=64 in the tests) holds the hot set but not the scan.  A policy
 * that sees use (the clock, aging) keeps the hot set in memory; FIFO and
 * random evict the hot pages again and again, and read them back from swap.
 * The first 128 cold pages only warm up: a clock whose every frame was just
 * used takes whatever is under its hand once.  (A few swap-ins may still
 * happen under the clock: their number is not the same from run to run.) */
#include "syscall.h"
#include "test.h"
#include "vmstat.h"

#define PAGE 4096
#define HOT  16
#define WARM 128
#define COLD 512
#define PER  2 /* hot pages read after each cold page */

static volatile unsigned char hot[HOT * PAGE];
static volatile unsigned char cold[(WARM + COLD) * PAGE];
static unsigned next_hot;
static unsigned bad;

/* Reads the next PER hot pages round robin and checks their first bytes. */
static void
read_hot(void)
{
    for (int k = 0; k < PER; k++) {
        unsigned p = next_hot++ % HOT;
        bad += hot[p * PAGE] != (unsigned char)(p + 1);
    }
}

/* Writes cold pages FROM .. TO - 1, reading hot pages after each. */
static void
scan(unsigned from, unsigned to)
{
    for (unsigned c = from; c < to; c++) {
        cold[c * PAGE] = (unsigned char)c;
        read_hot();
    }
}

/* Swap-ins so far. */
static uint64_t
swap_ins(void)
{
    struct vmstat v;
    vmstat(&v, sizeof v);
    return v.swap_ins;
}

void
test_main(void)
{
    for (unsigned p = 0; p < HOT; p++)
        hot[p * PAGE] = (unsigned char)(p + 1);
    for (int i = 0; i < 20 * HOT / PER; i++)
        read_hot();
    scan(0, WARM);
    uint64_t before = swap_ins();
    scan(WARM, WARM + COLD);
    uint64_t back = swap_ins() - before;
    CHECK(bad == 0, "the hot pages kept their bytes");
    if (back < HOT / 2)
        msg("hot pages read back from swap during the scan: fewer than half the hot set");
    else if (back >= 2 * HOT)
        msg("hot pages read back from swap during the scan: more than twice the hot set");
    else
        msg("hot pages read back from swap during the scan: %llu",
            (unsigned long long)back);
}
