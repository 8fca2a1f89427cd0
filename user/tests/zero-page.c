/* Reading 8 MiB of fresh bss costs almost no frames: every page maps the one
 * shared zero frame until it is written. */
#include "frame.h"
#include "syscall.h"
#include "test.h"
#include "vmstat.h"

#define SIZE (8 * 1024 * 1024)
static char bss[SIZE] __attribute__((aligned(4096)));

void
test_main(void)
{
    struct vmstat a, b;
    vmstat(&a, sizeof a);
    unsigned sum = 0;
    for (int i = 0; i < SIZE; i += 4096)
        sum += bss[i];
    vmstat(&b, sizeof b);
    CHECK(sum == 0, "8 MiB of bss read as zeros");
    CHECK(b.frames_in_use - a.frames_in_use < 16, "and took almost no frames");
    CHECK(frame_of(&bss[0]) == frame_of(&bss[SIZE - 1]), "all pages share one frame");
    bss[4096] = 1;
    CHECK(frame_of(&bss[4096]) != frame_of(&bss[0]), "a written page gets its own");
    CHECK(frame_of(&bss[0]) == frame_of(&bss[8192]), "the others still share");
    CHECK(bss[4096] == 1 && bss[8192] == 0, "and the others still read zeros");
}
