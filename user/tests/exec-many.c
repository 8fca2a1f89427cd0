/* exec-many: exec with 40 arguments, each a different word, and a command
 * line of over 300 bytes: args prints them all. */
#include "stdio.h"
#include "string.h"
#include "syscall.h"
#include "test.h"

/* Builds "args word-1 ... word-40" and execs it. */
void
test_main(void)
{
    static char cmdline[512] = "args";
    char word[16];

    for (int i = 1; i <= 40; i++) {
        snprintf(word, sizeof word, " word-%d", i);
        strlcat(cmdline, word, sizeof cmdline);
    }
    exec(cmdline);
    fail("exec returned");
}
