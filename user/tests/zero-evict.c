/* Eviction pressure with many pages on the zero frame: 16 MiB of heap read
 * (4096 pages on the zero frame, no records), then 16 MiB written and read
 * back twice on a machine far smaller, through swap.  The written bytes
 * come back; the read pages stay on the zero frame throughout, read zeros,
 * and nothing of them goes to swap. */
#include "frame.h"
#include "syscall.h"
#include "test.h"
#include "vmstat.h"

#define MIB  (1024 * 1024)
#define PAGE 4096

void
test_main(void)
{
    volatile char *zeros = sbrk(16 * MIB);
    int sum = 0;
    for (int i = 0; i < 16 * MIB; i += PAGE)
        sum += zeros[i];
    uint64_t zero = frame_of(zeros);
    CHECK(sum == 0 && zero != 0, "16 MiB read: on the zero frame");
    struct vmstat a;
    vmstat(&a, sizeof a);
    unsigned char *data = test_take(16 * MIB, 5);
    CHECK(test_intact(data, 16 * MIB, 5), "16 MiB written, every byte read back");
    CHECK(test_intact(data, 16 * MIB, 5), "and again");
    struct vmstat b;
    vmstat(&b, sizeof b);
    CHECK(b.evictions - a.evictions > 2048, "through swap");
    int bad = 0;
    for (int i = 0; i < 16 * MIB; i += PAGE)
        bad += zeros[i] != 0 || zeros[i + PAGE - 1] != 0 || frame_of(zeros + i) != zero;
    CHECK(bad == 0, "the read pages still on the zero frame, zeros");
    CHECK(b.zero_maps == a.zero_maps, "no zero map again: none was evicted");
}
