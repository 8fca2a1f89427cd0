/* pc-full-unmapped: pages written through a mapping of a hole while the
 * disk is full cannot be written back; once no mapping holds them they
 * must not keep their frames for good.  With 16 MiB of RAM the program
 * writes 24 MiB through 1 MiB windows of a sparse file, each unmapped
 * after it is written, then uses 4 MiB of heap; before the fix the stuck
 * pages filled the user pool (the process was killed) and leaked at the
 * power-off memory check (the runner checks it). */
#include "stdlib.h"
#include "string.h"
#include "syscall.h"
#include "test.h"

#define MIB (1024 * 1024)
#define MAP ((char *)0x10000000)

static char buf[4096];

void
test_main(void)
{
    int fd, m;
    CHECK(create("hole.bin", 64 * MIB) && create("fill.bin", 0) &&
              (fd = open("fill.bin")) >= 2,
          "create a 64 MiB hole and a file to fill the disk");
    memset(buf, 'f', sizeof buf);
    while (write(fd, buf, sizeof buf) > 0)
        continue;
    while (write(fd, buf, 1) > 0)
        continue;
    close(fd);
    msg("the disk is full");
    CHECK((m = open("hole.bin")) >= 2, "open hole.bin");
    for (int r = 0; r < 24; r++) {
        if (mmap(MAP, MIB, 1, m, r * MIB) != MAP)
            fail("mmap of window %d failed", r);
        for (int i = 0; i < MIB; i += 4096)
            MAP[i] = 'M';
        munmap(MAP);
    }
    msg("wrote 24 MiB through mappings of the hole, unmapped");
    char *h = malloc(4 * MIB);
    CHECK(h != NULL, "malloc 4 MiB");
    memset(h, 1, 4 * MIB);
    msg("the heap is usable");
}
