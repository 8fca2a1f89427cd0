/* args: prints argc and every argv[i] as "(args) argv[i] = 'WORD'", then
 * "(args) argv[argc] = null".  Fails if argv[argc] is not NULL, if argv is not
 * 8-byte aligned (the ABI's promise), if argv or a word lies outside the 1 MiB
 * stack region below USER_STACK, or if main's stack is not 16-byte aligned
 * (the library's _start must align it). */
#include <stdint.h>

#include "syscall.h"
#include "test.h"

#define USER_STACK       0x47480000UL
#define USER_STACK_LIMIT (1024 * 1024UL)

/* True if ADDR lies in the stack region. */
static int
on_stack(const void *addr)
{
    uintptr_t a = (uintptr_t)addr;

    return a < USER_STACK && a >= USER_STACK - USER_STACK_LIMIT;
}

/* Checks the layout of ARGC and ARGV; fails with a message if it is wrong. */
static void
check_layout(int argc, char **argv)
{
    if ((uintptr_t)argv % 8 != 0)
        fail("argv %p is not 8-byte aligned", (void *)argv);
    if (!on_stack(argv))
        fail("argv %p is not on the stack", (void *)argv);
    for (int i = 0; i < argc; i++) {
        if (!on_stack(argv[i]))
            fail("argv[%d] %p is not on the stack", i, (void *)argv[i]);
    }
    if ((uintptr_t)__builtin_frame_address(0) % 16 != 0)
        fail("the stack in main is not 16-byte aligned");
}

/* Prints the arguments; see the top of this file. */
int
main(int argc, char *argv[])
{
    test_name = "args";
    msg("begin");
    check_layout(argc, argv);
    msg("argc = %d", argc);
    for (int i = 0; i < argc; i++)
        msg("argv[%d] = '%s'", i, argv[i]);
    if (argv[argc] != NULL)
        fail("argv[%d] = %p, not null", argc, (void *)argv[argc]);
    msg("argv[%d] = null", argc);
    msg("end");
    return 0;
}
