/* mmap-unmapped: touching a mapping after munmap kills the process with -1.
 * A child maps a 2-page file writable, writes page 0, reads page 1 or not,
 * unmaps it, and then, by the argument:
 *     read     reads page 1 (never touched before munmap),
 *     write    writes page 0 (written and in memory before munmap),
 *     syscall  passes page 0 to write() as its buffer;
 * the parent sees it killed (wait returns -1), the file holds what the child
 * wrote before munmap, and the same address can be mapped again and reads
 * the file.
 *     mmap-unmapped read|write|syscall */
#include "string.h"
#include "syscall.h"
#include "test.h"

#define PAGE 4096
#define SIZE (2 * PAGE)
#define MAP  ((char *)0x10000000)

static unsigned char buf[SIZE];

/* The byte at offset I of the file as created. */
static unsigned char
pattern(unsigned i)
{
    return (unsigned char)((i * 2654435761u >> 11) ^ (i >> 12) ^ 0x63);
}

/* The byte at offset I of the file after the child's write. */
static unsigned char
expected(unsigned i)
{
    return i < PAGE ? 'u' : pattern(i);
}

/* The child: maps, writes page 0, unmaps, touches the mapping as HOW says.
 * Returns only if it was not killed. */
static void
child(const char *how)
{
    int fd = open("unmap.bin");

    if (fd < 2 || mmap(MAP, SIZE, 1, fd, 0) != MAP)
        fail("child: cannot map unmap.bin");
    memset(MAP, 'u', PAGE);
    munmap(MAP);
    msg("child: write page 0, munmap");
    if (strcmp(how, "read") == 0) {
        msg("child: read page 1");
        (void)*(volatile char *)(MAP + PAGE);
    } else if (strcmp(how, "write") == 0) {
        msg("child: write page 0");
        *(volatile char *)MAP = 'v';
    } else {
        msg("child: write() from page 0");
        write(fd, MAP, 10);
    }
    fail("child: the access did not kill the process");
}

/* Forks the child, checks that it was killed, the file, and a new mapping. */
int
main(int argc, char **argv)
{
    const char *how = argc > 1 ? argv[1] : "read";
    int fd;
    pid_t pid;

    test_name = "mmap-unmapped";
    msg("begin");
    for (unsigned i = 0; i < SIZE; i++)
        buf[i] = pattern(i);
    if (!create("unmap.bin", 0) || (fd = open("unmap.bin")) < 2 ||
        write(fd, buf, SIZE) != SIZE)
        fail("cannot create unmap.bin");
    if ((pid = fork("child")) == 0) {
        child(how);
        return 1;
    }
    CHECK(pid > 0 && wait(pid) == -1, "the child was killed");
    seek(fd, 0);
    memset(buf, 0, SIZE);
    bool ok = read(fd, buf, SIZE) == SIZE;
    for (unsigned i = 0; ok && i < SIZE; i++)
        ok = buf[i] == expected(i);
    CHECK(ok, "the file holds what the child wrote before munmap");
    ok = mmap(MAP, SIZE, 0, fd, 0) == MAP;
    for (unsigned i = 0; ok && i < SIZE; i++)
        ok = (unsigned char)MAP[i] == expected(i);
    CHECK(ok, "the parent maps the same address and reads the file");
    munmap(MAP);
    CHECK(mmap(MAP, SIZE, 1, fd, 0) == MAP && MAP[PAGE] == (char)pattern(PAGE),
          "after munmap the address can be mapped once more");
    msg("end");
    return 0;
}
