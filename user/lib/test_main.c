/* The main of test programs that define only test_main (see user/lib/test.h).
 * It is in an archive member of its own, so the linker takes it only for a
 * program that has no main of its own. */
#include "test.h"

/* Prints "(NAME) begin", runs the test, prints "(NAME) end".  Returns 0; a
 * failed check exits with 1 before getting here. */
int
main(int argc, char *argv[])
{
    if (test_name == NULL && argc > 0)
        test_name = argv[0];
    msg("begin");
    test_main();
    msg("end");
    return 0;
}
