/* The stack may grow 1 MiB, not more: touching below the limit is killed
 * even when the stack pointer is right there. */
#include "test.h"

/* Moves the stack pointer 1 MiB + 64 KiB down and touches it. */
static void __attribute__((noinline)) too_deep(void)
{
    volatile char big[1024 * 1024 + 64 * 1024];
    big[0] = 1;
    __asm__ volatile("" : : "r"(big) : "memory");
    fail("still alive");
}

void
test_main(void)
{
    msg("growing the stack past 1 MiB");
    too_deep();
}
