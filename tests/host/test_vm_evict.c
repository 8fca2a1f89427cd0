/* Host tests of eviction and swap (vm/frame.c, vm/swap.c, vm/anon.c) with a
 * machine of a few frames and a fake swap disk (fake_swap.h):
 *
 *   - dirty anonymous pages go to swap and come back intact (SHA-256 of every
 *     page) with many more pages than frames, also when a program sorts an
 *     array through them, with two threads evicting each other's pages, and
 *     with a parent and its copy-on-write child running at once;
 *   - swap slots are freed when a page is read back, removed, or its space
 *     destroyed (swap_used() back to 0), and the disk holds the page's bytes;
 *   - swap full (and every frame dirty): the fault kills cleanly; with one
 *     clean frame left, a process dropping its clean pages in turn is killed
 *     by the thrash rule before it has dropped as many as there are frames;
 *     disk errors on write (another victim is taken) and on read (the fault kills, the
 *     page stays in swap);
 *   - vm_space_copy of pages that are in swap: the child gets their bytes;
 *   - the clock: a page touched between two evictions survives (second
 *     chance) while an untouched one goes; a frame is used if any page
 *     sharing it was accessed (copy-on-write fork); pinned frames are never
 *     chosen; dirty bits are folded in on eviction and on a remap (a written
 *     page goes to swap, a read one is dropped);
 *   - frames shared by several pages: a written one goes to one swap slot
 *     with a user per page, freed when the last is back; a shared code frame
 *     is unmapped in every process;
 *   - the counters evictions, swap_outs, swap_ins, clean_drops and swap slots
 *     in use move by exactly what each step implies. */
#include <pthread.h>

#include "lib/random.h"
#include "lib/sha256.h"
#include "tests/host/support/vm_check.h"

#define FRAMES     8            /* the default machine */
#define SWAP_SLOTS 64           /* the swap disk */
#define HEAP       0x10000000UL /* where tests put anonymous (zero) pages */
#define SEED       0x5e

/* Page I of the heap. */
static uint64_t
heap_va(unsigned i)
{
    return HEAP + (uint64_t)i * VM_PAGE_SIZE;
}

/* Adds N writable zero pages from HEAP to S. */
static void
add_heap(struct vm_space *s, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        CHECK(vm_add_page(s, heap_va(i), NULL, true, false));
}

/* Adds N lazy, read-only pages of /exe from VMT_CODE (page I: file page
 * I % 16). */
static void
add_file_pages(struct vm_space *s, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        struct page_source src = vmt_page_of_exe(s, (i % 16) * VM_PAGE_SIZE);
        CHECK(vm_add_page(s, VMT_CODE + i * VM_PAGE_SIZE, &src, false, false));
    }
}

/* Page I of the file pages. */
static uint64_t
file_va(unsigned i)
{
    return VMT_CODE + (uint64_t)i * VM_PAGE_SIZE;
}

/* Checks that file page I of S holds its bytes of /exe. */
static void
check_file_page(struct vm_space *s, unsigned i)
{
    struct page_source src = vmt_page_of_exe(s, (i % 16) * VM_PAGE_SIZE);
    vmt_check_page(s, file_va(i), &src);
}

/* Reads one byte of VA in S as a program would (a fault if not mapped). */
static void
touch(struct vm_space *s, uint64_t va)
{
    CHECK_ACCESS(s, va, VM_READ, VMT_STACK_TOP, FAKE_CPU_OK);
}

/* How many of the NPAGES pages from VA of S are drawn as C. */
static unsigned
count_drawn(struct vm_space *s, uint64_t va, size_t npages, char c)
{
    char pic[256];
    CHECK(npages < sizeof pic);
    vm_draw(s, va, npages, pic);
    unsigned n = 0;
    for (size_t i = 0; i < npages; i++)
        n += pic[i] == c;
    return n;
}

/* How many of the N heap pages of S are in memory and keep a copy in swap
 * (the swap cache). */
static unsigned
count_cached(struct vm_space *s, unsigned n)
{
    unsigned cached = 0;
    for (unsigned i = 0; i < n; i++) {
        lock_acquire(&s->lock);
        struct page *p = page_find(&s->pages, heap_va(i));
        cached += p != NULL && p->frame != NULL && p->swap_slot != SWAP_SLOT_NONE;
        lock_release(&s->lock);
    }
    return cached;
}

/* Checks the books: frames in use = pages in frames, swap slots in use =
 * pages in swap plus pages in memory that keep their swap copy, for the N
 * heap pages of S (the only pages anywhere). */
static void
check_books(struct vm_space *s, unsigned n)
{
    unsigned in_swap = count_drawn(s, HEAP, n, 's') + count_cached(s, n);
    CHECK_EQ_INT(swap_used(), in_swap);
    CHECK_EQ_INT(vm_stats().swap_in_use, in_swap);
    CHECK_EQ_INT(vm_stats().frames_in_use, vm_space_resident(s));
    CHECK_EQ_INT(count_drawn(s, HEAP, n, '!'), 0);
}

/* The SHA-256 of the page at VA of S, read as a program would. */
static void
page_digest(struct vm_space *s, uint64_t va, uint8_t digest[32])
{
    uint8_t buf[VM_PAGE_SIZE];
    CHECK(fake_cpu_read(s, va, buf, sizeof buf, VMT_STACK_TOP) == FAKE_CPU_OK);
    struct sha256 h;
    sha256_init(&h);
    sha256_update(&h, buf, sizeof buf);
    sha256_final(&h, digest);
}

/* Fills the page at VA of S with random bytes from R, as a program would;
 * stores their SHA-256 in DIGEST. */
static void
fill_random(struct vm_space *s, uint64_t va, struct random_state *r, uint8_t digest[32])
{
    uint64_t buf[VM_PAGE_SIZE / 8];
    for (size_t i = 0; i < VM_PAGE_SIZE / 8; i++)
        buf[i] = random_u64(r);
    CHECK(fake_cpu_write(s, va, buf, sizeof buf, VMT_STACK_TOP) == FAKE_CPU_OK);
    struct sha256 h;
    sha256_init(&h);
    sha256_update(&h, buf, sizeof buf);
    sha256_final(&h, digest);
}

/* Many more dirty pages than frames: each new page pushes an old one to
 * swap; reading them all back, in two orders, finds every byte (SHA-256),
 * and each fault then is one swap-in plus one swap-out (a page read back from
 * swap is dirty: memory holds its only copy).  Destroying frees every slot. */
