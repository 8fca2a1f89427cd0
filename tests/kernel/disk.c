/* Self tests of the disk driver (virtio-blk, or ATA with --disk-bus pio) through
 * block_read/block_write, on the scratch disk (its contents are lost). */
#include "dev/block.h"
#include "kernel/ktest.h"
#include "kernel/malloc.h"
#include "kernel/palloc.h"
#include "kernel/thread.h"
#include "lib/string.h"
#include "tests/kernel/disk_pattern.h"

/* Writes COUNT sectors at SECTOR, reads them back, compares. */
static bool
roundtrip(struct block_device *d, uint64_t sector, size_t count, unsigned seed)
{
    size_t bytes = count * BLOCK_SECTOR_SIZE;
    uint8_t *w = malloc(bytes), *r = malloc(bytes);
    bool ok = w != NULL && r != NULL;
    if (ok) {
        disk_pattern_fill(w, sector, count, seed);
        memset(r, 0, bytes);
        ok = KTEST_CHECK(block_write(d, sector, w, count) == 0, "write %zu at %llu",
                         count, (unsigned long long)sector) &&
             KTEST_CHECK(block_read(d, sector, r, count) == 0, "read %zu at %llu", count,
                         (unsigned long long)sector) &&
             KTEST_CHECK(memcmp(w, r, bytes) == 0, "data differs: %zu at %llu", count,
                         (unsigned long long)sector);
    }
    free(w);
    free(r);
    return ok;
}

static struct block_device *
scratch_disk(void)
{
    struct block_device *d = block_by_role(BLOCK_SCRATCH);
    KTEST_CHECK(d != NULL, "no scratch disk attached");
    return d;
}

static void
test_disk_rw(void)
{
    struct block_device *d = scratch_disk();
    if (d == NULL)
        return;
    static const size_t counts[] = {1, 2, 15, 16, 17, 255, 256, 257, 600};
    uint64_t sector = 1;
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        roundtrip(d, sector, counts[i], i);
        sector += counts[i] + 3;
    }
    roundtrip(d, 0, 1, 99);
    roundtrip(d, d->sectors - 5, 5, 98);
    uint8_t buf[BLOCK_SECTOR_SIZE];
    uint64_t writes = d->write_sectors;
    KTEST_CHECK(block_read(d, d->sectors, buf, 1) == -1, "read past the end");
    KTEST_CHECK(block_write(d, d->sectors - 1, buf, 2) == -1, "write past the end");
    KTEST_CHECK(block_write(d, UINT64_MAX, buf, 2) == -1, "write at a huge sector");
    KTEST_CHECK(d->write_sectors == writes, "an out-of-range write reached the disk");
    KTEST_CHECK(block_read(d, 0, buf, 0) == 0);
    KTEST_CHECK(block_flush(d) == BLOCK_OK);
    ktest_msg("transfers of 1 to 600 sectors and at both ends read back intact");
    ktest_msg("out-of-range requests refused");
}
KTEST("disk-rw", test_disk_rw);

struct io_job {
    struct block_device *dev;
    uint64_t first;
    unsigned seed;
    bool ok;
};

/* Thread: repeated write/read round trips on its own sector range. */
static void
io_worker(void *aux)
{
    struct io_job *j = aux;
    j->ok = true;
    for (int i = 0; i < 20 && j->ok; i++)
        j->ok = roundtrip(j->dev, j->first + i * 40, 33, j->seed + i);
}

static void
test_disk_concurrent(void)
{
    struct block_device *d = scratch_disk();
    struct block_device *swap = block_by_role(BLOCK_SWAP);
    if (d == NULL || !KTEST_CHECK(swap != NULL, "no swap disk attached"))
        return;
    struct io_job jobs[4] = {
        {d, 0, 1, false}, {d, 1000, 2, false}, {d, 2000, 3, false}, {swap, 0, 4, false}};
    struct thread *t[4];
    for (int i = 0; i < 4; i++)
        t[i] = thread_create("io", io_worker, &jobs[i]);
    for (int i = 0; i < 4; i++) {
        thread_join(t[i]);
        KTEST_CHECK(jobs[i].ok, "worker %d", i);
    }
    ktest_msg("4 threads on two disks, 80 round trips, all intact");
}
KTEST("disk-concurrent", test_disk_concurrent);

/* Needs `--disk-error scratch:read:1000 --disk-error scratch:write:2000`:
 * requests that touch those sectors fail (without hanging), the errors are
 * counted, and the driver serves the requests after them as before. */
static void
test_ata_errors(void)
{
    struct block_device *d = scratch_disk();
    uint8_t *buf = malloc(32 * BLOCK_SECTOR_SIZE);
    if (d == NULL || !KTEST_CHECK(buf != NULL))
        goto out;
    uint64_t reads = d->read_errors, writes = d->write_errors;
    memset(buf, 0x6b, 32 * BLOCK_SECTOR_SIZE);
    KTEST_CHECK(block_read(d, 990, buf, 32) == -1, "read across the bad sector worked");
    KTEST_CHECK(block_read(d, 1000, buf, 1) == -1, "read of the bad sector worked");
    KTEST_CHECK(roundtrip(d, 900, 32, 1), "no read-write after a failed read");
    KTEST_CHECK(block_write(d, 1990, buf, 32) == -1,
                "write across the bad sector worked");
    KTEST_CHECK(block_write(d, 2000, buf, 1) == -1, "write of the bad sector worked");
    KTEST_CHECK(roundtrip(d, 1900, 32, 2), "no read-write after a failed write");
    KTEST_CHECK(d->read_errors == reads + 2 && d->write_errors == writes + 2,
                "errors counted: %llu reads, %llu writes",
                (unsigned long long)(d->read_errors - reads),
                (unsigned long long)(d->write_errors - writes));
    ktest_msg("failed reads and writes reported and counted; the disk works on");
out:
    free(buf);
}
KTEST("ata-errors", test_ata_errors);
