/* mmap-child: a child writes a mapping and exits; the parent reads the file.
 * The parent creates a 3-page file; a child maps it writable, writes pages
 * 0 and 2 and exits without munmap: its exit writes them back, and the
 * parent, after wait, reads them with read().  A second child writes page 1
 * through its own mapping and is then killed (it touches address 0): the
 * kernel's exit writes that page back too. */
#include "string.h"
#include "syscall.h"
#include "test.h"

#define PAGE  4096
#define PAGES 3
#define SIZE  (PAGES * PAGE)
#define MAP   ((char *)0x10000000)

static unsigned char buf[SIZE];

/* The byte at offset I of the file as created. */
static unsigned char
pattern(unsigned i)
{
    return (unsigned char)((i * 2654435761u >> 11) ^ (i >> 12) ^ 0x44);
}

/* The child: maps the file writable and fills page P of it (and page Q if
 * Q >= 0) with C; then exits with 0, or, if CRASH, touches address 0. */
static void __attribute__((noreturn)) child(int p, int q, char c, bool crash)
{
    int fd = open("child.bin");

    if (fd < 2 || mmap(MAP, SIZE, 1, fd, 0) != MAP)
        exit(2);
    memset(MAP + p * PAGE, c, PAGE);
    if (q >= 0)
        memset(MAP + q * PAGE, c, PAGE);
    if (crash)
        *(volatile int *)0 = 1;
    exit(0);
}

/* True if the file at FD holds, page by page, WANT[page] (0: the bytes as
 * created) and has SIZE bytes. */
static bool
file_is(int fd, const char want[PAGES])
{
    seek(fd, 0);
    if (read(fd, buf, sizeof buf) != SIZE || filesize(fd) != SIZE)
        return false;
    for (unsigned i = 0; i < SIZE; i++)
        if (buf[i] != (want[i / PAGE] ? (unsigned char)want[i / PAGE] : pattern(i)))
            return false;
    return true;
}

/* Runs both children and checks the file after each. */
void
test_main(void)
{
    int fd;
    pid_t pid;

    for (unsigned i = 0; i < SIZE; i++)
        buf[i] = pattern(i);
    if (!create("child.bin", 0) || (fd = open("child.bin")) < 2 ||
        write(fd, buf, SIZE) != SIZE)
        fail("cannot create child.bin");

    if ((pid = fork("writer")) == 0)
        child(0, 2, 'c', false);
    CHECK(pid > 0 && wait(pid) == 0,
          "a child maps the file, writes pages 0 and 2, exits");
    CHECK(file_is(fd, (const char[PAGES]){'c', 0, 'c'}),
          "the parent reads pages 0 and 2 written, page 1 unchanged");

    if ((pid = fork("crasher")) == 0)
        child(1, -1, 'k', true);
    CHECK(pid > 0 && wait(pid) == -1, "a child writes page 1 and is killed");
    CHECK(file_is(fd, (const char[PAGES]){'c', 'k', 'c'}),
          "its write reached the file too");
    close(fd);
}
