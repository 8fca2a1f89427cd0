/* Regression: when memory and swap ran out, whichever process faulted next
 * was killed, however little it used.  The parent keeps 128 KiB of its own;
 * a big child takes BIG_KIB, says so, and then only waits for the end; a
 * small child then takes SMALL_KIB, more than is left, and checks it.  The
 * big child, which uses the most memory, must be the one killed (for lack
 * of memory, and only it); the small child and the parent find their
 * memory intact.
 *     swap-oom-kills-faulter BIG_KIB SMALL_KIB */
#include "lib/vmstat.h"
#include "stdlib.h"
#include "syscall.h"
#include "test.h"

#define OWN_BYTES (128 * 1024)
#define FULL      "oom-big-full" /* the big child has taken its memory */
#define DONE      "oom-all-done" /* the big child may end (it was spared) */

static unsigned char own[OWN_BYTES];

/* The byte at I of the memory of number SEED. */
static unsigned char
pattern(unsigned i, unsigned seed)
{
    return (unsigned char)(i * 3 + (i >> 12) * 7 + seed * 59);
}

/* True if file NAME exists. */
static bool
exists(const char *name)
{
    int fd = open(name);
    if (fd >= 0)
        close(fd);
    return fd >= 0;
}

/* SIZE bytes from sbrk holding SEED's pattern (exits 2 if refused). */
static unsigned char *
take(unsigned size, unsigned seed)
{
    unsigned char *p = sbrk((intptr_t)size);
    if (p == (unsigned char *)-1)
        exit(2);
    for (unsigned i = 0; i < size; i++)
        p[i] = pattern(i, seed);
    return p;
}

/* True if the SIZE bytes at P hold SEED's pattern. */
static bool
intact(const unsigned char *p, unsigned size, unsigned seed)
{
    for (unsigned i = 0; i < size; i++)
        if (p[i] != pattern(i, seed))
            return false;
    return true;
}

/* The big child: takes SIZE bytes, says so, waits for the end. */
static int
big(unsigned size)
{
    take(size, 3);
    if (!create(FULL, 0))
        return 3;
    while (!exists(DONE))
        continue;
    return 0;
}

int
main(int argc, char **argv)
{
    test_name = "swap-oom-kills-faulter";
    unsigned big_kib = argc > 1 ? (unsigned)atoi(argv[1]) : 4096;
    unsigned small_kib = argc > 2 ? (unsigned)atoi(argv[2]) : 1536;
    msg("begin");
    for (unsigned i = 0; i < OWN_BYTES; i++)
        own[i] = pattern(i, 1);
    pid_t b = fork("big");
    if (b == 0)
        exit(big(big_kib * 1024));
    if (b < 0)
        fail("fork big failed");
    while (!exists(FULL))
        continue;
    pid_t s = fork("small");
    if (s == 0) {
        unsigned char *p = take(small_kib * 1024, 2);
        exit(intact(p, small_kib * 1024, 2) ? 0 : 1);
    }
    if (s < 0)
        fail("fork small failed");
    CHECK(wait(s) == 0, "the small child found its %u KiB intact", small_kib);
    if (!create(DONE, 0))
        fail("cannot create " DONE);
    CHECK(wait(b) == -1, "the big child (%u KiB) was the one killed", big_kib);
    CHECK(intact(own, OWN_BYTES, 1), "the parent's memory is intact");
    struct vmstat v = {0};
    vmstat(&v, sizeof v);
    CHECK(v.oom_kills == 1 && v.killed_no_memory == 1,
          "one process killed for lack of memory (oom_kills %llu, killed_no_memory %llu)",
          (unsigned long long)v.oom_kills, (unsigned long long)v.killed_no_memory);
    CHECK(remove(FULL) && remove(DONE), "files removed");
    msg("end");
    return 0;
}
