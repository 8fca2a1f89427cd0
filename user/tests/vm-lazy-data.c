/* Initialized data and code are loaded from the executable on first touch. */
#include "frame.h"
#include "test.h"

#define PAGES 64
/* 256 KiB of read-only initialized data, one page per row, each tagged. */
static const int table_data[PAGES][1024] __attribute__((aligned(4096))) = {
#define P(i) [i] = {[0] = i + 1, [1023] = 1000 + i}
    P(0),  P(1),  P(2),  P(3),  P(4),  P(5),  P(6),  P(7),  P(8),  P(9),  P(10),
    P(11), P(12), P(13), P(14), P(15), P(16), P(17), P(18), P(19), P(20), P(21),
    P(22), P(23), P(24), P(25), P(26), P(27), P(28), P(29), P(30), P(31), P(32),
    P(33), P(34), P(35), P(36), P(37), P(38), P(39), P(40), P(41), P(42), P(43),
    P(44), P(45), P(46), P(47), P(48), P(49), P(50), P(51), P(52), P(53), P(54),
    P(55), P(56), P(57), P(58), P(59), P(60), P(61), P(62), P(63),
};

/* Read through a volatile pointer, so the compiler cannot fold the reads. */
static const volatile int (*const table)[1024] = table_data;

void
test_main(void)
{
    CHECK(frame_of(table[40]) == 0, "a data page is not present before its first touch");
    CHECK(table[40][0] == 41 && table[40][1023] == 1040, "its bytes come from the file");
    CHECK(frame_of(table[40]) != 0, "and now it is present");
    CHECK(frame_of(table[41]) == 0, "the next page is still on the disk");
    int ok = 1;
    for (int i = 0; i < PAGES; i++)
        ok = ok && table[i][0] == i + 1 && table[i][1023] == 1000 + i;
    CHECK(ok, "all %d pages read back correctly", PAGES);
    CHECK(frame_of((const void *)test_main) != 0, "the code running now is present");
}