static void
test_swap_round_trip(void)
{
    enum { N = 40 };
    static uint8_t digest[N][32];
    struct vm_space *s = vmt_space();
    add_heap(s, N);
    struct random_state r;
    random_seed(&r, 1);
    struct vm_stats before = vm_stats();
    uint64_t writes = fake_swap_writes();
    for (unsigned i = 0; i < N; i++)
        fill_random(s, heap_va(i), &r, digest[i]);
    CHECK_STATS(before, 0, N, 0, 0, FRAMES);
    CHECK_EVICT(before, N - FRAMES, N - FRAMES, 0, 0, N - FRAMES);
    CHECK_EQ_INT(fake_swap_writes() - writes, N - FRAMES);
    vmt_draw("written", s, HEAP, N);
    check_books(s, N);
    CHECK_EQ_INT(count_drawn(s, HEAP, N, 's'), N - FRAMES);

    for (unsigned pass = 0; pass < 2; pass++) {
        before = vm_stats();
        unsigned faults = 0;
        for (unsigned k = 0; k < N; k++) {
            unsigned i = pass == 0 ? N - 1 - k : (k * 7) % N; /* backwards, strided */
            CHECK(fake_cpu_access(s, heap_va(i), VM_READ, VMT_STACK_TOP, &faults) ==
                  FAKE_CPU_OK);
            uint8_t d[32];
            page_digest(s, heap_va(i), d);
            CHECK_MSG(memcmp(d, digest[i], 32) == 0, "heap page %u differs after swap",
                      i);
        }
        vmt_say("pass %u: %u faults\n", pass, faults);
        CHECK(faults > 0);
        /* The swap cache: pages read back keep their slot while clean, so
         * evicting them again writes nothing; only the pages that were in
         * memory at the start of the first pass are written, once. */
        unsigned writes = pass == 0 ? FRAMES : 0;
        CHECK_EVICT(before, faults, writes, faults, faults - writes, writes);
        CHECK_EQ_INT(vm_stats().swap_writes_avoided - before.swap_writes_avoided,
                     faults - writes);
        CHECK_STATS(before, 0, 0, 0, 0, 0);
        check_books(s, N);
    }
    vmt_draw("read back", s, HEAP, N);
    vmt_destroy(s);
    vmt_check_no_leak(); /* every slot freed by the destroy */
}

/* The disk holds the evicted page's bytes in the page's slot; reading the
 * page back keeps the slot as its swap cache (no eviction needed: a frame is
 * free); removing a page in swap and destroying its space free slots. */
static void
test_slots_freed(void)
{
    struct vm_space *s = vmt_space();
    add_heap(s, FRAMES + 3);
    for (unsigned i = 0; i < FRAMES + 3; i++)
        vmt_write_pattern(s, heap_va(i), SEED);
    CHECK_EQ_INT(swap_used(), 3);
    CHECK_PICTURE(s, HEAP, FRAMES + 3, "sssAAAAAAAA");
    for (unsigned i = 0; i < 3; i++) {
        struct page *p = vmt_page(s, heap_va(i));
        CHECK(p->swap_slot != SWAP_SLOT_NONE && p->frame == NULL);
        CHECK(fake_swap_slot_written(p->swap_slot));
        CHECK_EQ_INT(
            pattern_diff(fake_swap_slot(p->swap_slot), VM_PAGE_SIZE, SEED, heap_va(i)),
            VM_PAGE_SIZE);
    }
    CHECK(vm_remove_page(s, heap_va(FRAMES + 2))); /* frees a frame */
    struct vm_stats before = vm_stats();
    vmt_check_pattern(s, heap_va(0), SEED);
    CHECK_EVICT(before, 0, 0, 1, 0, 0);
    CHECK(vmt_page(s, heap_va(0))->swap_slot != SWAP_SLOT_NONE);
    CHECK(vm_remove_page(s, heap_va(1))); /* in swap: its slot goes with it */
    CHECK_EVICT(before, 0, 0, 1, 0, -1);
    CHECK_PICTURE(s, HEAP, FRAMES + 3, "a.sAAAAAAA.");
    vmt_destroy(s); /* page 2 is still in swap */
    CHECK_EVICT(before, 0, 0, 1, 0, -3);
    vmt_check_no_leak();
}

/* Swap full and every frame dirty: the fault kills, nothing is evicted or
 * leaked, every page keeps its bytes; once slots are free again the page
 * loads. */
static void
test_swap_full(void)
{
    struct vm_space *s = vmt_space();
    add_heap(s, FRAMES + 3);
    uint32_t held[SWAP_SLOTS];
    unsigned n_held = 0;
    while (swap_used() < SWAP_SLOTS - 2) /* the test takes all but two slots */
        held[n_held++] = swap_alloc();
    for (unsigned i = 0; i < FRAMES + 2; i++)
        vmt_write_pattern(s, heap_va(i), SEED);
    CHECK_EQ_INT(swap_used(), SWAP_SLOTS);
    CHECK(swap_alloc() == SWAP_SLOT_NONE);
    struct vm_stats before = vm_stats();
    CHECK_ACCESS(s, heap_va(FRAMES + 2), VM_WRITE, VMT_STACK_TOP, FAKE_CPU_KILLED);
    CHECK_STATS(before, 0, 0, 0, 1, 0);
    CHECK_EVICT(before, 0, 0, 0, 0, 0);
    CHECK(vm_claim(s, heap_va(FRAMES + 2)) == NULL);
    vmt_draw("swap full", s, HEAP, FRAMES + 3);
    CHECK_EQ_INT(count_drawn(s, HEAP, FRAMES + 3, 's'), 2);
    CHECK_EQ_INT(count_drawn(s, HEAP, FRAMES + 3, 'u'), 1);
    for (unsigned i = 0; i < FRAMES + 2; i++) /* each read: one in, one out */
        if (vm_draw_page(s, heap_va(i)) != 's')
            vmt_check_pattern(s, heap_va(i), SEED);
    for (unsigned i = 0; i < n_held; i++)
        swap_free(held[i]);
    CHECK_ACCESS(s, heap_va(FRAMES + 2), VM_WRITE, VMT_STACK_TOP, FAKE_CPU_OK);
    for (unsigned i = 0; i < FRAMES + 2; i++)
        vmt_check_pattern(s, heap_va(i), SEED);
    vmt_destroy(s);
    vmt_check_no_leak();
}

