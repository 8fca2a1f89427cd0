/* A large file read into memory again and again under memory pressure: the
 * copies must match the file every time.
 *     swap-file FILE ROUNDS */
#include "stdlib.h"
#include "syscall.h"
#include "test.h"

/* A checksum that notices moved, missing or changed bytes. */
static unsigned long long
checksum(const unsigned char *p, int n)
{
    unsigned long long h = 1469598103934665603ull;
    for (int i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

int
main(int argc, char **argv)
{
    test_name = "swap-file";
    const char *name = argc > 1 ? argv[1] : "random.bin";
    int rounds = argc > 2 ? atoi(argv[2]) : 3;
    msg("begin");
    int fd = open(name);
    if (fd < 0)
        fail("cannot open %s", name);
    int size = filesize(fd);
    unsigned long long first = 0;
    for (int r = 0; r < rounds; r++) {
        unsigned char *buf = malloc(size);
        seek(fd, 0);
        if (buf == NULL || read(fd, buf, size) != size)
            fail("round %d: cannot read %d bytes", r, size);
        unsigned long long sum = checksum(buf, size);
        if (r == 0)
            first = sum;
        else if (sum != first)
            fail("round %d: the copy differs", r);
        free(buf);
    }
    msg("read %d bytes %d times, every copy the same", size, rounds);
    close(fd);
    msg("end");
    return 0;
}
