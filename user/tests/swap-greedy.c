/* Asks for more memory than RAM and swap together hold, writing every page:
 * the kernel must kill it (exit -1) and stay healthy. */
#include "syscall.h"
#include "test.h"

void
test_main(void)
{
    msg("taking memory until the kernel says no");
    for (unsigned long mib = 0;; mib++) {
        char *p = sbrk(1024 * 1024);
        if (p == (char *)-1)
            fail("sbrk refused before memory ran out");
        for (int i = 0; i < 1024 * 1024; i += 4096)
            p[i] = (char)mib;
    }
}
