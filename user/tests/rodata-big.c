/* Reads 4 MiB of read-only data: every page becomes a frame that processes
 * running this program could share, listed in the kernel's shared-code index.
 * Regression (share-index-keeps-buckets): the index grew with the program and
 * kept its grown bucket array after the program ended, a leak of kernel
 * pages that only the memory check at power-off showed. */
#include "test.h"

#define SIZE (4 * 1024 * 1024)
static const char data[SIZE] = {[0 ... SIZE - 1] = 3};

void
test_main(void)
{
    const volatile char *p = data;
    unsigned sum = 0;
    for (int i = 0; i < SIZE; i += 4096)
        sum += p[i];
    CHECK(sum == 3 * (SIZE / 4096), "1024 read-only pages read");
}
