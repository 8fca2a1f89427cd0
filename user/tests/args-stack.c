/* args-stack: the initial stack exactly as docs/abi.md (section 3) builds
 * it.  The word strings sit at the top of the stack, first word lowest, the
 * last one ending at USER_STACK; below them, after rounding down to a
 * multiple of 8, come argv[argc] = NULL, then argv[argc - 1] .. argv[0], so
 * argv is at (USER_STACK - bytes of the words) & ~7, minus 8 * (argc + 1);
 * below argv is the fake return address, 0.  Run as `args-stack -l foo bar`,
 * whose words take as many bytes as the ABI's example `/bin/ls -l foo bar`
 * plus three, so argv must be 0x4747ffc0, as in the example. */
#include <stdint.h>

#include "string.h"
#include "test.h"

#define USER_STACK 0x47480000UL

/* Checks that the words of ARGV are packed at the top of the stack, in
 * order; returns the number of bytes they take. */
static uintptr_t
check_words(int argc, char **argv)
{
    uintptr_t bytes = 0;

    for (int i = 0; i < argc; i++)
        bytes += strlen(argv[i]) + 1;
    for (int i = 0; i < argc; i++) {
        uintptr_t expected = i == 0 ? USER_STACK - bytes
                                    : (uintptr_t)argv[i - 1] + strlen(argv[i - 1]) + 1;
        if ((uintptr_t)argv[i] != expected)
            fail("argv[%d] is at %p, not %p", i, (void *)argv[i], (void *)expected);
    }
    return bytes;
}

/* Checks the layout; see the top of this file. */
int
main(int argc, char *argv[])
{
    uintptr_t bytes, expected;

    msg("begin");
    bytes = check_words(argc, argv);
    msg("%d words packed below USER_STACK, first word lowest", argc);
    expected = ((USER_STACK - bytes) & ~7UL) - 8 * (uintptr_t)(argc + 1);
    CHECK((uintptr_t)argv == expected, "argv right below the words, 8-byte aligned");
    CHECK(argv[argc] == NULL, "argv[argc] is a null pointer");
    CHECK(((uint64_t *)argv)[-1] == 0, "the fake return address below argv is 0");
    msg("argv = %p", (void *)argv);
    msg("end");
    return 0;
}
