/* The parent exits while its child is still working: the child goes on,
 * and the kernel waits for it before it powers off. */
#include "syscall.h"
#include "test.h"

/* Burns CPU for a while. */
static void
spin(unsigned long n)
{
    volatile unsigned long sum = 0;
    for (unsigned long i = 0; i < n; i++)
        sum += i;
}

int
main(void)
{
    test_name = "orphan";
    pid_t pid = fork("orphan-child");
    if (pid == 0) {
        int fd;
        while ((fd = open("parent-leaving")) < 0) /* the parent is about to exit */
            spin(100000);
        close(fd);
        spin(20000000);
        msg("child done after its parent");
        exit(7);
    }
    msg("parent leaving its child behind");
    create("parent-leaving", 0);
    return 0;
}
