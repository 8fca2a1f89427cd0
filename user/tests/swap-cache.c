/* The swap cache: 12 MiB written once on a machine with 8 MiB of RAM, then
 * read twice.  A page read back from swap keeps its slot while it stays
 * clean, so evicting it again writes nothing: the read passes write at most
 * the pages that were in memory, dirty, when they began. */
#include "syscall.h"
#include "test.h"
#include "vmstat.h"

#define SIZE (12U * 1024 * 1024)

static unsigned char data[SIZE];

/* The counters now. */
static struct vmstat
counters(void)
{
    struct vmstat v;
    vmstat(&v, sizeof v);
    return v;
}

void
test_main(void)
{
    for (unsigned i = 0; i < SIZE; i++)
        data[i] = (unsigned char)(i * 7 + (i >> 12));
    struct vmstat before = counters();
    unsigned bad = 0;
    for (int pass = 0; pass < 2; pass++)
        for (unsigned i = 0; i < SIZE; i++)
            bad += data[i] != (unsigned char)(i * 7 + (i >> 12));
    struct vmstat after = counters();
    CHECK(bad == 0, "two read passes found every byte");
    CHECK(after.swap_ins - before.swap_ins >= 2 * (SIZE / 4096) - before.frames_total,
          "the read passes read the pages back from swap");
    CHECK(after.swap_outs - before.swap_outs <= before.frames_total,
          "they wrote at most the pages that were in memory");
    CHECK(after.swap_writes_avoided - before.swap_writes_avoided >= SIZE / 4096,
          "evicting pages read back from swap wrote nothing");
}
