/* pc-evict: a file mapped writable by two processes, evicted under memory
 * pressure, comes back with every byte.  The parent creates evict.bin (64
 * pages), maps it and forks; the child maps it on its own (a second
 * mapping at another address).  Each writes its
 * own half (the parent the even pages, the child the odd ones), then the
 * child touches 1 MiB of bss over and over (the test runs with 64 user
 * frames) until no page of its mapping is in memory, and the parent, when
 * the child has exited, checks every byte through its mapping, through
 * read() and through a new mapping. */
#include "frame.h"
#include "string.h"
#include "syscall.h"
#include "test.h"
#include "vmstat.h"

#define PAGE  4096
#define PAGES 64
#define SIZE  (PAGES * PAGE)
#define MAP   ((char *)0x10000000)
#define MAP2  ((char *)0x20000000)
#define BIG   (1024 * 1024)
#define TRIES 40

static char big[BIG];
static char buf[SIZE];

/* The byte at offset I once both halves are written. */
static char
expected(unsigned i)
{
    return (char)((i / PAGE) % 2 ? 'c' + i % 7 : 'p' + i % 5);
}

/* Writes the pages of the mapping at M whose number has parity ODD. */
static void
write_half(char *m, int odd)
{
    for (unsigned i = 0; i < SIZE; i++)
        if ((int)((i / PAGE) % 2) == odd)
            m[i] = expected(i);
}

/* True if none of the pages of the mapping at M is in memory. */
static bool
all_out(const char *m)
{
    for (unsigned p = 0; p < PAGES; p++)
        if (frame_of(m + p * PAGE) != 0)
            return false;
    return true;
}

/* The first offset of P (SIZE bytes) that differs, or -1. */
static int
first_bad(const char *p)
{
    for (unsigned i = 0; i < SIZE; i++)
        if (p[i] != expected(i))
            return (int)i;
    return -1;
}

static void __attribute__((noreturn)) child(void)
{
    int fd = open("evict.bin");
    if (fd < 2 || mmap(MAP2, SIZE, 1, fd, 0) != MAP2)
        fail("child: cannot map evict.bin");
    write_half(MAP2, 1);
    int tries = 0;
    while (!all_out(MAP2) && tries++ < TRIES)
        for (int i = 0; i < BIG; i += PAGE)
            ((volatile char *)big)[i] = (char)tries;
    CHECK(all_out(MAP2), "child: every page of its own mapping is pushed out of memory");
    exit(0);
}

void
test_main(void)
{
    int fd;
    memset(buf, 'a', SIZE);
    if (!create("evict.bin", 0) || (fd = open("evict.bin")) < 2 ||
        write(fd, buf, SIZE) != SIZE || mmap(MAP, SIZE, 1, fd, 0) != MAP)
        fail("cannot create and map evict.bin");
    write_half(MAP, 0);
    msg("parent: map evict.bin, write the even pages");
    struct vmstat a, b;
    vmstat(&a, sizeof a);
    pid_t pid = fork("child");
    if (pid == 0)
        child();
    CHECK(pid > 0 && wait(pid) == 0, "the child wrote the odd pages and evicted them");
    vmstat(&b, sizeof b);
    CHECK(b.mmap_writebacks > a.mmap_writebacks, "written pages went to the file");
    CHECK(first_bad(MAP) == -1, "parent: every byte through its mapping");
    seek(fd, 0);
    CHECK(read(fd, buf, SIZE) == SIZE && first_bad(buf) == -1,
          "every byte through read()");
    munmap(MAP);
    CHECK(mmap(MAP2, SIZE, 0, fd, 0) == MAP2 && first_bad(MAP2) == -1,
          "every byte through a new mapping");
    close(fd);
}
