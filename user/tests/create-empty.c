/* create-empty: creating a file with an empty name fails (returns false),
 * and leaves nothing behind that open("") could find. */
#include "syscall.h"
#include "test.h"

/* Tries the empty name. */
void
test_main(void)
{
    CHECK(!create("", 0), "create(\"\") returns false");
    CHECK(open("") == -1, "open(\"\") returns -1");
}
