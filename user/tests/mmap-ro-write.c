/* mmap-ro-write: writing to a mapping made with writable = 0 kills the
 * process with -1, and the file keeps its bytes.  A child maps a 2-page file
 * read-only and then, by the argument:
 *     cold     writes to a page never touched (not in memory),
 *     warm     reads a page, then writes to it (a protection fault),
 *     syscall  has read() store into the mapping (the kernel writes there);
 * the parent sees it killed (wait returns -1; for cold and warm, one more
 * killed fault in the counters) and reads the file unchanged.
 *     mmap-ro-write cold|warm|syscall */
#include "string.h"
#include "syscall.h"
#include "test.h"
#include "vmstat.h"

#define PAGE 4096
#define SIZE (2 * PAGE)
#define MAP  ((char *)0x10000000)

static unsigned char buf[SIZE];

/* The byte at offset I of the file. */
static unsigned char
pattern(unsigned i)
{
    return (unsigned char)((i * 2654435761u >> 11) ^ (i >> 12) ^ 0x52);
}

/* The child: maps the file read-only and writes to it the way HOW says.
 * Returns only if it was not killed. */
static void
child(const char *how)
{
    int fd = open("ro.bin");

    if (fd < 2 || mmap(MAP, SIZE, 0, fd, 0) != MAP)
        fail("child: cannot map ro.bin");
    if (strcmp(how, "cold") == 0) {
        msg("child: write to a page not yet in memory");
        MAP[PAGE + 10] = 'x';
    } else if (strcmp(how, "warm") == 0) {
        CHECK(MAP[PAGE + 10] == (char)pattern(PAGE + 10), "child: read a page");
        msg("child: write to it");
        MAP[PAGE + 10] = 'x';
    } else {
        msg("child: read() into the mapping");
        read(fd, MAP + PAGE, 100);
    }
    fail("child: the write did not kill the process");
}

/* Forks the child, checks that it was killed and the file unchanged. */
int
main(int argc, char **argv)
{
    const char *how = argc > 1 ? argv[1] : "cold";
    struct vmstat before, after;
    int fd;
    pid_t pid;

    test_name = "mmap-ro-write";
    msg("begin");
    for (unsigned i = 0; i < SIZE; i++)
        buf[i] = pattern(i);
    if (!create("ro.bin", 0) || (fd = open("ro.bin")) < 2 || write(fd, buf, SIZE) != SIZE)
        fail("cannot create ro.bin");
    memset(&before, 0, sizeof before);
    memset(&after, 0, sizeof after);
    vmstat(&before, sizeof before);
    if ((pid = fork("child")) == 0) {
        child(how);
        return 1;
    }
    CHECK(pid > 0 && wait(pid) == -1, "the child was killed");
    vmstat(&after, sizeof after);
    if (strcmp(how, "syscall") != 0)
        CHECK(after.faults_killed == before.faults_killed + 1, "by an invalid access");
    seek(fd, 0);
    memset(buf, 0, SIZE);
    bool same = read(fd, buf, SIZE) == SIZE;
    for (unsigned i = 0; same && i < SIZE; i++)
        same = buf[i] == pattern(i);
    CHECK(same, "the file is unchanged");
    msg("end");
    return 0;
}
