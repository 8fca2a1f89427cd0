/* Host tests for reading whole file pages straight from the disk
 * (file_read_pages, fs/pages.c) and the block-run mapping under it
 * (ext2_bmap_run, ext2_run_length), for block sizes 1, 2 and 4 KiB: files
 * whose blocks are contiguous, interleaved with another file's block by
 * block and three blocks at a time (runs that start and end inside a page),
 * with holes and a partial last page.  Every page range read must equal
 * what file_read_at returns (zeros past the end), once while the data is
 * still in the block cache (copied over the disk's) and once after a
 * remount (from the disk), and a contiguous range must take one request.
 * file_write_pages over such files (holes allocated) must leave exactly
 * the bytes written, also after a remount, with e2fsck finding no fault. */
#include <stdio.h>
#include <string.h>

#include "fs/ext2fs.h"
#include "lib/util.h"
#include "tests/host/support/ext2_check.h"
#include "tests/host/support/host_console.h"

#define PAGE 4096
#define MAXP 40 /* pages read at once, at most */

static const unsigned block_sizes[] = {1024, 2048, 4096};

/* ext2_run_length on a few maps. */
static void
test_run_length(void)
{
    const uint32_t run[] = {100, 101, 102, 104, 105};
    const uint32_t holes[] = {0, 0, 0, 7, 0};
    const uint32_t one[] = {9, 9};
    CHECK_EQ_INT(ext2_run_length(run, 5), 3);
    CHECK_EQ_INT(ext2_run_length(run, 2), 2);
    CHECK_EQ_INT(ext2_run_length(run + 3, 2), 2);
    CHECK_EQ_INT(ext2_run_length(holes, 5), 3);
    CHECK_EQ_INT(ext2_run_length(holes + 3, 2), 1);
    CHECK_EQ_INT(ext2_run_length(one, 2), 1);
    CHECK_EQ_INT(ext2_run_length(run, 1), 1);
}

/* Checks pages FIRST to FIRST + N - 1 of PATH read with file_read_pages
 * against file_read_at; returns the requests it took. */
static uint64_t
check_pages(const char *path, uint64_t first, size_t n)
{
    static uint8_t got[MAXP][PAGE], want[PAGE];
    void *kvas[MAXP];
    bool ok[MAXP];
    struct file_read_io io = {0, 0};
    struct file *f = file_open(NULL, path);
    CHECK_MSG(f != NULL, "open %s", path);
    for (size_t i = 0; i < n; i++) {
        memset(got[i], 0xa5, PAGE);
        kvas[i] = got[i];
    }
    file_read_pages(f, first, kvas, n, ok, &io);
    for (size_t i = 0; i < n; i++) {
        memset(want, 0, PAGE);
        int64_t r = file_read_at(f, want, PAGE, (int64_t)((first + i) * PAGE));
        CHECK_MSG(r >= 0, "%s: file_read_at page %llu", path,
                  (unsigned long long)(first + i));
        CHECK_MSG(ok[i], "%s: page %llu not read", path, (unsigned long long)(first + i));
        CHECK_MSG(memcmp(got[i], want, PAGE) == 0, "%s: page %llu differs", path,
                  (unsigned long long)(first + i));
    }
    CHECK(io.pages >= io.requests);
    file_close(f);
    return io.requests;
}

/* Every range of pages of PATH (LEN bytes) in steps, and past its end. */
static void
check_file(const char *path, int64_t len)
{
    uint64_t pages = ((uint64_t)len + PAGE - 1) / PAGE;
    for (uint64_t first = 0; first < pages + 2; first += 3)
        check_pages(path, first, MIN((size_t)MAXP, (size_t)(pages + 2 - first)));
    check_pages(path, pages - 1, 1);
}

/* Writes files A and B by turns, BLOCKS blocks of BS bytes at a time, LEN
 * bytes each (seeds 1 and 2), so their blocks interleave on the disk. */
