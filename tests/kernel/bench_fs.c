/* File-system benchmark (run by bench/fs, not by make check): sequential
 * write of an 8 MiB file and its read, cold and then cached, through the page
 * cache as a program's write() and read() go, and creation of 1,000 small
 * files, next to the raw throughput of the same disk for the same number of
 * sectors, read and written straight through the driver in the same boot. */
#include "dev/block.h"
#include "fs/file.h"
#include "fs/fs.h"
#include "kernel/ktest.h"
#include "kernel/malloc.h"
#include "kernel/printf.h"
#include "kernel/clock.h"
#include "vm/pagecache.h"

#define BENCH_BYTES (8 * 1024 * 1024)
#define BENCH_CHUNK (64 * 1024)
#define BENCH_FILES 1000

/* MiB/s for BYTES moved in US microseconds, as "whole.hundredths". */
static void
print_rate(const char *what, uint64_t bytes, int64_t us)
{
    if (us < 1)
        us = 1;
    uint64_t centi = bytes * 100 * 1000000 / us / (1024 * 1024);
    ktest_msg("%-22s %4llu.%02llu MiB/s  (%lld ms)", what,
              (unsigned long long)(centi / 100), (unsigned long long)(centi % 100),
              (long long)(us / 1000));
}

/* Reads or writes BENCH_BYTES straight through the driver, from sector FIRST;
 * returns the microseconds it took (as do the other passes). */
static int64_t
raw_pass(struct block_device *d, uint64_t first, uint8_t *buf, bool write)
{
    int64_t start = (int64_t)clock_us();
    size_t per = BENCH_CHUNK / BLOCK_SECTOR_SIZE;
    for (uint64_t s = 0; s < BENCH_BYTES / BLOCK_SECTOR_SIZE; s += per)
        if ((write ? block_write(d, first + s, buf, per)
                   : block_read(d, first + s, buf, per)))
            ktest_fail("raw I/O failed");
    return (int64_t)clock_us() - start;
}

/* Writes or reads the whole bench file in BENCH_CHUNK pieces, as write()
 * and read() do; a write pass ends with a sync, which writes it to the disk. */
static int64_t
file_pass(struct file *f, uint8_t *buf, bool write)
{
    int64_t start = (int64_t)clock_us();
    for (int64_t off = 0; off < BENCH_BYTES; off += BENCH_CHUNK)
        if ((write ? pagecache_write(f, buf, BENCH_CHUNK, off)
                   : pagecache_read(f, buf, BENCH_CHUNK, off)) != BENCH_CHUNK)
            ktest_fail("file I/O failed");
    if (write && (pagecache_sync() != 0 || fs_sync() != 0)) /* as sync() does */
        ktest_fail("sync failed");
    return (int64_t)clock_us() - start;
}

/* Creates BENCH_FILES files of 100 bytes; returns the microseconds it took. */
static int64_t
small_files(uint8_t *buf)
{
    char name[32];
    int64_t start = (int64_t)clock_us();
    fs_mkdir(NULL, "small");
    for (int i = 0; i < BENCH_FILES; i++) {
        snprintf(name, sizeof name, "small/f%d", i);
        fs_create(NULL, name, 0);
        struct file *f = file_open(NULL, name);
        file_write(f, buf, 100);
        file_close(f);
    }
    fs_sync();
    return (int64_t)clock_us() - start;
}

static void
bench_fs(void)
{
    struct block_device *d = block_by_role(BLOCK_FS);
    struct block_device *scratch = block_by_role(BLOCK_SCRATCH);
    uint8_t *buf = malloc(BENCH_CHUNK);
    if (!KTEST_CHECK(d != NULL && scratch != NULL && fs_mounted() && buf != NULL,
                     "needs a mounted disk and a scratch disk"))
        return;
    for (int i = 0; i < BENCH_CHUNK; i++)
        buf[i] = (uint8_t)i;
    /* Raw reads from the file-system disk itself (harmless); raw writes go to
     * the scratch disk, the same kind of drive on the other channel. */
    int64_t raw_w = raw_pass(scratch, 0, buf, true);
    int64_t raw_r = raw_pass(d, 0, buf, false);
    fs_create(NULL, "bench", 0);
    struct file *f = file_open(NULL, "bench");
    int64_t fw = file_pass(f, buf, true);
    pagecache_drop_file(f); /* written back by the sync: the read is cold */
    int64_t fr = file_pass(f, buf, false);
    int64_t fc = file_pass(f, buf, false);
    file_close(f);
    int64_t files = small_files(buf);
    print_rate("raw write (scratch)", BENCH_BYTES, raw_w);
    print_rate("raw read (fs disk)", BENCH_BYTES, raw_r);
    print_rate("file sequential write", BENCH_BYTES, fw);
    print_rate("file read, cold", BENCH_BYTES, fr);
    print_rate("file read, cached", BENCH_BYTES, fc);
    ktest_msg("cold read / raw read     %lld%%",
              (long long)(100 * raw_r / (fr ? fr : 1)));
    ktest_msg("small files created      %lld files/s (%d in %lld ms)",
              (long long)(BENCH_FILES * 1000000LL / (files ? files : 1)), BENCH_FILES,
              (long long)(files / 1000));
    free(buf);
}
KTEST("bench-fs", bench_fs);
