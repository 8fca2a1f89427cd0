/* Self tests of the virtio-blk driver on the scratch disk (vdc): scatter-
 * gather over frames that are not contiguous, many requests in flight, and
 * requests that fail or time out. */
#include "arch/x86_64/memlayout.h"
#include "dev/block.h"
#include "dev/virtio_blk.h"
#include "kernel/ktest.h"
#include "kernel/malloc.h"
#include "kernel/palloc.h"
#include "kernel/thread.h"
#include "arch/x86_64/pte.h"
#include "lib/string.h"
#include "tests/kernel/disk_pattern.h"

#define FRAMES            26 /* 26 frames x 8 sectors: 208 one-sector segments */
#define SECTORS_PER_FRAME 8
#define FLIGHT            64   /* requests in flight at once */
#define FLIGHT_BASE       4096 /* first sector they use */

/* The scratch disk if it is a virtio disk, else NULL (after failing). */
static struct block_device *
virtio_scratch(void)
{
    struct block_device *d = block_by_role(BLOCK_SCRATCH);
    if (!KTEST_CHECK(d != NULL && virtio_blk_is(d), "no virtio scratch disk"))
        return NULL;
    return d;
}

/* Device requests DEV has made so far. */
static uint64_t
parts_of(struct block_device *dev)
{
    struct virtio_blk_stats s;
    virtio_blk_stats(dev, &s);
    return s.parts;
}

/* Allocates N single frames into F; false (and frees them) if memory is short. */
static bool
frames_get(void **f, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((f[i] = palloc_get_page(PAL_ZERO)) == NULL) {
            while (i-- > 0)
                palloc_free_page(f[i]);
            return KTEST_CHECK(false, "out of frames");
        }
    return true;
}

static void
frames_put(void **f, size_t n)
{
    for (size_t i = 0; i < n; i++)
        palloc_free_page(f[i]);
}

/* Fills SEGS with one segment per sector: sector I of the run is sector
 * I / FRAMES of frame I % FRAMES, so neighbouring segments are never
 * neighbours in memory. */
static void
interleave(void **f, struct block_seg *segs)
{
    for (size_t i = 0; i < FRAMES * SECTORS_PER_FRAME; i++) {
        uint8_t *frame = f[i % FRAMES];
        segs[i] = (struct block_seg){frame + (i / FRAMES) * BLOCK_SECTOR_SIZE,
                                     BLOCK_SECTOR_SIZE};
    }
}

/* True if segment I holds the pattern of sector FIRST + I for every I. */
static bool
segs_ok(const struct block_seg *segs, size_t n, uint64_t first, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        if (!disk_pattern_ok(segs[i].buf, first + i, 1, seed))
            return false;
    return true;
}

/* Eight whole frames in reverse order of allocation: one device request. */
static void
sg_whole_frames(struct block_device *d, void **f, uint8_t *flat)
{
    struct block_seg segs[8];
    for (int i = 0; i < 8; i++) {
        segs[i] = (struct block_seg){f[7 - i], PAGE_SIZE};
        disk_pattern_fill(f[7 - i], 64 + i * SECTORS_PER_FRAME, SECTORS_PER_FRAME, 5);
    }
    uint64_t parts = parts_of(d);
    KTEST_CHECK(block_transfer(d, BLOCK_OP_WRITE, 64, segs, 8) == BLOCK_OK);
    KTEST_CHECK(parts_of(d) == parts + 1, "8 frames took %llu device requests",
                (unsigned long long)(parts_of(d) - parts));
    memset(flat, 0, 8 * PAGE_SIZE);
    KTEST_CHECK(block_read(d, 64, flat, 64) == 0);
    KTEST_CHECK(disk_pattern_ok(flat, 64, 64, 5), "whole frames differ");
    ktest_msg(
        "8 frames in reverse order written in one device request, read back intact");
}

/* 208 one-sector segments spread over 26 frames, both ways. */
static void
sg_interleaved(struct block_device *d, void **f, uint8_t *flat)
{
    size_t n = FRAMES * SECTORS_PER_FRAME;
    struct block_seg *segs = malloc(n * sizeof *segs);
    if (!KTEST_CHECK(segs != NULL))
        return;
    interleave(f, segs);
    for (size_t i = 0; i < n; i++)
        disk_pattern_fill(segs[i].buf, 1000 + i, 1, 6);
    KTEST_CHECK(block_transfer(d, BLOCK_OP_WRITE, 1000, segs, n) == BLOCK_OK);
    KTEST_CHECK(block_read(d, 1000, flat, n) == 0);
    KTEST_CHECK(disk_pattern_ok(flat, 1000, n, 6), "gathered write differs");
    disk_pattern_fill(flat, 1000, n, 7);
    KTEST_CHECK(block_write(d, 1000, flat, n) == 0);
    for (size_t i = 0; i < FRAMES; i++)
        memset(f[i], 0, PAGE_SIZE);
    uint64_t parts = parts_of(d);
    KTEST_CHECK(block_transfer(d, BLOCK_OP_READ, 1000, segs, n) == BLOCK_OK);
    KTEST_CHECK(parts_of(d) - parts >= 2, "208 segments fit one device request?");
    KTEST_CHECK(segs_ok(segs, n, 1000, 7), "scattered read differs");
    free(segs);
    ktest_msg("208 one-sector segments over 26 frames, gathered and scattered intact");
}

