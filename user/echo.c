/* echo ARGS...: prints its arguments separated by single spaces and a
 * newline, in one write. */
#include "stdio.h"
#include "stdlib.h"
#include "string.h"
#include "syscall.h"

/* Prints the arguments.  Exit status 0, or 1 if memory runs out. */
int
main(int argc, char *argv[])
{
    size_t len = 1;
    char *line;

    for (int i = 1; i < argc; i++)
        len += strlen(argv[i]) + 1;
    line = malloc(len + 1);
    if (line == NULL) {
        printf("echo: out of memory\n");
        return 1;
    }
    line[0] = '\0';
    for (int i = 1; i < argc; i++) {
        if (i > 1)
            strlcat(line, " ", len + 1);
        strlcat(line, argv[i], len + 1);
    }
    strlcat(line, "\n", len + 1);
    write(STDOUT_FILENO, line, (unsigned)strlen(line));
    free(line);
    return 0;
}
