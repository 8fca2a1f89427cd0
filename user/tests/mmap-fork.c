/* mmap-fork: what a child inherits of a mapping, and what reaches the file.
 * The parent maps fork.bin (4 pages: 'a', 'b', 'c', 'd') writable, writes
 * page 0 and reads page 1, so that those two are in memory, and forks:
 *   - the child has the same mapping at the same address, of the same file:
 *     page 0 with the parent's write, pages 1 to 3 as in the file;
 *   - both mappings are views of the file's one cached copy: the parent's
 *     write to page 1 after the fork shows in the child, and the child's
 *     writes to pages 1 and 2 show in the parent;
 *   - every write reaches the file: the child writes pages 1 and 2 and
 *     exits; the parent writes page 3 and unmaps.  Page 1 holds both
 *     writes, page 2 the child's, pages 0 and 3 the parent's. */
#include "string.h"
#include "syscall.h"
#include "test.h"

#define PAGE  4096
#define PAGES 4
#define SIZE  (PAGES * PAGE)
#define MAP   ((char *)0x10000000)

static char buf[SIZE];

/* True if the N bytes at P are all C. */
static bool
all_are(const volatile char *p, unsigned n, char c)
{
    for (unsigned i = 0; i < n; i++)
        if (p[i] != c)
            return false;
    return true;
}

/* Waits until a file named NAME exists (the parent creates it). */
static void
wait_for_file(const char *name)
{
    for (int i = 0; i < 1000000; i++) {
        int fd = open(name);
        if (fd >= 0) {
            close(fd);
            return;
        }
    }
    fail("'%s' never appeared", name);
}

/* The child: checks what it inherited, writes pages 1 and 2, exits. */
static void __attribute__((noreturn)) child(void)
{
    CHECK(MAP[0] == 'P' && all_are(MAP + 1, PAGE - 1, 'a'),
          "child: page 0 has the parent's write");
    CHECK(all_are(MAP + PAGE, PAGE, 'b') && all_are(MAP + 2 * PAGE, PAGE, 'c') &&
              all_are(MAP + 3 * PAGE, PAGE, 'd'),
          "child: pages 1 to 3 read as in the file");
    wait_for_file("parent-wrote");
    CHECK(MAP[PAGE] == 'Q', "child: the parent's write to page 1 after fork shows");
    MAP[PAGE + 1] = 'C';
    MAP[2 * PAGE + 1] = 'C';
    msg("child: write pages 1 and 2, exit");
    exit(0);
}

/* Maps, forks, and checks both views and the file. */
void
test_main(void)
{
    int fd;

    for (int i = 0; i < SIZE; i++)
        buf[i] = (char)('a' + i / PAGE);
    if (!create("fork.bin", 0) || (fd = open("fork.bin")) < 2 ||
        write(fd, buf, SIZE) != SIZE)
        fail("cannot create fork.bin");
    CHECK(mmap(MAP, SIZE, 1, fd, 0) == MAP, "map fork.bin writable");
    MAP[0] = 'P';
    CHECK(MAP[PAGE] == 'b', "write page 0, read page 1");

    pid_t pid = fork("child");
    if (pid == 0)
        child();
    if (pid < 0)
        fail("fork failed");
    MAP[PAGE] = 'Q';
    if (!create("parent-wrote", 0))
        fail("cannot create parent-wrote");
    CHECK(wait(pid) == 0, "parent: write page 1, wait for the child");
    CHECK(MAP[PAGE] == 'Q' && MAP[PAGE + 1] == 'C' && MAP[2 * PAGE + 1] == 'C',
          "parent: the child's writes to pages 1 and 2 show");
    MAP[3 * PAGE] = 'Q';
    munmap(MAP);
    msg("parent: write page 3, munmap");

    seek(fd, 0);
    CHECK(read(fd, buf, SIZE) == SIZE, "read the file");
    CHECK(buf[0] == 'P' && all_are(buf + 1, PAGE - 1, 'a'), "page 0: the parent's write");
    CHECK(buf[PAGE] == 'Q' && buf[PAGE + 1] == 'C' &&
              all_are(buf + PAGE + 2, PAGE - 2, 'b'),
          "page 1: both writes");
    CHECK(buf[2 * PAGE] == 'c' && buf[2 * PAGE + 1] == 'C' &&
              all_are(buf + 2 * PAGE + 2, PAGE - 2, 'c'),
          "page 2: the child's write");
    CHECK(buf[3 * PAGE] == 'Q' && all_are(buf + 3 * PAGE + 1, PAGE - 1, 'd'),
          "page 3: the parent's write");
    close(fd);
}
