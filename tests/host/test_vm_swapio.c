/* Host tests of clustered swap-out (vm/anon.c, vm/swap.c) with a machine of
 * a few frames and a fake swap disk (fake_swap.h):
 *
 *   - an eviction writes its victim and the dirty pages after it in one
 *     request, to contiguous slots: fewer write requests than pages written,
 *     neighbours in neighbouring slots, every byte back (SHA-256);
 *   - a page written to swap with a victim stays mapped and clean; written
 *     again, it is dirty and its new bytes are what comes back;
 *   - a failed cluster write is redone page by page: only the slot whose own
 *     write fails again is retired, the other pages are saved, the page
 *     whose write failed stays dirty in memory, and every byte comes back;
 *   - every slot is freed when the space goes;
 *   - read-ahead never reads a retired slot. */
#include "lib/random.h"
#include "lib/sha256.h"
#include "tests/host/support/vm_check.h"
#include "vm/swapra.h"

#define FRAMES     8
#define SWAP_SLOTS 128
#define N          48 /* heap pages: six times the frames */
#define HEAP       0x10000000UL

static uint8_t digest[N][32];

static uint64_t
heap_va(unsigned i)
{
    return HEAP + (uint64_t)i * VM_PAGE_SIZE;
}

/* Fills heap page I of S with random bytes from R; remembers their SHA-256. */
static void
fill(struct vm_space *s, unsigned i, struct random_state *r)
{
    uint64_t buf[VM_PAGE_SIZE / 8];
    for (size_t k = 0; k < VM_PAGE_SIZE / 8; k++)
        buf[k] = random_u64(r);
    CHECK(fake_cpu_write(s, heap_va(i), buf, sizeof buf, VMT_STACK_TOP) == FAKE_CPU_OK);
    struct sha256 h;
    sha256_init(&h);
    sha256_update(&h, buf, sizeof buf);
    sha256_final(&h, digest[i]);
}

/* Checks, reading as a program would, that heap page I of S holds the bytes
 * fill last put there. */
static void
check_page(struct vm_space *s, unsigned i)
{
    uint8_t buf[VM_PAGE_SIZE], d[32];
    CHECK(fake_cpu_read(s, heap_va(i), buf, sizeof buf, VMT_STACK_TOP) == FAKE_CPU_OK);
    struct sha256 h;
    sha256_init(&h);
    sha256_update(&h, buf, sizeof buf);
    sha256_final(&h, d);
    CHECK_MSG(memcmp(d, digest[i], 32) == 0, "heap page %u differs after swap", i);
}

/* A space with N writable zero heap pages, each filled with random bytes. */
static struct vm_space *
filled_space(struct random_state *r)
{
    struct vm_space *s = vmt_space();
    for (unsigned i = 0; i < N; i++)
        CHECK(vm_add_page(s, heap_va(i), NULL, true, false));
    for (unsigned i = 0; i < N; i++)
        fill(s, i, r);
    return s;
}

/* The write requests the swap disk has had. */
static uint64_t
write_requests(void)
{
    return fake_swap_device()->write_requests;
}

/* Written in order, N pages go out in clusters: at least four pages per
 * request, and most neighbours in neighbouring slots; all read back. */
static void
test_clusters(void)
{
    swap_cluster_pages = 8;
    struct random_state r;
    random_seed(&r, 7);
    uint64_t reqs = write_requests();
    struct vm_stats before = vm_stats();
    struct vm_space *s = filled_space(&r);
    uint64_t pages = vm_stats().swap_outs - before.swap_outs;
    vmt_say("%llu pages in %llu requests\n", (unsigned long long)pages,
            (unsigned long long)(write_requests() - reqs));
    CHECK(pages >= N - FRAMES);
    CHECK(pages >= 4 * (write_requests() - reqs));
    unsigned pairs = 0, next_slot = 0;
    for (unsigned i = 0; i + 1 < N; i++) {
        struct page *a = vmt_page(s, heap_va(i)), *b = vmt_page(s, heap_va(i + 1));
        pairs += a->swap_slot != SWAP_SLOT_NONE && b->swap_slot != SWAP_SLOT_NONE;
        next_slot += a->swap_slot != SWAP_SLOT_NONE && b->swap_slot == a->swap_slot + 1;
    }
    vmt_say("%u of %u neighbours in neighbouring slots\n", next_slot, pairs);
    CHECK(pairs > 0 && next_slot * 8 >= pairs * 7);
    for (unsigned i = 0; i < N; i++)
        check_page(s, i);
    vmt_destroy(s);
    vmt_check_no_leak();
}

