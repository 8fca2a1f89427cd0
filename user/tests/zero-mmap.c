/* Mappings over addresses whose pages were on the zero frame: the heap read
 * (its pages on the zero frame, no records), shrunk, a file mapped where it
 * was reads the file's bytes, not a stale zero mapping; unmapped and the
 * heap grown back, the pages read zeros again. */
#include "frame.h"
#include "syscall.h"
#include "test.h"

#define PAGE  4096
#define PAGES 64

void
test_main(void)
{
    static char block[PAGES * PAGE];
    for (int i = 0; i < PAGES * PAGE; i++)
        block[i] = (char)('a' + i / PAGE % 26);
    create("letters", 0);
    int fd = open("letters");
    CHECK(write(fd, block, sizeof block) == (int)sizeof block, "a file of 64 pages");

    volatile char *heap = sbrk(2 * PAGES * PAGE);
    int sum = 0;
    for (int i = 0; i < 2 * PAGES; i++)
        sum += heap[i * PAGE];
    uint64_t zero = frame_of(heap);
    CHECK(sum == 0 && frame_of(heap + (2 * PAGES - 1) * PAGE) == zero,
          "128 heap pages read: the zero frame");
    volatile char *top = heap + PAGES * PAGE;
    sbrk(-PAGES * PAGE);
    volatile char *m = mmap((void *)top, PAGES * PAGE, 0, fd, 0);
    CHECK(m == top, "the file mapped where the heap's top half was");
    int bad = 0;
    for (int i = 0; i < PAGES; i++)
        bad += m[i * PAGE + 1] != (char)('a' + i % 26) || frame_of(m + i * PAGE) == zero;
    CHECK(bad == 0, "it reads the file, not zeros");
    CHECK(heap[5 * PAGE] == 0 && frame_of(heap + 5 * PAGE) == zero,
          "the heap below is still on the zero frame");
    munmap((void *)m);
    volatile char *again = sbrk(PAGES * PAGE);
    bad = 0;
    for (int i = 0; i < PAGES; i++)
        bad += again[i * PAGE + 1] != 0;
    CHECK(again == top && bad == 0, "unmapped and grown back: zeros");
    close(fd);
    remove("letters");
}