/* A segment that starts mid-page and runs into the next page, next to an
 * unaligned one in another frame. */
static void
sg_unaligned(struct block_device *d, void *frame, uint8_t *flat)
{
    uint8_t *two = palloc_get_multiple(PAL_ZERO, 2);
    if (!KTEST_CHECK(two != NULL))
        return;
    struct block_seg segs[2] = {{two + PAGE_SIZE - 700, 3 * BLOCK_SECTOR_SIZE},
                                {(uint8_t *)frame + 33, 2 * BLOCK_SECTOR_SIZE}};
    disk_pattern_fill(flat, 3000, 5, 8);
    KTEST_CHECK(block_write(d, 3000, flat, 5) == 0);
    KTEST_CHECK(block_transfer(d, BLOCK_OP_READ, 3000, segs, 2) == BLOCK_OK);
    KTEST_CHECK(segs_ok(segs, 1, 3000, 8) && disk_pattern_ok(segs[1].buf, 3003, 2, 8),
                "unaligned segments differ");
    palloc_free_multiple(two, 2);
    ktest_msg("unaligned segments across a page boundary intact");
}

static void
test_virtio_sg(void)
{
    struct block_device *d = virtio_scratch();
    void *f[FRAMES];
    uint8_t *flat = malloc(FRAMES * PAGE_SIZE);
    if (d != NULL && KTEST_CHECK(flat != NULL) && frames_get(f, FRAMES)) {
        sg_whole_frames(d, f, flat);
        sg_interleaved(d, f, flat);
        sg_unaligned(d, f[3], flat);
        frames_put(f, FRAMES);
    }
    free(flat);
}
KTEST("virtio-sg", test_virtio_sg);

struct flight {
    struct block_device *dev;
    void **pages; /* FLIGHT frames, one per request */
    struct block_seg segs[FLIGHT];
    struct block_request reqs[FLIGHT];
    struct semaphore ended; /* upped by the done function */
    unsigned done_count;    /* [I] requests ended in interrupt context */
};

/* Done function of the reads: counts and wakes the test (interrupt context). */
static void
flight_done(struct block_request *req)
{
    struct flight *fl = req->aux;
    fl->done_count++;
    sema_up(&fl->ended);
}

struct writer {
    struct flight *fl;
    int first; /* first of its 16 requests */
};

/* Thread: submits its 16 writes back to back, then waits for them. */
static void
flight_writer(void *aux)
{
    struct flight *fl = ((struct writer *)aux)->fl;
    int first = ((struct writer *)aux)->first;
    for (int i = first; i < first + 16; i++) {
        disk_pattern_fill(fl->pages[i], FLIGHT_BASE + i * 8, 8, 9);
        fl->segs[i] = (struct block_seg){fl->pages[i], PAGE_SIZE};
        fl->reqs[i] = (struct block_request){.op = BLOCK_OP_WRITE,
                                             .sector = FLIGHT_BASE + i * 8,
                                             .segs = &fl->segs[i],
                                             .n_segs = 1};
        block_submit(fl->dev, &fl->reqs[i]);
    }
    for (int i = first; i < first + 16; i++)
        KTEST_CHECK(block_wait(&fl->reqs[i]) == BLOCK_OK, "write %d", i);
}

/* Submits FLIGHT reads while the device is not told, then lets it go. */
static void
flight_reads(struct flight *fl)
{
    sema_init(&fl->ended, 0);
    virtio_blk_hold_notify(fl->dev, true);
    for (int i = 0; i < FLIGHT; i++) {
        memset(fl->pages[i], 0, PAGE_SIZE);
        fl->reqs[i] = (struct block_request){.op = BLOCK_OP_READ,
                                             .sector = FLIGHT_BASE + i * 8,
                                             .segs = &fl->segs[i],
                                             .n_segs = 1,
                                             .done = flight_done,
                                             .aux = fl};
        block_submit(fl->dev, &fl->reqs[i]);
    }
    KTEST_CHECK(fl->done_count == 0, "reads ended before the device was told");
    virtio_blk_hold_notify(fl->dev, false);
    for (int i = 0; i < FLIGHT; i++)
        sema_down(&fl->ended);
}

