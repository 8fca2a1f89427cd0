/* A read() into a page shared copy-on-write gives the writer its own copy
 * first: the kernel's write never reaches the other process. */
#include "syscall.h"
#include "test.h"

static char buf[4096] __attribute__((aligned(4096)));

int
main(void)
{
    test_name = "cow-read";
    msg("begin");
    for (int i = 0; i < 4096; i++)
        buf[i] = 'x';
    create("letters", 0);
    int fd = open("letters");
    write(fd, "abcdefghij", 10);
    pid_t pid = fork("cow-reader");
    if (pid == 0) {
        seek(fd, 0);
        int n = read(fd, buf, 10); /* the kernel writes into the shared page */
        exit(n == 10 && buf[0] == 'a' && buf[9] == 'j' ? 0 : 1);
    }
    CHECK(wait(pid) == 0, "the child read into its copy");
    CHECK(buf[0] == 'x' && buf[9] == 'x', "the parent's page was not touched");
    msg("end");
    return 0;
}
