/* dir-readdir: readdir returns every entry of a directory once, never "."
 * or "..", then false (and false again); the names are printed sorted, since
 * the order of entries is the file system's.  An empty directory gives false
 * at once; readdir on a file returns false. */
#include "string.h"
#include "syscall.h"
#include "test.h"

#define MAX_NAMES 16

static char names[MAX_NAMES][READDIR_MAX_LEN + 1];

/* Sorts the first N names (insertion sort). */
static void
sort_names(int n)
{
    char tmp[READDIR_MAX_LEN + 1];

    for (int i = 1; i < n; i++) {
        for (int j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            memcpy(tmp, names[j], sizeof tmp);
            memcpy(names[j], names[j - 1], sizeof tmp);
            memcpy(names[j - 1], tmp, sizeof tmp);
        }
    }
}

/* Reads directory FD to the end into names; returns the count. */
static int
read_all(int fd)
{
    int n = 0;

    while (n < MAX_NAMES && readdir(fd, names[n])) {
        if (strcmp(names[n], ".") == 0 || strcmp(names[n], "..") == 0)
            fail("readdir returned \"%s\"", names[n]);
        n++;
    }
    if (n == MAX_NAMES)
        fail("more than %d entries", MAX_NAMES);
    return n;
}

/* Fills a directory and lists it. */
void
test_main(void)
{
    const char *files[] = {"pear", "apple", "fig", "quince"};
    int fd, n;

    CHECK(mkdir("bowl") && mkdir("bowl/seeds"), "mkdir \"bowl\" and \"bowl/seeds\"");
    for (int i = 0; i < 4; i++) {
        if (!chdir("bowl") || !create(files[i], 0) || !chdir(".."))
            fail("cannot create bowl/%s", files[i]);
    }
    fd = open("bowl");
    n = read_all(fd);
    CHECK(!readdir(fd, names[0]), "at the end readdir keeps returning false");
    sort_names(n);
    msg("bowl holds %d entries:", n);
    for (int i = 0; i < n; i++)
        msg("  %s", names[i]);
    fd = open("bowl/seeds");
    CHECK(read_all(fd) == 0, "an empty directory gives false at once");
    fd = open("bowl/fig");
    CHECK(!readdir(fd, names[0]), "readdir on a file returns false");
}
