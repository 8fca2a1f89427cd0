/* open-twice: two opens of one file have separate positions: reading or
 * seeking through one does not move the other. */
#include "string.h"
#include "syscall.h"
#include "test.h"
#include "userprog.h"

/* Reads the file through two descriptors. */
void
test_main(void)
{
    const char *text = sample_text();
    char buf[16];
    int a = open("sample.txt"), b = open("sample.txt");

    if (a < 2 || b < 2)
        fail("cannot open sample.txt twice");
    CHECK(read(a, buf, 10) == 10 && memcmp(buf, text, 10) == 0,
          "read 10 bytes through the first descriptor");
    CHECK(tell(b) == 0, "the second is still at 0");
    CHECK(read(b, buf, 4) == 4 && memcmp(buf, text, 4) == 0,
          "it reads from the start of the file");
    CHECK(tell(a) == 10 && tell(b) == 4, "positions 10 and 4");
    seek(b, 100);
    CHECK(read(a, buf, 5) == 5 && memcmp(buf, text + 10, 5) == 0,
          "seeking the second does not move the first");
}
