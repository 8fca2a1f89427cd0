/* open-basic: opening a file on the disk gives a descriptor of 2 or more;
 * a missing file and the empty name give -1; each open gives a new
 * descriptor. */
#include "syscall.h"
#include "test.h"

/* Opens what exists and what does not. */
void
test_main(void)
{
    int a = open("sample.txt"), b;

    CHECK(a >= 2, "open \"sample.txt\" gives a descriptor >= 2");
    b = open("sample.txt");
    CHECK(b >= 2 && b != a, "opening it again gives another descriptor");
    CHECK(open("no-such-file") == -1, "open \"no-such-file\" returns -1");
    CHECK(open("") == -1, "open \"\" returns -1");
    CHECK(open("/sample.txt") >= 2, "open \"/sample.txt\" (absolute) works");
}
