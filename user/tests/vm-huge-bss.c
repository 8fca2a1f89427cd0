/* A 1 GiB bss on a machine with 8 MiB of RAM: the program loads at once
 * (no page of it costs anything until touched), one page in 16 is written
 * with its own pattern and checked twice, and untouched pages read as
 * zero.  Only the touched pages (64 MiB) need swap. */
#include <stdint.h>

#include "syscall.h"
#include "test.h"

#define SIZE   (1024UL * 1024 * 1024)
#define PAGE   4096UL
#define STRIDE (16 * PAGE)

static unsigned char huge[SIZE];

/* The word written at offset OFF of the touched page at I. */
static uint64_t
pattern(uint64_t i, unsigned off)
{
    return (i * 0x9e3779b97f4a7c15ULL) ^ off;
}

/* Writes a few words of every touched page. */
static void
write_all(void)
{
    for (uint64_t i = 0; i < SIZE; i += STRIDE)
        for (unsigned off = 0; off < PAGE; off += 1024)
            *(volatile uint64_t *)&huge[i + off] = pattern(i, off);
}

/* The number of touched pages that do not read back. */
static unsigned
check_all(void)
{
    unsigned bad = 0;
    for (uint64_t i = 0; i < SIZE; i += STRIDE)
        for (unsigned off = 0; off < PAGE; off += 1024)
            bad += *(volatile uint64_t *)&huge[i + off] != pattern(i, off);
    return bad;
}

/* The number of sampled untouched bytes that are not zero. */
static unsigned
check_untouched(void)
{
    unsigned bad = 0;
    for (uint64_t i = PAGE; i < SIZE; i += 64 * STRIDE + PAGE)
        bad += *(volatile unsigned char *)&huge[i + 17] != 0;
    return bad;
}

void
test_main(void)
{
    write_all();
    msg("wrote one page in 16 of 1 GiB");
    CHECK(check_all() == 0, "pass 1: every written page read back");
    CHECK(check_all() == 0, "pass 2: every written page read back");
    CHECK(check_untouched() == 0, "untouched pages read as zero");
}
