/* mkdir DIR...: creates each directory DIR.  Exit status 0, or 1 if some DIR
 * could not be created (with a message; the others are still created). */
#include <stdbool.h>

#include "stdio.h"
#include "syscall.h"

/* Creates every DIR argument. */
int
main(int argc, char *argv[])
{
    bool ok = true;

    if (argc < 2) {
        printf("mkdir: usage: mkdir DIR...\n");
        return 1;
    }
    for (int i = 1; i < argc; i++) {
        if (!mkdir(argv[i])) {
            printf("mkdir: %s: cannot create directory\n", argv[i]);
            ok = false;
        }
    }
    return ok ? 0 : 1;
}