static void
make_interleaved(const char *a, const char *b, unsigned bs, unsigned blocks, int64_t len)
{
    CHECK(fs_create(NULL, a, 0) && fs_create(NULL, b, 0));
    struct file *fa = file_open(NULL, a), *fb = file_open(NULL, b);
    uint8_t *buf = malloc((size_t)bs * blocks);
    for (int64_t off = 0; off < len; off += (int64_t)bs * blocks) {
        size_t n = (size_t)MIN((int64_t)bs * blocks, len - off);
        pattern_fill(buf, n, 1, (uint64_t)off);
        CHECK_EQ_INT(file_write_at(fa, buf, (int64_t)n, off), (int64_t)n);
        pattern_fill(buf, n, 2, (uint64_t)off);
        CHECK_EQ_INT(file_write_at(fb, buf, (int64_t)n, off), (int64_t)n);
    }
    free(buf);
    file_close(fa);
    file_close(fb);
}

/* A file with holes: bytes at 0, at 40000 and a partial last page. */
static void
make_sparse(const char *path)
{
    CHECK(fs_create(NULL, path, 0));
    struct file *f = file_open(NULL, path);
    uint8_t buf[5000];
    pattern_fill(buf, sizeof buf, 3, 0);
    CHECK_EQ_INT(file_write_at(f, buf, 5000, 0), 5000);
    CHECK_EQ_INT(file_write_at(f, buf, 1000, 40000), 1000);
    CHECK_EQ_INT(file_write_at(f, buf, 10, 70001), 10);
    file_close(f);
}

/* Writes every page of PATH (LEN bytes) with pattern SEED through
 * file_write_pages, MAXP pages at a time; every page must reach the disk. */
static void
write_pages(const char *path, int64_t len, uint32_t seed)
{
    static uint8_t bufs[MAXP][PAGE];
    void *kvas[MAXP];
    bool ok[MAXP];
    uint64_t pages = ((uint64_t)len + PAGE - 1) / PAGE;
    struct file *f = file_open(NULL, path);
    CHECK_MSG(f != NULL, "open %s", path);
    for (uint64_t first = 0; first < pages; first += MAXP) {
        size_t n = (size_t)MIN((uint64_t)MAXP, pages - first);
        struct file_read_io io = {0, 0};
        for (size_t i = 0; i < n; i++) {
            pattern_fill(bufs[i], PAGE, seed, (first + i) * PAGE);
            kvas[i] = bufs[i];
        }
        file_write_pages(f, first, kvas, n, ok, &io);
        for (size_t i = 0; i < n; i++)
            CHECK_MSG(ok[i], "%s: page %llu not written", path,
                      (unsigned long long)(first + i));
        CHECK(io.requests >= 1 && io.pages >= n);
    }
    CHECK_EQ_INT(file_length(f), len); /* the file does not grow */
    file_close(f);
}

/* Checks every file of the test image. */
static void
check_all(void)
{
    check_file("/contig", 300000);
    check_file("/a", 100000);
    check_file("/b", 100000);
    check_file("/c", 100001);
    check_file("/d", 100001);
    check_file("/sparse", 70011);
}

static void
test_pages(unsigned bs)
{
    const char *img = img_path("pages.img");
    CHECK(img_mkfs(img, bs, NULL, "8M", NULL) == 0);
    ext2t_mount(img, 64);
    ext2t_make_file("/contig", 4, 300000);
    make_interleaved("/a", "/b", bs, 1, 100000);
    make_interleaved("/c", "/d", bs, 3, 100001);
    make_sparse("/sparse");
    check_all(); /* much of it still in the block cache */
    ext2t_unmount_fsck(img);
    ext2t_mount(img, 64);
    check_all(); /* from the disk */
    /* The first 12 blocks are direct and contiguous: one request. */
    CHECK_EQ_INT(check_pages("/contig", 0, 12 * bs / PAGE), 1);
    CHECK(check_pages("/a", 0, 4) >= 4 * PAGE / bs); /* a request per block */
    write_pages("/sparse", 70011, 7);                /* its holes get blocks */
    write_pages("/c", 100001, 8);                    /* runs that start inside pages */
    ext2t_check_pattern("/sparse", 7, 70011);
    ext2t_check_pattern("/c", 8, 100001);
    ext2t_check_pattern("/d", 2, 100001); /* its neighbour is untouched */
    ext2t_unmount_fsck(img);
    ext2t_mount(img, 64);
    ext2t_check_pattern("/sparse", 7, 70011);
    ext2t_check_pattern("/c", 8, 100001);
    check_all();
    ext2t_unmount_fsck(img);
}

