/* close-basic: after close, the descriptor no longer works (read returns
 * -1), while another descriptor of the same file still does. */
#include "syscall.h"
#include "test.h"

/* Opens twice, closes one. */
void
test_main(void)
{
    char buf[8];
    int a = open("sample.txt"), b = open("sample.txt");

    if (a < 2 || b < 2)
        fail("cannot open sample.txt");
    close(a);
    msg("close the first descriptor");
    CHECK(read(a, buf, sizeof buf) == -1, "reading it returns -1");
    CHECK(read(b, buf, sizeof buf) == 8, "the second still reads");
}
