/* An executable with 3 MiB of initialized data and 4 MiB of bss: every byte
 * reads back as the program was linked, loaded page by page on demand. */
#include "frame.h"
#include "test.h"

#define DATA_INTS (3 * 1024 * 1024 / 4)
#define BSS_BYTES (4 * 1024 * 1024)

/* Four runs of different values, written into the file by the linker. */
static int data[DATA_INTS] = {
    [0 ... DATA_INTS / 4 - 1] = 0x11111111,
    [DATA_INTS / 4 ... DATA_INTS / 2 - 1] = 0x22222222,
    [DATA_INTS / 2 ... 3 * DATA_INTS / 4 - 1] = 0x33333333,
    [3 * DATA_INTS / 4 ... DATA_INTS - 1] = 0x44444444,
};
static unsigned char bss[BSS_BYTES];

void
test_main(void)
{
    CHECK(frame_of(&data[DATA_INTS / 2]) == 0, "the data is not loaded at start");
    int ok = 1;
    for (int i = 0; i < DATA_INTS; i++)
        ok = ok && data[i] == 0x11111111 * (1 + i / (DATA_INTS / 4));
    CHECK(ok, "3 MiB of data read back as linked");
    for (int i = 0; i < DATA_INTS; i += 1024)
        data[i] = i;
    ok = 1;
    for (int i = 0; i < DATA_INTS; i += 1024)
        ok = ok && data[i] == i;
    CHECK(ok, "and takes writes");
    ok = 1;
    for (int i = 0; i < BSS_BYTES; i++)
        ok = ok && bss[i] == 0;
    CHECK(ok, "4 MiB of bss reads as zeros");
    for (int i = 0; i < BSS_BYTES; i += 4096)
        bss[i] = (unsigned char)(i >> 12);
    ok = 1;
    for (int i = 0; i < BSS_BYTES; i += 4096)
        ok = ok && bss[i] == (unsigned char)(i >> 12);
    CHECK(ok, "and keeps what was written");
}
