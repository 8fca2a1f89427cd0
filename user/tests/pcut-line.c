/* pcut-line: a `synced:` report that a power cut stops half-way.
 * `pcut-line whole` writes the line `synced: absent 10 1234567` (a file that
 * does not exist: the power-cut judge must fail the run); `pcut-line part`
 * writes the same bytes without the line end, as a cut in the middle of the
 * line leaves them (the judge must not take them as a report).  Either way
 * it then spins until the power is cut. */
#include "string.h"
#include "syscall.h"

int
main(int argc, char **argv)
{
    static const char line[] = "synced: absent 10 1234567\n";
    bool whole = argc > 1 && strcmp(argv[1], "whole") == 0;
    write(1, line, sizeof line - (whole ? 1 : 2));
    for (;;)
        continue;
}
