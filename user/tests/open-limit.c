/* open-limit: opening one file again and again eventually fails with -1
 * (no more descriptors) without harm; every descriptor is different; after
 * closing them all, open works again.  The number of descriptors is the
 * kernel's choice, so it is not printed. */
#include "syscall.h"
#include "test.h"

#define TRIES 2000

static int fds[TRIES];

/* Opens until open fails, then closes everything. */
void
test_main(void)
{
    int n = 0, fd;

    while (n < TRIES && (fds[n] = open("sample.txt")) != -1) {
        if (fds[n] < 2)
            fail("open returned %d", fds[n]);
        for (int i = 0; i < n; i++) {
            if (fds[i] == fds[n])
                fail("descriptor %d given twice", fds[n]);
        }
        n++;
    }
    CHECK(n > 0 && n < TRIES, "open eventually returned -1");
    for (int i = 0; i < n; i++)
        close(fds[i]);
    fd = open("sample.txt");
    CHECK(fd >= 2, "after closing them all, open works again");
}
