/* Regression: a leaf function with a large local array was killed.  The
 * compiler put part of its frame in the 128 bytes below the stack pointer
 * (the x86-64 red zone), and the first touch there, on a stack page not yet
 * grown, is below rsp - 8: invalid by the stack rule (docs/abi.md).  User
 * programs are now built with -mno-red-zone.  The leaf touches its array
 * from the bottom up, so every page is grown by a touch at the stack
 * pointer's page, never below it. */
#include "test.h"

#define BYTES (600 * 1024)

/* A leaf: fills an array on its own stack bottom up and sums it. */
static unsigned __attribute__((noinline)) leaf_sum(unsigned seed)
{
    volatile unsigned char a[BYTES];
    unsigned sum = 0;
    for (unsigned i = 0; i < BYTES; i += 64)
        a[i] = (unsigned char)(i * seed);
    for (unsigned i = 0; i < BYTES; i += 64)
        sum += a[i];
    return sum;
}

void
test_main(void)
{
    unsigned want = 0;
    for (unsigned i = 0; i < BYTES; i += 64)
        want += (unsigned char)(i * 3);
    CHECK(leaf_sum(3) == want, "a leaf with a %u KiB array on the stack", BYTES / 1024);
}
