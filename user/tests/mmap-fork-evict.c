/* mmap-fork-evict: a child's copy of a mapped page that the parent had
 * written keeps its bytes when it is evicted.  The parent maps fork.bin (one
 * page of 'a') writable, writes 'P' into it and forks: the child's copy of
 * the page holds 'P', which is not in the file.  The parent then unmaps
 * (writing 'P' back) and overwrites the file with 'W' through write(), so
 * the file no longer holds what the child's copy holds.  The child pushes
 * its copy out of memory by touching a large array (the test runs with a
 * small user pool) and reads it again: it must still read 'P', its own
 * copy, not the file's 'W'.  At its exit that copy reaches the file.
 * (Reading the file's current bytes here would mean that the eviction
 * dropped a copy that held data not in the file: a lost write.) */
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
    CHECK(MAP[0] == 'P' && MAP[1] == 'a', "child: its copy holds the parent's write");
    wait_for_file("file-rewritten");
    int tries = 0;
    while (frame_of(MAP) != 0 && tries++ < MAX_TRIES)
        for (int i = 0; i < BIG; i += PAGE)
            ((volatile char *)big)[i] = (char)tries;
    CHECK(frame_of(MAP) == 0, "child: its copy is pushed out of memory");
    char c0 = MAP[0], c1 = MAP[1];
    if (c0 != 'P' || c1 != 'a')
        fail("child: after eviction its copy reads '%c%c', not 'Pa'", c0, c1);
    msg("child: after eviction it still reads its own copy");
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
    CHECK(read(fd, buf, PAGE) == PAGE && buf[0] == 'P' && buf[1] == 'a',
          "the file holds the child's copy, written back after the parent's write");
    close(fd);
}
