/* mmap-fork-dropped: fork while pages of a mapping have been evicted.  The
 * parent maps drop.bin (64 pages) read-only and a second file writable,
 * reads every page of the first and writes every page of the second, with
 * a user pool too small to hold them: some pages of both are no longer in
 * memory (dropped, or written back to their file) when it forks.  The fork
 * must succeed, and the child must read both mappings as the parent left
 * them (reloading from the files what is not in memory); then the parent
 * checks them too.  Run with and without a swap disk: file pages never need
 * swap.
 *     mmap-fork-dropped */
#include "frame.h"
#include "syscall.h"
#include "test.h"

#define PAGE  4096
#define PAGES 64
#define SIZE  (PAGES * PAGE)
#define MAP   ((char *)0x10000000)
#define MAP_W ((char *)0x10100000)

static unsigned char buf[PAGE];

/* The byte at offset I of drop.bin. */
static unsigned char
pattern(unsigned i)
{
    return (unsigned char)((i * 2654435761u >> 11) ^ (i >> 12) ^ 0x3c);
}

/* Creates NAME with SIZE bytes of the pattern; returns a descriptor. */
static int
make_file(const char *name)
{
    int fd;

    if (!create(name, 0) || (fd = open(name)) < 2)
        fail("cannot create %s", name);
    for (unsigned off = 0; off < SIZE; off += PAGE) {
        for (unsigned i = 0; i < PAGE; i++)
            buf[i] = pattern(off + i);
        if (write(fd, buf, PAGE) != PAGE)
            fail("cannot write %s", name);
    }
    return fd;
}

/* True if the read-only mapping holds the file and page I of the writable
 * one holds byte I + 1 at its start and the file elsewhere. */
static bool
both_right(void)
{
    for (unsigned i = 0; i < SIZE; i++) {
        if ((unsigned char)MAP[i] != pattern(i))
            return false;
        unsigned char want = i % PAGE == 0 ? (unsigned char)(i / PAGE + 1) : pattern(i);
        if ((unsigned char)MAP_W[i] != want)
            return false;
    }
    return true;
}

/* Maps, reads and writes under pressure, forks, checks. */
void
test_main(void)
{
    int fd = make_file("drop.bin"), fd_w = make_file("drop-w.bin");
    int out = 0;

    CHECK(mmap(MAP, SIZE, 0, fd, 0) == MAP && mmap(MAP_W, SIZE, 1, fd_w, 0) == MAP_W,
          "map drop.bin read-only and drop-w.bin writable (64 pages each)");
    for (unsigned i = 0; i < SIZE; i += PAGE) {
        (void)*(volatile char *)(MAP + i);
        MAP_W[i] = (char)(i / PAGE + 1);
    }
    for (unsigned i = 0; i < SIZE; i += PAGE)
        out += (frame_of(MAP + i) == 0) + (frame_of(MAP_W + i) == 0);
    CHECK(out > 0, "read one, write the other: pages of them are out of memory");

    pid_t pid = fork("child");
    if (pid == 0) {
        CHECK(both_right(), "child: both mappings read as the parent left them");
        exit(0);
    }
    if (pid < 0)
        fail("fork failed");
    CHECK(wait(pid) == 0, "the fork succeeded and the child is done");
    CHECK(both_right(), "parent: both mappings read as before");
    close(fd);
    close(fd_w);
}