/* Takes every free swap slot into HELD (returns how many) and writes pattern
 * SEED + I to heap page I of S for I below FRAMES - 1: with swap full, those
 * frames cannot be evicted. */
static unsigned
fill_swap_then_frames(struct vm_space *s, uint32_t *held)
{
    unsigned n_held = 0;
    while (swap_used() < SWAP_SLOTS)
        held[n_held++] = swap_alloc();
    for (unsigned i = 0; i < FRAMES - 1; i++)
        vmt_write_pattern(s, heap_va(i), SEED + i);
    return n_held;
}

/* Swap full, every frame dirty but one clean program page loaded last: a
 * fault evicts the clean page, passing over the dirty frames without
 * unmapping and mapping them again (before, each one passed over cost an
 * unmap and a remap, which made eviction with swap full crawl); every dirty
 * page keeps its bytes and its mapping. */
static void
test_swap_full_passes_dirty_frames(void)
{
    struct vm_space *s = vmt_space();
    add_heap(s, FRAMES);
    add_file_pages(s, 1);
    uint32_t held[SWAP_SLOTS];
    unsigned n_held = fill_swap_then_frames(s, held);
    touch(s, file_va(0));
    CHECK(swap_is_full());
    struct vm_stats before = vm_stats();
    uint64_t enters = fake_pmap_enter_calls();
    CHECK_ACCESS(s, heap_va(FRAMES - 1), VM_WRITE, VMT_STACK_TOP, FAKE_CPU_OK);
    CHECK_EQ_INT(fake_pmap_enter_calls() - enters, 1); /* the new page's only */
    CHECK_EVICT(before, 1, 0, 0, 1, 0);
    CHECK(vm_frame_identity(s, file_va(0)) == 0);
    for (unsigned i = 0; i < FRAMES - 1; i++) {
        uint64_t pa;
        CHECK(pmap_lookup(s->pmap, heap_va(i), &pa, NULL));
        vmt_check_pattern(s, heap_va(i), SEED + i);
    }
    for (unsigned i = 0; i < n_held; i++)
        swap_free(held[i]);
    vmt_destroy(s);
    vmt_check_no_leak();
}

/* Swap full, every frame dirty but one, and a process that reads two clean
 * pages in turn: each read drops the other page, and finds that frame only
 * after passing over every dirty one.  The thrash rule counted drops only
 * (more than there are frames, nothing freed meanwhile), so processes that
 * could still drop a few frames, each drop a walk over memory, crawled for
 * minutes before the rule struck (vm/policy-random-swap-full).  It counts
 * the frames those drops passed over too: the kill comes after fewer drops
 * than there are frames, and the dirty pages keep their bytes. */
static void
test_thrash_counts_frames_passed_over(void)
{
    struct vm_space *s = vmt_space();
    add_heap(s, FRAMES - 1);
    add_file_pages(s, 2);
    uint32_t held[SWAP_SLOTS];
    unsigned n_held = fill_swap_then_frames(s, held);
    struct vm_stats before = vm_stats();
    unsigned reads = 0;
    enum fake_cpu_result r = FAKE_CPU_OK;
    while (r == FAKE_CPU_OK && reads < 4 * FRAMES)
        r = fake_cpu_access(s, file_va(reads++ % 2), VM_READ, VMT_STACK_TOP, NULL);
    CHECK(r == FAKE_CPU_KILLED);
    CHECK_TEXT(reads - 1 < FRAMES, "killed after fewer drops than frames",
               "%u reads went through", reads - 1);
    CHECK_EQ_INT(vm_stats().faults_killed - before.faults_killed, 1);
    for (unsigned i = 0; i < FRAMES - 1; i++)
        vmt_check_pattern(s, heap_va(i), SEED + i);
    for (unsigned i = 0; i < n_held; i++)
        swap_free(held[i]);
    vmt_destroy(s);
    vmt_check_no_leak();
}

/* A page read back from swap keeps its slot (its frame is the slot's
 * swap-cache copy).  Unmapped in a batch, it gives up the slot only once its
 * frame is let go of, never while the frame still stands for the slot: a
 * slot freed first could be taken by an eviction and written with another
 * page's bytes, then found through the old frame (exit freed the slot up to
 * 31 frames before the frame). */
static void
test_slot_freed_after_its_frame(void)
{
    struct vm_space *s = vmt_space();
    add_heap(s, FRAMES + 2);
    for (unsigned i = 0; i < FRAMES + 2; i++)
        vmt_write_pattern(s, heap_va(i), SEED + i);
    uint64_t va = 0;
    for (unsigned i = 0; i < FRAMES + 2 && va == 0; i++) {
        if (vm_draw_page(s, heap_va(i)) == 's') {
            vmt_check_pattern(s, heap_va(i), SEED + i); /* back, keeping its slot */
            va = heap_va(i);
        }
    }
    CHECK(va != 0);
    struct page *p = vmt_page(s, va);
    CHECK(p->frame != NULL && p->swap_slot != SWAP_SLOT_NONE);
    size_t used = swap_used();
    lock_acquire(&s->lock);
    struct page_batch b;
    page_batch_init(&b, s, false);
    page_batch_free(&b, region_find(&s->regions, va), p);
    CHECK_EQ_INT(swap_used(), used); /* its frame is still held: so is its slot */
    page_batch_end(&b);
    CHECK_EQ_INT(swap_used(), used - 1);
    lock_release(&s->lock);
    vmt_destroy(s);
    vmt_check_no_leak();
}

/* A disk error writing a victim: its slot is retired (never taken again,
 * out of swap_total), it stays in memory, and the clock takes the next
 * victim.  A read that fails once is read again alone and succeeds.  One
 * that fails twice loses the page: the fault reports a disk error, the slot
 * is marked bad, a second fault does not read it again, and the slot is
 * retired (not counted in use: no leak) when the space goes. */
