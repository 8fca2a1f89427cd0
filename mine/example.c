/* example: a template for your own programs.  Copy it to mine/NAME.c (a name
 * that is not one of the tools'), change it, and `make run`: it becomes the
 * program NAME on the disk, so at the `$ ` prompt type `NAME a b c`.
 *
 * What you can use is in docs/abi.md: the system calls (syscall.h: fork,
 * exec, wait, open, read, write, mmap, ...), printf and friends (stdio.h),
 * malloc and free (stdlib.h), the string functions (string.h), and the VM
 * counters (vmstat.h).  There is no other C library.  main gets argc and
 * argv as usual; returning from main ends the program with that status, and
 * the kernel prints the exit line, `example: exit(0)`. */
#include "stdio.h"
#include "stdlib.h"
#include "string.h"
#include "syscall.h"

int
main(int argc, char **argv)
{
    printf("hello from %s, with %d argument(s)\n", argv[0], argc - 1);
    for (int i = 1; i < argc; i++)
        printf("  argv[%d] = '%s' (%zu characters)\n", i, argv[i], strlen(argv[i]));
    return EXIT_SUCCESS;
}
