/* 5 MiB of bss touched linearly on a machine with 20 MiB of RAM. */
#include "test.h"

#define SIZE (5 * 1024 * 1024)
static unsigned char bss[SIZE];

void
test_main(void)
{
    for (int i = 0; i < SIZE; i++)
        bss[i] = (unsigned char)(i * 7);
    int ok = 1;
    for (int i = 0; i < SIZE; i++)
        ok = ok && bss[i] == (unsigned char)(i * 7);
    CHECK(ok, "5 MiB written and read back");
}
