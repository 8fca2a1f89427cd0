/* pcut: the file-writing workload of the power-cut tests.  `pcut SEED [N]`
 * writes N files (default 150) k000, k001, ... of random sizes and bytes
 * (from SEED), each in random pieces; after each it closes the file, calls
 * sync, and once sync returned 0 prints
 *     synced: NAME SIZE CRC32
 * which the runner checks against the disk after the cut (--power-cut).  A
 * kept file is never touched again.  Between files it churns the same
 * directories without syncing: scratch files created, grown and removed, a
 * folder made and removed, so a cut finds metadata half written. */
#include "lib/random.h"
#include "stdio.h"
#include "stdlib.h"
#include "string.h"
#include "syscall.h"
#include "test.h"

#define MAX_SIZE 24000
#define PIECE    4096

static struct random_state rng;
static char data[MAX_SIZE];

/* CRC-32 (IEEE 802.3, reflected, as zlib computes it) of N bytes at P. */
static uint32_t
crc32(const char *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; i++) {
        c ^= (uint8_t)p[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xedb88320u & -(c & 1));
    }
    return ~c;
}

/* Creates NAME with SIZE bytes of DATA written in random pieces; false if
 * the disk refused (full). */
static bool
write_file(const char *name, int size)
{
    if (!create(name, 0))
        return false;
    int fd = open(name);
    if (fd < 0)
        return false;
    int done = 0;
    while (done < size) {
        int n = 1 + (int)random_below(&rng, PIECE);
        n = n < size - done ? n : size - done;
        if (write(fd, data + done, n) != n)
            break;
        done += n;
    }
    close(fd);
    return done == size;
}

/* Unsynced traffic in the same folders: scratch files and a folder. */
static void
churn(int i)
{
    char name[16];
    snprintf(name, sizeof name, "t%d", i % 4);
    remove(name);
    write_file(name, (int)random_below(&rng, MAX_SIZE));
    snprintf(name, sizeof name, "d%d", i % 3);
    if (!mkdir(name))
        remove(name);
    snprintf(name, sizeof name, "d%d/s", i % 3);
    write_file(name, (int)random_below(&rng, 3000));
    remove(name);
}

/* Writes, syncs and reports the files, churning in between. */
int
main(int argc, char **argv)
{
    test_name = "pcut";
    if (argc < 2)
        fail("usage: pcut SEED [FILES]");
    random_seed(&rng, strtoul(argv[1], NULL, 0));
    int files = argc > 2 ? atoi(argv[2]) : 150;
    for (int i = 0; i < files; i++) {
        char name[16];
        int size = (int)random_below(&rng, MAX_SIZE + 1);
        for (int j = 0; j < size; j++)
            data[j] = (char)random_u64(&rng);
        snprintf(name, sizeof name, "k%03d", i);
        if (!write_file(name, size) || sync() != 0)
            fail("%s not written", name);
        printf("synced: %s %d %u\n", name, size, (unsigned)crc32(data, size));
        churn(i);
    }
    msg("%d files written and synced", files);
    return 0;
}
