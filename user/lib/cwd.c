/* getcwd without kernel help (see user/lib/cwd.h).  Starting at ".", it opens
 * "..", "../..", ... and, at each level, looks through the parent's entries
 * for the one whose inode number is the child's.  The walk ends at the
 * directory that is its own parent: the root.  It needs only that the kernel
 * resolves ".." in paths and opens directories.  A symbolic link in the parent
 * that points at the child may be reported instead of the child's own name. */
#include "cwd.h"

#include <stdbool.h>

#include "stdio.h"
#include "string.h"
#include "syscall.h"

#define CWD_MAX 256 /* longest path handled, NUL included */

/* Returns the inode number of directory PATH, or -1 if it cannot be opened. */
static int
dir_inumber(const char *path)
{
    int fd = open(path);
    int ino;

    if (fd < 0)
        return -1;
    ino = isdir(fd) ? inumber(fd) : -1;
    close(fd);
    return ino;
}

/* Looks in directory FD, whose path is UP, for a directory entry with inode
 * number INO, and stores its name in NAME.  Returns true if found. */
static bool
find_entry(int fd, const char *up, int ino, char name[READDIR_MAX_LEN + 1])
{
    char path[CWD_MAX + READDIR_MAX_LEN + 2];

    while (readdir(fd, name)) {
        snprintf(path, sizeof path, "%s/%s", up, name);
        if (dir_inumber(path) == ino)
            return true;
    }
    return false;
}

/* Puts "/" NAME in front of the path that ends BUF and starts at *START.
 * Returns false if there is no room. */
static bool
prepend(char *buf, size_t *start, const char *name)
{
    size_t len = strlen(name);

    if (*start < len + 1)
        return false;
    *start -= len + 1;
    buf[*start] = '/';
    memcpy(buf + *start + 1, name, len);
    return true;
}

/* Stores the absolute path of the current directory in BUF (SIZE bytes).
 * Returns BUF, or NULL if a directory on the way up cannot be read, the path
 * is longer than SIZE - 1 or 255 bytes, or is too deep. */
char *
getcwd(char *buf, size_t size)
{
    char path[CWD_MAX], up[CWD_MAX], name[READDIR_MAX_LEN + 1];
    size_t start = sizeof path - 1;
    int ino = dir_inumber("."), fd, parent;

    path[start] = '\0';
    strlcpy(up, "..", sizeof up);
    while (ino >= 0) {
        fd = open(up);
        if (fd < 0)
            return NULL;
        parent = inumber(fd);
        if (parent == ino) {
            close(fd);
            if (start == sizeof path - 1)
                path[--start] = '/';
            if (strlcpy(buf, path + start, size) >= size)
                return NULL;
            return buf;
        }
        bool found = find_entry(fd, up, ino, name);
        close(fd);
        if (!found || !prepend(path, &start, name) ||
            strlcat(up, "/..", sizeof up) >= sizeof up)
            return NULL;
        ino = parent;
    }
    return NULL;
}
