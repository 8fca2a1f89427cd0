/* A process that touched 16 MiB forks on a machine with 20 MiB of RAM: with
 * eager copying that could never fit; with copy-on-write both run to the end,
 * each changing part of the memory and checking all of it.
 *     cow-big [MIB] */
#include "stdlib.h"
#include "syscall.h"
#include "test.h"

static unsigned char mem[16 * 1024 * 1024];

/* The byte at I as the parent wrote it. */
static unsigned char
pattern(unsigned i)
{
    return (unsigned char)((i >> 12) + i);
}

/* Writes TAG into every 4th page and checks all pages: those written show
 * TAG, the others the parent's pattern.  Returns 1 if all is right. */
static int
touch_and_check(unsigned size, unsigned char tag)
{
    for (unsigned i = 0; i < size; i += 4 * 4096)
        mem[i] = tag;
    for (unsigned i = 0; i < size; i++) {
        unsigned char want = (i % (4 * 4096) == 0) ? tag : pattern(i);
        if (mem[i] != want)
            return 0;
    }
    return 1;
}

int
main(int argc, char **argv)
{
    test_name = "cow-big";
    unsigned size = (argc > 1 ? (unsigned)atoi(argv[1]) : 16) * 1024 * 1024;
    if (size > sizeof mem)
        size = sizeof mem;
    msg("begin");
    for (unsigned i = 0; i < size; i++)
        mem[i] = pattern(i);
    pid_t pid = fork("cow-big-child");
    if (pid == 0)
        exit(touch_and_check(size, 0xc1) ? 0 : 1);
    int mine = touch_and_check(size, 0xa7);
    CHECK(wait(pid) == 0, "the child changed a quarter of its pages; all checked");
    CHECK(mine, "the parent changed a quarter of its pages; all checked");
    msg("end");
    return 0;
}
