/* Pages only read cost no page record: 4 MiB of fresh heap read as zeros
 * makes no records and takes no frames, every page on the one zero frame.
 * Writing one page in 16 makes exactly those records, with the values
 * written; the others still read zeros on the zero frame.  A read() into a
 * page on the zero frame gives it a frame of its own holding the bytes.
 * Shrinking the heap over read and written pages and growing it back reads
 * zeros everywhere: no stale mapping survives. */
#include "frame.h"
#include "syscall.h"
#include "test.h"
#include "vmstat.h"

#define PAGE  4096
#define PAGES 1024 /* 4 MiB */

/* The counters now. */
static struct vmstat
now(void)
{
    struct vmstat v;
    vmstat(&v, sizeof v);
    return v;
}

/* Pages of the N from P that do not read zero at their first and last byte. */
static int
nonzero_pages(volatile char *p, int n)
{
    int bad = 0;
    for (int i = 0; i < n; i++)
        bad += p[i * PAGE] != 0 || p[i * PAGE + PAGE - 1] != 0;
    return bad;
}

void
test_main(void)
{
    volatile char *heap = sbrk(PAGES * PAGE);
    CHECK(heap != (void *)-1, "4 MiB of heap");
    struct vmstat a = now();
    int bad = nonzero_pages(heap, PAGES);
    struct vmstat b = now();
    CHECK(bad == 0, "every page reads zeros");
    CHECK(b.zero_maps - a.zero_maps == PAGES, "each page one zero map");
    CHECK(b.page_records - a.page_records < 4, "no page records made");
    CHECK(b.frames_in_use - a.frames_in_use < 4, "no frames taken");
    CHECK(b.resident - a.resident >= PAGES, "the pages count as resident");
    uint64_t zero = frame_of(heap);
    CHECK(zero != 0 && frame_of(heap + (PAGES - 1) * PAGE) == zero, "all on one frame");

    for (int i = 0; i < PAGES; i += 16)
        heap[i * PAGE + 100] = (char)(i / 16 + 1);
    struct vmstat c = now();
    CHECK(c.page_records - b.page_records >= PAGES / 16 &&
              c.page_records - b.page_records < PAGES / 16 + 4,
          "a record for each page written");
    CHECK(c.zero_maps == b.zero_maps, "no zero map more");
    bad = 0;
    for (int i = 0; i < PAGES; i++) {
        char want = i % 16 == 0 ? (char)(i / 16 + 1) : 0;
        bad += heap[i * PAGE + 100] != want ||
               (i % 16 != 0 && frame_of(heap + i * PAGE) != zero);
    }
    CHECK(bad == 0, "written pages hold their values, the others zeros");
    CHECK(frame_of(heap + 16 * PAGE) != zero, "a written page has its own frame");

    create("ten", 0);
    int fd = open("ten");
    write(fd, "0123456789", 10);
    seek(fd, 0);
    volatile char *target = heap + 33 * PAGE + 4090;
    CHECK(read(fd, (char *)target, 10) == 10 && target[0] == '0' && target[9] == '9',
          "read() into pages on the zero frame");
    CHECK(frame_of(heap + 33 * PAGE) != zero && frame_of(heap + 34 * PAGE) != zero,
          "both pages it wrote have frames of their own");
    CHECK(heap[35 * PAGE] == 0 && frame_of(heap + 35 * PAGE) == zero,
          "the next page still zero");
    close(fd);
    remove("ten");

    sbrk(-(PAGES / 2) * PAGE);
    volatile char *again = sbrk((PAGES / 2) * PAGE);
    CHECK(again == heap + (PAGES / 2) * PAGE, "half shrunk and grown back");
    CHECK(nonzero_pages(again, PAGES / 2) == 0, "the regrown half reads zeros");
    CHECK(heap[100] == 1 && heap[16 * PAGE + 100] == 2 &&
              nonzero_pages(heap + PAGE, 15) == 0,
          "the first half as it was");
}
