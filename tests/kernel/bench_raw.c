/* Raw disk benchmark (run by bench/disk, not by make check): sequential and
 * random reads and writes of 4 KiB and 1 MiB requests on the scratch disk,
 * one request at a time, and 4 KiB random reads with 32 requests in flight.
 * Each line runs for at least MIN_US, timed with the precise clock (the TSC). */
#include "arch/x86_64/pte.h"
#include "kernel/clock.h"
#include "dev/block.h"
#include "kernel/ktest.h"
#include "kernel/malloc.h"
#include "kernel/palloc.h"
#include "lib/random.h"

#define MIN_US (500 * 1000ull)
#define DEPTH  32
#define KIB    1024
#define MIB    (1024 * 1024)

struct pattern {
    const char *name;
    size_t bytes; /* per request */
    bool random;
    bool write;
    unsigned depth; /* requests in flight */
};

static const struct pattern patterns[] = {
    {"seq read 4 KiB", 4 * KIB, false, false, 1},
    {"seq write 4 KiB", 4 * KIB, false, true, 1},
    {"random read 4 KiB", 4 * KIB, true, false, 1},
    {"random write 4 KiB", 4 * KIB, true, true, 1},
    {"seq read 1 MiB", MIB, false, false, 1},
    {"seq write 1 MiB", MIB, false, true, 1},
    {"random read 1 MiB", MIB, true, false, 1},
    {"random write 1 MiB", MIB, true, true, 1},
    {"random read 4 KiB x32", 4 * KIB, true, false, DEPTH},
};

struct run {
    struct block_device *dev;
    const struct pattern *p;
    struct random_state rng;
    uint64_t next;  /* next sequential request, in requests */
    uint64_t slots; /* requests of this size the disk holds */
    uint8_t *bufs[DEPTH];
    struct block_seg segs[DEPTH];
    struct block_request reqs[DEPTH];
};

/* The first sector of the next request. */
static uint64_t
next_sector(struct run *r)
{
    uint64_t slot = r->p->random ? random_below(&r->rng, r->slots) : r->next++ % r->slots;
    return slot * (r->p->bytes / BLOCK_SECTOR_SIZE);
}

/* Submits DEPTH requests and waits for them all; false on an error. */
static bool
run_batch(struct run *r)
{
    for (unsigned i = 0; i < r->p->depth; i++) {
        r->segs[i] = (struct block_seg){r->bufs[i], r->p->bytes};
        r->reqs[i] = (struct block_request){
            .op = r->p->write ? BLOCK_OP_WRITE : BLOCK_OP_READ,
            .sector = next_sector(r),
            .segs = &r->segs[i],
            .n_segs = 1,
        };
        block_submit(r->dev, &r->reqs[i]);
    }
    bool ok = true;
    for (unsigned i = 0; i < r->p->depth; i++)
        ok = block_wait(&r->reqs[i]) == BLOCK_OK && ok;
    return ok;
}

/* Runs R's pattern for at least MIN_US; prints its rate. */
static void
measure(struct run *r)
{
    uint64_t bytes = 0, start = clock_us(), us;
    do {
        if (!run_batch(r)) {
            ktest_fail("%s: I/O failed", r->p->name);
            return;
        }
        bytes += (uint64_t)r->p->bytes * r->p->depth;
    } while ((us = clock_us() - start) < MIN_US);
    uint64_t centi = bytes * 100 * 1000000 / us / MIB;
    uint64_t reqs = bytes / r->p->bytes * 1000000 / us;
    ktest_msg("%-22s %5llu.%02llu MiB/s %7llu req/s", r->p->name,
              (unsigned long long)(centi / 100), (unsigned long long)(centi % 100),
              (unsigned long long)reqs);
}

static void
bench_disk(void)
{
    static struct run r;
    r = (struct run){.dev = block_by_role(BLOCK_SCRATCH)};
    if (!KTEST_CHECK(r.dev != NULL, "needs a scratch disk"))
        return;
    uint8_t *big = palloc_get_multiple(0, MIB / PAGE_SIZE);
    for (int i = 0; i < DEPTH; i++)
        r.bufs[i] = i == 0 ? big : palloc_get_page(0);
    for (int i = 0; i < DEPTH; i++)
        if (!KTEST_CHECK(r.bufs[i] != NULL, "out of memory"))
            return;
    random_seed(&r.rng, 13);
    for (size_t i = 0; i < sizeof patterns / sizeof patterns[0]; i++) {
        r.p = &patterns[i];
        r.next = 0;
        r.slots = r.dev->sectors / (r.p->bytes / BLOCK_SECTOR_SIZE);
        measure(&r);
    }
    palloc_free_multiple(big, MIB / PAGE_SIZE);
    for (int i = 1; i < DEPTH; i++)
        palloc_free_page(r.bufs[i]);
}
KTEST("bench-disk", bench_disk);
