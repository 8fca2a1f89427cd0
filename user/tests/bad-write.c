/* bad-write: writes to kernel address 0xffffffff80100000 (the kernel image).
 * The kernel must kill the process with status -1 and stay unharmed. */
#include "test.h"

/* Stores through a pointer into the kernel. */
void
test_main(void)
{
    int *volatile p = (int *)0xffffffff80100000UL;

    *p = 42;
    fail("wrote to kernel address %p: should have been killed", (void *)p);
}
