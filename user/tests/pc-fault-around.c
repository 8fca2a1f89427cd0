/* pc-fault-around: a file that is in the page cache, read through a new
 * mapping one byte per page, and the faults that took (vmstat's
 * mmap_faults) and the pages mapped around them (fault_around).
 *     pc-fault-around [off]   (off: the kernel runs with -no-readahead) */
#include "stdio.h"
#include "string.h"
#include "syscall.h"
#include "test.h"
#include "vmstat.h"

#define PAGE  4096
#define PAGES 64
#define MAP   ((volatile char *)0x10000000)

static char buf[PAGES * PAGE];

int
main(int argc, char **argv)
{
    (void)argc, (void)argv;
    test_name = "pc-fault-around";
    msg("begin");
    int fd;
    memset(buf, 'f', sizeof buf);
    if (!create("around.bin", 0) || (fd = open("around.bin")) < 2 ||
        write(fd, buf, sizeof buf) != sizeof buf)
        fail("cannot create around.bin");
    msg("write around.bin (%d pages): it is cached", PAGES);
    if (mmap((void *)MAP, sizeof buf, 0, fd, 0) != (void *)MAP)
        fail("cannot map around.bin");
    struct vmstat a, b;
    vmstat(&a, sizeof a);
    unsigned sum = 0;
    for (unsigned i = 0; i < PAGES; i++)
        sum += MAP[i * PAGE] == 'f';
    vmstat(&b, sizeof b);
    CHECK(sum == PAGES, "read every page through a new mapping");
    msg("%llu faults, %llu pages mapped around them",
        (unsigned long long)(b.mmap_faults - a.mmap_faults),
        (unsigned long long)(b.fault_around - a.fault_around));
    munmap((void *)MAP);
    close(fd);
    msg("end");
    return 0;
}
