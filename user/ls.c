/* ls [-l] [PATH...]: lists each directory PATH (default "."), one entry name
 * per line, in the order readdir gives them ("." and ".." are not shown).  A
 * PATH that is a file is listed as itself.  With more than one PATH, each
 * listing starts with a "PATH:" line, and listings are separated by a blank
 * line.  -l adds, before each name, the type ('d' directory, '-' file), the
 * size in bytes and the inode number:
 *
 *     d     4096     12 docs
 *     -      723     15 notes
 *
 * Exit status 0, or 1 if some PATH could not be opened (with a message). */
#include <stdbool.h>

#include "stdio.h"
#include "string.h"
#include "syscall.h"

#define PATH_MAX 256

/* Prints one -l line for NAME, open as FD (or FD < 0: unknown). */
static void
print_long(int fd, const char *name)
{
    if (fd < 0)
        printf("? %8s %6s %s\n", "?", "?", name);
    else
        printf("%c %8d %6d %s\n", isdir(fd) ? 'd' : '-', filesize(fd), inumber(fd), name);
}

/* Prints entry NAME of directory DIR, with details if LONG. */
static void
print_entry(const char *dir, const char *name, bool long_format)
{
    char path[PATH_MAX];
    int fd;

    if (!long_format) {
        printf("%s\n", name);
        return;
    }
    fd = -1;
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) < sizeof path)
        fd = open(path);
    print_long(fd, name);
    if (fd >= 0)
        close(fd);
}

/* Lists PATH, after the line "PATH:" if HEADER (and a blank line before that
 * unless FIRST).  Returns false if PATH cannot be opened. */
static bool
list(const char *path, bool long_format, bool header, bool first)
{
    char name[READDIR_MAX_LEN + 1];
    int fd = open(path);

    if (fd < 0) {
        printf("ls: %s: not found\n", path);
        return false;
    }
    if (header)
        printf("%s%s:\n", first ? "" : "\n", path);
    if (!isdir(fd)) {
        if (long_format)
            print_long(fd, path);
        else
            printf("%s\n", path);
    } else {
        while (readdir(fd, name))
            print_entry(path, name, long_format);
    }
    close(fd);
    return true;
}

/* Lists every PATH argument; see the top of this file. */
int
main(int argc, char *argv[])
{
    bool long_format = false, ok = true, listed = false;
    int i = 1;

    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "-l") != 0) {
            printf("ls: unknown option %s (usage: ls [-l] [PATH...])\n", argv[i]);
            return 1;
        }
        long_format = true;
    }
    if (i == argc)
        return list(".", long_format, false, true) ? 0 : 1;
    for (int first = i; i < argc; i++) {
        bool done = list(argv[i], long_format, argc - first > 1, !listed);
        listed = listed || done;
        ok = ok && done;
    }
    return ok ? 0 : 1;
}
