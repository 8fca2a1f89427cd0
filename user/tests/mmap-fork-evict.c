/* mmap-fork-evict: a written page of a mapping keeps its bytes when it is
 * evicted, with the mapping shared by fork.  The parent maps fork.bin (one
 * page of 'a') writable, writes 'P' into it and forks: the child's view of
 * the page holds 'P'.  The parent then unmaps (writing 'P' back) and
 * overwrites the file with 'W' through write(), which the child's view
 * shows at once (one cached copy).  The child writes 'X', pushes the page out
 * of memory by touching a large array (the test runs with a small user
 * pool) and reads it again: 'X' then 'W', written back at the eviction and
 * read again, not lost. */
#include "frame.h"
#include "string.h"
#include "syscall.h"
#include "test.h"

#define PAGE      4096
#define MAP       ((char *)0x10000000)
#define BIG       (2 * 1024 * 1024)
#define MAX_TRIES 50

static char big[BIG]; /* bss, touched by the child to make it evict */
static char buf[PAGE];

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

/* The child: checks its copy, evicts it, checks it again, exits. */
static void __attribute__((noreturn)) child(void)
{
    CHECK(MAP[0] == 'P' && MAP[1] == 'a', "child: its view holds the parent's write");
    wait_for_file("file-rewritten");
    CHECK(MAP[0] == 'W' && MAP[1] == 'W',
          "child: the parent's write() shows in its view");
    MAP[0] = 'X';
    int tries = 0;
    while (frame_of(MAP) != 0 && tries++ < MAX_TRIES)
        for (int i = 0; i < BIG; i += PAGE)
            ((volatile char *)big)[i] = (char)tries;
    CHECK(frame_of(MAP) == 0, "child: its written page is pushed out of memory");
    char c0 = MAP[0], c1 = MAP[1];
    if (c0 != 'X' || c1 != 'W')
        fail("child: after eviction its view reads '%c%c', not 'XW'", c0, c1);
    msg("child: after eviction it reads its write again");
    exit(0);
}

/* Maps, writes, forks, rewrites the file, waits, reads the file. */
void
test_main(void)
{
    int fd;

    memset(buf, 'a', PAGE);
    if (!create("fork.bin", 0) || (fd = open("fork.bin")) < 2 ||
        write(fd, buf, PAGE) != PAGE)
        fail("cannot create fork.bin");
    CHECK(mmap(MAP, PAGE, 1, fd, 0) == MAP, "map fork.bin writable");
    MAP[0] = 'P';
    msg("write 'P', fork");
    pid_t pid = fork("child");
    if (pid == 0)
        child();
    if (pid < 0)
        fail("fork failed");
    munmap(MAP);
    memset(buf, 'W', PAGE);
    seek(fd, 0);
    if (write(fd, buf, PAGE) != PAGE || !create("file-rewritten", 0))
        fail("cannot rewrite fork.bin");
    CHECK(wait(pid) == 0, "parent: munmap, write 'W' over the file, wait for the child");
    seek(fd, 0);
    CHECK(read(fd, buf, PAGE) == PAGE && buf[0] == 'X' && buf[1] == 'W',
          "the file holds the child's write over the parent's");
    close(fd);
}
