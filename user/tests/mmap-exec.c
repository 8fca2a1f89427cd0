/* mmap-exec: exec drops every mapping, writing back what was written.  The
 * program maps exec.bin (3 pages of 'e') writable at one address and
 * read-only at another, writes pages 0 and 2 of the first, reads the
 * second, and execs itself as `mmap-exec after N` (N: the write-back
 * counter before exec).  The new program finds that exec wrote back exactly
 * the two written pages, that the file holds them (read()), and that both
 * addresses are free: they are not in memory, and can be mapped again.
 *     mmap-exec [after N] */
#include "stdlib.h"
#include "string.h"
#include "frame.h"
#include "stdio.h"
#include "syscall.h"
#include "test.h"
#include "vmstat.h"

#define PAGE  4096
#define PAGES 3
#define SIZE  (PAGES * PAGE)
#define MAP   ((char *)0x10000000)
#define MAP_R ((char *)0x10100000)

static char buf[SIZE];

/* The byte at offset I of the file after the writes. */
static char
expected(unsigned i)
{
    return i / PAGE == 1 ? 'e' : (char)('0' + i / PAGE);
}

/* The mmap_writebacks counter. */
static uint64_t
writebacks(void)
{
    struct vmstat v;

    memset(&v, 0, sizeof v);
    vmstat(&v, sizeof v);
    return v.mmap_writebacks;
}

/* Before exec: maps twice, writes, execs. */
static void
before(void)
{
    char cmd[64];
    int fd;

    memset(buf, 'e', SIZE);
    if (!create("exec.bin", 0) || (fd = open("exec.bin")) < 2 ||
        write(fd, buf, SIZE) != SIZE || sync() != 0)
        fail("cannot create exec.bin"); /* synced: only the mapping's pages are dirty */
    CHECK(mmap(MAP, SIZE, 1, fd, 0) == MAP && mmap(MAP_R, SIZE, 0, fd, 0) == MAP_R,
          "map exec.bin writable and read-only");
    memset(MAP, '0', PAGE);
    memset(MAP + 2 * PAGE, '2', PAGE);
    CHECK(MAP_R[PAGE] == 'e', "write pages 0 and 2 of the first, read the second");
    close(fd);
    snprintf(cmd, sizeof cmd, "mmap-exec after %llu", (unsigned long long)writebacks());
    msg("exec");
    exec(cmd);
    fail("exec returned");
}

/* After exec: checks the counter, the file and the addresses. */
static void
after(uint64_t old_writebacks)
{
    int fd = open("exec.bin");
    bool ok;

    CHECK(writebacks() == old_writebacks + 2, "exec wrote back the 2 written pages");
    ok = fd >= 2 && read(fd, buf, SIZE) == SIZE;
    for (unsigned i = 0; ok && i < SIZE; i++)
        ok = buf[i] == expected(i);
    CHECK(ok, "the file holds them");
    CHECK(frame_of(MAP) == 0 && frame_of(MAP + 2 * PAGE) == 0 &&
              frame_of(MAP_R + PAGE) == 0,
          "nothing is in memory at either address");
    ok = mmap(MAP, SIZE, 0, fd, 0) == MAP && mmap(MAP_R, SIZE, 0, fd, 0) == MAP_R;
    for (unsigned i = 0; ok && i < SIZE; i++)
        ok = MAP[i] == expected(i) && MAP_R[i] == expected(i);
    CHECK(ok, "both addresses can be mapped again, and read the file");
    close(fd);
}

/* Runs the part before or after exec. */
int
main(int argc, char **argv)
{
    test_name = "mmap-exec";
    if (argc == 3 && strcmp(argv[1], "after") == 0) {
        after(strtoul(argv[2], NULL, 10));
    } else {
        msg("begin");
        before();
    }
    msg("end");
    return 0;
}
