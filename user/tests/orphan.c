/* The parent exits while its child is still working: the child goes on,
 * and the kernel waits for it before it powers off. */
#include "syscall.h"
#include "test.h"

int
main(void)
{
    test_name = "orphan";
    pid_t pid = fork("orphan-child");
    if (pid == 0) {
        volatile unsigned long spin = 0;
        for (unsigned long i = 0; i < 20000000; i++)
            spin += i;
        msg("child done after its parent");
        exit(7);
    }
    msg("parent leaving its child behind");
    return 0;
}
