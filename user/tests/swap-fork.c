/* Several children in parallel, each filling and checking its own memory
 * under memory pressure, while the others do the same.
 *     swap-fork CHILDREN KIB */
#include "stdlib.h"
#include "syscall.h"
#include "test.h"

#define MAX_KIB 2048
static unsigned char area[MAX_KIB * 1024];

/* The byte child SEED writes at I. */
static unsigned char
pattern(unsigned i, int seed)
{
    return (unsigned char)((i >> 12) * 13 + i * 3 + seed * 101);
}

/* A child: fills SIZE bytes, checks them three times, exits 0 if intact. */
static int
child(int seed, unsigned size)
{
    for (unsigned i = 0; i < size; i++)
        area[i] = pattern(i, seed);
    for (int round = 0; round < 3; round++)
        for (unsigned i = 0; i < size; i++)
            if (area[i] != pattern(i, seed))
                return 1;
    return 0;
}

int
main(int argc, char **argv)
{
    test_name = "swap-fork";
    int n = argc > 1 ? atoi(argv[1]) : 4;
    unsigned kib = argc > 2 ? (unsigned)atoi(argv[2]) : 1024;
    if (kib > MAX_KIB)
        kib = MAX_KIB;
    msg("begin");
    pid_t pids[32];
    for (int i = 0; i < n && i < 32; i++) {
        pids[i] = fork("worker");
        if (pids[i] == 0)
            exit(child(i, kib * 1024));
        if (pids[i] < 0)
            fail("fork %d failed", i);
    }
    int ok = 0;
    for (int i = 0; i < n && i < 32; i++)
        ok += wait(pids[i]) == 0;
    CHECK(ok == n, "%d children each filled and checked %u KiB", ok, kib);
    msg("end");
    return 0;
}