static void
test_swap_disk_errors(void)
{
    struct vm_space *s = vmt_space();
    add_heap(s, FRAMES + 3);
    for (unsigned i = 0; i < FRAMES; i++)
        vmt_write_pattern(s, heap_va(i), SEED);
    struct vm_stats before = vm_stats();
    size_t total = swap_total(), bad = swap_bad_slots();
    fake_swap_fail_writes(0, 1);
    vmt_write_pattern(s, heap_va(FRAMES), SEED);
    CHECK_EVICT(before, 1, 1, 0, 0, 1);
    CHECK_PICTURE(s, HEAP, 2, "as"); /* page 0 failed to go (remapped), page 1 went */
    CHECK_EQ_INT(swap_total(), total - 1);
    CHECK_EQ_INT(swap_bad_slots(), bad + 1);
    CHECK_EQ_INT(vm_stats().swap_write_errors - before.swap_write_errors, 1);
    before = vm_stats();
    fake_swap_fail_reads(0, 1);
    CHECK_ACCESS(s, heap_va(1), VM_READ, VMT_STACK_TOP, FAKE_CPU_OK);
    CHECK_EQ_INT(vm_stats().swap_ins - before.swap_ins, 1);
    vmt_write_pattern(s, heap_va(FRAMES + 1), SEED); /* another page goes out */
    uint64_t lost = 0;
    for (unsigned i = 0; i <= FRAMES + 1 && lost == 0; i++)
        if (vm_draw_page(s, heap_va(i)) == 's')
            lost = heap_va(i);
    CHECK(lost != 0);
    before = vm_stats();
    fake_swap_fail_reads(0, 2);
    CHECK(vm_handle_fault(s, lost, VM_READ, false, VMT_STACK_TOP) == VM_FAULT_DISK_ERROR);
    CHECK_EQ_INT(vm_stats().swap_read_errors - before.swap_read_errors, 1);
    CHECK_EQ_INT(swap_bad_slots(), bad + 2);
    uint64_t reads = fake_swap_reads();
    CHECK(vm_handle_fault(s, lost, VM_READ, false, VMT_STACK_TOP) == VM_FAULT_DISK_ERROR);
    CHECK_EQ_INT(fake_swap_reads(), reads); /* a bad slot is not read again */
    CHECK(vm_draw_page(s, lost) == 's');
    for (unsigned i = 0; i <= FRAMES + 1; i++)
        if (heap_va(i) != lost)
            vmt_check_pattern(s, heap_va(i), SEED);
    size_t used = swap_used();
    CHECK(used > 0);
    vmt_destroy(s);
    CHECK_EQ_INT(swap_used(), 0); /* the bad slot retired, not leaked */
    CHECK_EQ_INT(swap_total(), total - 2);
    vmt_check_no_leak();
}

/* A swap read error on a slot that a fork shares (copy-on-write): the
 * parent's fault finds the page lost (two failed reads), the child's fault
 * on it fails the same way without reading the slot again, the other pages
 * of both are intact, and when both spaces go the slot is retired, not
 * leaked. */
static void
test_swap_read_error_shared(void)
{
    enum { N = FRAMES + 4 };
    struct vm_space *p = vmt_space();
    add_heap(p, N);
    for (unsigned i = 0; i < N; i++)
        vmt_write_pattern(p, heap_va(i), SEED + i);
    unsigned lost = N;
    for (unsigned i = 0; i < N && lost == N; i++)
        if (vm_draw_page(p, heap_va(i)) == 's')
            lost = i;
    CHECK(lost < N);
    struct vm_space *c = vm_space_create();
    CHECK(c != NULL);
    c->exe = file_reopen(p->exe);
    vm_cow_fork = true;
    CHECK(vm_space_copy(c, p));
    vm_cow_fork = false;
    uint32_t slot = vmt_page(p, heap_va(lost))->swap_slot;
    CHECK(slot != SWAP_SLOT_NONE && vmt_page(c, heap_va(lost))->swap_slot == slot);
    size_t bad = swap_bad_slots(), total = swap_total();
    fake_swap_fail_reads(0, 2);
    CHECK(vm_handle_fault(p, heap_va(lost), VM_READ, false, VMT_STACK_TOP) ==
          VM_FAULT_DISK_ERROR);
    uint64_t reads = fake_swap_reads();
    CHECK(vm_handle_fault(c, heap_va(lost), VM_WRITE, false, VMT_STACK_TOP) ==
          VM_FAULT_DISK_ERROR);
    CHECK_EQ_INT(fake_swap_reads(), reads);
    CHECK_EQ_INT(swap_bad_slots(), bad + 1);
    for (unsigned i = 0; i < N; i++) {
        if (i == lost)
            continue;
        vmt_check_pattern(p, heap_va(i), SEED + i);
        vmt_check_pattern(c, heap_va(i), SEED + i);
    }
    vmt_destroy(c);
    CHECK_EQ_INT(swap_total(), total); /* the parent still uses the slot */
    vmt_destroy(p);
    CHECK_EQ_INT(swap_total(), total - 1);
    vmt_check_no_leak();
}

/* fork with pages in swap: the child gets every page's bytes, whether the
 * parent's page was in a frame or in swap, and the two stay independent.
 * Eager (COW false): the copy reads the parent's slots (keeping them) and
 * itself pushes pages to swap, each copy being dirty.  Copy-on-write: pages
 * in swap get one more user of their slot, resident ones share the frame. */