/* A page saved with a victim and still in memory (clean, with a slot) that
 * is written again is dirty: evicted, its new bytes go to swap. */
static void
test_rewritten_after_cluster(void)
{
    swap_cluster_pages = 8;
    struct random_state r;
    random_seed(&r, 8);
    struct vm_space *s = vmt_space();
    for (unsigned i = 0; i < N; i++)
        CHECK(vm_add_page(s, heap_va(i), NULL, true, false));
    for (unsigned i = 0; i <= FRAMES; i++) /* one eviction */
        fill(s, i, &r);
    unsigned rewritten = 0;
    for (unsigned i = 0; i <= FRAMES; i++) {
        struct page *p = vmt_page(s, heap_va(i));
        if (p->frame != NULL && p->swap_slot != SWAP_SLOT_NONE && !p->dirty) {
            fill(s, i, &r); /* through the mapping: the dirty bit */
            rewritten++;
        }
    }
    vmt_say("%u pages saved with a victim, then written again\n", rewritten);
    CHECK(rewritten > 0);
    for (unsigned i = FRAMES + 1; i < N; i++)
        fill(s, i, &r);
    for (unsigned pass = 0; pass < 2; pass++)
        for (unsigned i = 0; i < N; i++)
            check_page(s, i);
    vmt_destroy(s);
    vmt_check_no_leak();
}

/* A failed cluster write is redone page by page; the victim's own write
 * fails again: its slot alone is retired, its page stays in memory (dirty,
 * written elsewhere later), the cluster's other pages are saved, and every
 * page still reads back right. */
static void
test_cluster_write_error(void)
{
    swap_cluster_pages = 8;
    struct random_state r;
    random_seed(&r, 9);
    struct vm_space *s = vmt_space();
    for (unsigned i = 0; i < N; i++)
        CHECK(vm_add_page(s, heap_va(i), NULL, true, false));
    for (unsigned i = 0; i < FRAMES; i++)
        fill(s, i, &r);
    struct vm_stats before = vm_stats();
    size_t bad = swap_bad_slots(), total = swap_total();
    uint64_t reqs = write_requests();
    fake_swap_fail_writes(0, 2); /* the first cluster, then its first page alone */
    fill(s, FRAMES, &r);
    struct vm_stats after = vm_stats();
    CHECK(write_requests() - reqs >= 3); /* the cluster, then each page alone */
    CHECK_EQ_INT(after.swap_write_errors - before.swap_write_errors, 1);
    CHECK_EQ_INT(swap_bad_slots(), bad + 1);
    CHECK_EQ_INT(swap_total(), total - 1);
    CHECK(after.swap_outs - before.swap_outs >= 2); /* the others and a new victim */
    for (unsigned i = FRAMES + 1; i < N; i++)
        fill(s, i, &r);
    for (unsigned i = 0; i < N; i++)
        check_page(s, i);
    vmt_destroy(s);
    vmt_check_no_leak();
}

/* Swap read-ahead meets a disk error on a neighbour: the request for a slot
 * and the two after it fails, so the slot is read alone once more and its
 * page comes back (its process goes on); the neighbours are neither read
 * ahead nor marked bad (a request does not say whose error it was), and each
 * reads fine on its own.  A slot that fails
 * alone too is marked bad, and retired once freed. */
