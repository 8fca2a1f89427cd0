/* ps shows the live processes and the exit record of a process the kernel
 * killed for a bad access, with the address: a child touches 0xdead0000 and
 * is killed; then `ps` runs as another child. */
#include "syscall.h"
#include "test.h"

#define BAD_ADDRESS ((volatile int *)0xdead0000)

void
test_main(void)
{
    pid_t victim = fork("victim");
    if (victim == 0) {
        *BAD_ADDRESS = 1;
        exit(0);
    }
    CHECK(wait(victim) == -1, "the victim was killed");
    pid_t ps = fork("ps");
    if (ps == 0)
        exec("ps");
    CHECK(wait(ps) == 0, "ps ran");
}