static void
test_copy_swapped_pages(bool cow)
{
    enum { N = 12 };
    struct vm_space *p = vmt_space();
    add_heap(p, N);
    add_file_pages(p, 2);
    for (unsigned i = 0; i < N; i++)
        vmt_write_pattern(p, heap_va(i), SEED + i);
    touch(p, file_va(0));
    unsigned in_swap = count_drawn(p, HEAP, N, 's');
    CHECK(in_swap >= N + 1 - FRAMES);
    CHECK_EQ_INT(swap_used(), in_swap);
    vmt_draw("parent", p, HEAP, N);
    struct vm_space *c = vm_space_create();
    CHECK(c != NULL);
    c->exe = file_reopen(p->exe);
    struct vm_stats before = vm_stats();
    vm_cow_fork = cow;
    CHECK(vm_space_copy(c, p));
    vm_cow_fork = false;
    struct vm_stats after = vm_stats();
    vmt_say("%s copy: %llu evictions, %llu to swap\n", cow ? "copy-on-write" : "eager",
            (unsigned long long)(after.evictions - before.evictions),
            (unsigned long long)(after.swap_outs - before.swap_outs));
    CHECK_EQ_INT(after.swap_ins, before.swap_ins); /* the parent's slots are read, kept */
    if (cow) {
        CHECK_EVICT(before, 0, 0, 0, 0, 0); /* nothing copied: slots and frames shared */
        CHECK_STATS(before, 0, 0, 0, 0, 0);
        for (unsigned i = 0; i < N; i++) { /* the same frame, or both in swap */
            CHECK_EQ_U64(vm_frame_identity(c, heap_va(i)),
                         vm_frame_identity(p, heap_va(i)));
            CHECK_EQ_INT(vm_draw_page(c, heap_va(i)) == 's',
                         vm_draw_page(p, heap_va(i)) == 's');
        }
    } else {
        CHECK(after.evictions > before.evictions);
    }
    vmt_draw("child", c, HEAP, N);
    CHECK_EQ_INT(vm_space_pages(c), vm_space_pages(p));
    for (unsigned i = 0; i < N; i++)
        vmt_check_pattern(c, heap_va(i), SEED + i);
    check_file_page(c, 0);
    check_file_page(c, 1); /* lazy in both */
    for (unsigned i = 0; i < N; i += 2)
        vmt_write_pattern(c, heap_va(i), SEED + 100 + i);
    for (unsigned i = 0; i < N; i++) {
        vmt_check_pattern(p, heap_va(i), SEED + i);
        vmt_check_pattern(c, heap_va(i), i % 2 ? SEED + i : SEED + 100 + i);
    }
    vmt_destroy(p);
    for (unsigned i = 0; i < N; i++)
        vmt_check_pattern(c, heap_va(i), i % 2 ? SEED + i : SEED + 100 + i);
    vmt_destroy(c);
    vmt_check_no_leak();
}

/* Second chance.  Four frames hold pages 0-3, all used: page 4 comes in and
 * the clock, having cleared every accessed bit, takes page 0; the hand then
 * points at page 1.  If page 2 is touched now, page 5 takes page 1 and page 6
 * passes page 2 over (clearing its bit) to take page 3; untouched, page 6
 * takes page 2. */
static void
test_second_chance(void)
{
    fake_palloc_set_user_frames(4);
    for (int touched = 1; touched >= 0; touched--) {
        struct vm_space *s = vmt_space();
        add_file_pages(s, 7);
        for (unsigned i = 0; i < 4; i++)
            touch(s, file_va(i));
        struct vm_stats before = vm_stats();
        touch(s, file_va(4));
        CHECK_PICTURE(s, VMT_CODE, 7, "uaaaauu");
        CHECK(!pmap_is_accessed(s->pmap, file_va(2)));
        if (touched)
            CHECK(fake_touch(s->pmap, file_va(2), VM_READ) == FAKE_TOUCH_OK);
        touch(s, file_va(5));
        CHECK_PICTURE(s, VMT_CODE, 7, "uuaaaau");
        touch(s, file_va(6));
        vmt_draw(touched ? "touched 2" : "untouched", s, VMT_CODE, 7);
        CHECK_PICTURE(s, VMT_CODE, 7, touched ? "uuauaaa" : "uuuaaaa");
        if (touched)
            CHECK(!pmap_is_accessed(s->pmap, file_va(2))); /* its chance is used */
        CHECK_EVICT(before, 3, 0, 0, 3, 0);
        CHECK_STATS(before, 3, 0, 0, 0, 0);
        for (unsigned i = 0; i < 7; i++)
            check_file_page(s, i);
        vmt_destroy(s);
    }
    vmt_check_no_leak();
    fake_palloc_set_user_frames(FRAMES);
}

/* A new space whose exe is another handle on P's, made a copy-on-write fork
 * of P (vm_cow_fork on while it is made). */
static struct vm_space *
cow_fork(struct vm_space *p)
{
    struct vm_space *c = vm_space_create();
    CHECK(c != NULL);
    c->exe = file_reopen(p->exe);
    CHECK(c->exe != NULL);
    vm_cow_fork = true;
    CHECK(vm_space_copy(c, p));
    vm_cow_fork = false;
    return c;
}

/* A frame is used if any page sharing it was accessed (the reverse map
 * holds every sharer after a copy-on-write fork): with only the child's
 * mapping of page 0 used, the clock passes the shared frame over (clearing
 * the child's bit) and takes the next one, whose pages in both spaces are
 * dropped, clean, in one eviction. */
static void
test_accessed_is_or_over_mappings(void)
{
    fake_palloc_set_user_frames(4);
    struct vm_space *a = vmt_space();
    add_file_pages(a, 5);
    for (unsigned i = 0; i < 4; i++)
        touch(a, file_va(i));
    struct vm_space *b = cow_fork(a);
    CHECK_EQ_INT(vm_stats().shared_frames, 4);
    for (unsigned i = 0; i < 4; i++) {
        CHECK_EQ_U64(vm_frame_identity(b, file_va(i)), vm_frame_identity(a, file_va(i)));
        pmap_clear_accessed(a->pmap, file_va(i));
        pmap_clear_accessed(b->pmap, file_va(i));
    }
    CHECK(fake_touch(b->pmap, file_va(0), VM_READ) == FAKE_TOUCH_OK);
    struct vm_stats before = vm_stats();
    touch(a, file_va(4));
    vmt_draw("parent", a, VMT_CODE, 5);
    vmt_draw("child", b, VMT_CODE, 4);
    CHECK_PICTURE(a, VMT_CODE, 5, "auaaa"); /* frame 0 survived, frame 1 went */
    CHECK_PICTURE(b, VMT_CODE, 4, "auaa");
    CHECK(!pmap_is_accessed(b->pmap, file_va(0)));
    CHECK_EVICT(before, 1, 0, 0, 1, 0); /* one frame, two pages, dropped at once */
    CHECK_EQ_INT(vm_stats().shared_frames, 3);
    for (unsigned i = 0; i < 4; i++) {
        check_file_page(b, i);
        check_file_page(a, i);
    }
    vmt_destroy(b);
    vmt_destroy(a);
    vmt_check_no_leak();
    fake_palloc_set_user_frames(FRAMES);
}

/* A written frame shared copy-on-write is evicted to one swap slot that
 * both pages use; the first to read it back reads the disk, the second finds
 * its frame (the swap cache); after a write the two are independent. */
