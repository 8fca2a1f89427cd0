/* fork of a process with a 1 GiB bss, almost none of it touched, on a
 * machine with 8 MiB of RAM: the child costs only what was touched, both
 * run to the end, and each sees its own writes. */
#include "syscall.h"
#include "test.h"

#define SIZE (1024UL * 1024 * 1024)
#define PAGE 4096UL

static unsigned char huge[SIZE];

void
test_main(void)
{
    for (unsigned long i = 0; i < SIZE; i += SIZE / 8)
        huge[i] = 1;
    pid_t child = fork("fork-huge-kid");
    if (child == 0) {
        for (unsigned long i = 0; i < SIZE; i += SIZE / 8)
            if (huge[i] != 1)
                exit(1);
        huge[SIZE - PAGE] = 2; /* a page the parent never touched */
        huge[0] = 3;
        exit(huge[SIZE - PAGE] == 2 && huge[PAGE] == 0 ? 42 : 2);
    }
    int status = child > 0 ? wait(child) : -1; /* print only after its exit line */
    CHECK(child > 0, "forked a child with 1 GiB of bss");
    CHECK(status == 42, "the child ran to the end");
    CHECK(huge[0] == 1 && huge[SIZE - PAGE] == 0, "the parent kept its own pages");
}
