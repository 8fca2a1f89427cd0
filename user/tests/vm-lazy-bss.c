/* bss pages are not in memory before their first touch, and are after. */
#include "frame.h"
#include "test.h"

static char bss[16 * 4096];

void
test_main(void)
{
    CHECK(frame_of(&bss[5 * 4096]) == 0, "an untouched bss page is not present");
    bss[5 * 4096 + 7] = 1;
    CHECK(frame_of(&bss[5 * 4096]) != 0, "after a write it is present");
    CHECK(frame_of(&bss[6 * 4096]) == 0, "its neighbour is still not present");
    volatile char c = bss[9 * 4096];
    CHECK(c == 0 && frame_of(&bss[9 * 4096]) != 0, "a read brings in a zero page");
    CHECK(frame_of(&bss[5 * 4096]) != frame_of(&bss[9 * 4096]), "two pages, two frames");
}