static void
test_shared_frame_one_slot(void)
{
    fake_palloc_set_user_frames(4);
    struct vm_space *a = vmt_space();
    add_heap(a, 2);
    add_file_pages(a, 4);
    for (unsigned i = 0; i < 2; i++)
        vmt_write_pattern(a, heap_va(i), SEED + i);
    struct vm_space *b = cow_fork(a);
    CHECK_PICTURE(b, HEAP, 2, "AA"); /* the parent's entries, read-only */
    struct vm_stats before = vm_stats();
    for (unsigned i = 0; i < 4; i++) /* the last two push the heap frames out */
        touch(a, file_va(i));
    vmt_draw("parent", a, HEAP, 2);
    vmt_draw("child", b, HEAP, 2);
    CHECK_PICTURE(a, HEAP, 2, "ss");
    CHECK_PICTURE(b, HEAP, 2, "ss");
    CHECK_EVICT(before, 2, 2, 0, 0, 2); /* two frames, two writes, two slots */
    CHECK_EQ_INT(vmt_page(a, heap_va(0))->swap_slot, vmt_page(b, heap_va(0))->swap_slot);
    vmt_check_pattern(a, heap_va(0), SEED);
    CHECK_EVICT(before, 3, 2, 1, 1, 2); /* the slot has a user left: B */
    vmt_check_pattern(b, heap_va(0), SEED);
    CHECK_EVICT(before, 3, 2, 1, 1, 2); /* B finds A's frame: the swap cache */
    CHECK_EQ_INT(vm_stats().swap_cache_hits - before.swap_cache_hits, 1);
    CHECK(vm_frame_identity(a, heap_va(0)) == vm_frame_identity(b, heap_va(0)));
    vmt_write_pattern(b, heap_va(0), SEED + 50);
    vmt_check_pattern(a, heap_va(0), SEED);
    for (unsigned i = 0; i < 2; i++)
        vmt_check_pattern(a, heap_va(i), SEED + i);
    vmt_check_pattern(b, heap_va(1), SEED + 1);
    vmt_destroy(a);
    vmt_check_pattern(b, heap_va(0), SEED + 50);
    vmt_destroy(b);
    vmt_check_no_leak();
    fake_palloc_set_user_frames(FRAMES);
}

/* Code frames shared between processes running the same program (the
 * shared-code index): evicting one unmaps it in every process, and each
 * finds its bytes again. */
static void
test_shared_code_frame_evicted(void)
{
    fake_palloc_set_user_frames(2);
    vm_page_cache = true;
    struct vm_space *a = vmt_space(), *b = vmt_space();
    add_file_pages(a, 3);
    add_file_pages(b, 1);
    touch(a, file_va(0));
    struct vm_stats before = vm_stats();
    touch(b, file_va(0));
    CHECK_EQ_INT(vm_stats().shared_code - before.shared_code, 1);
    CHECK_EQ_U64(vm_frame_identity(b, file_va(0)), vm_frame_identity(a, file_va(0)));
    pmap_clear_accessed(a->pmap, file_va(0));
    pmap_clear_accessed(b->pmap, file_va(0));
    touch(a, file_va(1));
    touch(a, file_va(2));               /* the shared frame is the first unused one */
    CHECK_EVICT(before, 1, 0, 0, 1, 0); /* one frame, dropped for both */
    CHECK(vm_frame_identity(b, file_va(0)) == 0);
    CHECK_EQ_INT(fake_pmap_mappings(b->pmap), 0);
    check_file_page(b, 0);
    check_file_page(a, 0);
    vm_page_cache = false;
    vmt_destroy(b);
    vmt_destroy(a);
    vmt_check_no_leak();
    fake_palloc_set_user_frames(FRAMES);
}

/* A pinned frame is never chosen, however many evictions go by (and the
 * clock does not even clear its accessed bit); with every frame pinned a
 * fault that needs one kills; unpinned, they are victims again. */
static void
test_pinned_never_chosen(void)
{
    fake_palloc_set_user_frames(4);
    struct vm_space *s = vmt_space();
    add_file_pages(s, 16);
    for (unsigned i = 0; i < 4; i++)
        touch(s, file_va(i));
    struct frame *pinned = vmt_page(s, file_va(1))->frame;
    frame_pin(pinned);
    uint64_t id = vm_frame_identity(s, file_va(1));
    struct vm_stats before = vm_stats();
    for (unsigned round = 0; round < 3; round++)
        for (unsigned i = 4; i < 16; i++) {
            touch(s, file_va(i));
            CHECK_EQ_U64(vm_frame_identity(s, file_va(1)), id);
        }
    CHECK_EVICT(before, 36, 0, 0, 36, 0);
    CHECK(pmap_is_accessed(s->pmap, file_va(1)));
    frame_unpin(pinned);

    struct frame *f[4];
    unsigned n = 0;
    for (unsigned i = 0; i < 16; i++) /* pin the four resident pages */
        if (vm_frame_identity(s, file_va(i)) != 0)
            frame_pin(f[n++] = vmt_page(s, file_va(i))->frame);
    CHECK_EQ_INT(n, 4);
    before = vm_stats();
    char pic[17];
    vm_draw(s, VMT_CODE, 16, pic);
    unsigned lazy = (unsigned)(strchr(pic, 'u') - pic);
    CHECK_ACCESS(s, file_va(lazy), VM_READ, VMT_STACK_TOP, FAKE_CPU_KILLED);
    CHECK_EVICT(before, 0, 0, 0, 0, 0);
    CHECK_STATS(before, 0, 0, 0, 1, 0);
    for (unsigned i = 0; i < 4; i++)
        frame_unpin(f[i]);
    check_file_page(s, lazy);
    CHECK_EVICT(before, 1, 0, 0, 1, 0);
    vmt_destroy(s);
    vmt_check_no_leak();
    fake_palloc_set_user_frames(FRAMES);
}

/* Dirty bits are folded in on eviction: a page written by the program (its
 * dirty bit only in the pmap) goes to swap, a page only read is dropped.  And
 * on a remap: a written page whose mapping was narrowed and then rebuilt by
 * a read fault has a clean new mapping, yet it still goes to swap. */