static void
test_read_around_error(void)
{
    static uint8_t pages[3][VM_PAGE_SIZE], back[VM_PAGE_SIZE];
    size_t ra = swap_readahead_pages, got, bad = swap_bad_slots();
    swap_readahead_pages = 2;
    uint32_t slot = swap_alloc_run(3, &got);
    CHECK(slot != SWAP_SLOT_NONE && got == 3);
    for (unsigned i = 0; i < 3; i++) {
        memset(pages[i], 0x40 + i, VM_PAGE_SIZE);
        CHECK(swap_write(slot + i, pages[i]));
    }
    CHECK(swap_read_around(slot, back) && memcmp(back, pages[0], VM_PAGE_SIZE) == 0);
    for (unsigned i = 1; i < 3; i++) { /* read-ahead works here */
        void *ahead = swap_ra_take(slot + i);
        CHECK(ahead != NULL && memcmp(ahead, pages[i], VM_PAGE_SIZE) == 0);
        palloc_free_page(ahead);
    }
    fake_swap_fail_reads(1, 1); /* the first neighbour's part of the request */
    memset(back, 0, sizeof back);
    CHECK(swap_read_around(slot, back) && memcmp(back, pages[0], VM_PAGE_SIZE) == 0);
    CHECK(swap_ra_take(slot + 1) == NULL && swap_ra_take(slot + 2) == NULL);
    CHECK(!swap_is_bad(slot) && !swap_is_bad(slot + 1) && !swap_is_bad(slot + 2));
    for (unsigned i = 1; i < 3; i++)
        CHECK(swap_read(slot + i, back) && memcmp(back, pages[i], VM_PAGE_SIZE) == 0);
    fake_swap_fail_reads(0, 2);
    CHECK(!swap_read_around(slot, back));
    CHECK(swap_is_bad(slot) && !swap_is_bad(slot + 1));
    CHECK_EQ_INT(swap_bad_slots(), bad + 1);
    size_t total = swap_total();
    for (unsigned i = 0; i < 3; i++)
        swap_free(slot + i);
    CHECK_EQ_INT(swap_total(), total - 1);
    CHECK(!swap_in_use_locked(slot + 1)); /* freed, unlike the bad one */
    swap_readahead_pages = ra;
    vmt_check_no_leak();
}

/* A retired slot (its write failed; freed) keeps its bit in the slot map, and
 * read-ahead took it for a slot in use: its page sat in the read-ahead table
 * for good, since no free of the slot ever came to give it back (a frame
 * leaked at power-off). */
static void
test_read_ahead_skips_retired(void)
{
    static uint8_t page[VM_PAGE_SIZE], back[VM_PAGE_SIZE];
    size_t ra = swap_readahead_pages, got;
    swap_readahead_pages = 2;
    uint32_t slot = swap_alloc_run(3, &got);
    CHECK(slot != SWAP_SLOT_NONE && got == 3);
    memset(page, 0x51, VM_PAGE_SIZE);
    CHECK(swap_write(slot, page));
    swap_retire(slot + 1);
    CHECK(swap_read_around(slot, back) && memcmp(back, page, VM_PAGE_SIZE) == 0);
    void *ahead = swap_ra_take(slot + 1);
    CHECK(ahead == NULL);
    if (ahead != NULL)
        palloc_free_page(ahead);
    swap_free(slot);
    swap_free(slot + 2);
    swap_readahead_pages = ra;
    vmt_check_no_leak();
}

int
main(int argc, char **argv)
{
    vmt_args(argc, argv);
    vmt_setup_swap("test_vm_swapio", FRAMES, SWAP_SLOTS);
    test_clusters();
    test_rewritten_after_cluster();
    test_cluster_write_error();
    test_read_around_error();
    test_read_ahead_skips_retired();
    return vmt_teardown("test_vm_swapio");
}
