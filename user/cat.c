/* cat FILE...: writes each FILE to the console, in order.  Exit status 0, or
 * 1 if some FILE could not be read (with a message; the others are still
 * printed). */
#include <stdbool.h>

#include "stdio.h"
#include "syscall.h"

static char buf[4096];

/* Copies the file PATH to the console.  Returns false after a message if it
 * cannot. */
static bool
cat_file(const char *path)
{
    int fd = open(path);
    int n;
    bool ok = true;

    if (fd < 0) {
        printf("cat: %s: not found\n", path);
        return false;
    }
    if (isdir(fd)) {
        printf("cat: %s: is a directory\n", path);
        close(fd);
        return false;
    }
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        if (write(STDOUT_FILENO, buf, (unsigned)n) != n) {
            ok = false;
            break;
        }
    }
    if (n < 0 || !ok) {
        printf("cat: %s: read or write failed\n", path);
        ok = false;
    }
    close(fd);
    return ok;
}

/* Prints every FILE argument. */
int
main(int argc, char *argv[])
{
    bool ok = true;

    if (argc < 2) {
        printf("cat: usage: cat FILE...\n");
        return 1;
    }
    for (int i = 1; i < argc; i++)
        ok = cat_file(argv[i]) && ok;
    return ok ? 0 : 1;
}
