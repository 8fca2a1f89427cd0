/* mmap-clean: pages that were not written are never written back.  FILE (a
 * large file put on the disk) is mapped read-only and compared, page by
 * page, with what read() returns; then it is mapped writable and every page
 * read, twice; both mappings are unmapped.  Run with a user pool smaller
 * than the file, so that clean mapped pages are also evicted (dropped, not
 * written).  Across all of it neither the write-back counter
 * (mmap_writebacks) nor the count of sectors written to the file-system disk
 * (fs_disk_writes) may move.  The test's host check also finds the file's
 * bytes and modification time in the disk image unchanged.
 *     mmap-clean [FILE]   (default random.bin) */
#include "string.h"
#include "syscall.h"
#include "test.h"
#include "vmstat.h"

#define PAGE 4096
#define MAP  ((char *)0x10000000)

static char buf[PAGE];

/* Returns the counters. */
static struct vmstat
counters(void)
{
    struct vmstat v;

    memset(&v, 0, sizeof v);
    vmstat(&v, sizeof v);
    return v;
}

/* Adds up every 64th byte of the SIZE bytes mapped at MAP (so that every
 * page is read). */
static unsigned
sum_pages(int size)
{
    unsigned sum = 0;
    for (int i = 0; i < size; i += 64)
        sum += (unsigned char)MAP[i];
    return sum;
}

/* Maps read-only and writable, reads, unmaps, compares the counters. */
int
main(int argc, char **argv)
{
    const char *name = argc > 1 ? argv[1] : "random.bin";
    int fd = open(name), size, pages;

    test_name = "mmap-clean";
    msg("begin");
    if (fd < 2 || (size = filesize(fd)) <= 0)
        fail("cannot open %s", name);
    pages = (size + PAGE - 1) / PAGE;

    struct vmstat a = counters();
    CHECK(mmap(MAP, size, 0, fd, 0) == MAP, "map %s (%d pages) read-only", name, pages);
    bool same = true;
    for (int off = 0; off < size && same; off += PAGE) {
        int n = size - off < PAGE ? size - off : PAGE;
        same = read(fd, buf, PAGE) == n && memcmp(MAP + off, buf, n) == 0;
    }
    CHECK(same, "every page equals what read() returns");
    munmap(MAP);
    msg("munmap");

    CHECK(mmap(MAP, size, 1, fd, 0) == MAP, "map it writable");
    unsigned first = sum_pages(size), second = sum_pages(size);
    CHECK(first == second, "read every page twice, the same");
    munmap(MAP);
    msg("munmap");
    struct vmstat b = counters();

    CHECK(b.frames_total < (uint64_t)pages, "the user pool is smaller than the file");
    CHECK(b.mmap_faults - a.mmap_faults + b.fault_around - a.fault_around >=
              3 * (uint64_t)pages,
          "every page was mapped 3 times or more (by its fault or around one)");
    CHECK(b.mmap_writebacks == a.mmap_writebacks, "no page was written back");
    CHECK(b.fs_disk_writes == a.fs_disk_writes,
          "no sector was written to the file-system disk");
    CHECK(b.clean_drops - a.clean_drops >= 2 * (uint64_t)pages - b.frames_total,
          "evicted clean pages were counted as clean drops");
    close(fd);
    msg("end");
    return 0;
}