static void
test_dirty_folded(void)
{
    fake_palloc_set_user_frames(2);
    struct vm_space *s = vmt_space();
    add_heap(s, 6);
    vmt_write_pattern(s, heap_va(0), SEED); /* written */
    touch(s, heap_va(1));                   /* only read */
    CHECK(!vmt_page(s, heap_va(0))->dirty); /* so far only the pmap knows */
    CHECK(pmap_is_dirty(s->pmap, heap_va(0)));
    struct vm_stats before = vm_stats();
    touch(s, heap_va(2));
    touch(s, heap_va(3));
    CHECK_PICTURE(s, HEAP, 6, "suaauu");
    CHECK_EVICT(before, 2, 1, 0, 1, 1);
    vmt_check_pattern(s, heap_va(0), SEED);
    CHECK_EVICT(before, 3, 1, 1, 2, 1); /* read back: the slot is its swap cache */

    /* Now the remap: page 4 written, its mapping narrowed, then read. */
    vmt_write_pattern(s, heap_va(4), SEED);
    CHECK(pmap_protect(s->pmap, heap_va(4), 0)); /* not even user-readable */
    before = vm_stats();
    touch(s, heap_va(4)); /* a protection fault: the page is remapped */
    CHECK_EVICT(before, 0, 0, 0, 0, 0);
    CHECK(!pmap_is_dirty(s->pmap, heap_va(4)));
    CHECK(vmt_page(s, heap_va(4))->dirty);
    touch(s, heap_va(5));
    touch(s, heap_va(1));
    CHECK(vm_draw_page(s, heap_va(4)) == 's');
    vmt_check_pattern(s, heap_va(4), SEED);
    vmt_destroy(s);
    vmt_check_no_leak();
    fake_palloc_set_user_frames(FRAMES);
}

/* The sort a program would run, through its own memory: quicksort of the
 * 32-bit numbers in [lo, hi] of the array at HEAP, every load and store
 * through the fake CPU. */
static uint32_t
get(struct vm_space *s, size_t i)
{
    uint32_t v;
    CHECK(fake_cpu_read(s, HEAP + 4 * i, &v, 4, VMT_STACK_TOP) == FAKE_CPU_OK);
    return v;
}

static void
set(struct vm_space *s, size_t i, uint32_t v)
{
    CHECK(fake_cpu_write(s, HEAP + 4 * i, &v, 4, VMT_STACK_TOP) == FAKE_CPU_OK);
}

static void
user_quicksort(struct vm_space *s, long lo, long hi)
{
    while (lo < hi) {
        uint32_t pivot = get(s, lo + (hi - lo) / 2);
        long i = lo, j = hi;
        while (i <= j) {
            while (get(s, i) < pivot)
                i++;
            while (get(s, j) > pivot)
                j--;
            if (i <= j) {
                uint32_t t = get(s, i);
                set(s, i++, get(s, j));
                set(s, j--, t);
            }
        }
        if (j - lo < hi - i) { /* recurse on the smaller side */
            user_quicksort(s, lo, j);
            lo = i;
        } else {
            user_quicksort(s, i, hi);
            hi = j;
        }
    }
}

static int
cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* A program sorts 16 pages of numbers with 3 frames: every partition pass
 * sweeps pages through swap, and the result is the sorted array. */
static void
test_sort_through_swap(void)
{
    enum { PAGES = 16, N = PAGES * VM_PAGE_SIZE / 4 };
    fake_palloc_set_user_frames(3);
    static uint32_t want[N];
    struct vm_space *s = vmt_space();
    add_heap(s, PAGES);
    struct random_state r;
    random_seed(&r, 7);
    for (size_t i = 0; i < N; i++)
        want[i] = (uint32_t)random_u64(&r);
    CHECK(fake_cpu_write(s, HEAP, want, sizeof want, VMT_STACK_TOP) == FAKE_CPU_OK);
    struct vm_stats before = vm_stats();
    user_quicksort(s, 0, N - 1);
    struct vm_stats after = vm_stats();
    vmt_say("sort: %llu evictions, %llu swap-outs, %llu swap-ins\n",
            (unsigned long long)(after.evictions - before.evictions),
            (unsigned long long)(after.swap_outs - before.swap_outs),
            (unsigned long long)(after.swap_ins - before.swap_ins));
    CHECK(after.swap_ins - before.swap_ins > 50);
    CHECK_EQ_INT(after.evictions - before.evictions,
                 (after.swap_outs - before.swap_outs) +
                     (after.clean_drops - before.clean_drops));
    qsort(want, N, sizeof *want, cmp_u32);
    static uint32_t got[N];
    CHECK(fake_cpu_read(s, HEAP, got, sizeof got, VMT_STACK_TOP) == FAKE_CPU_OK);
    CHECK(memcmp(got, want, sizeof got) == 0);
    check_books(s, PAGES);
    vmt_destroy(s);
    vmt_check_no_leak();
    fake_palloc_set_user_frames(FRAMES);
}

/* Two threads, each a program with its own space, write and check their
 * pages over and over with fewer frames than pages, so they evict each
 * other's pages (the eviction only tries the other space's lock).  The fake
 * CPU's touch and copy are not atomic with respect to another thread's
 * eviction (on a real CPU the TLB shootdown makes them so), so each access
 * here holds its space's lock around touch and copy, and takes the fault
 * outside it. */
struct worker {
    struct vm_space *space;
    unsigned id;
    unsigned bad; /* pages that read back wrong */
    unsigned killed;
};

#define WORKER_PAGES  12
#define WORKER_ROUNDS 20

/* One access of N bytes at VA (within a page) of S, atomic with respect to
 * eviction; false if the VM killed the process. */
static bool
locked_copy(struct vm_space *s, uint64_t va, void *buf, size_t n, bool write)
{
    enum vm_access access = write ? VM_WRITE : VM_READ;
    for (;;) {
        lock_acquire(&s->lock);
        enum fake_touch t = fake_touch(s->pmap, va, access);
        if (t == FAKE_TOUCH_OK) {
            void *user = fake_pmap_kva(s->pmap, va);
            if (write)
                memcpy(user, buf, n);
            else
                memcpy(buf, user, n);
        }
        lock_release(&s->lock);
        if (t == FAKE_TOUCH_OK)
            return true;
        if (vm_handle_fault(s, va, access, t == FAKE_TOUCH_PROTECTION, VMT_STACK_TOP) !=
            VM_FAULT_HANDLED)
            return false;
    }
}

static void *
worker_run(void *arg)
{
    struct worker *w = arg;
    uint8_t buf[VM_PAGE_SIZE];
    for (unsigned round = 0; round < WORKER_ROUNDS; round++) {
        for (unsigned i = 0; i < WORKER_PAGES; i++) {
            pattern_fill(buf, sizeof buf, w->id * 1000 + round, heap_va(i));
            if (!locked_copy(w->space, heap_va(i), buf, sizeof buf, true))
                w->killed++;
        }
        for (unsigned i = 0; i < WORKER_PAGES; i++) {
            if (!locked_copy(w->space, heap_va(i), buf, sizeof buf, false))
                w->killed++;
            else if (pattern_diff(buf, sizeof buf, w->id * 1000 + round, heap_va(i)) !=
                     sizeof buf)
                w->bad++;
        }
    }
    return NULL;
}

