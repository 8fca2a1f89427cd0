/* child-simple: the program other tests exec: prints one line and exits
 * with 81. */
#include "test.h"

/* Prints "(child-simple) run"; returns 81. */
int
main(void)
{
    test_name = "child-simple";
    msg("run");
    return 81;
}
