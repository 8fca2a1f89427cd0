/* Stack growth that must work: a 4 KiB array, a 64 KiB object, and a system
 * call writing into a stack buffer whose pages were never touched. */
#include "syscall.h"
#include "test.h"

/* Fills and checks an N-byte stack array. */
static int __attribute__((noinline)) use_array(int n)
{
    volatile unsigned char a[n];
    for (int i = 0; i < n; i++)
        a[i] = (unsigned char)i;
    int ok = 1;
    for (int i = 0; i < n; i++)
        ok = ok && a[i] == (unsigned char)i;
    return ok;
}

struct big {
    char bytes[64 * 1024];
};

/* Returns a 64 KiB object by value (the caller's stack holds it). */
static struct big __attribute__((noinline)) make_big(char c)
{
    struct big b;
    for (unsigned i = 0; i < sizeof b.bytes; i++)
        b.bytes[i] = c;
    return b;
}

/* read() into a 32 KiB stack buffer nobody touched: the kernel grows the
 * stack while it copies, using the rsp saved at system-call entry. */
static int __attribute__((noinline)) read_into_stack(void)
{
    char buf[32 * 1024];
    int fd = open("vm-stack");
    int n = read(fd, buf, sizeof buf);
    close(fd);
    return n == (int)sizeof buf && buf[1] == 'E' && buf[2] == 'L' && buf[3] == 'F';
}

void
test_main(void)
{
    CHECK(use_array(4096), "a 4 KiB stack array works");
    struct big b = make_big('x');
    CHECK(b.bytes[0] == 'x' && b.bytes[sizeof b.bytes - 1] == 'x',
          "a 64 KiB object works");
    CHECK(read_into_stack(), "read() into an untouched stack buffer works");
}