static void
test_two_threads_evict_each_other(void)
{
    struct worker w[2];
    pthread_t t[2];
    struct vm_stats before = vm_stats();
    alarm(120); /* a deadlock fails the test instead of hanging it */
    for (unsigned i = 0; i < 2; i++) {
        w[i] = (struct worker){.space = vmt_space(), .id = i + 1};
        add_heap(w[i].space, WORKER_PAGES);
        CHECK(pthread_create(&t[i], NULL, worker_run, &w[i]) == 0);
    }
    for (unsigned i = 0; i < 2; i++)
        CHECK(pthread_join(t[i], NULL) == 0);
    alarm(0);
    struct vm_stats after = vm_stats();
    vmt_say("two threads: %llu evictions, %llu swap-outs, %llu swap-ins\n",
            (unsigned long long)(after.evictions - before.evictions),
            (unsigned long long)(after.swap_outs - before.swap_outs),
            (unsigned long long)(after.swap_ins - before.swap_ins));
    for (unsigned i = 0; i < 2; i++) {
        CHECK_EQ_INT(w[i].killed, 0);
        CHECK_EQ_INT(w[i].bad, 0);
    }
    CHECK(after.swap_ins > before.swap_ins);
    CHECK_EQ_INT(swap_used(), count_drawn(w[0].space, HEAP, WORKER_PAGES, 's') +
                                  count_drawn(w[1].space, HEAP, WORKER_PAGES, 's') +
                                  count_cached(w[0].space, WORKER_PAGES) +
                                  count_cached(w[1].space, WORKER_PAGES));
    for (unsigned i = 0; i < 2; i++)
        vmt_destroy(w[i].space);
    vmt_check_no_leak();
}

/* The same with a parent and its copy-on-write child: frames shared by both
 * are evicted with both spaces locked (tried), and each side keeps seeing
 * the bytes it wrote, or the parent's from before the fork where it did not
 * write.  The parent writes even pages, the child odd ones. */
struct cow_worker {
    struct vm_space *space;
    unsigned side; /* 0: parent, 1: child */
    unsigned bad, killed;
};

/* The seed page I of SIDE holds after ROUNDS rounds (0: before any). */
static uint32_t
cow_seed(unsigned side, unsigned i, unsigned rounds)
{
    return i % 2 == side && rounds > 0 ? 1000 * (side + 1) + rounds : SEED;
}

static void *
cow_worker_run(void *arg)
{
    struct cow_worker *w = arg;
    uint8_t buf[VM_PAGE_SIZE];
    for (unsigned round = 1; round <= WORKER_ROUNDS; round++) {
        for (unsigned i = w->side; i < WORKER_PAGES; i += 2) {
            pattern_fill(buf, sizeof buf, cow_seed(w->side, i, round), heap_va(i));
            if (!locked_copy(w->space, heap_va(i), buf, sizeof buf, true))
                w->killed++;
        }
        for (unsigned i = 0; i < WORKER_PAGES; i++) {
            if (!locked_copy(w->space, heap_va(i), buf, sizeof buf, false))
                w->killed++;
            else if (pattern_diff(buf, sizeof buf, cow_seed(w->side, i, round),
                                  heap_va(i)) != sizeof buf)
                w->bad++;
        }
    }
    return NULL;
}

static void
test_cow_pair_threads(void)
{
    struct vm_space *p = vmt_space();
    add_heap(p, WORKER_PAGES);
    for (unsigned i = 0; i < WORKER_PAGES; i++)
        vmt_write_pattern(p, heap_va(i), SEED);
    struct cow_worker w[2] = {{.space = p, .side = 0}, {.space = cow_fork(p), .side = 1}};
    struct vm_stats before = vm_stats();
    pthread_t t[2];
    alarm(120);
    vm_cow_fork = true; /* copy-on-write faults need it no more than eviction does */
    for (unsigned i = 0; i < 2; i++)
        CHECK(pthread_create(&t[i], NULL, cow_worker_run, &w[i]) == 0);
    for (unsigned i = 0; i < 2; i++)
        CHECK(pthread_join(t[i], NULL) == 0);
    vm_cow_fork = false;
    alarm(0);
    struct vm_stats after = vm_stats();
    vmt_say(
        "parent and child: %llu evictions, %llu swap-outs, %llu copy-on-write faults\n",
        (unsigned long long)(after.evictions - before.evictions),
        (unsigned long long)(after.swap_outs - before.swap_outs),
        (unsigned long long)(after.cow_faults - before.cow_faults));
    for (unsigned i = 0; i < 2; i++) {
        CHECK_EQ_INT(w[i].killed, 0);
        CHECK_EQ_INT(w[i].bad, 0);
    }
    CHECK(after.evictions > before.evictions);
    for (unsigned i = 0; i < WORKER_PAGES; i++) {
        vmt_check_pattern(p, heap_va(i), cow_seed(0, i, WORKER_ROUNDS));
        vmt_check_pattern(w[1].space, heap_va(i), cow_seed(1, i, WORKER_ROUNDS));
    }
    vmt_destroy(w[1].space);
    vmt_destroy(p);
    vmt_check_no_leak();
}

int
main(int argc, char **argv)
{
    vmt_args(argc, argv);
    vmt_setup_swap("test_vm_evict", FRAMES, SWAP_SLOTS);
    test_swap_round_trip();
    test_slots_freed();
    test_swap_full();
    test_swap_full_passes_dirty_frames();
    test_thrash_counts_frames_passed_over();
    test_slot_freed_after_its_frame();
    test_swap_disk_errors();
    test_swap_read_error_shared();
    test_copy_swapped_pages(false);
    test_copy_swapped_pages(true);
    test_second_chance();
    test_accessed_is_or_over_mappings();
    test_shared_frame_one_slot();
    test_shared_code_frame_evicted();
    test_pinned_never_chosen();
    test_dirty_folded();
    test_sort_through_swap();
    test_two_threads_evict_each_other();
    test_cow_pair_threads();
    return vmt_teardown("test_vm_evict");
}