/* Regression (swap-sort lost data): a page read while the block cache
 * held one of its blocks dirty read the disk's older copy, and the cache
 * wrote the block back and gave its buffer to another block before the
 * read ended, so nothing put the newer bytes over the page.  Here a write
 * of another file takes every buffer between the start and the end of the
 * read; the pages must hold what write() put there. */
static void
test_dirty_block_reused_during_read(unsigned bs)
{
    static uint8_t got[2][PAGE];
    void *kvas[2] = {got[0], got[1]};
    bool ok[2];
    struct file_read_io io = {0, 0};
    const char *img = img_path("reuse.img");
    CHECK(img_mkfs(img, bs, NULL, "8M", NULL) == 0);
    ext2t_mount(img, 16);
    ext2t_make_file("/f", 5, 2 * PAGE); /* on the disk: pattern 5 */
    ext2t_unmount();
    ext2t_mount(img, 16);
    struct file *f = file_open(NULL, "/f");
    CHECK(f != NULL);
    uint8_t buf[2 * PAGE];
    pattern_fill(buf, sizeof buf, 7, 0);
    CHECK_EQ_INT(file_write_at(f, buf, (int64_t)sizeof buf, 0), (int64_t)sizeof buf);
    struct file_read_batch *b = file_read_pages_start(f, 0, kvas, 2, ok, &io);
    CHECK(b != NULL);
    ext2t_make_file("/g", 6, 32 * PAGE); /* dirties every buffer */
    file_read_pages_finish(b);
    CHECK(ok[0] && ok[1]);
    CHECK_MSG(memcmp(got, buf, sizeof buf) == 0, "%u-byte blocks: the page read differs",
              bs);
    file_close(f);
    ext2t_check_pattern("/f", 7, 2 * PAGE);
    ext2t_unmount_fsck(img);
}

#define WINDOW    32 /* pages a window of read_windows */
#define IN_FLIGHT 3  /* windows read_windows keeps in flight */

/* One window of read_windows: its pages and its read in flight. */
struct window {
    uint8_t pages[WINDOW][PAGE];
    bool ok[WINDOW];
    uint64_t first;
    size_t n;
    struct file_read_batch *batch;
};

/* Ends W's read and checks its pages against pattern SEED (LEN bytes). */
static void
window_check(struct window *w, const char *path, uint32_t seed, int64_t len)
{
    if (w->batch != NULL)
        file_read_pages_finish(w->batch);
    for (size_t i = 0; i < w->n; i++) {
        int64_t off = (int64_t)((w->first + i) * PAGE), want = MIN(len - off, PAGE);
        CHECK_MSG(w->ok[i], "%s: page %llu not read", path,
                  (unsigned long long)(w->first + i));
        CHECK_MSG(pattern_diff(w->pages[i], (size_t)want, seed, (uint64_t)off) ==
                      (size_t)want,
                  "%s: page %llu differs", path, (unsigned long long)(w->first + i));
    }
}

/* Reads the LEN bytes of PATH (pattern SEED) as the page cache's read-ahead
 * does: windows of WINDOW pages, IN_FLIGHT of them started before the
 * oldest is waited for, every page checked.  With CHURN, a small file is
 * written each time a window has ended, which takes block cache buffers
 * while map blocks are being read ahead. */