static void
test_virtio_inflight(void)
{
    static struct flight fl;
    void *pages[FLIGHT];
    fl = (struct flight){.dev = virtio_scratch(), .pages = pages};
    if (fl.dev == NULL || !frames_get(pages, FLIGHT))
        return;
    struct thread *t[4];
    struct writer w[4];
    for (int i = 0; i < 4; i++) {
        w[i] = (struct writer){&fl, i * 16};
        t[i] = ktest_spawn("writer", i, flight_writer, &w[i]);
    }
    ktest_join_all(t, 4);
    ktest_msg("4 threads wrote 16 pages each, all submitted before waiting");
    flight_reads(&fl);
    bool ok = fl.done_count == FLIGHT;
    for (int i = 0; i < FLIGHT; i++)
        ok = ok && fl.reqs[i].status == BLOCK_OK &&
             disk_pattern_ok(pages[i], FLIGHT_BASE + i * 8, 8, 9);
    struct virtio_blk_stats s;
    virtio_blk_stats(fl.dev, &s);
    KTEST_CHECK(ok, "reads differ or failed");
    KTEST_CHECK(s.max_in_flight >= FLIGHT, "at most %llu in flight",
                (unsigned long long)s.max_in_flight);
    ktest_msg("64 reads in flight at once ended through done functions, data intact");
    frames_put(pages, FLIGHT);
}
KTEST("virtio-inflight", test_virtio_inflight);

static void
test_virtio_errors(void)
{
    struct block_device *d = virtio_scratch();
    uint8_t *buf = malloc(PAGE_SIZE);
    if (d == NULL || !KTEST_CHECK(buf != NULL))
        return;
    struct virtio_blk_stats before, after;
    virtio_blk_stats(d, &before);
    KTEST_CHECK(virtio_blk_raw(d, 100, 0, buf, BLOCK_SECTOR_SIZE) == BLOCK_EUNSUPP);
    ktest_msg("an unknown request type ends with BLOCK_EUNSUPP");
    KTEST_CHECK(virtio_blk_raw(d, VIRTIO_BLK_T_IN, d->sectors, buf, BLOCK_SECTOR_SIZE) ==
                BLOCK_EIO);
    KTEST_CHECK(virtio_blk_raw(d, VIRTIO_BLK_T_OUT, d->sectors - 1, buf, PAGE_SIZE) ==
                BLOCK_EIO);
    ktest_msg("reads and writes past the end, sent to the device, end with BLOCK_EIO");
    virtio_blk_stats(d, &after);
    KTEST_CHECK(after.errors == before.errors + 3);
    struct block_seg user = {(void *)0x400000, BLOCK_SECTOR_SIZE};
    KTEST_CHECK(block_transfer(d, BLOCK_OP_READ, 0, &user, 1) == BLOCK_ERANGE);
    ktest_msg("a user address as a segment is refused");
    disk_pattern_fill(buf, 10, 8, 11);
    KTEST_CHECK(block_write(d, 10, buf, 8) == 0);
    memset(buf, 0, PAGE_SIZE);
    KTEST_CHECK(block_read(d, 10, buf, 8) == 0 && disk_pattern_ok(buf, 10, 8, 11));
    ktest_msg("the disk works after the errors");
    free(buf);
}
KTEST("virtio-errors", test_virtio_errors);

static void
test_virtio_timeout(void)
{
    struct block_device *d = virtio_scratch();
    uint8_t *buf = malloc(2 * PAGE_SIZE);
    if (d == NULL || !KTEST_CHECK(buf != NULL))
        return;
    struct virtio_blk_stats before, after;
    virtio_blk_stats(d, &before);
    int64_t old = virtio_blk_set_timeout(50);
    virtio_blk_hold_notify(d, true);
    struct block_seg seg = {buf + PAGE_SIZE, PAGE_SIZE};
    struct block_request req = {
        .op = BLOCK_OP_WRITE, .sector = 8, .segs = &seg, .n_segs = 1};
    block_submit(d, &req);
    KTEST_CHECK(block_read(d, 0, buf, 8) == -1, "read did not fail");
    KTEST_CHECK(block_wait(&req) == BLOCK_ETIMEDOUT, "write did not time out");
    virtio_blk_hold_notify(d, false);
    virtio_blk_set_timeout(old);
    virtio_blk_stats(d, &after);
    KTEST_CHECK(after.timeouts == before.timeouts + 1, "%llu resets",
                (unsigned long long)(after.timeouts - before.timeouts));
    ktest_msg("two requests the device never saw ended with a time-out, one reset");
    disk_pattern_fill(buf, 16, 16, 12);
    KTEST_CHECK(block_write(d, 16, buf, 16) == 0);
    memset(buf, 0, 2 * PAGE_SIZE);
    KTEST_CHECK(block_read(d, 16, buf, 16) == 0 && disk_pattern_ok(buf, 16, 16, 12));
    ktest_msg("the disk works after the reset");
    free(buf);
}
KTEST("virtio-timeout", test_virtio_timeout);
