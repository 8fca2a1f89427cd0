/* mmap-dup2-stdio: mmap fails for descriptors 0 and 1, as docs/abi.md says,
 * also when dup2 has put a file there; the same file maps through its own
 * descriptor.  Before, fd 0 or 1 holding a file was mapped. */
#include "syscall.h"
#include "test.h"

#define ADDR ((void *)0x10000000)

/* Puts a file on fd 0, then on fd 1 (the console saved on fd 5), and maps. */
void
test_main(void)
{
    int fd;
    void *m0, *m1;

    CHECK(create("data", 0) && (fd = open("data")) > 1 && write(fd, "hello", 5) == 5,
          "create \"data\" with 5 bytes");
    CHECK(dup2(fd, 0) == 0, "dup2 it onto fd 0");
    CHECK(mmap(ADDR, 4096, 0, 0, 0) == NULL, "mmap of fd 0 fails");
    CHECK(dup2(1, 5) == 5, "keep the console on fd 5");
    dup2(fd, 1);
    m1 = mmap(ADDR, 4096, 1, 1, 0);
    dup2(5, 1);
    CHECK(m1 == NULL, "mmap of fd 1, a file then, fails");
    m0 = mmap(ADDR, 4096, 0, fd, 0);
    CHECK(m0 == ADDR && ((char *)m0)[4] == 'o', "mmap of its own descriptor works");
    munmap(m0);
}