static void
read_windows(const char *path, uint32_t seed, int64_t len, bool churn)
{
    static struct window ws[IN_FLIGHT];
    struct file *f = file_open(NULL, path);
    CHECK(f != NULL);
    uint64_t pages = ((uint64_t)len + PAGE - 1) / PAGE, first = 0;
    size_t pending = 0;
    for (size_t k = 0; first < pages || pending > 0; k++) {
        struct window *w = &ws[k % IN_FLIGHT];
        if (w->n > 0) {
            window_check(w, path, seed, len);
            w->n = 0;
            pending--;
            char name[32];
            snprintf(name, sizeof name, "/churn%zu", k);
            if (churn)
                ext2t_make_file(name, 3, 3 * PAGE);
        }
        if (first >= pages)
            continue;
        void *kvas[WINDOW];
        struct file_read_io io = {0, 0};
        w->first = first;
        w->n = (size_t)MIN((uint64_t)WINDOW, pages - first);
        for (size_t i = 0; i < w->n; i++)
            kvas[i] = w->pages[i];
        w->batch = file_read_pages_start(f, first, kvas, w->n, w->ok, &io);
        first += w->n;
        pending++;
    }
    file_close(f);
}

/* Makes IMG a SIZE file system of 1 KiB blocks holding /big, LEN bytes of
 * pattern 9, and mounts it again with BUFFERS buffers on a disk that ends
 * each request DELAY_US later (nothing of /big cached). */
static void
big_file_on_slow_disk(const char *img, const char *size, int64_t len, size_t buffers,
                      unsigned delay_us)
{
    CHECK(img_mkfs(img, 1024, NULL, size, NULL) == 0);
    ext2t_mount(img, buffers);
    ext2t_make_file("/big", 9, len);
    ext2t_unmount();
    ext2t_mount(img, buffers);
    host_block_set_async(ext2t_dev, delay_us);
}

/* A sequential reader of a 1 KiB-block file on a disk that ends its
 * requests later (as virtio does) has the map blocks of the windows ahead
 * read ahead (ext2_bmap_prefetch): of the 9 map blocks of a 2 MiB file
 * (single indirect, double indirect, 7 leaves) at most 2 are read when the
 * reader asks for them: the first, before the first window, and perhaps the
 * first leaf, if the double indirect block read ahead just before it has
 * not arrived yet when the next window looks; every byte comes back right,
 * with a cache of 64 buffers and of 8. */
static void
test_map_prefetch(size_t buffers)
{
    const char *img = img_path("prefetch.img");
    const int64_t len = 2 << 20;
    big_file_on_slow_disk(img, "8M", len, buffers, 50);
    struct bcache_stats before, after;
    struct file *f = file_open(NULL, "/big"); /* its inode read now, not below */
    bcache_get_stats(ext2_current()->cache, &before);
    read_windows("/big", 9, len, false);
    bcache_get_stats(ext2_current()->cache, &after);
    file_close(f);
    CHECK_MSG(after.reads - before.reads <= 2,
              "%zu buffers: %llu map blocks read on demand", buffers,
              (unsigned long long)(after.reads - before.reads));
    CHECK(after.prefetches - before.prefetches >= 7);
    ext2t_unmount_fsck(img);
}

/* Map blocks read ahead on a slow disk (DELAY_US a request) while other
 * files are written between the windows, with BUFFERS buffers: buffers
 * being read ahead are found by the reader before their read ends, and
 * taken for other blocks; every byte must come back right, and the image
 * must stay clean, also when the file system is unmounted with a read
 * ahead in flight. */
static void
test_map_prefetch_churn(size_t buffers, unsigned delay_us)
{
    const char *img = img_path("churn.img");
    const int64_t len = 4 << 20;
    big_file_on_slow_disk(img, "16M", len, buffers, delay_us);
    read_windows("/big", 9, len, true);
    read_windows("/big", 9, WINDOW * PAGE, false); /* its read ahead in flight */
    ext2t_unmount_fsck(img);
}

int
main(void)
{
    img_setup("test_ext2_pages");
    host_console_set_quiet(true);
    test_run_length();
    for (size_t i = 0; i < ARRAY_SIZE(block_sizes); i++)
        test_pages(block_sizes[i]);
    for (size_t i = 0; i < ARRAY_SIZE(block_sizes); i++)
        test_dirty_block_reused_during_read(block_sizes[i]);
    test_map_prefetch(64);
    test_map_prefetch(8);
    test_map_prefetch_churn(8, 2000);
    test_map_prefetch_churn(12, 500);
    img_cleanup();
    return check_done("test_ext2_pages");
}
