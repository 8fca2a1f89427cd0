/* fs-tree: files put on the disk in folders (docs/a.txt, docs/deep/b.txt,
 * and sample.txt at the root) are reached through the ABI: readdir lists
 * them, chdir and relative paths reach them, and their bytes and sizes are
 * those put. */
#include "string.h"
#include "syscall.h"
#include "test.h"
#include "userprog.h"

/* Checks that readdir on directory PATH returns exactly the N names WANT,
 * in any order. */
static void
expect_entries(const char *path, const char *const *want, int n)
{
    char name[READDIR_MAX_LEN + 1];
    int fd = open(path), seen = 0;

    if (fd < 2 || !isdir(fd))
        fail("cannot open directory %s", path);
    while (readdir(fd, name)) {
        int i = 0;
        while (i < n && strcmp(name, want[i]) != 0)
            i++;
        if (i == n)
            fail("%s holds an unexpected \"%s\"", path, name);
        seen |= 1 << i;
    }
    if (seen != (1 << n) - 1)
        fail("%s lacks an entry", path);
    close(fd);
}

/* Walks the tree. */
void
test_main(void)
{
    static const char *const docs[] = {"a.txt", "deep"};
    static const char *const deep[] = {"b.txt"};
    char buf[137];
    int fd;

    expect_entries("docs", docs, 2);
    msg("docs holds a.txt and deep");
    expect_entries("/docs/deep", deep, 1);
    msg("docs/deep holds b.txt");
    fd = open("docs/a.txt");
    CHECK(fd >= 2 && filesize(fd) == 137 && read(fd, buf, 137) == 137 &&
              memcmp(buf, sample_text(), 137) == 0,
          "docs/a.txt has the bytes of sample.txt");
    CHECK(chdir("docs/deep") && (fd = open("b.txt")) >= 2 && filesize(fd) == 137,
          "chdir docs/deep: b.txt opens");
    CHECK(open("../a.txt") >= 2 && open("../../sample.txt") >= 2,
          "../a.txt and ../../sample.txt open");
}
