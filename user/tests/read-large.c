/* read-large: a binary put on the disk (big.bin, a copy of a program) reads
 * in 1000-byte pieces, the pieces add up to filesize, and it starts with the
 * ELF magic.  Its size is not printed (it changes with the compiler). */
#include "string.h"
#include "syscall.h"
#include "test.h"

/* Reads big.bin to the end. */
void
test_main(void)
{
    static char buf[1000];
    int fd = open("big.bin"), n, total = 0, size;

    if (fd < 2)
        fail("cannot open big.bin");
    size = filesize(fd);
    CHECK(size > 4096, "big.bin is more than a page long");
    n = read(fd, buf, sizeof buf);
    CHECK(n == 1000 && memcmp(buf, "\177ELF", 4) == 0, "it starts with the ELF magic");
    total = n;
    while ((n = read(fd, buf, sizeof buf)) > 0)
        total += n;
    CHECK(n == 0 && total == size, "the pieces add up to filesize");
}
