/* pc-views: mappings of a file are views of its one cached copy.  A child
 * and its parent each map views.bin (4 pages of 'a') writable, on their
 * own (not inherited), and then, before anyone unmaps:
 *   - the child sees the parent's write through its mapping, and the parent
 *     the child's;
 *   - read() finds a write made through a mapping at once;
 *   - a write() shows at once in the mappings (the parent's and the
 *     child's).
 * Each side waits for the other by watching the shared page itself.  At
 * the end the file holds every write. */
#include "string.h"
#include "syscall.h"
#include "test.h"

#define PAGE  4096
#define PAGES 4
#define SIZE  (PAGES * PAGE)
#define MAP   ((volatile char *)0x10000000)
#define SPINS 400000000

static char buf[SIZE];

/* Waits until the byte at P is C; false if it never becomes C. */
static bool
wait_for(volatile char *p, char c)
{
    for (long i = 0; i < SPINS; i++)
        if (*p == c)
            return true;
    return false;
}

/* The child: maps the file, waits for the parent's write, answers with its
 * own, then waits for the parent's write(). */
static void __attribute__((noreturn)) child(void)
{
    int fd = open("views.bin");
    if (fd < 2 || mmap((void *)MAP, SIZE, 1, fd, 0) != (void *)MAP)
        fail("child: cannot map views.bin");
    CHECK(wait_for(MAP, 'P'), "child: sees the parent's write through its mapping");
    MAP[PAGE] = 'C';
    CHECK(wait_for(MAP + 3 * PAGE + 1, 'G') && MAP[3 * PAGE] == 'W',
          "child: sees the parent's write() at once");
    exit(0);
}

void
test_main(void)
{
    int fd;
    memset(buf, 'a', SIZE);
    if (!create("views.bin", 0) || (fd = open("views.bin")) < 2 ||
        write(fd, buf, SIZE) != SIZE)
        fail("cannot create views.bin");
    pid_t pid = fork("child");
    if (pid == 0)
        child();
    if (pid < 0)
        fail("fork failed");
    CHECK(mmap((void *)MAP, SIZE, 1, fd, 0) == (void *)MAP,
          "parent: map views.bin writable");
    MAP[0] = 'P';
    CHECK(wait_for(MAP + PAGE, 'C'),
          "parent: sees the child's write through its mapping");
    MAP[2 * PAGE] = 'R';
    char c = 0;
    seek(fd, 2 * PAGE);
    CHECK(read(fd, &c, 1) == 1 && c == 'R',
          "read() finds a write through the mapping at once");
    seek(fd, 3 * PAGE);
    CHECK(write(fd, "W", 1) == 1 && MAP[3 * PAGE] == 'W',
          "a write() shows in the mapping at once");
    MAP[3 * PAGE + 1] = 'G'; /* the child may look now */
    CHECK(wait(pid) == 0, "the child saw it too");
    munmap((void *)MAP);
    seek(fd, 0);
    CHECK(read(fd, buf, SIZE) == SIZE && buf[0] == 'P' && buf[PAGE] == 'C' &&
              buf[2 * PAGE] == 'R' && buf[3 * PAGE] == 'W' && buf[3 * PAGE + 1] == 'G' &&
              buf[1] == 'a' && buf[SIZE - 1] == 'a',
          "the file holds every write");
    close(fd);
}
