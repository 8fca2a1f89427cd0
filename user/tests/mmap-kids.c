/* mmap-kids: several processes write one file through mappings at once,
 * under memory pressure.  The parent creates kids.bin, KIDS * 32 pages of
 * zeros; child K maps its own 32-page part (at offset K * 32 pages)
 * writable, and ROUNDS times fills it with numbers that depend on K and
 * the round and reads them back, while the other children do the same:
 * with a small user pool their pages are written back to the one file and
 * read again concurrently.  Each child exits with the mapping in place;
 * the parent then reads every part with read().
 *     mmap-kids [KIDS [ROUNDS]]   (default 4 and 6, KIDS at most 8) */
#include "stdlib.h"
#include "syscall.h"
#include "test.h"
#include "vmstat.h"

#define PAGE     4096
#define PART     (32 * PAGE) /* bytes per child */
#define WORDS    (PART / 4)
#define MAX_KIDS 8
#define MAP      ((unsigned *)0x10000000)

static unsigned chunk[1024];

/* Word I of child K's part after round R. */
static unsigned
value(unsigned k, unsigned r, unsigned i)
{
    return (k << 28) ^ (r << 20) ^ (i * 2654435761u >> 8);
}

/* Child K: maps its part, fills and checks it ROUNDS times, exits (0, or 1
 * if a word read back wrong, 2 if it could not map). */
static void __attribute__((noreturn)) kid(unsigned k, unsigned rounds)
{
    int fd = open("kids.bin");

    if (fd < 2 || mmap(MAP, PART, 1, fd, (off_t)(k * PART)) != MAP)
        exit(2);
    close(fd);
    for (unsigned r = 0; r < rounds; r++) {
        for (unsigned i = 0; i < WORDS; i++)
            MAP[i] = value(k, r, i);
        for (unsigned i = 0; i < WORDS; i++)
            if (MAP[i] != value(k, r, i))
                exit(1);
    }
    exit(0);
}

/* Creates the file, runs the children, checks every part. */
int
main(int argc, char **argv)
{
    unsigned kids = argc > 1 ? (unsigned)atoi(argv[1]) : 4;
    unsigned rounds = argc > 2 ? (unsigned)atoi(argv[2]) : 6;
    pid_t pids[MAX_KIDS];
    struct vmstat before, after;
    int fd, done = 0;

    test_name = "mmap-kids";
    msg("begin");
    if (kids < 1 || kids > MAX_KIDS || rounds < 1)
        fail("usage: mmap-kids [KIDS [ROUNDS]]");
    if (!create("kids.bin", kids * PART) || (fd = open("kids.bin")) < 2)
        fail("cannot create kids.bin");
    vmstat(&before, sizeof before);
    for (unsigned k = 0; k < kids; k++) {
        pids[k] = fork("kid");
        if (pids[k] == 0)
            kid(k, rounds);
    }
    for (unsigned k = 0; k < kids; k++)
        done += pids[k] > 0 && wait(pids[k]) == 0;
    CHECK(done == (int)kids, "%u children each wrote and checked 128 KiB %u times", kids,
          rounds);
    vmstat(&after, sizeof after);
    CHECK(after.mmap_writebacks - before.mmap_writebacks > kids * PART / PAGE,
          "pages went back to the file while mapped (more write-backs than pages)");
    bool ok = filesize(fd) == (int)(kids * PART);
    for (unsigned k = 0; k < kids && ok; k++)
        for (unsigned i = 0; i < WORDS && ok; i += 1024) {
            ok = read(fd, chunk, sizeof chunk) == sizeof chunk;
            for (unsigned j = 0; j < 1024 && ok; j++)
                ok = chunk[j] == value(k, rounds - 1, i + j);
        }
    CHECK(ok, "the file holds every child's last round");
    close(fd);
    msg("end");
    return 0;
}
