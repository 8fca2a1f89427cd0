/* Regression: when memory and swap ran out, whichever process faulted next
 * was killed, however little it used.  The parent keeps 128 KiB of its own;
 * a big child takes BIG_KIB, says so, and then only waits for the end; a
 * small child then takes SMALL_KIB, more than is left, and checks it.  The
 * big child, which uses the most memory, must be the one killed (for lack
 * of memory, and only it); the small child and the parent find their
 * memory intact.  ROUNDS (default 1) does it again that many times, each
 * round killing one more big child.
 *     swap-oom-kills-faulter BIG_KIB SMALL_KIB [ROUNDS] */
#include "lib/vmstat.h"
#include "stdlib.h"
#include "syscall.h"
#include "test.h"

#define OWN_BYTES (128 * 1024)
#define FULL      "oom-big-full" /* the big child has taken its memory */
#define DONE      "oom-all-done" /* the big child may end (it was spared) */

static unsigned char own[OWN_BYTES];

/* The big child: takes SIZE bytes, says so, waits for the end. */
static int
big(unsigned size)
{
    test_take(size, 3);
    if (!create(FULL, 0))
        return 3;
    while (!test_file_exists(DONE))
        continue;
    return 0;
}

/* One round: a big child takes BIG_KIB, a small one SMALL_KIB; the big one
 * must be the one killed, the KILLS-th process killed for lack of memory. */
static void
round_of(unsigned big_kib, unsigned small_kib, unsigned kills)
{
    pid_t b = fork("big");
    if (b == 0)
        exit(big(big_kib * 1024));
    if (b < 0)
        fail("fork big failed");
    while (!test_file_exists(FULL))
        continue;
    pid_t s = fork("small");
    if (s == 0) {
        unsigned char *p = test_take(small_kib * 1024, 2);
        exit(test_intact(p, small_kib * 1024, 2) ? 0 : 1);
    }
    if (s < 0)
        fail("fork small failed");
    CHECK(wait(s) == 0, "the small child found its %u KiB intact", small_kib);
    if (!create(DONE, 0))
        fail("cannot create " DONE);
    CHECK(wait(b) == -1, "the big child (%u KiB) was the one killed", big_kib);
    CHECK(test_intact(own, OWN_BYTES, 1), "the parent's memory is intact");
    struct vmstat v = {0};
    vmstat(&v, sizeof v);
    CHECK(v.oom_kills == kills && v.killed_no_memory == kills,
          "%s killed for lack of memory (oom_kills %llu, killed_no_memory %llu)",
          kills == 1 ? "one process" : "one more process",
          (unsigned long long)v.oom_kills, (unsigned long long)v.killed_no_memory);
    CHECK(remove(FULL) && remove(DONE), "files removed");
}

int
main(int argc, char **argv)
{
    test_name = "swap-oom-kills-faulter";
    unsigned big_kib = argc > 1 ? (unsigned)atoi(argv[1]) : 4096;
    unsigned small_kib = argc > 2 ? (unsigned)atoi(argv[2]) : 1536;
    unsigned rounds = argc > 3 ? (unsigned)atoi(argv[3]) : 1;
    msg("begin");
    for (unsigned i = 0; i < OWN_BYTES; i++)
        own[i] = test_pattern(i, 1);
    for (unsigned k = 1; k <= rounds; k++)
        round_of(big_kib, small_kib, k);
    msg("end");
    return 0;
}
