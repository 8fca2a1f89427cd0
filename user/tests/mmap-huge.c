/* A 128 MiB file mapped whole on a machine with 16 MiB of RAM: the mapping
 * is made at once, markers written through it at every MiB go back to the
 * file at munmap, and read() finds them. */
#include "syscall.h"
#include "test.h"

#define SIZE   (128U * 1024 * 1024)
#define STEP   (1024U * 1024)
#define MAPPED ((char *)0x10000000)

/* The marker written at offset OFF. */
static unsigned
marker(unsigned off)
{
    return off * 2654435761U + 7;
}

void
test_main(void)
{
    CHECK(create("big.bin", SIZE), "created a 128 MiB file");
    int fd = open("big.bin");
    char *m = mmap(MAPPED, SIZE, 1, fd, 0);
    CHECK(m == MAPPED, "mapped it whole");
    for (unsigned off = 0; off < SIZE; off += STEP)
        *(volatile unsigned *)(m + off + 100) = marker(off);
    munmap(m);
    unsigned bad = 0;
    for (unsigned off = 0; off < SIZE; off += STEP) {
        unsigned got = 0;
        seek(fd, off + 100);
        if (read(fd, &got, sizeof got) != sizeof got || got != marker(off))
            bad++;
    }
    CHECK(bad == 0, "read() finds all 128 markers after munmap");
    close(fd);
}
