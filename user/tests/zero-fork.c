/* fork after reading zero pages: the child maps the same zero frame with no
 * page records, and parent and child then write pages of their own at the
 * same time; each sees its own bytes, the other's writes never, and zeros
 * where neither wrote. */
#include "frame.h"
#include "syscall.h"
#include "test.h"

#define PAGE  4096
#define PAGES 512 /* 2 MiB */

/* Pages of P not holding what a writer with mark M put in [FROM, TO) and
 * zeros elsewhere, or elsewhere not on frame ZERO. */
static int
wrong_pages(volatile char *p, int from, int to, char m, uint64_t zero)
{
    int bad = 0;
    for (int i = 0; i < PAGES; i++) {
        bool mine = i >= from && i < to;
        bad += p[i * PAGE + 7] != (mine ? (char)(m + i % 8) : 0);
        bad += !mine && frame_of(p + i * PAGE) != zero;
    }
    return bad;
}

/* Writes mark M into pages [FROM, TO) of P. */
static void
write_pages(volatile char *p, int from, int to, char m)
{
    for (int i = from; i < to; i++)
        p[i * PAGE + 7] = (char)(m + i % 8);
}

void
test_main(void)
{
    volatile char *heap = sbrk(PAGES * PAGE);
    int sum = 0;
    for (int i = 0; i < PAGES; i++)
        sum += heap[i * PAGE];
    uint64_t zero = frame_of(heap);
    CHECK(sum == 0 && zero != 0, "2 MiB read: zeros, on the zero frame");
    pid_t pid = fork("zero-child");
    if (pid == 0) {
        bool shared = frame_of(heap + 100 * PAGE) == zero;
        write_pages(heap, 0, 256, 'c');
        exit(shared && wrong_pages(heap, 0, 256, 'c', zero) == 0 ? 0 : 1);
    }
    write_pages(heap, 128, 384, 'p');
    int status = wait(pid);
    CHECK(status == 0, "the child saw the zero frame, then its own writes and zeros");
    CHECK(wrong_pages(heap, 128, 384, 'p', zero) == 0,
          "the parent sees its own writes and zeros");
}
