/* rm FILE...: removes each FILE (an empty directory too, if the kernel
 * allows).  Exit status 0, or 1 if some FILE could not be removed (with a
 * message; the others are still removed). */
#include <stdbool.h>

#include "stdio.h"
#include "syscall.h"

/* Removes every FILE argument. */
int
main(int argc, char *argv[])
{
    bool ok = true;

    if (argc < 2) {
        printf("rm: usage: rm FILE...\n");
        return 1;
    }
    for (int i = 1; i < argc; i++) {
        if (!remove(argv[i])) {
            printf("rm: %s: cannot remove\n", argv[i]);
            ok = false;
        }
    }
    return ok ? 0 : 1;
}
