/* exec-not-elf: exec of a file that exists but is not a program (the text
 * file sample.txt) prints "load: NAME: error loading executable" and ends
 * the process with -1. */
#include "syscall.h"
#include "test.h"

/* Execs a text file. */
void
test_main(void)
{
    exec("sample.txt");
    fail("exec returned");
}
