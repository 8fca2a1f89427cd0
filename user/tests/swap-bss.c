/* 20 MiB of bss, far more than the machine's memory: every page is written
 * with its own pattern, then everything is checked.  Pages must travel to
 * swap and back without losing or mixing up a byte. */
#include "test.h"

#define SIZE (20 * 1024 * 1024)
static unsigned char bss[SIZE];

/* A byte that depends on its position, so a page put back in the wrong place
 * is noticed. */
static unsigned char
pattern(unsigned i)
{
    return (unsigned char)((i >> 12) * 31 + i * 7);
}

void
test_main(void)
{
    for (unsigned i = 0; i < SIZE; i++)
        bss[i] = pattern(i);
    msg("20 MiB written");
    for (int round = 0; round < 2; round++) {
        unsigned bad = 0;
        for (unsigned i = 0; i < SIZE; i++)
            bad += bss[i] != pattern(i);
        CHECK(bad == 0, "pass %d: every byte read back", round + 1);
    }
}
